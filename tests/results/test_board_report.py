"""The board report (exports/board, survey/results/board.py), read back as a board member's
software would: the Word file with python-docx, the PDF's text and tags with pypdf.

One consultation for the whole file, stored in a real SQLite file: 25 care leavers, 20 foster
carers and 3 councillors answer the Trafford questionnaire. The councillors (3) are under 10, so
they are hidden, and the foster carers with them (3 is still under 10); the care leavers are
shown. One comment is quoted by an officer, another is not. The files are written once (the
PDF takes seconds) and only read by the tests.
"""
from __future__ import annotations

import io
import re
import uuid
from datetime import date

import pytest
from conftest import REPO, TRAFFORD
from docx import Document
from docx.oxml.ns import qn
from pypdf import PdfReader

from analysis.disclosure import HIDDEN
from exports.board import html as board_html
from exports.board import model, pdf
from exports.board.document import Bullets, Paragraph, Quote, Report, Section, Table
from survey.definition import load_file, load_text
from survey.results import board
from survey.store import actions, comments, results_pages
from survey.store.db import open_database
from survey.store.responses import save_response

QUOTED = "More help with college applications please."
NOT_QUOTED = "A comment nobody chose to quote."
HIDDEN_GROUP = "A councillor"
ACTION = "Write to every care leaver about college support by June."
STATEMENTS = ["placement-stability", "foster-families-closer-to-home", "education",
              "special-guardianship", "services-working-together", "early-help", "adoption"]
POINTS = ["very-well", "quite", "somewhat", "not-very", "not-at-all"]
OUTLINE_START = [
    ("Heading 1", "Summary"),
    ("Heading 2", "What was asked, of whom, and when"),
    ("Heading 2", "Who took part"),
    ("Heading 2", "Highest and lowest"),
    ("Heading 2", "Changes since the last wave"),
    ("Heading 2", "Comment themes"),
    ("Heading 2", "You said, we did"),
    ("Heading 1", "Results by question"),
]
METHOD = [("Heading 1", "Method"), ("Heading 2", "How each measure is worked out"),
          ("Heading 2", "Small numbers"), ("Heading 2", "The response rate"),
          ("Heading 2", "Changes between waves"), ("Heading 2", "Comments")]


def store(db, questionnaire) -> None:
    groups = [("care-leaver", 25), ("carer", 20), ("councillor", 3)]
    people = 0
    for group, size in groups:
        for i in range(size):
            answers = [("q1", "", group)]
            answers += [("q2", s, POINTS[(i + k + people) % len(POINTS)])
                        for k, s in enumerate(STATEMENTS)]
            text = QUOTED if (group, i) == ("care-leaver", 0) else (
                NOT_QUOTED if (group, i) == ("care-leaver", 1) else "")
            if text:
                answers.append(("q3", "", text))
            response_id, _ = save_response(db, questionnaire, answers, uuid.uuid4().hex)
            if text == QUOTED:
                results_pages.set_quoted(db, questionnaire, (response_id, "q3", ""), True)
                theme = comments.create_theme(db, TRAFFORD, "College")
                comments.set_tag(db, questionnaire, (response_id, "q3", ""), theme, True)
        people += size
    actions.add_action(db, TRAFFORD, actions.About("q2", "education"), "Education",
                       "Many of you feel unsure about education.",
                       actions.ActionFields(ACTION, status="in-progress", team="Virtual school"))


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    folder = tmp_path_factory.mktemp("board")
    questionnaire = load_file(REPO / "questionnaires" / f"{TRAFFORD}.yaml")
    db = open_database(folder / "board.db")
    store(db, questionnaire)
    made = board.write_board_report(db, questionnaire, folder / "report.docx", "docx",
                                    threshold=10)
    board.write_board_report(db, questionnaire, folder / "report.pdf", "pdf", threshold=10)
    db.conn.close()
    return made, folder


@pytest.fixture(scope="module")
def document(written):
    return Document(str(written[1] / "report.docx"))


@pytest.fixture(scope="module")
def pdf_text(written):
    reader = PdfReader(str(written[1] / "report.pdf"))
    return reader, "\n".join(page.extract_text() for page in reader.pages)


def docx_text(document) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def test_the_word_outline_is_summary_then_each_question_then_method_in_heading_styles(document):
    outline = [(p.style.name, p.text) for p in document.paragraphs
               if p.style.name.startswith("Heading")]
    assert outline[:len(OUTLINE_START)] == OUTLINE_START
    assert outline[-len(METHOD):] == METHOD
    questions = outline[len(OUTLINE_START):-len(METHOD)]
    assert [style for style, _ in questions] == ["Heading 2"] * len(questions)
    assert [text[:2] for _, text in questions] == [f"{n}." for n in range(1, 9)]
    assert document.paragraphs[0].style.name == "Title"


