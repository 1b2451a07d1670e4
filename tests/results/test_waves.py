"""Waves: two runs of one questionnaire compared, checked against figures worked out by hand.

Wave 2025 asks three statements; wave 2026 keeps "listened", rewords "help" and drops "visits"
for a new "home". Five responses per wave are saved with `save_response`; every expected figure
is worked out in the comments, not by the code under test. Waves are compared from published
summaries (`analysis.disclosure.publish`), each wave on its own.
"""
from __future__ import annotations

import textwrap
import xml.etree.ElementTree as ET
import zipfile
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pytest
from openpyxl import load_workbook

from analysis import wave_charts
from analysis.disclosure import HIDDEN, publish
from analysis.summary import summarise
from analysis.significance import METHOD, Verdict
from analysis.waves import changes, compare, wave_rule
from exports.waves import P_FORMAT, SHEETS, summary_lines, write_waves_workbook
from survey.definition import load_file, load_text
from survey.store import actions
from survey.store.catalogue import Catalogue
from survey.results.reports import (
    NotEnoughWaves, actions_after, compare_series, series_waves, write_waves_report,
)
from survey.store.responses import save_response

SERIES = "test-pledge"
DEFINITION = textwrap.dedent("""\
    id: {id}
    title: Our pledge to you
    organisation: {{name: Test Council}}
    introduction: For tests.
    series: test-pledge
    wave: {wave}
    opens: {opens}
    sections:
      - id: s
        title: Your views
        questions:
          - id: q1
            number: 1
            type: likert
            text: How often is this true for you?
            scale: frequency
            statements:
    {statements}
          - id: q2
            number: 2
            type: long_text
            text: Anything else?
    """)
STATEMENTS_2025 = """\
              - {id: listened, text: I am listened to}
              - {id: help, text: I know where to get help}
              - {id: visits, text: I see my social worker enough}"""
STATEMENTS_2026 = """\
              - {id: listened, text: I am listened to}
              - {id: help, text: I know who to ask for help}
              - {id: home, text: My placement feels like home}"""
WAVES = {
    "pledge-2025": ("2025", "2025-01-06", STATEMENTS_2025),
    "pledge-2026": ("2026", "2026-01-05", STATEMENTS_2026),
}
AL, US, SO, NE, DK = "always", "usually", "sometimes", "never", "dont-know"
SECRET = "Ring me back SECRET-WORDS"

# (listened, help, third statement: visits in 2025, home in 2026, text)
ROWS = {
    # listened: base 4 (Don't know left out), always/usually 3 -> 75.0%
    # help:     base 4, always 1 -> 25.0%
    # visits:   base 2 -> under a threshold of 3: hidden
    "pledge-2025": [(AL, AL, AL, SECRET), (US, SO, AL, None), (US, NE, None, None),
                    (NE, NE, None, None), (DK, None, None, None)],
    # listened: base 4, always 1 -> 25.0%, change 25.0 - 75.0 = -50.0 points
    # help:     base 5, always/usually 3 -> 60.0%, change 60.0 - 25.0 = +35.0 points
    # home:     base 2 -> hidden; not asked in 2025, so no change either way
    "pledge-2026": [(AL, AL, AL, None), (SO, AL, US, None), (NE, US, None, None),
                    (NE, SO, None, None), (DK, NE, None, None)],
}


def definition(consultation_id: str) -> str:
    wave, opens, statements = WAVES[consultation_id]
    return DEFINITION.format(id=consultation_id, wave=wave, opens=opens, statements=statements)


def save_wave(db, questionnaire, rows, is_demo=False, first=1):
    """Save `rows` as responses numbered from `first` (a number is a response's submission)."""
    third = "visits" if questionnaire.id == "pledge-2025" else "home"
    for number, (listened, help_, other, text) in enumerate(rows, first):
        answers = [("q1", sid, v) for sid, v in (("listened", listened), ("help", help_),
                                                 (third, other)) if v]
        if text:
            answers.append(("q2", "", text))
        save_response(db, questionnaire, answers, f"{questionnaire.id}-{number}-{is_demo}",
                      is_demo=is_demo, submitted_at=f"{questionnaire.opens}T10:{number:02d}Z")


