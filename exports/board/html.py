"""The board report as one HTML page with a print stylesheet, for the tagged PDF.

Built with `xml.etree.ElementTree`, never by joining strings: every piece of text (the
consultation's own words, officers' "You said, we did" words, quoted comments) is set as an
element's text or an attribute, which the serialiser escapes, so none of it can become markup.
What must stay true: `<html lang="en">`, one `<h1>` then `<h2>` and `<h3>` in the report's
order, every table with a caption and `<th scope="col">` headers (and `scope="row"` for the
first cell of each row), every `<img>` with its alt text.
"""
from __future__ import annotations

import base64
import xml.etree.ElementTree as ET  # nosec B405: only builds and writes HTML, never parses any

from .document import Bullets, Paragraph, Picture, Quote, Report, Table

# Pages, type and tables for print; no web fonts (nothing is fetched).
PRINT_CSS = """
@page { size: A4; margin: 2cm 1.8cm;
        @top-left { content: string(header); font: 9pt Arial, sans-serif; color: #505a5f; }
        @bottom-right { content: "Page " counter(page) " of " counter(pages);
                        font: 9pt Arial, sans-serif; color: #505a5f; } }
body { font: 11pt/1.4 Arial, Helvetica, sans-serif; color: #0b0c0c; }
.running-header { string-set: header content(); }
h1 { font-size: 22pt; margin: 0 0 6pt; }
h2 { font-size: 16pt; margin: 18pt 0 6pt; break-before: page; }
h2.first { break-before: avoid; }
h3 { font-size: 13pt; margin: 14pt 0 4pt; break-after: avoid; }
table { border-collapse: collapse; width: 100%; margin: 4pt 0 10pt; font-size: 8.5pt; }
caption { text-align: left; font-weight: bold; padding: 2pt 0; break-after: avoid; }
/* A short table moves whole to the next page rather than leave its caption behind: a caption
   left alone is tagged as a table of its own, with no header row. */
table { break-inside: avoid; }
th, td { border: 0.5pt solid #b1b4b6; padding: 2pt 4pt; text-align: left; vertical-align: top; }
thead th { background: #f3f2f1; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
figure { margin: 6pt 0; break-inside: avoid; }
img { max-width: 100%; }
figcaption { font-size: 9pt; color: #505a5f; }
blockquote { margin: 4pt 0 4pt 12pt; padding-left: 8pt; border-left: 3pt solid #b1b4b6; }
"""


def to_html(report: Report) -> str:
    html = ET.Element("html", lang="en")
    head = ET.SubElement(html, "head")
    ET.SubElement(head, "meta", charset="utf-8")
    ET.SubElement(head, "title").text = f"{report.title}: board report"
    ET.SubElement(head, "meta", name="author", content=report.council)
    ET.SubElement(head, "style").text = PRINT_CSS
    body = ET.SubElement(html, "body")
    ET.SubElement(body, "h1").text = report.title
    ET.SubElement(body, "p", {"class": "running-header"}).text = report.header
    first = True
    for part in report.sections:
        level = ET.SubElement(body, f"h{part.level + 1}")
        level.text = part.heading
        if part.level == 1 and first:
            level.set("class", "first")
            first = False
        for block in part.blocks:
            WRITERS[type(block)](body, block)
    return "<!DOCTYPE html>\n" + ET.tostring(html, encoding="unicode", method="html")


def _paragraph(parent, block: Paragraph) -> None:
    ET.SubElement(parent, "p").text = block.text


def _bullets(parent, block: Bullets) -> None:
    items = ET.SubElement(parent, "ul")
    for item in block.items:
        ET.SubElement(items, "li").text = item


def _quote(parent, block: Quote) -> None:
    ET.SubElement(ET.SubElement(parent, "blockquote"), "p").text = block.text


def _picture(parent, block: Picture) -> None:
    figure = ET.SubElement(parent, "figure")
    source = "data:image/png;base64," + base64.b64encode(block.png).decode("ascii")
    ET.SubElement(figure, "img", src=source, alt=block.alt)
    ET.SubElement(figure, "figcaption").text = block.title


def _table(parent, block: Table) -> None:
    table = ET.SubElement(parent, "table")
    ET.SubElement(table, "caption").text = block.caption
    row = ET.SubElement(ET.SubElement(table, "thead"), "tr")
    for text in block.header:
        ET.SubElement(row, "th", scope="col").text = text
    body = ET.SubElement(table, "tbody")
    for values in block.rows:
        row = ET.SubElement(body, "tr")
        for index, text in enumerate(values):
            if index == 0 and block.row_headers:
                ET.SubElement(row, "th", scope="row").text = text
            else:
                ET.SubElement(row, "td").text = text


WRITERS = {Paragraph: _paragraph, Bullets: _bullets, Quote: _quote, Picture: _picture,
           Table: _table}
