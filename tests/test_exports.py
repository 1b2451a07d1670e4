"""The workbook and CSV exports: right numbers, no suppressed figure, respondent text kept as text.

Fifteen Trafford responses are built by hand below; every expected figure is worked out in the
comments next to them, not by the code under test.
"""
from __future__ import annotations

import csv
import io
import textwrap
import zipfile
from datetime import datetime, timezone
from pathlib import Path

import pytest
from conftest import TRAFFORD as TRAFFORD_ID, hidden_fields, trafford_answers
from openpyxl import load_workbook

from analysis.suppression import HIDDEN
from analysis.summary import summarise
from exports.csv_export import write_csv
from exports.safe import MAX_CELL, neutralise
from exports.workbook import SHEETS, write_workbook
from survey.definition import load_file, load_text
from survey.storage import StoredResponse

REPO = Path(__file__).resolve().parent.parent
TRAFFORD = load_file(REPO / "questionnaires" / "trafford-corporate-parenting-review-2018.yaml")
PS, ED = "placement-stability", "education"
PS_TEXT = TRAFFORD.question("q2").statements[0].text
ED_TEXT = TRAFFORD.question("q2").statements[2].text
HYPERLINK = '=HYPERLINK("http://x","click")'

# (id, q1 group, q2 placement-stability, q2 education, q3 text)
YP, CL, CARER = "young-person-in-care", "care-leaver", "carer"
ROWS = [
    (1, YP, "very-well", "very-well", HYPERLINK),
    (2, YP, "very-well", "very-well", "+1"),
    (3, YP, "quite", "very-well", "-1"),
    (4, YP, "quite", "very-well", "@SUM(A1)"),
    (5, YP, "quite", "very-well", "\tled by a tab"),
    (6, YP, "somewhat", "not-at-all", "＝1+2"),
    (7, YP, "not-very", "not-at-all", "#N/A"),
    (8, YP, "not-at-all", "not-at-all", "bad\x0bchar"),
    (9, YP, None, "not-at-all", "I feel listened to"),
    (10, YP, "quite", "not-at-all", None),
    (11, CL, "very-well", "somewhat", None),
    (12, CL, "somewhat", "somewhat", None),
    (13, CL, "not-at-all", "somewhat", None),
    (14, CARER, "quite", "somewhat", None),
    (15, "other", None, "somewhat", None),      # Other: "Independent visitor"
]
# Groups: young people 10 (shown), care leavers 3, carers 1, other 1: all three under 10, so
# hidden, and with three hidden no second group needs hiding.
#
# Placement stability, everyone (base 13: responses 9 and 15 skipped it):
#   Very well 3 (1, 2, 11), Quite 5 (3, 4, 5, 10, 14), Somewhat 2 (6, 12), Not very 1 (7),
#   Not at all 2 (8, 13).  % Very well = 3/13, % Informed = 8/13, % Not informed = 3/13,
#   net = 5/13 = 38.5 points; median: running count 3, then 8 >= 13/2, so "Quite".
# Education, everyone (base 15): Very well 5, Somewhat 5, Not at all 5: each 1/3;
#   % Informed 1/3, net 0; median: 5, 5, then 10 >= 7.5, so "Somewhat".
# Young people only: placement stability base 9 (Very well 2, Quite 4, Somewhat 1, Not very 1,
#   Not at all 1): % Informed 6/9, net (6 - 2)/9 = 44.4 points; education base 10: 50% informed.


def response(rid, group, ps, ed, text, version="82e71342be42"):
    answers = {("q1", ""): (group,), ("q2", ED): (ed,)}
    if ps:
        answers[("q2", PS)] = (ps,)
    if text is not None:
        answers[("q3", "")] = (text,)
    if group == "other":
        answers[("q1", "other")] = ("Independent visitor",)
    return StoredResponse(rid, f"2018-05-{rid:02d}T10:{rid:02d}Z", "online", version, False,
                          answers)


RESPONSES = [response(*row) for row in ROWS]
GENERATED = datetime(2018, 6, 1, 9, 0, tzinfo=timezone.utc)