@pytest.fixture
def folder(app, db) -> Path:
    """Both waves' definitions in this test's questionnaires folder, their responses saved."""
    folder = Path(app.config["QUESTIONNAIRES"])
    for consultation_id, rows in ROWS.items():
        path = folder / f"{consultation_id}.yaml"
        path.write_text(definition(consultation_id), encoding="utf-8")
        save_wave(db, load_file(path), rows)
    return folder


@pytest.fixture
def comparison(folder, db):
    return compare_series(db, Catalogue.load(folder), SERIES, threshold=3)


def figures(comparison, statement_id):
    row = next(s for _, s in comparison.rows if s.statement_id == statement_id)
    return [(f.asked, f.hidden, f.base, f.top, f.change) for f in row.figures]


def test_waves_in_order_with_their_responses(comparison):
    assert [(w.id, w.name, w.opens, w.responses) for w in comparison.waves] == [
        ("pledge-2025", "2025", date(2025, 1, 6), 5), ("pledge-2026", "2026", date(2026, 1, 5), 5)]
    assert (comparison.series, comparison.threshold) == (SERIES, 3)


def test_hand_worked_figures(comparison):
    # (asked, hidden, base, % always or usually, change in points)
    assert figures(comparison, "listened") == [(True, False, 4, 75.0, None),
                                               (True, False, 4, 25.0, -50.0)]
    assert figures(comparison, "help") == [(True, False, 4, 25.0, None),
                                           (True, False, 5, 60.0, 35.0)]


def test_small_waves_are_too_few_to_tell(comparison):
    # listened: 3 of 4, then 1 of 4: 4 of 8 in the top group, so 2 expected there in each
    # wave, under 5. help: 1 of 4, then 3 of 5: 4 x 4 / 9 = 1.8 expected. Neither is tested.
    for statement_id in ("listened", "help"):
        figure = next(s for _, s in comparison.rows if s.statement_id == statement_id).figures[1]
        assert figure.tested.verdict is Verdict.TOO_FEW and figure.tested.p_value is None
    assert changes(comparison) == []


def published_wave(consultation_id: str, listened: int, help_: int, base: int = 100,
                   threshold: int = 10, text: str | None = None):
    """A wave of `base` responses: the first `listened` answer "always" to listened and the
    first `help_` to help, the others "never"."""
    responses = [SimpleNamespace(id=number, answers={
        ("q1", "listened"): (AL if number < listened else NE,),
        ("q1", "help"): (AL if number < help_ else NE,)}) for number in range(base)]
    return publish(summarise(load_text(text or definition(consultation_id)), responses),
                   threshold)


def third_wave(listened: int, help_: int):
    text = (definition("pledge-2026").replace("pledge-2026", "pledge-2027")
            .replace("wave: 2026", "wave: 2027").replace("2026-01-05", "2027-01-04"))
    return published_wave("pledge-2027", listened, help_, text=text)


def test_each_change_is_tested_from_the_published_counts():
    # listened 45 of 100, then 60 of 100: p = 0.0337 (worked in test_significance.py): up.
    # help 50 of 100, then 45 of 100: z = 0.708, p = 0.479: no clear change.
    comparison = compare([published_wave("pledge-2025", 45, 50),
                          published_wave("pledge-2026", 60, 45)])
    listened = next(s for _, s in comparison.rows if s.statement_id == "listened").figures
    assert [(f.base, f.top_count, f.tested) for f in listened[:1]] == [(100, 45, None)]
    assert (listened[1].top_count, listened[1].change) == (60, pytest.approx(15.0))
    assert listened[1].tested.verdict is Verdict.UP
    assert listened[1].tested.p_value == pytest.approx(0.0337, abs=5e-5)
    help_ = next(s for _, s in comparison.rows if s.statement_id == "help").figures[1]
    assert help_.tested.verdict.words == "No clear change"
    assert help_.tested.p_value == pytest.approx(0.479, abs=5e-4)
    assert [(m.statement.statement_id, m.before.name, m.wave.name, m.change.verdict)
            for m in changes(comparison)] == [("listened", "2025", "2026", Verdict.UP)]


