"""The waves workbook: one consultation run several times, compared statement by statement.

Sheets: Waves (per Likert question a table, one row per statement: for each wave its n and % in
the top group, then from the second wave on the change from the wave before in points, whether it
is unlikely to be chance with its 95% range and p-value, and what the council did after the
wave before: the "You said, we did" actions, given as plain words) and About (the waves, how
each figure is worked out and how changes are tested, the small-number rule). The figures and
tests are `analysis.waves`'s own; nothing is recomputed. Only definition text, officers' action
words and numbers are written, never anything a respondent typed; all words pass
`exports.safe.gate` in `exports.cells`, as every cell does.
"""
from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from typing import BinaryIO, Mapping, Sequence

from openpyxl import Workbook
from openpyxl.styles import Alignment

from analysis.disclosure import HIDDEN, Audience
from analysis.significance import METHOD
from analysis.waves import QuestionTrend, StatementTrend, Wave, WaveComparison, wave_rule

from .cells import (
    BOLD, LEFT, TOP, WRAP, WRAP_RIGHT, WRAP_ROW, Sheet, cell, long_date, long_time, percent_cell,
)

SHEETS = ("Waves", "About")
CHANGE_FORMAT = "+0;-0;0"
P_FORMAT = '[<0.001]"<0.001";0.000'   # a tiny p reads "<0.001", not 0.000
STATEMENT_WIDTH, NUMBER_WIDTH, WORDS_WIDTH, NOTES_WIDTH = 50, 14, 22, 50
# What was done after a wave, per statement: {earlier wave's id: {(question id, statement id):
# ["Done: We did ...", ...]}}, plain words (this room reads no database: survey.results does).
ActionsAfter = Mapping[str, Mapping[tuple[str, str], Sequence[str]]]
# The columns each wave after the first adds, after its n and %: (label naming the wave
# before, width, holds numbers).
CHANGE_COLUMNS = (
    ("Change from {before} (points)", NUMBER_WIDTH, True),
    ("Change from {before}: unlikely to be chance?", WORDS_WIDTH, False),
    ("Change from {before}: 95% range from (points)", NUMBER_WIDTH, True),
    ("Change from {before}: 95% range to (points)", NUMBER_WIDTH, True),
    ("Change from {before}: p-value", NUMBER_WIDTH, True),
    ("What we did after {before}", NOTES_WIDTH, False),
)
# Table rows sit at the bottom, as Excel's numbers do; hidden figures are words in number columns.
WRAP_ROW_RIGHT = Alignment(wrap_text=True, horizontal="right")


def write_waves_workbook(comparison: WaveComparison, out: str | Path | BinaryIO,
                         generated_at: datetime | None = None,
                         includes_demo: bool = False,
                         actions: ActionsAfter | None = None) -> None:
    workbook = Workbook(write_only=True)
    names: set[str] = set()
    widths = [STATEMENT_WIDTH]
    for index, _ in enumerate(comparison.waves):     # n and % per wave, a change from the 2nd
        widths += [NUMBER_WIDTH] * 2 + ([w for _, w, _ in CHANGE_COLUMNS] if index else [])
    widths.append(NOTES_WIDTH)
    waves = Sheet(workbook, "Waves", widths, freeze="B1", table_names=names)
    about = Sheet(workbook, "About", [28, 100], table_names=names)
    write_waves(waves, comparison, actions or {})
    write_about(about, comparison, generated_at or datetime.now(timezone.utc), includes_demo)
    workbook.save(out)


def labels(comparison: WaveComparison, question: QuestionTrend) -> list[str]:
    """Statement, then per wave "<wave> n" and "<wave> % <top>", and from the second wave on
    CHANGE_COLUMNS naming the wave before, then Notes. Wave names are unique, so these are
    too."""
    result = ["Statement"]
    previous = None
    for wave in comparison.waves:
        result += [f"{wave.name} n", f"{wave.name} % {question.top_label}"]
        if previous is not None:
            result += [label.format(before=previous) for label, _, _ in CHANGE_COLUMNS]
        previous = wave.name
    return result + ["Notes"]


