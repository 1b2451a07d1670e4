"""The managers' results workbook: right numbers, nothing the disclosure rules hide, text as text.

The workbook is written from a published summary (`analysis.disclosure.publish`) only. Fifteen
Trafford responses are built by hand below, and a second set of 36 whose groups are big enough to
be shown; every expected figure is worked out in the comments next to them, not by the code under
test. The team's row-level files (raw workbook and CSV) are tested in test_raw_exports.py.
"""
from __future__ import annotations

import io
import textwrap
import zipfile
from collections import Counter
from datetime import datetime, timezone
from pathlib import Path

import pytest
from openpyxl import load_workbook

from analysis.disclosure import HIDDEN, Audience, count_table, publish, rules
from analysis.summary import summarise
from analysis.turnout import Channel, Turnout
from exports.safe import MAX_CELL, neutralise
from exports.workbook import COMMENTS_NOTE, SHEETS, write_workbook
from survey.definition import load_file, load_text
from survey.results.reports import charts_of
from survey.store.responses import StoredResponse

REPO = Path(__file__).resolve().parents[2]
TRAFFORD = load_file(REPO / "questionnaires" / "trafford-corporate-parenting-review-2018.yaml")
PS, FF, ED = "placement-stability", "foster-families-closer-to-home", "education"
PS_TEXT = TRAFFORD.question("q2").statements[0].text
FF_TEXT = TRAFFORD.question("q2").statements[1].text
ED_TEXT = TRAFFORD.question("q2").statements[2].text
Q1 = "1. Please identify whether you are"
Q3 = "3. Are there any areas you feel need to be improved?"
HYPERLINK = '=HYPERLINK("http://x","click")'
POINTS = ("Very well", "Quite", "Somewhat", "Not very", "Not at all")
SMALL = "fewer than 10 answered: not shown"

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
# Groups: young people 10, care leavers 3, carers 1, other 1. The last three are under 10, so
# hidden; together they are 3 + 1 + 1 = 5, still under 10, so the smallest shown group is hidden
# too: the young people (10). All four groups are hidden (otherwise 15 - 10 = 5 would give the
# other three away together), so no group figure and no "Other" words are published.
#
# Placement stability, everyone (base 13: responses 9 and 15 skipped it):
#   Very well 3 (1, 2, 11), Quite 5 (3, 4, 5, 10, 14), Somewhat 2 (6, 12), Not very 1 (7),
#   Not at all 2 (8, 13).  % Very well = 3/13, % Informed = 8/13, % Not informed = 3/13,
#   net = 5/13 = 38.5 points; median: running count 3, then 8 >= 13/2, so "Quite".
# Education, everyone (base 15): Very well 5, Somewhat 5, Not at all 5: each 1/3;
#   % Informed 1/3, net 0; median: 5, 5, then 10 >= 7.5, so "Somewhat".
# Both are answered by 10 or more, so both are shown in full on the Summary sheet.


def response(rid, group, ps, ed, text, version="82e71342be42", words="Independent visitor",
             ff=None):
    answers = {("q1", ""): (group,), ("q2", ED): (ed,)}
    if ps:
        answers[("q2", PS)] = (ps,)
    if ff:
        answers[("q2", FF)] = (ff,)
    if text is not None:
        answers[("q3", "")] = (text,)
    if group == "other":
        answers[("q1", "other")] = (words,)
    day = (rid - 1) % 28 + 1                      # 1 to 28 May, then round again
    return StoredResponse(rid, f"2018-05-{day:02d}T10:{rid % 60:02d}Z", "online", version, False,
                          answers)


RESPONSES = [response(*row) for row in ROWS]
GENERATED = datetime(2018, 6, 1, 9, 0, tzinfo=timezone.utc)
# 15 took part online, out of 60 invited: 15/60 = 25%.
TURNOUT = Turnout(60, {"online": Channel(15, 15)})


def published(responses, threshold=10, withheld=(), questionnaire=TRAFFORD):
    return publish(summarise(questionnaire, responses), threshold, withheld)