def test_changes_are_the_marked_ones_biggest_first():
    # 2026 to 2027: listened 60 -> 40 (-20 points; z = 0.20 / sqrt(0.5 x 0.5 x 0.02) = 2.83,
    # p = 0.0047) and help 45 -> 70 (+25; z = 0.25 / sqrt(0.575 x 0.425 x 0.02) = 3.57,
    # p = 0.0004). 2025 to 2026: listened 45 -> 60 (+15, p = 0.0337), help 50 -> 45 (no clear).
    comparison = compare([published_wave("pledge-2025", 45, 50),
                          published_wave("pledge-2026", 60, 45), third_wave(40, 70)])
    found = [(m.statement.statement_id, m.before.name, round(m.change.points),
              m.change.verdict.words) for m in changes(comparison)]
    assert found == [("help", "2026", 25, "Up, unlikely to be chance"),
                     ("listened", "2026", -20, "Down, unlikely to be chance")]
    assert [(m.statement.statement_id, round(m.change.points))
            for m in changes(comparison, every_wave=True)] == [
        ("help", 25), ("listened", -20), ("listened", 15)]


def test_a_hidden_figure_is_never_tested():
    # 2025 has 9 responses, under the threshold of 10: nothing of it is shown, so nothing in
    # 2026 is compared with it or tested, however big the change looks.
    comparison = compare([published_wave("pledge-2025", 0, 0, base=9),
                          published_wave("pledge-2026", 90, 90)])
    assert [(f.hidden, f.top_count, f.change, f.tested)
            for _, s in comparison.rows if s.statement_id == "listened"
            for f in s.figures] == [(True, None, None, None), (False, 90, None, None)]
    assert changes(comparison) == []


def test_removed_and_added_statements_keep_their_own_waves(comparison):
    # visits: asked in 2025 only (base 2, hidden at 3); home: asked in 2026 only (base 2).
    assert figures(comparison, "visits") == [(True, True, None, None, None),
                                             (False, False, None, None, None)]
    assert figures(comparison, "home") == [(False, False, None, None, None),
                                           (True, True, None, None, None)]


def test_one_row_per_statement_reworded_in_its_latest_words(comparison):
    question = comparison.questions[0]
    assert (question.id, question.top_label, question.top_points) == (
        "q1", "Always or usually", ("Always", "Usually"))
    # The latest wave's order, with "visits" kept just after the statement it followed.
    assert [(s.statement_id, s.text, s.reworded) for s in question.statements] == [
        ("listened", "I am listened to", False),
        ("help", "I know who to ask for help", True),
        ("visits", "I see my social worker enough", False),
        ("home", "My placement feels like home", False),
    ]
    assert [f.text for f in question.statements[1].figures] == [
        "I know where to get help", "I know who to ask for help"]


def test_a_hidden_wave_hides_its_change(folder, db):
    # Threshold 5: help 2025 (base 4) is hidden, so 2026's 60% has no change beside it;
    # listened has base 4 in both waves: both hidden.
    comparison = compare_series(db, Catalogue.load(folder), SERIES, threshold=5)
    assert figures(comparison, "help") == [(True, True, None, None, None),
                                           (True, False, 5, 60.0, None)]
    assert figures(comparison, "listened") == [(True, True, None, None, None)] * 2


def test_a_base_equal_to_the_threshold_is_shown(folder, db):
    comparison = compare_series(db, Catalogue.load(folder), SERIES, threshold=4)
    assert figures(comparison, "listened")[1] == (True, False, 4, 25.0, -50.0)