@pytest.fixture
def xlsx(tmp_path) -> Path:
    path = tmp_path / "results.xlsx"
    write_workbook(summarise(TRAFFORD, RESPONSES), iter(RESPONSES), path, chart_png=png(),
                   generated_at=GENERATED)
    return path


def png() -> bytes:
    from PIL import Image
    buffer = io.BytesIO()
    Image.new("RGB", (800, 400), "white").save(buffer, format="PNG")
    return buffer.getvalue()


def rows_of(ws) -> list[list]:
    return [list(row) for row in ws.iter_rows(values_only=True)]


def table(ws, first_cell: str, header_first: str = "Statement") -> dict:
    """The row whose first cell is `first_cell`, keyed by the header of the table above it."""
    rows = rows_of(ws)
    at = next(i for i, r in enumerate(rows) if r[0] == first_cell)
    header = next(rows[i] for i in range(at, -1, -1) if rows[i][0] == header_first)
    return {h: v for h, v in zip(header, rows[at]) if h is not None}


def numbers_in(row) -> list:
    return [v for v in row if isinstance(v, (int, float)) and not isinstance(v, bool)]


def test_sheets_in_order(xlsx):
    assert load_workbook(xlsx).sheetnames == list(SHEETS) == [
        "About", "Summary", "By respondent type", "Comments", "Responses"]


def test_summary_counts_and_percentages_match_the_hand_working(xlsx):
    ws = load_workbook(xlsx)["Summary"]
    ps = table(ws, PS_TEXT)
    assert ps["n"] == 13
    assert [ps[p] for p in ("Very well", "Quite", "Somewhat", "Not very", "Not at all")] == [
        3, 5, 2, 1, 2]
    assert ps["% Very well"] == pytest.approx(3 / 13)
    assert ps["% Informed"] == pytest.approx(8 / 13)
    assert ps["% Not informed"] == pytest.approx(3 / 13)
    assert ps["Net (points)"] == pytest.approx(500 / 13)
    assert ps["Median"] == "Quite"
    assert "Don't know" not in ps          # the informed scale has no "Don't know"
    ed = table(ws, ED_TEXT)
    assert (ed["n"], ed["Very well"], ed["Quite"], ed["Somewhat"]) == (15, 5, 0, 5)
    assert ed["% Informed"] == pytest.approx(1 / 3)
    assert ed["Net (points)"] == pytest.approx(0)
    assert ed["Median"] == "Somewhat"
    rows = rows_of(ws)
    at = next(i for i, r in enumerate(rows, 1) if r[0] == PS_TEXT)
    column = rows[at - 2].index("% Informed") + 1
    assert ws.cell(row=at, column=column).number_format == "0%"   # a real percentage


def test_native_chart_and_picture_are_in_the_file(xlsx):
    ws = load_workbook(xlsx)["Summary"]
    assert len(ws._charts) == 1 and len(ws._images) == 1
    chart = ws._charts[0]
    assert (chart.type, chart.grouping, chart.overlap) == ("bar", "percentStacked", 100)
    assert len(chart.series) == 5          # one per scale point
    with zipfile.ZipFile(xlsx) as z:
        names = z.namelist()
        chart_xml = z.read("xl/charts/chart1.xml").decode()
    assert "percentStacked" in chart_xml and "Summary" in chart_xml
    assert [n for n in names if n.startswith("xl/media/")] == ["xl/media/image1.png"]


def test_breakdown_counts_are_suppressed_on_summary(xlsx):
    ws = load_workbook(xlsx)["Summary"]
    young = table(ws, "A young person in care", header_first="Answer")
    assert young["Responses"] == 10
    assert young["% of those who answered"] == pytest.approx(10 / 15)
    for label in ("A care leaver", "A foster carer or family member", "Other"):
        row = next(r for r in rows_of(ws) if r[0] == label)
        assert row[1] == HIDDEN
        assert numbers_in(row) == []


