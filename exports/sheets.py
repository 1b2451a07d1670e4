"""The Summary and By respondent type sheets (and By language, By age group: the same tables for
the splits of analysis.splits): the figures `analysis.summary` worked out, as tables.

Nothing here recomputes a statistic or decides what to hide: counts, percentages, net and median
come from a published summary (`analysis.disclosure.publish`), which holds no hidden figure; this
module only lays them out, says where a figure is not shown, and draws a native Excel chart from
each Likert table.
"""
from __future__ import annotations

import itertools
from io import BytesIO

from openpyxl.chart import BarChart, Reference, Series
from openpyxl.drawing.image import Image
from openpyxl.utils import get_column_letter

from analysis import charts
from analysis.splits import BY_LANGUAGE, BY_VERSION, asked_words
from analysis.summary import (NOT_ANSWERED, Breakdown, ChoiceSummary, ConsultationSummary,
                              LikertSummary)
from analysis.disclosure import HIDDEN, fewer_than, rule
from survey.definition.types import type_of

from .cells import BOLD, POINTS, RIGHT, WRAP_ROW, Sheet, cell, percent_cell, safe_text
from .columns import shorten

WIDTHS = [60, 11] + [11] * 18
ROW_PX = 20                      # a default row, 15 points
CHART_WIDTH_CM = 22
IMAGE_WIDTH_PX = 620
def palette(count: int, direction: str) -> list[str]:
    """The picture's colours (analysis/charts.py), as openpyxl wants them, so both charts read alike."""
    return [colour.lstrip("#") for colour in charts.palette(direction, count)]


def likert_labels(likert: LikertSummary, counts: bool = True, bottom: bool = True) -> list[str]:
    scale = likert.question.scale
    points = [p.label for p in scale.points]
    labels = ["Statement", "n"]
    if counts:
        labels += points + (["Don't know"] if scale.dont_know else [])
    labels += [f"% {p}" for p in points]
    # Table headers must be unique: "% Agree" may be both a point and the top label.
    top = f"% {scale.top_label}"
    labels.append(top if top not in labels else f"{top} (top {scale.top_count})")
    if bottom:
        low = f"% {scale.bottom_label}"
        labels.append(low if low not in labels else f"{low} (bottom {scale.bottom_count})")
    labels.append("Net (points)")
    if counts:
        labels.append("Median")
    return labels


def _likert_table(sheet: Sheet, likert: LikertSummary, name: str, threshold: int,
                 full: bool = True) -> int:
    """Write one table row per statement; return the header row."""
    ws, scale = sheet.ws, likert.question.scale
    labels = likert_labels(likert, counts=full, bottom=full)
    header = sheet.header(labels, numbers_from=2)
    small = f"{fewer_than(threshold)} answered: not shown"
    for s in likert.statements:
        row = [cell(ws, s.statement.text, alignment=WRAP_ROW, text=True), s.base]
        if not s.shown:
            # Too few answered; or, with enough, held back so the rest cannot be worked out.
            why = small if 0 < s.base < threshold else HIDDEN
            sheet.append(row + [cell(ws, why, alignment=RIGHT, text=True)])
            continue
        shown = s.base > 0
        if full:
            row += list(s.counts) + ([s.dont_know] if scale.dont_know else [])
        row += [percent_cell(ws, p if shown else None) for p in s.percents]
        row.append(percent_cell(ws, s.top if shown else None, bold=True))
        if full:
            row.append(percent_cell(ws, s.bottom if shown else None))
        row.append(cell(ws, s.net, number_format=POINTS) if shown else None)
        if full:
            row.append(cell(ws, s.median, alignment=RIGHT, text=True) if s.median else None)
        sheet.append(row)
    sheet.table(name, labels, header)
    return header