def test_demo_responses_only_when_asked_for(folder, db):
    # One demo response in 2026 answering "always": listened base 5, 2 of 5 = 40.0%.
    save_wave(db, load_file(folder / "pledge-2026.yaml"), [(AL, None, None, None)], is_demo=True)
    registry = Catalogue.load(folder)
    assert figures(compare_series(db, registry, SERIES, threshold=3), "listened")[1][2:4] == (
        4, 25.0)
    shown = compare_series(db, registry, SERIES, include_demo=True, threshold=3)
    assert figures(shown, "listened")[1] == (True, False, 5, 40.0, -35.0)


def test_waves_are_ordered_by_opening_date_then_id():
    def wave(consultation_id, opens):
        text = definition("pledge-2025").replace("pledge-2025", consultation_id)
        text = text.replace("opens: 2025-01-06", f"opens: {opens}" if opens else "")
        return publish(summarise(load_text(text), []))
    given = [wave("c", None), wave("b", "2024-05-01"), wave("z", "2023-01-01"),
             wave("a", "2024-05-01")]
    # Same wave name in all four, so each is told apart by its id.
    assert [w.name for w in compare(given).waves] == ["2025 (z)", "2025 (a)", "2025 (b)",
                                                      "2025 (c)"]


def test_waves_are_compared_from_published_summaries_only():
    team = [summarise(load_text(definition(consultation_id)), []) for consultation_id in WAVES]
    with pytest.raises(ValueError, match="published summaries"):
        compare(team)
    with pytest.raises(ValueError, match="published summaries"):
        compare([publish(team[0]), team[1]])


# Five more 2026 responses, all "always" for listened and help, so 2026 has 10 in all.
MORE_2026 = [(AL, AL, None, None)] * 5


def test_a_wave_with_too_few_responses_shows_its_statements_hidden(folder, db):
    # Threshold 6. 2025 has 5 responses, fewer than 6: nothing of it is shown, but the
    # statements it asked are hidden, not "not asked". 2026 has 10:
    #   listened: base 4 + 5 = 9 (its Don't know left out), always/usually 1 + 5 = 6 -> 66.7%
    #   help:     base 5 + 5 = 10, always/usually 3 + 5 = 8 -> 80.0%
    #   home:     base 2, under 6 -> hidden
    # No change beside a hidden 2025, and "visits" (2025 only) is asked there, and hidden.
    save_wave(db, load_file(folder / "pledge-2026.yaml"), MORE_2026, first=6)
    comparison = compare_series(db, Catalogue.load(folder), SERIES, threshold=6)
    assert [(w.responses, w.responses_text) for w in comparison.waves] == [
        (None, "fewer than 6 responses"), (10, "10 responses")]
    assert figures(comparison, "listened") == [(True, True, None, None, None),
                                               (True, False, 9, pytest.approx(600 / 9), None)]
    assert figures(comparison, "help") == [(True, True, None, None, None),
                                           (True, False, 10, 80.0, None)]
    assert figures(comparison, "visits") == [(True, True, None, None, None),
                                             (False, False, None, None, None)]
    assert figures(comparison, "home") == [(False, False, None, None, None),
                                           (True, True, None, None, None)]
    # The hidden wave keeps its own wording, from its questions: "help" still reads as reworded.
    help_ = next(s for _, s in comparison.rows if s.statement_id == "help")
    assert [f.text for f in help_.figures] == ["I know where to get help",
                                               "I know who to ask for help"]
    assert help_.reworded