@pytest.fixture(scope="module")
def xlsx(tmp_path_factory) -> Path:
    """Written once for the module: the tests only read it."""
    path = tmp_path_factory.mktemp("results") / "results.xlsx"
    write_workbook(published(RESPONSES), path, chart_png=png(), generated_at=GENERATED,
                   versions=count_table({"82e71342be42": 15}), turnout=TURNOUT)
    return path


def png() -> bytes:
    from PIL import Image
    buffer = io.BytesIO()
    Image.new("RGB", (800, 400), "white").save(buffer, format="PNG")
    return buffer.getvalue()


def rows_of(ws) -> list[list]:
    return [list(row) for row in ws.iter_rows(values_only=True)]


def facts_of(wb) -> dict:
    return {r[0]: r[1] for r in rows_of(wb["About"]) if r[0]}


def table(ws, first_cell: str, header_first: str = "Statement", group: str | None = None) -> dict:
    """The row whose first cell is `first_cell`, keyed by the header of the table above it; on
    By respondent type, `group` names the group whose table it is in ("A care leaver")."""
    rows = rows_of(ws)
    start = 0 if group is None else next(
        i for i, r in enumerate(rows) if r[0] == group and str(r[1]).endswith(" responses"))
    at = next(i for i in range(start, len(rows)) if rows[i][0] == first_cell)
    header = next(rows[i] for i in range(at, -1, -1) if rows[i][0] == header_first)
    return {h: v for h, v in zip(header, rows[at]) if h is not None}


def numbers_in(row) -> list:
    return [v for v in row if isinstance(v, (int, float)) and not isinstance(v, bool)]


def no_formula_or_error_cell(path) -> bool:
    with zipfile.ZipFile(path) as z:
        sheets = [z.read(n).decode() for n in z.namelist() if n.startswith("xl/worksheets/sheet")]
    return bool(sheets) and not [s for s in sheets if "<f>" in s or 't="e"' in s]


def tables_match_their_header_cells(wb) -> None:
    # Excel "repairs" (drops) a table whose column names differ from its header cells.
    for ws in wb.worksheets:
        for name, ref in ws.tables.items():
            header = [c.value for c in ws[ref][0]]
            assert header == [c.name for c in ws.tables[name].tableColumns], name


def test_sheets_in_order_and_no_row_per_response(xlsx):
    # Trafford is offered in three languages and two versions: a sheet for each split.
    names = load_workbook(xlsx).sheetnames
    assert names == ["About", "Summary", "By respondent type", "By language", "By age group", "Comments"]
    assert [name for name in names if name in SHEETS] == list(SHEETS)


def test_only_a_published_summary_is_written(tmp_path):
    with pytest.raises(ValueError, match="published summary"):
        write_workbook(summarise(TRAFFORD, RESPONSES), tmp_path / "team.xlsx")
    assert not (tmp_path / "team.xlsx").exists()


def test_summary_counts_and_percentages_match_the_hand_working(xlsx):
    ws = load_workbook(xlsx)["Summary"]
    ps = table(ws, PS_TEXT)
    assert ps["n"] == 13
    assert [ps[p] for p in POINTS] == [3, 5, 2, 1, 2]
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


def test_breakdown_question_on_summary_hides_every_group(xlsx):
    # All four groups answered are hidden (10, 3, 1, 1: see the fixture). The two options nobody
    # picked show 0, which is nobody. No percentages: their base would give the hidden away.
    rows = rows_of(load_workbook(xlsx)["Summary"])
    at = next(i for i, r in enumerate(rows) if r[0] == "Answer")
    assert rows[at - 2][0] == Q1
    answers = {r[0]: r[1:3] for r in rows[at + 1:at + 7]}
    assert answers == {
        "A young person in care": [HIDDEN, None],
        "A care leaver": [HIDDEN, None],
        "A foster carer or family member": [HIDDEN, None],
        "Someone who works with children in care": [0, None],
        "A councillor": [0, None],
        "Other": [HIDDEN, None],
    }
    assert rows[at + 7][0] == ("Percentages are not shown while a group is hidden: they would "
                               "give its size away.")