def test_every_word_picture_has_alt_text(document):
    pictures = document.inline_shapes
    assert len(pictures) == 2      # the Likert question and who responded
    for shape in pictures:
        alt = shape._inline.docPr.get("descr")
        assert alt and alt.startswith("Bar chart of"), alt


def test_every_word_table_has_a_header_row_that_repeats(document):
    assert document.tables
    for table in document.tables:
        first = table.rows[0]._tr
        marker = first.trPr.find(qn("w:tblHeader")) if first.trPr is not None else None
        assert marker is not None and marker.get(qn("w:val")) == "true"
        assert all(run.bold for cell in table.rows[0].cells for p in cell.paragraphs
                   for run in p.runs)


def test_the_council_and_the_date_head_every_word_page(document):
    header = document.sections[0].header.paragraphs[0].text
    assert header == f"Trafford Council: board report, {model.long_date(date.today())}"


def test_a_suppressed_group_shows_no_figure_in_the_word_file(document):
    """Its name appears only beside HIDDEN: in the group table, the breakdown question's table,
    the chart's alt text and the "not shown" line of the by-type results; never a table of
    its own."""
    for table in document.tables:
        for row in table.rows:
            cells = [c.text for c in row.cells]
            if HIDDEN_GROUP in cells[0]:
                assert cells[1] == HIDDEN and not any(re.search(r"\d", c) for c in cells[2:])
    for paragraph in document.paragraphs:
        if HIDDEN_GROUP in paragraph.text and paragraph.style.name != "Caption":
            assert f"{HIDDEN_GROUP}: {HIDDEN}" in paragraph.text, paragraph.text
    captions = [p.text for p in document.paragraphs if p.style.name == "Caption"]
    assert not [c for c in captions if c.startswith(HIDDEN_GROUP)]
    assert "A care leaver (25 responses)" in captions            # the shown group's own table
    assert not [c for c in captions if c.startswith("A foster carer")]  # hidden to protect it


def test_only_quoted_comments_and_the_actions_are_in_the_word_file(document):
    text = docx_text(document)
    assert QUOTED in text and NOT_QUOTED not in text
    assert ACTION in text and "In progress" in text and "Virtual school" in text
    assert "College: 1 comment" in text
    assert model.NO_EARLIER_WAVE in text


def test_the_pdf_is_tagged_with_its_language(pdf_text):
    reader, _ = pdf_text
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert bool(root["/MarkInfo"]["/Marked"]) is True
    assert str(root["/Lang"]).startswith("en")


def structure(reader) -> list:
    """Every element of the PDF's structure tree (its tags), depth first."""
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject
    found, seen = [], set()

    def walk(node) -> None:
        if isinstance(node, IndirectObject):
            if node.idnum in seen:
                return
            seen.add(node.idnum)
            node = node.get_object()
        if isinstance(node, ArrayObject):
            for kid in node:
                walk(kid)
        elif isinstance(node, DictionaryObject):
            if "/S" in node:
                found.append(node)
            if "/K" in node:
                walk(node["/K"])
    walk(reader.trailer["/Root"]["/StructTreeRoot"]["/K"])
    return found


def test_the_pdf_tags_its_pictures_with_alt_text_and_its_tables_with_headers(pdf_text):
    reader, _ = pdf_text
    tags = structure(reader)
    figures = [t for t in tags if t["/S"] == "/Figure"]
    assert len(figures) == 2
    assert all(str(f.get("/Alt", "")).startswith("Bar chart of") for f in figures)
    roles = [str(t["/S"]) for t in tags]
    assert roles.count("/Table") == roles.count("/THead") > 0 and "/TH" in roles
    assert roles.count("/H1") == 1 and "/H2" in roles and "/H3" in roles


def test_the_pdf_says_what_the_word_file_says(pdf_text):
    _, text = pdf_text
    flat = " ".join(text.split())
    for _, heading in OUTLINE_START + METHOD:
        assert heading in flat
    assert QUOTED in flat and NOT_QUOTED not in flat and ACTION in flat
    assert f"Trafford Council: board report, {model.long_date(date.today())}" in flat
    assert "A care leaver (25 responses)" in flat
    assert not re.search(rf"{HIDDEN_GROUP} \(\d", flat)
    for line in text.splitlines():
        if HIDDEN_GROUP in line:
            assert "not shown" in line or line.strip().startswith("Bar chart"), line


def test_the_html_behind_the_pdf_has_lang_scoped_headers_and_alt_text(written):
    made, _ = written
    page = board_html.to_html(made)
    assert page.startswith('<!DOCTYPE html>\n<html lang="en">')
    assert page.count("<h1>") == 1
    assert '<th scope="col">Statement</th>' in page and '<th scope="row">' in page
    images = re.findall(r"<img [^>]*>", page)
    assert len(images) == 2 and all('alt="Bar chart of' in i for i in images)