def write_waves(sheet: Sheet, comparison: WaveComparison,
                actions: ActionsAfter | None = None) -> None:
    ws = sheet.ws
    sheet.title(f"Waves: {comparison.title}")
    names = ", ".join(w.name for w in comparison.waves)
    sheet.note(f"Series {comparison.series}: {names}. n is the number who picked a "
               "point of the scale; % is of n. The About sheet explains each figure.")
    sheet.note(wave_rule(comparison.threshold))
    sheet.blank()
    if not comparison.questions:
        sheet.note("No wave of this series has a question with statements on a scale.")
    for question in comparison.questions:
        sheet.heading(question.heading)
        count = len(question.top_points)
        sheet.note(f"% {question.top_label}: the top {count} point"
                   f"{'' if count == 1 else 's'} ({', '.join(question.top_points)}).")
        header_labels = labels(comparison, question)
        words = {label.format(before=w.name) for w in comparison.waves
                 for label, _, numbers in CHANGE_COLUMNS if not numbers}
        numeric = set(header_labels[1:-1]) - words
        # Numbers' headers on the right, over their numbers; Statement and Notes on the left.
        header = sheet.append([cell(ws, label, font=BOLD, text=True,
                                    alignment=WRAP_RIGHT if label in numeric else WRAP)
                               for label in header_labels])
        for statement in question.statements:
            sheet.append(_row(ws, comparison, question, statement, actions or {}))
        sheet.table(f"Waves_{question.id}", header_labels, header)
        sheet.blank()


def _row(ws, comparison: WaveComparison, question: QuestionTrend, statement: StatementTrend,
         actions: ActionsAfter) -> list:
    row = [cell(ws, statement.text, alignment=WRAP_ROW, text=True)]
    for index, figure in enumerate(statement.figures):
        if figure.hidden:
            row += [cell(ws, HIDDEN, alignment=WRAP_ROW_RIGHT, text=True) for _ in range(2)]
        else:
            row += [figure.base, percent_cell(ws, figure.top)]
        if index:
            row += _change(ws, figure.change, figure.tested)
            done = actions.get(comparison.waves[index - 1].id, {}).get(
                (question.id, statement.statement_id), ())
            row.append(cell(ws, "\n".join(done), alignment=WRAP_ROW, text=True) if done else None)
    notes = _notes(comparison, statement)
    row.append(cell(ws, notes, alignment=WRAP_ROW, text=True) if notes else None)
    return row


def _change(ws, change: float | None, tested) -> list:
    """The change in points, its verdict, 95% range and p-value: blank where not compared."""
    if change is None or tested is None:
        return [None] * 5
    numbers = [cell(ws, value, number_format=fmt) if value is not None else None
               for value, fmt in ((tested.low, CHANGE_FORMAT), (tested.high, CHANGE_FORMAT),
                                  (tested.p_value, P_FORMAT))]
    return [cell(ws, change, number_format=CHANGE_FORMAT),
            cell(ws, tested.verdict.words, alignment=WRAP_ROW, text=True), *numbers]


def _notes(comparison: WaveComparison, statement: StatementTrend) -> str:
    notes = []
    not_asked = [w.name for w, f in zip(comparison.waves, statement.figures) if not f.asked]
    if not_asked:
        notes.append(f"Not asked in {', '.join(not_asked)}.")
    for wave, figure in zip(comparison.waves, statement.figures):
        if figure.asked and figure.text != statement.text:
            notes.append(f'In {wave.name} it read: "{figure.text}".')
        if figure.scale_changed:
            notes.append(f"Other scale points in {wave.name}: no change shown.")
    return " ".join(notes)


# The printed summary of `survey compare`.
CHANGES_FROM = ("Changes from {before} to {wave} (a two-proportion test at 95%: about 1 in 20 "
                "changes marked unlikely to be chance can still be chance):")
NO_CHANGES = "  No statement has figures shown in both waves."
NO_CHANGE_SHOWN = "No change shown (not asked, hidden or on other scale points in one wave)"