def test_by_respondent_type_shows_no_figure_when_every_group_is_hidden(xlsx):
    rows = rows_of(load_workbook(xlsx)["By respondent type"])
    assert [v for r in rows for v in numbers_in(r)] == []       # not even the young people's 10
    for label in ("A young person in care", "A care leaver", "A foster carer or family member",
                  "Other"):
        mentions = [r for r in rows if r[0] == label]
        assert len(mentions) == 2                  # the groups table and question 2
        assert all(r[1] == HIDDEN and not numbers_in(r) for r in mentions)
    assert rows[1][0].startswith("Groups of fewer than 10 responses are not shown, and more are "
                                 "hidden until the hidden ones add up to at least 10")


# 36 responses whose groups are all big enough to be shown: 14 young people, 12 care leavers, 10
# carers (nothing under 10, so nothing hidden). (count, group, placement stability, education):
BIG = [
    (5, YP, "very-well", "very-well"),
    (2, YP, "quite", "very-well"),
    (3, YP, "somewhat", "very-well"),
    (2, YP, "not-very", "not-at-all"),
    (2, YP, "not-at-all", "not-at-all"),
    (6, CL, "quite", "quite"),
    (6, CL, "quite", "somewhat"),
    (4, CARER, "not-at-all", "not-very"),
    (6, CARER, None, "not-very"),                 # 6 carers skipped placement stability
]
# Only the first 3 young people answered "foster families closer to home" (Quite): 3 answered.
#
# Everyone:
#   Placement stability, base 30: Very well 5, Quite 2 + 12 = 14, Somewhat 3, Not very 2,
#     Not at all 2 + 4 = 6. % Informed 19/30, % Not informed 8/30, net 11/30 = 36.7 points;
#     median: running 5, then 19 >= 15, so "Quite".
#   Education, base 36: Very well 10, Quite 6, Somewhat 6, Not very 10, Not at all 4.
#     % Informed 16/36, % Not informed 14/36, net 2/36 = 5.6 points; median: 10, 16, then
#     22 >= 18, so "Somewhat".
#   Foster families, base 3: fewer than 10 answered, so only n = 3 is shown.
# By group:
#   Placement stability: young people 14, care leavers 12, carers 4. The carers' 4 is under 10:
#     no percentages. With the young people and care leavers shown, 30 - 14 - 12 = 4 answers
#     would be left over (the carers'), so the smaller shown group's percentages, the care
#     leavers' (12), are held back too; 30 - 14 = 16 is not under 10, so the young people's
#     stay: Very well 5/14, Quite 2/14, Somewhat 3/14, Not very 2/14, Not at all 2/14,
#     % Informed 7/14 = 50%, net (7 - 4)/14 = 21.4 points.
#   Education: 14, 12 and 10, each 10 or more and nothing left over: all shown.
#     Young people: Very well 10/14, Not at all 4/14; % Informed 10/14, net 6/14 = 42.9 points.
#     Care leavers: Quite 6/12, Somewhat 6/12; % Informed 50%, net 50 points.
#     Carers: Not very 10/10; % Informed 0%, net -100 points.
#   Foster families: answered by 3 in all, so no group shows percentages for it.


def big_responses() -> list[StoredResponse]:
    rows = []
    for count, group, ps, ed in BIG:
        for _ in range(count):
            rid = len(rows) + 1
            rows.append(response(rid, group, ps, ed, None, ff="quite" if rid <= 3 else None))
    return rows


@pytest.fixture(scope="module")
def big_xlsx(tmp_path_factory):
    path = tmp_path_factory.mktemp("big") / "big.xlsx"
    write_workbook(published(big_responses()), path)
    return load_workbook(path)