def test_by_respondent_type_never_shows_a_small_group(xlsx):
    ws = load_workbook(xlsx)["By respondent type"]
    rows = rows_of(ws)
    # The care leavers' 3 (and the single carer and "Other") must not appear anywhere.
    values = [v for r in rows for v in numbers_in(r)]
    assert 3 not in values and 1 not in values
    for label in ("A care leaver", "A foster carer or family member", "Other"):
        mentions = [r for r in rows if r[0] == label]
        assert len(mentions) == 2                  # the groups table and question 2
        assert all(r[1] == HIDDEN and not numbers_in(r) for r in mentions)
    young = table(ws, PS_TEXT)                     # the first group shown: young people
    assert young["n"] == 9
    assert young["% Informed"] == pytest.approx(6 / 9)
    assert young["Net (points)"] == pytest.approx(400 / 9)
    assert "fewer than 10 responses are not shown" in rows[1][0]


def test_second_group_is_hidden_when_only_one_is_small(tmp_path):
    # 12 young people, 11 carers, 3 care leavers: the care leavers are hidden, and then the
    # carers too (the next smallest), or 26 - 12 - 3 would give them away.
    groups = [YP] * 12 + [CARER] * 11 + [CL] * 3
    responses = [response(i, g, "quite", "quite", None) for i, g in enumerate(groups, 1)]
    out = io.BytesIO()                            # the staff pages send it from memory
    write_workbook(summarise(TRAFFORD, responses), responses, out)
    wb = load_workbook(io.BytesIO(out.getvalue()))
    by_type = rows_of(wb["By respondent type"])
    assert 11 not in [v for r in by_type for v in numbers_in(r)]
    assert [r[1] for r in by_type if r[0] == "A foster carer or family member"] == [
        HIDDEN] * 2
    carers = next(r for r in rows_of(wb["Summary"]) if r[0] == "A foster carer or family member")
    assert numbers_in(carers) == []


def test_a_consultation_with_no_responses_yet(tmp_path):
    path = tmp_path / "empty.xlsx"
    write_workbook(summarise(TRAFFORD, []), [], path, chart_png=png())
    wb = load_workbook(path)
    facts = {r[0]: r[1] for r in rows_of(wb["About"]) if r[0]}
    assert (facts["Responses"], facts["First response"]) == (0, "none yet")
    assert wb["Responses"].max_row == 1 and wb["Comments"].max_row == 1
    assert table(wb["Summary"], PS_TEXT)["n"] == 0
    assert table(wb["Summary"], PS_TEXT)["% Informed"] is None     # blank, not 0%


def cell_of(ws, response_id: int, header_start: str):
    header = [c.value for c in ws[1]]
    column = next(i for i, h in enumerate(header, 1) if h.startswith(header_start))
    row = next(r for r in ws.iter_rows(min_row=2) if r[0].value == response_id)
    return row[column - 1]


@pytest.mark.parametrize("rid, expected", [
    (1, "'" + HYPERLINK), (2, "'+1"), (3, "'-1"), (4, "'@SUM(A1)"), (5, "'\tled by a tab"),
    (6, "'＝1+2"), (7, "'#N/A"), (8, "bad char"), (9, "I feel listened to"),
])
def test_respondent_text_is_stored_as_text(xlsx, rid, expected):
    wb = load_workbook(xlsx)
    written = cell_of(wb["Responses"], rid, "3. ")
    assert (written.value, written.data_type) == (expected, "s")
    comment = next(r for r in wb["Comments"].iter_rows(min_row=2) if r[2].value == rid)
    assert (comment[1].value, comment[1].data_type) == (expected, "s")


def test_no_formula_or_error_cell_anywhere(xlsx):
    with zipfile.ZipFile(xlsx) as z:
        sheets = [z.read(n).decode() for n in z.namelist() if n.startswith("xl/worksheets/sheet")]
    assert sheets and not [s for s in sheets if "<f>" in s or 't="e"' in s]


def test_responses_sheet_reads_as_labels(xlsx):
    ws = load_workbook(xlsx)["Responses"]
    assert [c.value for c in ws[1]][:6] == [
        "Response id", "Submitted at (UTC)", "Channel", "Batch reference", "Group size",
        "1. Please identify whether you are"]
    assert ws.max_row == 16 and ws.freeze_panes == "B2" and ws.auto_filter.ref
    assert cell_of(ws, 15, "1. ").value == "Other: Independent visitor"
    assert cell_of(ws, 1, "2.1 ").value == "Very well"
    assert cell_of(ws, 9, "2.1 ").value is None
    assert cell_of(ws, 1, "Submitted").value == datetime(2018, 5, 1, 10, 1)


