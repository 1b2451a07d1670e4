"""The board report as a Word file (python-docx), for councils' committee systems.

What must stay true (tests/results/test_board_report.py reads it back): headings use Word's own
"Title", "Heading 1" and "Heading 2" styles, so the navigation pane shows the outline; every
table's first row is a header row that repeats on each page (`w:tblHeader`); every picture has
its alt text (`descr` on its `wp:docPr`); every page's header names the council and the date.
Text is set as text runs, never parsed, so officer or young people's words cannot become
fields or markup.
"""
from __future__ import annotations

from io import BytesIO
from pathlib import Path
from typing import BinaryIO

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from .document import Bullets, Paragraph, Picture, Quote, Report, Table

PICTURE_WIDTH = Cm(16)
TEXT_WIDTH_CM = 17.0           # A4 less 2 cm margins
FIRST_COLUMN_CM = 5.0          # a statement or an answer, beside narrow columns of figures
TABLE_FONT = Pt(8)
HEADINGS = {1: "Heading 1", 2: "Heading 2"}


def write_docx(report: Report, out: str | Path | BinaryIO) -> None:
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.left_margin = section.right_margin = Cm(2)
    section.header.paragraphs[0].text = report.header
    properties = document.core_properties
    properties.title = report.title
    properties.author = report.council
    properties.language = "en-GB"
    document.add_paragraph(report.title, style="Title")
    document.add_paragraph(report.header)
    for part in report.sections:
        document.add_paragraph(part.heading, style=HEADINGS[part.level])
        for block in part.blocks:
            WRITERS[type(block)](document, block)
    document.save(out)


def _paragraph(document, block: Paragraph) -> None:
    document.add_paragraph(block.text)


def _bullets(document, block: Bullets) -> None:
    for item in block.items:
        document.add_paragraph(item, style="List Bullet")


def _quote(document, block: Quote) -> None:
    document.add_paragraph(f"“{block.text}”", style="Quote")


def _picture(document, block: Picture) -> None:
    document.add_picture(BytesIO(block.png), width=PICTURE_WIDTH)
    shape = document.inline_shapes[-1]
    doc_pr = shape._inline.docPr
    doc_pr.set("descr", block.alt)
    doc_pr.set("title", block.title)
    document.add_paragraph(block.title, style="Caption")


def _table(document, block: Table) -> None:
    document.add_paragraph(block.caption, style="Caption").paragraph_format.keep_with_next = True
    table = document.add_table(rows=1, cols=len(block.header))
    table.style = "Table Grid"
    table.autofit = False
    header = table.rows[0]
    _repeat_header(header)
    for cell, text in zip(header.cells, block.header):
        _cell_text(cell, text, bold=True)
    for values in block.rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, values):
            _cell_text(cell, text)
    widths = _widths(block)
    for column, width in zip(table.columns, widths):   # the grid, which LibreOffice reads
        column.width = width
    for row in table.rows:                             # and each cell, which Word reads
        for cell, width in zip(row.cells, widths):
            cell.width = width
    document.add_paragraph()


def _widths(block: Table) -> list:
    """A wide first column where it names the rows of many figures; otherwise equal columns."""
    count = len(block.header)
    if block.row_headers and count > 3:
        rest = (TEXT_WIDTH_CM - FIRST_COLUMN_CM) / (count - 1)
        return [Cm(FIRST_COLUMN_CM)] + [Cm(rest)] * (count - 1)
    return [Cm(TEXT_WIDTH_CM / count)] * count


def _repeat_header(row) -> None:
    """Mark the row as the table's header: Word repeats it at the top of each page, and screen
    readers read it as the column headings."""
    properties = row._tr.get_or_add_trPr()
    marker = OxmlElement("w:tblHeader")
    marker.set(qn("w:val"), "true")
    properties.append(marker)


def _cell_text(cell, text: str, bold: bool = False) -> None:
    paragraph = cell.paragraphs[0]
    run = paragraph.add_run(text)
    run.bold = bold
    run.font.size = TABLE_FONT


WRITERS = {Paragraph: _paragraph, Bullets: _bullets, Quote: _quote, Picture: _picture,
           Table: _table}