def test_groups_big_enough_are_shown_by_respondent_type(big_xlsx):
    ws = big_xlsx["By respondent type"]
    rows = rows_of(ws)
    at = next(i for i, r in enumerate(rows) if r[0] == "Respondent type")
    groups = {r[0]: r[1] for r in rows[at + 1:at + 4]}
    assert groups == {"A young person in care": 14, "A care leaver": 12,
                      "A foster carer or family member": 10}
    young = table(ws, ED_TEXT, group="A young person in care")
    assert young["n"] == 14
    assert [young[f"% {p}"] for p in POINTS] == pytest.approx([10 / 14, 0, 0, 0, 4 / 14])
    assert young["% Informed"] == pytest.approx(10 / 14)
    assert young["Net (points)"] == pytest.approx(600 / 14)
    leavers = table(ws, ED_TEXT, group="A care leaver")
    assert (leavers["n"], leavers["% Quite"], leavers["% Somewhat"]) == (12, 0.5, 0.5)
    assert (leavers["% Informed"], leavers["Net (points)"]) == (0.5, pytest.approx(50))
    carers = table(ws, ED_TEXT, group="A foster carer or family member")
    assert (carers["n"], carers["% Not very"], carers["% Informed"]) == (10, 1, 0)
    assert carers["Net (points)"] == pytest.approx(-100)
    ps = table(ws, PS_TEXT, group="A young person in care")
    assert ps["n"] == 14
    assert [ps[f"% {p}"] for p in POINTS] == pytest.approx([5 / 14, 2 / 14, 3 / 14, 2 / 14,
                                                            2 / 14])
    assert (ps["% Informed"], ps["Net (points)"]) == (0.5, pytest.approx(300 / 14))


def test_a_small_group_answer_inside_a_shown_group_shows_no_percentages(big_xlsx):
    # Carers are a shown group (10), but only 4 of them answered placement stability.
    rows = rows_of(big_xlsx["By respondent type"])
    carers = rows.index(next(r for r in rows if r[0] == "A foster carer or family member"
                             and r[1] == "10 responses"))
    row = next(r for r in rows[carers:] if r[0] == PS_TEXT)
    assert row[1:3] == [4, SMALL] and numbers_in(row) == [4]
    # The care leavers' 12 answers are held back too, or 30 - 14 - 12 would give the carers' 4.
    leavers = rows.index(next(r for r in rows if r[0] == "A care leaver"
                              and r[1] == "12 responses"))
    row = next(r for r in rows[leavers:] if r[0] == PS_TEXT)
    assert row[1] == 12 and numbers_in(row) == [12]


def test_a_group_answer_held_back_with_10_or_more_does_not_claim_fewer_than_10(big_xlsx):
    rows = rows_of(big_xlsx["By respondent type"])
    leavers = rows.index(next(r for r in rows if r[0] == "A care leaver"
                              and r[1] == "12 responses"))
    row = next(r for r in rows[leavers:] if r[0] == PS_TEXT)
    assert row[1] == 12 and row[2] == HIDDEN


def test_a_statement_answered_by_fewer_than_10_shows_only_its_n(big_xlsx):
    # Foster families: 3 answered. Summary: n = 3 and the words, no count or percentage.
    ws = big_xlsx["Summary"]
    row = next(r for r in rows_of(ws) if r[0] == FF_TEXT)
    assert row[1:3] == [3, SMALL]
    assert numbers_in(row) == [3] and set(row[3:]) == {None}
    # The statements either side are shown in full (hand working above the fixture).
    ps, ed = table(ws, PS_TEXT), table(ws, ED_TEXT)
    assert (ps["n"], [ps[p] for p in POINTS], ps["Median"]) == (30, [5, 14, 3, 2, 6], "Quite")
    assert (ps["% Informed"], ps["% Not informed"]) == (pytest.approx(19 / 30),
                                                        pytest.approx(8 / 30))
    assert ps["Net (points)"] == pytest.approx(1100 / 30)
    assert (ed["n"], [ed[p] for p in POINTS], ed["Median"]) == (36, [10, 6, 6, 10, 4],
                                                                "Somewhat")
    assert ed["% Informed"] == pytest.approx(16 / 36)
    assert ed["Net (points)"] == pytest.approx(200 / 36)
    # ...and by respondent type no group shows percentages for it either.
    by_type = [r for r in rows_of(big_xlsx["By respondent type"]) if r[0] == FF_TEXT]
    # (Groups in which nobody answered it show n = 0 and nothing else, as Summary would.)
    assert [r[1:3] for r in by_type] == [[3, SMALL], [0, None], [0, None]]