def _charts(sheet: Sheet, likert: LikertSummary, header: int, chart_png: bytes | None) -> None:
    """A native 100% stacked bar chart from the table's % columns, and the picture beside it."""
    ws, scale = sheet.ws, likert.question.scale
    statements = len(likert.statements)
    first = 3 + len(scale.points) + (1 if scale.dont_know else 0)
    chart = BarChart()
    chart.type, chart.grouping, chart.overlap, chart.gapWidth = "bar", "percentStacked", 100, 40
    chart.title = safe_text(shorten(likert.question.heading, 80))   # text in the file, gated
    colours = palette(len(scale.points), scale.direction)
    for index, point in enumerate(scale.points):
        values = Reference(ws, min_col=first + index, min_row=header + 1,
                           max_row=header + statements)
        series = Series(values, title=safe_text(point.label))
        series.graphicalProperties.solidFill = colours[index]
        series.graphicalProperties.line.solidFill = colours[index]
        chart.series.append(series)
    chart.set_categories(Reference(ws, min_col=1, min_row=header + 1, max_row=header + statements))
    chart.x_axis.scaling.orientation = "maxMin"     # first statement at the top, as in the table
    chart.x_axis.delete = chart.y_axis.delete = False
    chart.y_axis.crosses = "max"                    # ...which puts the % axis at the bottom
    chart.y_axis.number_format = "0%"
    chart.legend.position = "b"
    chart.width, chart.height = CHART_WIDTH_CM, 4 + 1.6 * statements
    height_px = chart.height / 2.54 * 96
    sheet.blank()
    if chart_png:
        sheet.note("Left: an Excel chart drawn from the table above. Right: the same figures "
                   f"as a picture, highest % {scale.top_label} first.")
    anchor_row = sheet.row + 1
    ws.add_chart(chart, f"A{anchor_row}")
    if chart_png:
        image = Image(BytesIO(chart_png))
        ratio = IMAGE_WIDTH_PX / image.width
        image.width, image.height = IMAGE_WIDTH_PX, round(image.height * ratio)
        height_px = max(height_px, image.height)
        chart_right = CHART_WIDTH_CM / 2.54 * 96 + 10
        column = next(c for c in itertools.count(1) if sheet.left_px(c) >= chart_right)
        image.anchor = f"{get_column_letter(column)}{anchor_row}"
        ws.add_image(image)
    sheet.blank(int(height_px // ROW_PX) + 2)


def _choice_table(sheet: Sheet, choice: ChoiceSummary, summary: ConsultationSummary) -> None:
    ws, breakdown = sheet.ws, summary.breakdown
    question = choice.question
    groups = ({g.id: g for g in breakdown.groups}
              if breakdown is not None and breakdown.question.id == question.id else None)
    sheet.heading(question.heading)
    asked_note(sheet, summary, question.id)
    if not choice.shown:
        sheet.note(f"{choice.answered:,} answered this question: {fewer_than(summary.threshold)}, "
                   "so its figures are not shown.")
        sheet.blank()
        return
    if groups is not None:
        sheet.note(rule(breakdown.threshold))
    labels = ["Answer", "Responses", "% of those who answered"]
    header = sheet.header(labels, numbers_from=2)
    for (option, label, count), share in zip(choice.counts, choice.percents):
        label_cell = cell(ws, label, alignment=WRAP_ROW, text=True)
        if count is None:
            sheet.append([label_cell, HIDDEN])
        else:
            sheet.append([label_cell, count, percent_cell(ws, share)])
    if groups is not None and NOT_ANSWERED in groups:
        group = groups[NOT_ANSWERED]
        sheet.append([group.label, HIDDEN if group.suppressed else group.respondents])
    sheet.table(f"Summary_{question.id}", labels, header)
    if groups is not None and any(g.suppressed for g in groups.values()):
        sheet.note("Percentages are not shown while a group is hidden: they would give its size "
                   "away.")
    else:
        left_out = [label for (_, label, _), share in zip(choice.counts, choice.percents)
                    if share is None]
        if left_out and choice.base is not None:
            sheet.note(f"{' and '.join(left_out)}: counted, but left out of the percentages, "
                       f"which are of the {choice.base:,} who gave another answer.")
    if type_of(question).many:
        sheet.note("People could pick more than one answer, so the percentages can add up to "
                   "more than 100%.")
    sheet.blank()


def too_few(sheet: Sheet, summary: ConsultationSummary, what: str = "figures") -> bool:
    """Say so, when a published summary has too few responses to show any of `what`."""
    if summary.too_few:
        sheet.note(f"There were {fewer_than(summary.threshold)} responses, so no {what} are "
                   "shown: with so few, a young person could be picked out from them.")
    return summary.too_few


def write_summary(sheet: Sheet, summary: ConsultationSummary, chart_png: bytes | None) -> None:
    sheet.title(f"Summary: {summary.questionnaire.title}")
    if too_few(sheet, summary):
        return
    sheet.note(f"{summary.responses:,} responses. n is the number who picked a point of the "
               "scale; percentages are of n. The About sheet explains every measure.")
    sheet.blank()
    for index, likert in enumerate(summary.likert.values()):
        sheet.heading(likert.question.heading)
        asked_note(sheet, summary, likert.question.id)
        header = _likert_table(sheet, likert, f"Summary_{likert.question.id}", summary.threshold)
        _charts(sheet, likert, header, chart_png if index == 0 else None)
    for choice in summary.choices.values():
        _choice_table(sheet, choice, summary)
    for question in not_shown(summary):
        sheet.heading(question.heading)
        asked_note(sheet, summary, question.id)
        sheet.blank()


def asked_note(sheet: Sheet, summary: ConsultationSummary, question_id: str) -> None:
    for words in asked_words(summary, question_id):
        sheet.note(words)


def not_shown(summary: ConsultationSummary) -> list:
    """The questions left out of a published summary by rule 6, in questionnaire order."""
    return [q for q in summary.questionnaire.questions if q.id in summary.not_shown]


def write_by_type(sheet: Sheet, summary: ConsultationSummary) -> None:
    sheet.title("Results by respondent type")
    if too_few(sheet, summary):
        return
    if summary.breakdown is None:
        sheet.note("This consultation has no question that splits the results by who answered.")
        return
    write_groups(sheet, summary, summary.breakdown, "Respondent type", "ByType")


# The sheets of the splits by language and by version (analysis.splits): split id -> (sheet
# name, its title, the groups' column, the prefix of its tables' names).
SPLIT_SHEETS = {
    BY_LANGUAGE: ("By language", "Results by the language young people answered in",
                  "Language", "ByLanguage"),
    BY_VERSION: ("By age group", "Results by the version for their age group", "Age group",
                 "ByAge"),
}


def write_by_split(sheet: Sheet, summary: ConsultationSummary, split_id: str) -> None:
    """A split's sheet: how many answered in each group, then each Likert question per group,
    small groups hidden as on the By respondent type sheet."""
    _, title, first, prefix = SPLIT_SHEETS[split_id]
    sheet.title(title)
    if too_few(sheet, summary):
        return
    write_groups(sheet, summary, summary.split(split_id), first, prefix)


def write_groups(sheet: Sheet, summary: ConsultationSummary, breakdown: Breakdown,
                 first: str, prefix: str) -> None:
    ws = sheet.ws
    hidden = HIDDEN
    by_version = breakdown.question.id == BY_VERSION
    sheet.note(rule(breakdown.threshold))
    sheet.blank()
    sheet.heading(breakdown.question.heading)
    labels = [first, "Responses"]
    header = sheet.header(labels, numbers_from=2)
    for group in breakdown.groups:
        sheet.append([cell(ws, group.label, alignment=WRAP_ROW, text=True),
                      hidden if group.suppressed else group.respondents])
    sheet.table(f"{prefix}_groups", labels, header)
    for likert in summary.likert.values():
        sheet.blank()
        sheet.heading(likert.question.heading)
        asked_note(sheet, summary, likert.question.id)
        asked = summary.asked_only.get(likert.question.id)
        for group in breakdown.groups:
            name = cell(ws, group.label, font=BOLD, text=True)
            if group.suppressed:
                sheet.append([name, hidden])
                continue
            if by_version and asked is not None and group.id not in asked \
                    and group.id != NOT_ANSWERED:
                sheet.append([name, "Not asked of this group"])
                continue
            sheet.append([name, f"{group.respondents} responses"])
            _likert_table(sheet, breakdown.likert[(likert.question.id, group.id)],
                          f"{prefix}_{likert.question.id}_{group.id}", breakdown.threshold,
                          full=False)
            sheet.blank()