def test_a_wave_with_too_few_responses_in_the_workbook(folder, db, tmp_path):
    save_wave(db, load_file(folder / "pledge-2026.yaml"), MORE_2026, first=6)
    path = tmp_path / "waves.xlsx"
    write_waves_workbook(compare_series(db, Catalogue.load(folder), SERIES, threshold=6), path)
    wb = load_workbook(path)
    rows = rows_of(wb["Waves"])
    body = {r[0]: r[1:] for r in rows if r[0] in (
        "I am listened to", "I see my social worker enough", "My placement feels like home")}
    # 2025 n, 2025 %, 2026 n, 2026 %, the change's 6 columns, notes (as worked out above).
    assert body["I am listened to"][:4] == [HIDDEN, HIDDEN, 9, pytest.approx(6 / 9)]
    assert body["I am listened to"][4:] == [None] * 7
    assert body["I see my social worker enough"] == [HIDDEN, HIDDEN, None, None, *[None] * 6,
                                                     "Not asked in 2026."]
    assert body["My placement feels like home"] == [None, None, HIDDEN, HIDDEN, *[None] * 6,
                                                    "Not asked in 2025."]
    facts = {r[0]: r[1] for r in rows_of(wb["About"]) if r[0]}
    assert facts["2025"] == ("Our pledge to you (pledge-2025), opened 6 January 2025: fewer "
                             "than 6 responses.")
    assert facts["2026"] == ("Our pledge to you (pledge-2026), opened 5 January 2026: 10 "
                             "responses.")


def test_waves_published_at_another_threshold_are_refused_or_keep_their_own():
    summaries = [publish(summarise(load_text(definition(consultation_id)), []), 3)
                 for consultation_id in WAVES]
    with pytest.raises(ValueError, match="published at threshold 3 cannot be compared at 10"):
        compare(summaries, threshold=10)
    assert compare(summaries).threshold == 3


def test_a_series_needs_two_waves(folder):
    (folder / "pledge-2026.yaml").unlink()
    with pytest.raises(NotEnoughWaves, match="only one wave \\(pledge-2025\\)"):
        series_waves(Catalogue.load(folder), SERIES)
    with pytest.raises(NotEnoughWaves, match="Known series: .*test-pledge"):
        series_waves(Catalogue.load(folder), "nope")


# The workbook

def rows_of(ws) -> list[list]:
    return [list(row) for row in ws.iter_rows(values_only=True)]


@pytest.fixture
def xlsx(comparison, tmp_path) -> Path:
    path = tmp_path / "waves.xlsx"
    write_waves_workbook(comparison, path)
    return path


def test_workbook_rows_read_back(xlsx):
    wb = load_workbook(xlsx)
    assert wb.sheetnames == list(SHEETS)
    rows = rows_of(wb["Waves"])
    header = next(r for r in rows if r[0] == "Statement")
    assert header == ["Statement", "2025 n", "2025 % Always or usually", "2026 n",
                      "2026 % Always or usually", "Change from 2025 (points)",
                      "Change from 2025: unlikely to be chance?",
                      "Change from 2025: 95% range from (points)",
                      "Change from 2025: 95% range to (points)", "Change from 2025: p-value",
                      "What we did after 2025", "Notes"]
    body = {r[0]: r[1:] for r in rows[rows.index(header) + 1:] if r[0]}
    # Too few to tell (test_small_waves_are_too_few_to_tell): no range, no p-value.
    assert body["I am listened to"] == [4, 0.75, 4, 0.25, -50, "Too few to tell", None, None,
                                        None, None, None]
    assert body["I know who to ask for help"] == [
        4, 0.25, 5, 0.6, 35, "Too few to tell", None, None, None, None,
        'In 2025 it read: "I know where to get help".']
    assert body["I see my social worker enough"] == [HIDDEN, HIDDEN, None, None, *[None] * 6,
                                                     "Not asked in 2026."]
    assert body["My placement feels like home"] == [None, None, HIDDEN, HIDDEN, *[None] * 6,
                                                    "Not asked in 2025."]