def test_breakdown_question_shows_percentages_when_no_group_is_hidden(big_xlsx):
    ws = big_xlsx["Summary"]
    # 14, 12 and 10 of the 36 who answered question 1.
    for label, count in (("A young person in care", 14), ("A care leaver", 12),
                         ("A foster carer or family member", 10)):
        row = table(ws, label, header_first="Answer")
        assert row["Responses"] == count
        assert row["% of those who answered"] == pytest.approx(count / 36)


def test_second_group_is_hidden_when_only_one_is_small():
    # 12 young people, 11 carers, 3 care leavers: the care leavers are hidden, and then the
    # carers too (the next smallest), or 26 - 12 - 3 would give them away; 3 + 11 = 14 >= 10.
    # They answered versions v1 (the 12), v2 (the 11) and v3 (the 3): the same rule hides v2
    # and v3 on the About sheet.
    groups = [(YP, "v1")] * 12 + [(CARER, "v2")] * 11 + [(CL, "v3")] * 3
    responses = [response(i, g, "quite", "quite", None, version=v)
                 for i, (g, v) in enumerate(groups, 1)]
    out = io.BytesIO()                            # the staff pages send it from memory
    write_workbook(published(responses), out,
                   versions=count_table(Counter(r.version for r in responses)))
    wb = load_workbook(io.BytesIO(out.getvalue()))
    by_type = rows_of(wb["By respondent type"])
    assert 11 not in [v for r in by_type for v in numbers_in(r)]
    assert [r[1] for r in by_type if r[0] == "A foster carer or family member"] == [
        HIDDEN] * 2
    summary = rows_of(wb["Summary"])
    carers = next(r for r in summary if r[0] == "A foster carer or family member")
    assert numbers_in(carers) == []
    young = next(r for r in summary if r[0] == "A young person in care")
    assert young[1:3] == [12, None]               # no percentage while a group is hidden
    assert facts_of(wb)["Versions answered"] == (
        f"v1 (12 responses); v2 ({HIDDEN}); v3 ({HIDDEN})")


def test_a_consultation_with_no_responses_yet(tmp_path):
    path = tmp_path / "empty.xlsx"
    write_workbook(published([]), path, chart_png=png())
    wb = load_workbook(path)
    facts = facts_of(wb)
    assert (facts["Responses"], facts["First response"]) == (0, "none shown")
    assert facts["Versions answered"] == "no responses yet"
    assert wb["Comments"].max_row == 1
    assert table(wb["Summary"], PS_TEXT)["n"] == 0
    assert table(wb["Summary"], PS_TEXT)["% Informed"] is None     # blank, not 0%


def test_a_consultation_of_3_responses_shows_no_figures(tmp_path):
    # 3 responses: fewer than 10, so no figure at all, not even how many or when.
    summary = published(RESPONSES[:3])
    path = tmp_path / "three.xlsx"
    write_workbook(summary, path, chart_png=png(), versions=count_table({"82e71342be42": 3}))
    wb = load_workbook(path)
    facts = facts_of(wb)
    assert facts["Responses"] == facts["Versions answered"] == "fewer than 10 responses"
    assert facts["First response"] == facts["Last response"] == "none shown"
    for name in ("Summary", "By respondent type"):
        rows = rows_of(wb[name])
        assert [v for r in rows for v in numbers_in(r)] == [], name
        assert rows[1][0].startswith("There were fewer than 10 responses, so no figures are "
                                     "shown"), name
        assert not wb[name]._charts and not wb[name]._images
    assert charts_of(summary) == []


def cells_of(ws, column: int) -> list:
    return [row[column] for row in ws.iter_rows(min_row=2)]


@pytest.mark.parametrize("expected", [
    "'" + HYPERLINK, "'+1", "'-1", "'@SUM(A1)", "'\tled by a tab", "'＝1+2", "'#N/A", "bad char",
    "I feel listened to",
])
def test_respondent_text_is_stored_as_text_in_comments(xlsx, expected):
    comment = next(c for c in cells_of(load_workbook(xlsx)["Comments"], 1)
                   if c.value == expected)
    assert comment.data_type == "s"