def test_tables_headers_match_their_cells(xlsx):
    # Excel "repairs" (drops) a table whose column names differ from its header cells.
    wb = load_workbook(xlsx)
    for ws in wb.worksheets:
        for name, ref in ws.tables.items():
            header = [c.value for c in ws[ref][0]]
            assert header == [c.name for c in ws.tables[name].tableColumns], name


def test_about_says_what_is_in_the_file(xlsx):
    facts = {r[0]: r[1] for r in rows_of(load_workbook(xlsx)["About"]) if r[0]}
    assert facts["Responses"] == 15
    assert facts["Consultation id"] == "trafford-corporate-parenting-review-2018"
    assert facts["Versions answered"] == "82e71342be42 (15 responses)"
    assert facts["First response"] == "1 May 2018, 10:01 UTC"
    assert facts["Generated"] == "1 June 2018, 09:00 UTC"
    assert facts["Demo responses"].startswith("Not included")
    assert facts["% Informed"] == "The top 2 points (Very well, Quite), as a % of n."
    assert "fewer than 10 responses are not shown" in facts["Suppression"]


def test_csv_round_trips_with_the_same_columns(tmp_path, xlsx):
    path = tmp_path / "responses.csv"
    with open(path, "w", encoding="utf-8-sig", newline="") as out:
        assert write_csv(TRAFFORD, RESPONSES, out) == 15
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    sheet_header = [c.value for c in load_workbook(xlsx)["Responses"][1]]
    assert rows[0] == sheet_header
    q3 = rows[0].index(next(h for h in rows[0] if h.startswith("3. ")))
    assert [rows[i][q3] for i in range(1, 10)] == [
        "'" + HYPERLINK, "'+1", "'-1", "'@SUM(A1)", "'\tled by a tab", "'＝1+2", "'#N/A",
        "bad char", "I feel listened to"]
    assert rows[15][:6] == ["15", "2018-05-15T10:15Z", "online", "", "",
                            "Other: Independent visitor"]