def test_workbook_marks_a_change_unlikely_to_be_chance(tmp_path):
    # listened 45 -> 60 of 100: up, p = 0.0337, 95% range +1.2 to +28.0 points
    # (test_significance.py); help 50 -> 45: no clear change, p = 0.479.
    path = tmp_path / "w.xlsx"
    write_waves_workbook(compare([published_wave("pledge-2025", 45, 50),
                                  published_wave("pledge-2026", 60, 45)]), path)
    ws = load_workbook(path)["Waves"]
    rows = {r[0].value: r[1:] for r in ws.iter_rows() if r[0].value in (
        "I am listened to", "I know who to ask for help")}
    listened = [c.value for c in rows["I am listened to"][:9]]
    assert listened[:6] == [100, 0.45, 100, 0.6, pytest.approx(15), "Up, unlikely to be chance"]
    assert listened[6:] == [pytest.approx(1.17, abs=0.01), pytest.approx(28.04, abs=0.01),
                            pytest.approx(0.0337, abs=5e-5)]
    assert [c.number_format for c in rows["I am listened to"][4:9]] == [
        "+0;-0;0", "General", "+0;-0;0", "+0;-0;0", P_FORMAT]
    assert rows["I know who to ask for help"][5].value == "No clear change"


def test_workbook_numbers_are_numbers_with_formats(xlsx):
    ws = load_workbook(xlsx)["Waves"]
    row = next(r for r in ws.iter_rows() if r[0].value == "I am listened to")
    assert [c.number_format for c in row[1:6]] == ["General", "0%", "General", "0%", "+0;-0;0"]
    assert all(isinstance(c.value, (int, float)) for c in row[1:6])


def test_workbook_holds_no_respondent_text_and_no_formula(xlsx):
    with zipfile.ZipFile(xlsx) as z:
        parts = [z.read(n).decode() for n in z.namelist() if n.endswith(".xml")]
    assert not [p for p in parts if "SECRET-WORDS" in p]
    sheets = [p for p in parts if "<sheetData" in p]
    assert sheets and not [s for s in sheets if "<f>" in s or 't="e"' in s]


def test_workbook_tables_match_their_header_cells(xlsx):
    for ws in load_workbook(xlsx).worksheets:
        for name, ref in ws.tables.items():
            assert [c.value for c in ws[ref][0]] == [c.name for c in ws.tables[name].tableColumns]


def test_workbook_about_sheet(xlsx):
    facts = {r[0]: r[1] for r in rows_of(load_workbook(xlsx)["About"]) if r[0]}
    assert facts["Series"] == SERIES
    assert facts["2025"] == "Our pledge to you (pledge-2025), opened 6 January 2025: 5 responses."
    assert facts["Small numbers"] == wave_rule(3)
    for label, text in METHOD:
        assert facts[label] == text
    assert "1 in 20" in facts["Many statements"] and "95%" in facts["Is a change chance?"]
    assert facts["Demo responses"].startswith("Not included")


def test_definition_text_is_neutralised(tmp_path):
    # A statement worded like a formula is written as text, as respondent text would be.
    summaries = []
    for consultation_id in WAVES:
        text = definition(consultation_id).replace("I am listened to", "'=1+2'")
        summaries.append(publish(summarise(load_text(text), [])))
    path = tmp_path / "w.xlsx"
    write_waves_workbook(compare(summaries), path)
    ws = load_workbook(path)["Waves"]
    cell = next(r[0] for r in ws.iter_rows() if r[0].value and "1+2" in str(r[0].value))
    assert (cell.value, cell.data_type) == ("'=1+2", "s")


# The chart

SVG = "{http://www.w3.org/2000/svg}"


def texts(svg: bytes) -> list[str]:
    return ["".join(t.itertext()) for t in ET.fromstring(svg).iter(f"{SVG}text")]


def test_chart_labels_bars_and_notes(comparison):
    question = comparison.questions[0]
    svg = wave_charts.waves_chart(comparison, question, "svg")
    found = texts(svg)
    assert {"2025: 75% (n=4)", "2026: 25% (n=4)", "2025: 25% (n=4)", "2026: 60% (n=5)",
            "2025", "2026", "0%", "100%"} <= set(found)
    assert {"2025: not shown (small numbers)", "2026: not asked", "2025: not asked",
            "2026: not shown (small numbers)"} <= set(found)
    assert not [t for t in found if "n=2" in t]                  # hidden bases never drawn
    joined = " ".join(found)
    assert "I know who to ask for help" in joined and "where to get help" not in joined
    assert "fewer than 3 people answered" in joined
    assert wave_charts.waves_chart(comparison, question, "svg") == svg        # repeatable
    assert wave_charts.waves_chart(comparison, question).startswith(b"\x89PNG\r\n\x1a\n")