def test_comments_have_no_response_id_and_are_in_alphabetical_order(xlsx):
    rows = rows_of(load_workbook(xlsx)["Comments"])
    assert rows[0] == ["Question", "Comment", "Note"]
    # By the typed text, ignoring case, in code point order: tab (9) # (35) + (43) - (45)
    # = (61) @ (64) b (98) i (105), and the full-width ＝ (U+FF1D) last. Not the order people
    # answered (1, 2, 3, ...), so two comments cannot be put together as one person's.
    assert rows[1:] == [[Q3, text, None] for text in (
        "'\tled by a tab", "'#N/A", "'+1", "'-1", "'" + HYPERLINK, "'@SUM(A1)", "bad char",
        "I feel listened to", "'＝1+2")]
    # Response 15's "Other" words ("Independent visitor") are not there: the Other group (1) is
    # hidden, and its words would show who it is.
    assert not [r for r in rows if "Independent visitor" in str(r)]


def test_other_words_are_kept_when_the_other_group_is_shown(tmp_path):
    # 10 young people and 10 "Other": neither group is under 10, so both are shown, and the
    # Other group's words are published, in alphabetical order.
    words = ["Uncle", "aunt", "Neighbour", "Mentor", "Coach", "Brother", "Tutor", "Sister",
             "Grandad", "Friend"]
    responses = ([response(i, YP, "quite", "quite", None) for i in range(1, 11)]
                 + [response(i, "other", "quite", "quite", None, words=w)
                    for i, w in enumerate(words, 11)])
    path = tmp_path / "other.xlsx"
    write_workbook(published(responses), path)
    rows = rows_of(load_workbook(path)["Comments"])
    assert rows[1:] == [[Q1, w, 'Their words for "Other"'] for w in (
        "aunt", "Brother", "Coach", "Friend", "Grandad", "Mentor", "Neighbour", "Sister",
        "Tutor", "Uncle")]


def test_withheld_comments_are_left_out_and_about_never_says_so(tmp_path, xlsx):
    # Response 1's comment on question 3 waits for safeguarding review.
    path = tmp_path / "withheld.xlsx"
    write_workbook(published(RESPONSES, withheld={(1, "q3", "")}), path)
    wb = load_workbook(path)
    comments = [r[1] for r in rows_of(wb["Comments"])[1:]]
    assert len(comments) == 8 and "'" + HYPERLINK not in comments
    # The About sheet reads the same with or without it: saying a comment was left out would
    # tell the board that a young person wrote something worrying.
    assert (facts_of(wb)["Comments included"] == facts_of(load_workbook(xlsx))["Comments included"]
            == COMMENTS_NOTE)
    assert "Comments left out" not in facts_of(wb)


def test_no_formula_or_error_cell_anywhere(xlsx):
    assert no_formula_or_error_cell(xlsx)


def test_tables_headers_match_their_cells(xlsx, big_xlsx):
    tables_match_their_header_cells(load_workbook(xlsx))
    tables_match_their_header_cells(big_xlsx)


def test_about_says_what_is_in_the_file(xlsx):
    rows = rows_of(load_workbook(xlsx)["About"])
    facts = {r[0]: r[1] for r in rows if r[0]}
    assert facts["Who this file is for"] == Audience.MANAGERS.description
    assert facts["Who this file is for"].startswith("Managers and the corporate parenting board")
    assert facts["Responses"] == 15
    assert facts["Consultation id"] == "trafford-corporate-parenting-review-2018"
    assert facts["Versions answered"] == "82e71342be42 (15 responses)"
    assert facts["Invited"] == 60
    # 15 of 60 is 25%; the sentence is analysis.turnout's, as published at 10.
    assert facts["Response rate"] == TURNOUT.sentence(10)
    assert facts["Response rate"].startswith("15 of 60 invited took part (25")
    assert facts["Response rate"].endswith("): 15 online.")
    assert facts["First response"] == "1 May 2018"          # the day, never the time
    assert facts["Last response"] == "15 May 2018"
    assert facts["Generated"] == "1 June 2018, 09:00 UTC"
    assert facts["Demo responses"].startswith("Not included")
    assert facts["% Informed"] == "The top 2 points (Very well, Quite), as a % of n."
    # Under "Small numbers", one fact per rule, in order.
    at = rows.index(["Small numbers", None])
    assert [tuple(r) for r in rows[at + 1:at + 1 + len(rules(10))]] == rules(10)
    assert [label for label, _ in rules(10)] == [
        "Fewer than 10 answers", "Small groups", "Small answers within a group", "Comments",
        "Dates"]
    assert facts["Small groups"].startswith("A group of fewer than 10 responses is not shown.")
    assert facts["Comments"].endswith("with no response numbers, so no two can be matched to "
                                      "one person.")