def test_officers_words_are_escaped_in_the_html():
    words = '<script>alert("x")</script> & <b>bold</b>'
    report = Report("A <title>", "Council & Co", date(2027, 1, 5), (
        Section("Summary", 1, (Paragraph(words), Quote(words),
                               Table(words, (words,), ((words,),)))),))
    page = board_html.to_html(report)
    assert "<script>" not in page and "<b>" not in page and "<title>A <title>" not in page
    assert page.count("&lt;script&gt;") == 5   # paragraph, quote, caption, two headers
    assert "Council &amp; Co" in page


def test_without_pango_the_pdf_choice_says_so_plainly_and_word_still_works(written, monkeypatch,
                                                                           tmp_path):
    import builtins
    real_import = builtins.__import__

    def no_pango(name, *args, **kwargs):
        if name == "weasyprint":
            raise OSError("cannot load library 'libpango-1.0-0': error 0x7e")
        return real_import(name, *args, **kwargs)
    monkeypatch.setattr(builtins, "__import__", no_pango)
    monkeypatch.delitem(__import__("sys").modules, "weasyprint", raising=False)
    assert not pdf.available()
    with pytest.raises(pdf.PdfUnavailable) as error:
        pdf.write_pdf(written[0], io.BytesIO())
    message = str(error.value)
    assert message == pdf.NO_PANGO
    assert "libpango" not in message.split("(")[0] and "0x7e" not in message
    assert "Word version works" in message
    out = io.BytesIO()
    board.FORMATS["docx"].write(written[0], out)
    assert Document(io.BytesIO(out.getvalue())).paragraphs[0].text == written[0].title


def test_changes_since_the_last_wave_are_listed_when_given():
    change = model.Change("2. How well informed", "Education", 40.0, 62.5, "Spring 2026")
    assert change.words == ("Education (2. How well informed): 40% to 63%, up 22 points since "
                            "Spring 2026.")


def two_waves(tmp_path, before: tuple[int, int], after: tuple[int, int]):
    """Two waves of Trafford's questionnaire (a series of their own, ordered by id) in a real
    SQLite file; in each, `n` people answer every statement, `top` of them 'Very well' and the
    rest 'Not very'. Returns the database and the two waves, oldest first."""
    text = (REPO / "questionnaires" / f"{TRAFFORD}.yaml").read_text(encoding="utf-8")
    db = open_database(tmp_path / "waves.db")
    waves = []
    for number, (top, n) in enumerate((before, after), start=1):
        wave = load_text(text.replace(f"id: {TRAFFORD}\n", f"id: board-wave-{number}\n"
                                      f"series: board-waves\nwave: \"Wave {number}\"\n", 1))
        for i in range(n):
            point = "very-well" if i < top else "not-very"
            save_response(db, wave, [("q1", "", "care-leaver")] +
                          [("q2", s, point) for s in STATEMENTS], uuid.uuid4().hex)
        waves.append(wave)
    return db, waves


def changes_section(report) -> tuple:
    return next(s.blocks for s in report.sections if s.heading == "Changes since the last wave")


def test_a_change_since_the_wave_before_is_listed_when_unlikely_to_be_chance(tmp_path):
    # 10 of 40 (25%) then 30 of 40 (75%) said 'Very well' or 'Quite' to every statement: a
    # chi-squared p far under 0.05, so each of the seven is listed, up 50 points.
    db, (first, second) = two_waves(tmp_path, (10, 40), (30, 40))
    blocks = changes_section(board.report_of(db, second, earlier=first))
    listed = next(b for b in blocks if isinstance(b, Bullets)).items
    assert len(listed) == len(STATEMENTS)
    assert all(line.endswith(": 25% to 75%, up 50 points since Wave 1.") for line in listed)
    # The first wave has no wave before it.
    assert changes_section(board.report_of(db, first)) == (Paragraph(model.NO_EARLIER_WAVE),)
    method = next(s.blocks for s in board.report_of(db, second).sections
                  if s.heading == "Changes between waves")
    assert "1 in 20" in method[0].text


def test_waves_too_small_to_test_say_so_and_mark_nothing(tmp_path):
    # 1 of 10, then 2 of 10: were nothing to change, 1.5 people would be expected in the top
    # group in each wave, under 5, so no statement is tested.
    db, (first, second) = two_waves(tmp_path, (1, 10), (2, 10))
    assert changes_section(board.report_of(db, second, earlier=first)) == (
        Paragraph(model.TOO_FEW_TO_TEST),)
    # Equal shares in big waves are tested, and nothing is marked.
    db, (first, second) = two_waves(tmp_path / "big", (20, 40), (20, 40))
    assert changes_section(board.report_of(db, second, earlier=first)) == (
        Paragraph(model.NO_CHANGES),)
