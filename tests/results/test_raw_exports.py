"""The team's raw files (exports/raw.py): one row per response, saying first that they hold
personal data, with respondent text kept as text.

The fifteen hand-built Trafford responses are test_exports.py's (its comments give each one).
"""
from __future__ import annotations

import csv
import io
from datetime import datetime
from pathlib import Path

import pytest
from conftest import TRAFFORD as TRAFFORD_ID, hidden_fields, trafford_answers
from openpyxl import load_workbook
from test_exports import (GENERATED, HYPERLINK, RESPONSES, TRAFFORD, no_formula_or_error_cell,
                          rows_of, tables_match_their_header_cells)

from analysis.disclosure import Audience
from exports.raw import write_csv, write_raw_workbook
from exports.workbook import SHEETS

RESPONSES_HEADER = ["Response id", "Submitted at (UTC)", "Channel", "Batch reference",
                    "Group size"]
# Trafford is offered in Welsh and Arabic, in versions for two age groups: each response's
# language and version come before its answers.
LANGUAGE_COLUMNS = ["Language", "Age group"]
# Question 3's text as written: each rule of exports.safe.neutralise once (responses 1 to 9).
Q3_WRITTEN = ["'" + HYPERLINK, "'+1", "'-1", "'@SUM(A1)", "'\tled by a tab", "'＝1+2", "'#N/A",
              "bad char", "I feel listened to"]


@pytest.fixture(scope="module")
def raw_xlsx(tmp_path_factory) -> Path:
    """Written once for the module: the tests only read it."""
    path = tmp_path_factory.mktemp("raw") / "raw.xlsx"
    assert write_raw_workbook(TRAFFORD, iter(RESPONSES), path, generated_at=GENERATED) == 15
    return path


def read_csv(questionnaire, responses, path: Path) -> list[list[str]]:
    with open(path, "w", encoding="utf-8-sig", newline="") as out:
        assert write_csv(questionnaire, responses, out) == len(responses)
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")        # Excel reads it as UTF-8
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f))


def cell_of(ws, response_id: int, header_start: str):
    header = [c.value for c in ws[1]]
    column = next(i for i, h in enumerate(header, 1) if h.startswith(header_start))
    row = next(r for r in ws.iter_rows(min_row=2) if r[0].value == response_id)
    return row[column - 1]


def test_first_sheet_says_personal_data(raw_xlsx):
    wb = load_workbook(raw_xlsx)
    assert wb.sheetnames == ["Personal data", "Responses"]
    first = wb["Personal data"]["A1"].value
    assert first.startswith('PERSONAL DATA: every response to "Corporate Parenting Strategy '
                            'Review 2018-20" (Trafford Council), one row per response.')
    facts = {r[0]: r[1] for r in rows_of(wb["Personal data"])[1:] if r[0]}
    assert facts["Who this file is for"] == Audience.TEAM.description
    assert facts["Who this file is for"].startswith("The consultation team (participation "
                                                    "officers) only. It holds personal data")
    assert facts["Responses"] == 15
    assert facts["Generated"] == "1 June 2018, 09:00 UTC"
    assert facts["Comments waiting for review"] == "None."
    assert facts["For the board"].startswith("Use the results workbook instead")


def test_comments_waiting_for_review_are_counted(tmp_path):
    path = tmp_path / "held.xlsx"
    write_raw_workbook(TRAFFORD, RESPONSES, path, held_back=2, includes_demo=True)
    facts = {r[0]: r[1] for r in rows_of(load_workbook(path)["Personal data"])[1:] if r[0]}
    assert facts["Comments waiting for review"].startswith("2: their cells read \"held back\"")
    assert facts["Demo responses"].startswith("INCLUDED")


@pytest.mark.parametrize("rid, expected", list(enumerate(Q3_WRITTEN, 1)))
def test_respondent_text_is_stored_as_text(raw_xlsx, rid, expected):
    written = cell_of(load_workbook(raw_xlsx)["Responses"], rid, "3. ")
    assert (written.value, written.data_type) == (expected, "s")


def test_no_formula_or_error_cell_anywhere(raw_xlsx):
    assert no_formula_or_error_cell(raw_xlsx)


def test_tables_headers_match_their_cells(raw_xlsx):
    tables_match_their_header_cells(load_workbook(raw_xlsx))


def test_responses_sheet_reads_as_labels(raw_xlsx):
    ws = load_workbook(raw_xlsx)["Responses"]
    assert [c.value for c in ws[1]][:8] == RESPONSES_HEADER + LANGUAGE_COLUMNS + ["1. Please identify whether you are"]
    assert ws.max_row == 16 and ws.freeze_panes == "B2" and ws.auto_filter.ref
    assert cell_of(ws, 15, "1. ").value == "Other: Independent visitor"
    assert cell_of(ws, 1, "2.1 ").value == "Very well"
    assert cell_of(ws, 9, "2.1 ").value is None
    assert cell_of(ws, 1, "Submitted").value == datetime(2018, 5, 1, 10, 1)   # a real time


def test_csv_round_trips_with_the_same_columns(tmp_path, raw_xlsx):
    rows = read_csv(TRAFFORD, RESPONSES, tmp_path / "responses.csv")
    # The first line is the notice alone, in one cell; a program reading the file skips it.
    assert len(rows[0]) == 1 and rows[0][0].startswith("PERSONAL DATA:")
    assert rows[0][0] == load_workbook(raw_xlsx)["Personal data"]["A1"].value
    assert rows[1] == [c.value for c in load_workbook(raw_xlsx)["Responses"][1]]
    assert len(rows) == 2 + 15
    q3 = rows[1].index(next(h for h in rows[1] if h.startswith("3. ")))
    assert [rows[i][q3] for i in range(2, 11)] == Q3_WRITTEN
    assert rows[16][:8] == ["15", "2018-05-15T10:15Z", "online", "", "", "English",
                            "No version recorded", "Other: Independent visitor"]