def test_chart_alt_text(comparison):
    alt = wave_charts.waves_alt_text(comparison, comparison.questions[0])
    assert alt.startswith('Grouped bar chart of % always or usually for 4 statements of '
                          '"1. How often is this true for you?", one bar per wave (2025, 2026).')
    assert "I am listened to: 2025 75% (n=4); 2026 25% (n=4)." in alt
    assert ("My placement feels like home: 2025 not asked; 2026 not shown (small numbers)."
            in alt)


def contrast_with_white(colour: str) -> float:
    """WCAG 2 contrast ratio of `colour` against white."""
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 1.05 / (0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2] + 0.05)


def test_wave_colours_have_contrast_on_white():
    assert wave_charts.wave_colours(1) == ["#083C7D"]          # one wave: the darkest
    colours = wave_charts.wave_colours(5)
    assert colours[0] == "#4191C6" and colours[-1] == "#083C7D"
    assert all(contrast_with_white(c) >= 3 for c in colours)   # WCAG 1.4.11 non-text contrast


# "You said, we did" after a wave, beside the next wave's change

def add_actions(db):
    """Actions after 2025: two on "listened", one on "visits" (not asked in 2026), one on the
    whole question and one after 2026 (the latest wave: nothing comes after it)."""
    listened = actions.About("q1", "listened")
    actions.add_action(db, "pledge-2025", listened, "I am listened to", "", actions.ActionFields(
        "We will move reviews after school.", status="done",
        we_did="Reviews now happen after school."))
    actions.add_action(db, "pledge-2025", listened, "I am listened to", "", actions.ActionFields(
        "We will hold reviews at home.", status="not-possible", reason="No room at the office."))
    actions.add_action(db, "pledge-2025", actions.About("q1", "visits"), "Visits", "",
                       actions.ActionFields("We will add two visits a year."))
    actions.add_action(db, "pledge-2025", actions.About("q1"), "How often", "",
                       actions.ActionFields("We will ask again."))
    actions.add_action(db, "pledge-2026", listened, "I am listened to", "",
                       actions.ActionFields("We will ask again in 2027."))


def test_actions_after_each_wave_in_words(folder, db, comparison):
    add_actions(db)
    assert actions_after(db, comparison) == {"pledge-2025": {
        ("q1", "listened"): ["Done: Reviews now happen after school.",
                             "Not possible: We will hold reviews at home. (why: No room at the "
                             "office.)"],
        ("q1", "visits"): ["Planned: We will add two visits a year."]}}


def test_workbook_puts_what_we_did_beside_the_change(folder, db, tmp_path):
    add_actions(db)
    path = tmp_path / "w.xlsx"
    write_waves_report(db, Catalogue.load(folder), SERIES, path, threshold=3)
    rows = rows_of(load_workbook(path)["Waves"])
    header = next(r for r in rows if r[0] == "Statement")
    column = header.index("What we did after 2025")
    did = {r[0]: r[column] for r in rows[rows.index(header) + 1:] if r[0]}
    assert did == {
        "I am listened to": "Done: Reviews now happen after school.\nNot possible: We will hold "
                            "reviews at home. (why: No room at the office.)",
        "I know who to ask for help": None,
        "I see my social worker enough": "Planned: We will add two visits a year.",
        "My placement feels like home": None,
    }
    facts = {r[0]: r[1] for r in rows_of(load_workbook(path)["About"]) if r[0]}
    assert facts["What we did after"].startswith('The "You said, we did" actions')