def summary_lines(comparison: WaveComparison, actions: ActionsAfter | None = None) -> list[str]:
    """Per wave after the first, each statement with a change shown (or actions after the wave
    before): its verdict, the % in both waves, the change with its 95% range and p-value, then
    what was done after the wave before. For the `survey compare` command to print."""
    actions = actions or {}
    lines = []
    for index, (before, wave) in enumerate(zip(comparison.waves, comparison.waves[1:]), 1):
        lines.append(CHANGES_FROM.format(before=before.name, wave=wave.name))
        shown = 0
        for question, statement in comparison.rows:
            earlier, figure = statement.figures[index - 1], statement.figures[index]
            done = actions.get(before.id, {}).get((question.id, statement.statement_id), ())
            if figure.tested is None and not done:
                continue
            shown += 1
            lines.append(f"  {statement.text}")
            if figure.tested is None:
                lines.append(f"    {NO_CHANGE_SHOWN}")
            else:
                tested = figure.tested
                numbers = [f"{tested.points:+.0f} points"]
                if tested.p_value is not None:
                    numbers += [f"95% range {tested.range_text}", _p(tested.p_value)]
                lines.append(f"    {tested.verdict.words}: {earlier.top:.0f}% to "
                             f"{figure.top:.0f}% ({', '.join(numbers)})")
            lines += [f"    What we did after {before.name}: {words}" for words in done]
        if not shown:
            lines.append(NO_CHANGES)
    return lines


def _p(p_value: float) -> str:
    return "p < 0.001" if p_value < 0.001 else f"p = {p_value:.3f}"


def write_about(sheet: Sheet, comparison: WaveComparison, generated_at: datetime,
                includes_demo: bool) -> None:
    sheet.title(f"Waves: {comparison.title}")
    _fact(sheet, "Who this file is for", Audience.MANAGERS.description)
    _fact(sheet, "Organisation", comparison.organisation)
    _fact(sheet, "Series", comparison.series)
    _fact(sheet, "Generated", long_time(generated_at))
    _fact(sheet, "Demo responses", "INCLUDED: made-up practice responses are counted in every "
          "figure. Do not publish these results." if includes_demo
          else "Not included: only real responses are counted.")
    sheet.blank()
    sheet.heading("Waves, oldest first")
    for wave in comparison.waves:
        _fact(sheet, wave.name, f"{wave.title} ({wave.id}), {_dates(wave)}: "
              f"{wave.responses_text}.")
    sheet.blank()
    sheet.heading("How the figures are worked out")
    for label, text in (
            ("n", "Respondents who picked a point of the scale in that wave. \"Don't know\" "
             "answers and people who skipped the statement are not in n."),
            ("% (top group)", "The top points of the scale together (for example Always or "
             "Usually), as a % of n. Each table says which points."),
            ("Change (points)", "The % in a wave minus the % in the wave just before, in "
             "percentage points, worked out before rounding: it can differ by 1 from the "
             "difference of the rounded percentages. Blank where either wave did not ask the "
             "statement, is hidden, had no answers, or used other scale points."),
            ("Statements", "A statement keeps its id from wave to wave, so one reworded is still "
             "one row, shown in its latest wording; the Notes column gives earlier wordings. "
             "A statement dropped keeps its earlier waves' figures."),
            *METHOD,
            ("What we did after", "The \"You said, we did\" actions the council wrote for "
             "that statement after the wave named, each with its status: what it did (or "
             "planned to do) before the next wave asked again."),
            ("Small numbers", wave_rule(comparison.threshold)),
            ("Respondent text", "None: this workbook holds only the questionnaires' own words, "
             "the council's actions and figures. Comments are in each wave's results "
             "workbook.")):
        _fact(sheet, label, text)


def _dates(wave: Wave) -> str:
    if wave.opens and wave.closes:
        return f"{long_date(wave.opens)} to {long_date(wave.closes)}"
    if wave.opens or wave.closes:
        return f"{'opened' if wave.opens else 'closed'} {long_date(wave.opens or wave.closes)}"
    return "no dates set"


def _fact(sheet: Sheet, label: str, value) -> None:
    if isinstance(value, str):
        value = cell(sheet.ws, value, alignment=WRAP, text=True)
    else:
        value = cell(sheet.ws, value, alignment=LEFT)
    sheet.append([cell(sheet.ws, label, font=BOLD, alignment=TOP, text=True), value])