def test_tell_us_more_texts_in_the_raw_workbook_and_csv(tmp_path):
    from test_analysis import BOX_ROWS, BOXES
    path = tmp_path / "boxes.xlsx"
    write_raw_workbook(BOXES, iter(BOX_ROWS), path)
    header = RESPONSES_HEADER + [
        "who. Who are you?", "who. Comment: Who are you?", "2.1 I am listened to",
        "2.1 Comment: I am listened to", "2.2 I know where to get help", "2. Comment: How often?"]
    responses = load_workbook(path)["Responses"]
    assert [c.value for c in responses[1]] == header
    assert [c.value for c in responses[2]][5:] == [
        "A young person", None, "Always", "They listen", None, "'=HYPERLINK(x)"]
    formula_like = cell_of(responses, 1, "2. Comment")
    assert (formula_like.value, formula_like.data_type) == ("'=HYPERLINK(x)", "s")
    rows = read_csv(BOXES, BOX_ROWS, tmp_path / "boxes.csv")
    assert rows[1] == header
    assert rows[2][5:] == ["A young person", "", "Always", "They listen", "", "'=HYPERLINK(x)"]
    assert rows[4][5:] == ["", "", "Don't know", "always", "", ""]


def test_batch_reference_and_group_size_in_the_raw_responses(staff_client, submit):
    # Typed in through the officer's own pages, then downloaded by that officer:
    #   response 1: online                    -> batch blank, group size blank
    #   response 2: paper, batch "Spring 24"  -> "Spring 24", blank
    #   response 3: paper, batch "=SUM(A1)"   -> "'=SUM(A1)" (the quote makes it text), blank
    #   response 4: paper, no batch           -> blank, blank
    #   response 5: group, 12 took part       -> blank, 12
    def enter(kind, extra):
        page = staff_client.get(f"/staff/c/{TRAFFORD_ID}/{kind}")
        sent = staff_client.post(f"/staff/c/{TRAFFORD_ID}/{kind}",
                                 data={**hidden_fields(page.text), **trafford_answers(), **extra})
        assert sent.status_code == 302

    assert submit(trafford_answers()).status_code == 302
    enter("paper", {"Batch": "Spring 24"})
    enter("paper", {"Batch": "=SUM(A1)"})
    enter("paper", {})
    enter("group", {"TookPart": "12"})

    sent = staff_client.get(f"/staff/c/{TRAFFORD_ID}/raw-responses.csv")
    assert sent.status_code == 200
    rows = list(csv.reader(io.StringIO(sent.data.decode("utf-8-sig"))))
    assert rows[0][0].startswith("PERSONAL DATA:")
    assert rows[1][:5] == RESPONSES_HEADER
    assert [row[2:5] for row in rows[2:]] == [
        ["online", "", ""], ["paper", "Spring 24", ""], ["paper", "'=SUM(A1)", ""],
        ["paper", "", ""], ["group", "", "12"]]

    workbook = staff_client.get(f"/staff/c/{TRAFFORD_ID}/raw-responses.xlsx")
    assert workbook.status_code == 200
    wb = load_workbook(io.BytesIO(workbook.data))
    assert wb.sheetnames == ["Personal data", "Responses"]
    ws = wb["Responses"]
    assert [c.value for c in ws[1]][:5] == RESPONSES_HEADER
    cells = [row[2:5] for row in ws.iter_rows(min_row=2)]
    assert [[c.value for c in row] for row in cells] == [
        ["online", None, None], ["paper", "Spring 24", None], ["paper", "'=SUM(A1)", None],
        ["paper", None, None], ["group", None, 12]]
    # The batch that looks like a formula is a string cell, and the group size a number.
    assert (cells[2][1].data_type, cells[4][2].data_type) == ("s", "n")

    # The managers' workbook of the same consultation has no row per response, and with 5
    # responses (fewer than 10) no figures, comments or themes either.
    results = staff_client.get(f"/staff/c/{TRAFFORD_ID}/results.xlsx")
    assert results.status_code == 200
    wb = load_workbook(io.BytesIO(results.data))
    assert wb.sheetnames == [*SHEETS, "You said, we did"] and "Responses" not in wb.sheetnames
    assert not [r for ws in wb.worksheets for r in rows_of(ws) if "Spring 24" in str(r)]


def test_the_teams_csv_says_the_language_and_age_group_of_each_response(tmp_path):
    # A consultation in English and Welsh, with versions for two age groups (tests/results/
    # test_splits.py): one response in Welsh from 8 to 12 year olds, one stored before
    # languages and versions (the working language, no version recorded).
    from test_splits import QUESTIONNAIRE, store
    from survey.results.reports import write_raw_csv
    from survey.store.db import open_database
    from survey.store.responses import save_response
    db = open_database(tmp_path / "raw.db")
    store(db, QUESTIONNAIRE, [("cy", "younger", 1, "agree")])
    save_response(db, QUESTIONNAIRE, [("views", "heard", "agree")], "o" * 32)
    out = io.StringIO()
    write_raw_csv(db, QUESTIONNAIRE, out)
    db.conn.close()
    rows = list(csv.reader(io.StringIO(out.getvalue())))[1:]
    header = rows[0]
    assert header[5:7] == ["Language", "Age group"]
    assert [row[5:7] for row in rows[1:]] == [["Welsh", "8 to 12 year olds"],
                                               ["English", "No version recorded"]]