@pytest.mark.parametrize("typed, written", [
    ("=1+2", "'=1+2"), ("+1", "'+1"), ("-1", "'-1"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\tx", "'\tx"), ("\rx", "'\rx"), ("\nx", "'\nx"), ("＝1", "'＝1"), ("＋1", "'＋1"),
    ("－1", "'－1"), ("＠x", "'＠x"), ("#N/A", "'#N/A"), ("#ref!", "'#ref!"),
    ("a\x0bb\x00c\x1f", "a b c "), ("\x01=1", " =1"), ("", ""), ("a = b", "a = b"),
    ("#1 priority", "#1 priority"), ("Don't know", "Don't know"),
])
def test_neutralise(typed, written):
    assert neutralise(typed) == written


def test_neutralise_cuts_what_no_cell_can_hold():
    text = neutralise("x" * 40_000)
    assert len(text) == MAX_CELL and text.endswith("[cut: too long for one cell]")


def test_dont_know_column_and_unique_headers(tmp_path):
    # The agreement scale has a "Don't know" and a point called "Agree" that is also its top label.
    questionnaire = load_text(textwrap.dedent("""\
        id: club
        title: Youth club
        organisation: {name: Test Council}
        introduction: Tell us about the club.
        sections:
          - id: s
            title: Club
            questions:
              - id: q1
                number: 1
                type: likert
                text: How much do you agree?
                scale: agreement
                statements:
                  - {id: fun, text: The club is fun}
    """), "club.yaml")
    picks = ["strongly-agree", "agree", "dont-know", "disagree"]
    responses = [StoredResponse(i, "2024-01-01T10:00Z", answers={("q1", "fun"): (p,)})
                 for i, p in enumerate(picks, 1)]
    path = tmp_path / "club.xlsx"
    write_workbook(summarise(questionnaire, responses), responses, path, includes_demo=True)
    wb = load_workbook(path)
    row = table(wb["Summary"], "The club is fun")
    # Base 3 (Don't know is left out): % Agree (top 2) = 2/3, % Disagree (bottom 2) = 1/3.
    assert (row["n"], row["Don't know"]) == (3, 1)
    assert row["% Agree"] == pytest.approx(1 / 3)           # the point
    assert row["% Agree (top 2)"] == pytest.approx(2 / 3)   # the top two points
    assert row["% Disagree (bottom 2)"] == pytest.approx(1 / 3)
    about = {r[0]: r[1] for r in rows_of(wb["About"]) if r[0]}
    assert about["Demo responses"].startswith("INCLUDED")
    assert wb["By respondent type"]["A2"].value.startswith("This consultation has no question")


def test_tell_us_more_texts_in_comments_responses_and_csv(tmp_path):
    from test_analysis import BOX_ROWS, BOXES
    path = tmp_path / "boxes.xlsx"
    write_workbook(summarise(BOXES, BOX_ROWS), iter(BOX_ROWS), path)
    wb = load_workbook(path)
    heard = 'Their words for "Tell us more", about "I am listened to"'
    assert rows_of(wb["Comments"])[1:] == [
        ["Who are you?", "My nan", 2, 'Their words for "Other"'],
        ["2. How often?", "'=HYPERLINK(x)", 1, 'Their words for "Tell us more about these"'],
        ["2. How often?", "They listen", 1, heard],
        ["2. How often?", "Nobody listens", 2, heard],
        ["2. How often?", "always", 3, heard],
        ["2. How often?", "From an earlier version", 2,
         'Their words for "Tell us more", about "I know where to get help"'],
    ]
    header = ["Response id", "Submitted at (UTC)", "Channel", "Batch reference", "Group size",
              "who. Who are you?",
              "who. Comment: Who are you?", "2.1 I am listened to",
              "2.1 Comment: I am listened to", "2.2 I know where to get help",
              "2. Comment: How often?"]
    responses = wb["Responses"]
    assert [c.value for c in responses[1]] == header
    assert [c.value for c in responses[2]][5:] == [
        "A young person", None, "Always", "They listen", None, "'=HYPERLINK(x)"]
    formula_like = cell_of(responses, 1, "2. Comment")
    assert (formula_like.value, formula_like.data_type) == ("'=HYPERLINK(x)", "s")
    csv_path = tmp_path / "boxes.csv"
    with open(csv_path, "w", encoding="utf-8-sig", newline="") as out:
        write_csv(BOXES, BOX_ROWS, out)
    with open(csv_path, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0] == header
    assert rows[1][5:] == ["A young person", "", "Always", "They listen", "", "'=HYPERLINK(x)"]
    assert rows[3][5:] == ["", "", "Don't know", "always", "", ""]


def test_batch_reference_and_group_size_in_the_responses_sheet_and_csv(staff_client, submit):
    # Typed in through the officer's own pages, then downloaded as a manager would:
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

    text = staff_client.get(f"/staff/c/{TRAFFORD_ID}/responses.csv").data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:5] == ["Response id", "Submitted at (UTC)", "Channel", "Batch reference",
                           "Group size"]
    assert [row[2:5] for row in rows[1:]] == [
        ["online", "", ""], ["paper", "Spring 24", ""], ["paper", "'=SUM(A1)", ""],
        ["paper", "", ""], ["group", "", "12"]]

    workbook = staff_client.get(f"/staff/c/{TRAFFORD_ID}/results.xlsx")
    assert workbook.status_code == 200
    ws = load_workbook(io.BytesIO(workbook.data))["Responses"]
    assert [c.value for c in ws[1]][:5] == rows[0][:5]
    cells = [row[2:5] for row in ws.iter_rows(min_row=2)]
    assert [[c.value for c in row] for row in cells] == [
        ["online", None, None], ["paper", "Spring 24", None], ["paper", "'=SUM(A1)", None],
        ["paper", None, None], ["group", None, 12]]
    # The batch that looks like a formula is a string cell, and the group size a number.
    assert (cells[2][1].data_type, cells[4][2].data_type) == ("s", "n")