def test_about_without_a_turnout_has_no_response_rate(tmp_path):
    path = tmp_path / "plain.xlsx"
    write_workbook(published(RESPONSES), path)
    facts = facts_of(load_workbook(path))
    assert "Invited" not in facts and "Response rate" not in facts
    assert facts["Versions answered"] == "no responses yet"     # no versions were given


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


CLUB = textwrap.dedent("""\
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
    """)


def test_dont_know_column_and_unique_headers(tmp_path):
    # The agreement scale has a "Don't know" and a point called "Agree" that is also its top label.
    questionnaire = load_text(CLUB, "club.yaml")
    picks = ["strongly-agree", "agree", "dont-know", "disagree"]
    responses = [StoredResponse(i, "2024-01-01T10:00Z", answers={("q1", "fun"): (p,)})
                 for i, p in enumerate(picks, 1)]
    path = tmp_path / "club.xlsx"
    # Published at a threshold of 3: 4 responses, base 3, so everything is shown.
    write_workbook(published(responses, 3, questionnaire=questionnaire), path,
                   includes_demo=True)
    wb = load_workbook(path)
    row = table(wb["Summary"], "The club is fun")
    # Base 3 (Don't know is left out): % Agree (top 2) = 2/3, % Disagree (bottom 2) = 1/3.
    assert (row["n"], row["Don't know"]) == (3, 1)
    assert row["% Agree"] == pytest.approx(1 / 3)           # the point
    assert row["% Agree (top 2)"] == pytest.approx(2 / 3)   # the top two points
    assert row["% Disagree (bottom 2)"] == pytest.approx(1 / 3)
    about = facts_of(wb)
    assert about["Demo responses"].startswith("INCLUDED")
    assert wb["By respondent type"]["A2"].value.startswith("This consultation has no question")


def test_tell_us_more_texts_in_comments(tmp_path):
    from test_analysis import BOX_ROWS, BOXES
    path = tmp_path / "boxes.xlsx"
    # 3 responses: at the threshold of 10, no figure and no comment at all...
    write_workbook(published(BOX_ROWS, questionnaire=BOXES), path)
    assert rows_of(load_workbook(path)["Comments"]) == [[
        "There were fewer than 10 responses, so no comments are shown: with so few, a young "
        "person could be picked out from them."]]
    # ...so the comments are checked at a threshold of 3: listed without response ids, each
    # box's texts in alphabetical order: "always", "Nobody listens", "They listen".
    write_workbook(published(BOX_ROWS, threshold=3, questionnaire=BOXES), path)
    wb = load_workbook(path)
    heard = 'Their words for "Tell us more", about "I am listened to"'
    assert rows_of(wb["Comments"]) == [
        ["Question", "Comment", "Note"],
        ["Who are you?", "My nan", 'Their words for "Other"'],
        ["2. How often?", "'=HYPERLINK(x)", 'Their words for "Tell us more about these"'],
        ["2. How often?", "always", heard],
        ["2. How often?", "Nobody listens", heard],
        ["2. How often?", "They listen", heard],
        ["2. How often?", "From an earlier version",
         'Their words for "Tell us more", about "I know where to get help"'],
    ]
    formula_like = wb["Comments"]["B3"]
    assert (formula_like.value, formula_like.data_type) == ("'=HYPERLINK(x)", "s")