def test_printed_summary_gives_the_verdict_range_and_p_value():
    comparison = compare([published_wave("pledge-2025", 45, 50),
                          published_wave("pledge-2026", 60, 45)])
    assert summary_lines(comparison)[1:] == [
        "  I am listened to",
        "    Up, unlikely to be chance: 45% to 60% (+15 points, 95% range +1 to +28 points, "
        "p = 0.034)",
        "  I know who to ask for help",
        "    No clear change: 50% to 45% (-5 points, 95% range -18 to +9 points, p = 0.479)",
    ]
    # 10 of 100, then 40 of 100: z = 0.30 / sqrt(0.25 x 0.75 x 0.02) = 4.90, p under 0.001.
    big = compare([published_wave("pledge-2025", 10, 50), published_wave("pledge-2026", 40, 50)])
    assert summary_lines(big)[2].endswith(", p < 0.001)")


# The command

def test_compare_command_end_to_end(runner, folder, app, db, tmp_path):
    add_actions(db)
    out, charts = tmp_path / "waves.xlsx", tmp_path / "charts"
    result = runner.invoke("compare", SERIES, "--out", str(out), "--charts", str(charts),
                           "--threshold", "3", "--db", app.config["DATABASE"],
                           "--questionnaires", str(folder))
    assert result.exit_code == 0, result.output
    # Figures as worked out at the top, both changes too few to tell; "home" has no change
    # and no action, so no line.
    assert result.output.splitlines() == [
        f"Wrote {out}: 2 waves (2025, 2026), 4 statements; charts in {charts}",
        "Changes from 2025 to 2026 (a two-proportion test at 95%: about 1 in 20 changes marked "
        "unlikely to be chance can still be chance):",
        "  I am listened to",
        "    Too few to tell: 75% to 25% (-50 points)",
        "    What we did after 2025: Done: Reviews now happen after school.",
        "    What we did after 2025: Not possible: We will hold reviews at home. (why: No room "
        "at the office.)",
        "  I know who to ask for help",
        "    Too few to tell: 25% to 60% (+35 points)",
        "  I see my social worker enough",
        "    No change shown (not asked, hidden or on other scale points in one wave)",
        "    What we did after 2025: Planned: We will add two visits a year.",
    ]
    rows = rows_of(load_workbook(out)["Waves"])
    assert next(r for r in rows if r[0] == "I am listened to")[1:6] == [4, 0.75, 4, 0.25, -50]
    assert sorted(p.name for p in charts.iterdir()) == [
        "waves-q1.alt.txt", "waves-q1.png", "waves-q1.svg"]


def test_compare_command_with_the_default_threshold_hides_everything(runner, folder, app,
                                                                     tmp_path):
    out = tmp_path / "waves.xlsx"
    result = runner.invoke("compare", SERIES, "--out", str(out), "--db", app.config["DATABASE"],
                           "--questionnaires", str(folder))
    assert result.exit_code == 0, result.output
    rows = rows_of(load_workbook(out)["Waves"])
    assert next(r for r in rows if r[0] == "I am listened to")[1:6] == [HIDDEN] * 4 + [None]


def test_compare_command_needs_two_waves(runner, folder, app, tmp_path):
    (folder / "pledge-2025.yaml").unlink()
    out = tmp_path / "waves.xlsx"
    result = runner.invoke("compare", SERIES, "--out", str(out), "--db", app.config["DATABASE"],
                           "--questionnaires", str(folder))
    assert result.exit_code == 1
    assert result.output == (f"Error: series '{SERIES}' has only one wave (pledge-2026): "
                             "comparing needs two or more consultations with the same series.\n")
    assert not out.exists()


def test_compare_command_unknown_series(runner, folder, app, tmp_path):
    result = runner.invoke("compare", "nope", "--out", str(tmp_path / "w.xlsx"),
                           "--db", app.config["DATABASE"], "--questionnaires", str(folder))
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: no consultation in {folder} is in series 'nope'.")
    assert "Known series: " in result.output and "test-pledge" in result.output
