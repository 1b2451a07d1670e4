"""The results workbook managers download for the corporate parenting board.

Sheets, in order: About (what, when, for whom, how the measures are defined, the small-number
rules), Summary (a table and charts per Likert question, counts per choice question), By
respondent type (the same per group, small groups hidden), By language and By age group (the
same per language and per version for an age band, when the consultation has more than one
language or has versions), Comments (every published free-text
answer, "Other" answer and "Tell us more" text, with the officers' themes on it) and Themes
(comments per theme per question; only when the summary carries themes).

It is written only from a published summary (`analysis.disclosure.publish`): figures, never a row
per response. The team's one-row-per-response files are `exports.raw`.

`write_summary_workbook` writes only the About, Summary and By respondent type sheets: the
published aggregates kept when a consultation's raw responses are deleted (survey/retention.py).

The workbook is written in openpyxl's write-only mode, which still takes column widths, frozen
panes, auto filters, Excel tables, styled cells, native charts and images: with 80,000 comments a
normal-mode Comments sheet costs far more memory.
"""
from __future__ import annotations

from datetime import date, datetime, timezone
from pathlib import Path
from typing import BinaryIO, Mapping, Sequence

from openpyxl import Workbook

from analysis.disclosure import HIDDEN, Audience, fewer_than, rules
from analysis.splits import language_name
from analysis.summary import Comment, ConsultationSummary
from analysis.turnout import Turnout
from survey.definition import OTHER, Question

from .cells import BOLD, LEFT, TOP, WRAP, WRAP_ROW, Sheet, cell, long_date, long_time
from .columns import shorten
from .sheets import SPLIT_SHEETS, WIDTHS, too_few, write_by_split, write_by_type, write_summary
from .you_said_sheet import SHEET as YOU_SAID, ActionRow, write_you_said, you_said_sheet

SHEETS = ("About", "Summary", "By respondent type", "Comments")
THEMES = "Themes"                # after Comments, when the summary has themes
SUMMARY_SHEETS = SHEETS[:3]
SHEET_NOTES = {
    "Summary": "Results per statement and per choice question, with charts.",
    "By respondent type": "The same results for each kind of respondent, small groups hidden.",
    "By language": "The same results for each language young people answered in, small groups "
                   "hidden. Every other sheet counts every language together.",
    "By age group": "The same results for each version for an age group, small groups hidden. "
                    "Every other sheet counts every version together.",
    "Comments": "Free-text answers, \"Other\" answers and \"Tell us more\" texts, one per row, "
                "in alphabetical order within each question.",
    THEMES: "How many comments officers tagged with each theme, per question.",
    YOU_SAID: "What young people said and what is being done about it: one row per action, "
              "with its status, due date and team, and whether it is overdue.",
}
# The same words whatever was flagged: saying that a comment was left out would tell the board
# that a young person wrote something worrying (analysis.disclosure, rule 4).
COMMENTS_NOTE = ("Only comments nobody flagged for safeguarding review, or that an officer "
                 "reviewed and found no concern in. Whether any were left out is not said here.")
THEME_HEADER_LENGTH = 40
COMMENT_QUESTION_LENGTH = 64
TELL_US_MORE = "Tell us more"


def split_sheets(summary: ConsultationSummary) -> list[tuple[str, str]]:
    """(split id, sheet name) of each split the summary has: by language, by age group."""
    return [(split.question.id, SPLIT_SHEETS[split.question.id][0]) for split in summary.splits]


def sheet_names(summary: ConsultationSummary, you_said: bool = False) -> list[str]:
    names = list(SHEETS)
    names[3:3] = [name for _, name in split_sheets(summary)]
    if summary.themes is not None:
        names.append(THEMES)
    if you_said:
        names.append(YOU_SAID)
    return names


def _published(summary: ConsultationSummary) -> None:
    if not summary.published:
        raise ValueError("the results workbook is written from a published summary: "
                         "analysis.disclosure.publish(summary, threshold, withheld)")


def write_workbook(summary: ConsultationSummary, out: str | Path | BinaryIO,
                   chart_png: bytes | None = None, generated_at: datetime | None = None,
                   includes_demo: bool = False, versions: Mapping[str, int | None] | None = None,
                   turnout: Turnout | None = None,
                   audience: Audience = Audience.MANAGERS,
                   you_said: Sequence[ActionRow] | None = None) -> None:
    """Write the results workbook of a published summary to a path or a binary file.
    `versions`: responses per definition version, as `count_table` publishes them; `turnout`:
    how many took part against how many were invited; `you_said`: the "You said, we did"
    rows, a last sheet when given (saying "No actions yet" when empty)."""
    _published(summary)
    workbook = Workbook(write_only=True)
    names: set[str] = set()
    about = Sheet(workbook, "About", [28, 100], table_names=names)
    summary_sheet = Sheet(workbook, "Summary", WIDTHS, table_names=names)
    by_type = Sheet(workbook, "By respondent type", WIDTHS, table_names=names)
    splits = [(split_id, Sheet(workbook, name, WIDTHS, table_names=names))
              for split_id, name in split_sheets(summary)]
    comments = Sheet(workbook, "Comments", [COMMENT_QUESTION_LENGTH - 6, 80, 48, 36],
                     freeze="A2", table_names=names)
    themes = (Sheet(workbook, THEMES, [40] + [18] * 30, freeze="B2", table_names=names)
              if summary.themes is not None else None)
    actions = you_said_sheet(workbook, names) if you_said is not None else None
    write_about(about, summary, versions or {}, generated_at or datetime.now(timezone.utc),
                includes_demo, sheet_names(summary, actions is not None), turnout=turnout,
                audience=audience)
    write_summary(summary_sheet, summary, chart_png)
    write_by_type(by_type, summary)
    for split_id, sheet in splits:
        write_by_split(sheet, summary, split_id)
    write_comments(comments, summary)
    if themes is not None:
        write_themes(themes, summary)
    if actions is not None:
        write_you_said(actions, you_said)
    workbook.save(out)


def write_summary_workbook(summary: ConsultationSummary, out: str | Path | BinaryIO,
                           versions: Mapping[str, int | None], kept_note: str,
                           generated_at: datetime | None = None) -> None:
    """Only the published aggregates: About, Summary (no chart picture) and By respondent
    type. No comment, no response row: what is kept when the raw responses are deleted."""
    _published(summary)
    workbook = Workbook(write_only=True)
    names: set[str] = set()
    about = Sheet(workbook, "About", [28, 100], table_names=names)
    summary_sheet = Sheet(workbook, "Summary", WIDTHS, table_names=names)
    by_type = Sheet(workbook, "By respondent type", WIDTHS, table_names=names)
    splits = [(split_id, Sheet(workbook, name, WIDTHS, table_names=names))
              for split_id, name in split_sheets(summary)]
    write_about(about, summary, versions, generated_at or datetime.now(timezone.utc), False,
                list(SUMMARY_SHEETS) + [name for _, name in split_sheets(summary)],
                kept_note=kept_note)
    write_summary(summary_sheet, summary, None)
    write_by_type(by_type, summary)
    for split_id, sheet in splits:
        write_by_split(sheet, summary, split_id)
    workbook.save(out)


def write_comments(sheet: Sheet, summary: ConsultationSummary) -> None:
    """One row per comment. Only the comment is a styled cell: with 80,000 comments every
    styled cell costs seconds, so the question is a one-line label and the rest plain values."""
    ws = sheet.ws
    if too_few(sheet, summary, "comments"):
        return
    with_themes = summary.themes is not None
    sheet.header(["Question", "Comment", "Note"] + (["Themes"] if with_themes else []))
    for question in summary.questionnaire.questions:
        label = shorten(question.heading, COMMENT_QUESTION_LENGTH)
        notes: dict[str, str | None] = {}
        for comment in summary.comments.get(question.id, ()):
            if comment.item_id not in notes:
                notes[comment.item_id] = comment_note(question, comment)
            row = [
                label,
                cell(ws, comment.text, alignment=WRAP_ROW, text=True),
                notes[comment.item_id],
            ]
            if with_themes:
                row.append(THEME_SEPARATOR.join(comment.tags) or None)
            sheet.append(row)
    sheet.ws.auto_filter.ref = f"A1:{'D' if with_themes else 'C'}{max(sheet.row, 2)}"


THEME_SEPARATOR = "; "


def write_themes(sheet: Sheet, summary: ConsultationSummary) -> None:
    """One row per theme, one column per question with comments: how many comments carry it."""
    ws, themes = sheet.ws, summary.themes
    sheet.title("Themes in the comments")
    sheet.note("How many comments officers tagged with each theme, per question. A comment can "
               "have several themes, so a column can add up to more than its comments.")
    if not themes.themes:
        sheet.note("No themes yet: officers add them on the comments page.")
        return
    questions = {q.id: q for q in summary.questionnaire.questions}
    labels = ["Theme"]
    for question_id in themes.question_ids:
        question = questions.get(question_id)
        label = shorten(question.heading, THEME_HEADER_LENGTH) if question else question_id
        labels.append(label if label not in labels else f"{label} ({question_id})")
    labels.append("All questions")
    header = sheet.header(labels, numbers_from=2)
    for theme in themes.themes:
        sheet.append([cell(ws, theme, alignment=WRAP_ROW, text=True)]
                     + [themes.count(theme, qid) for qid in themes.question_ids]
                     + [themes.total(theme)])
    sheet.table("Themes", labels, header)


def comment_note(question: Question, comment: Comment) -> str | None:
    """What a comment answers, when it is not the question's own text box: 'Their words for
    "Other"', 'Their words for "Tell us more"', or for a statement's box also which statement."""
    if comment.item_id == OTHER:
        return f'Their words for "{question.other or "Other"}"'
    if not comment.is_tell_us_more:
        return None
    statement_id = comment.statement_id
    if not statement_id:
        return f'Their words for "{question.comment or TELL_US_MORE}"'
    statement = next((s for s in question.statements if s.id == statement_id), None)
    box = statement.comment if statement and statement.comment else TELL_US_MORE
    about = shorten(statement.text, COMMENT_QUESTION_LENGTH) if statement else statement_id
    return f'Their words for "{box}", about "{about}"'


def _measures(summary: ConsultationSummary) -> list[tuple[str, str]]:
    rows = [("n (base)", "Respondents who picked a point of the scale. \"Don't know\" answers are "
             "counted and shown, but are not in the base; nor are people who skipped the "
             "statement."),
            ("% per point", "The count for that point as a share of n.")]
    scales = {q.question.scale.id: q.question.scale for q in summary.likert.values()}
    for scale in scales.values():
        top = ", ".join(p.label for p in scale.points[: scale.top_count])
        bottom = ", ".join(p.label for p in scale.points[len(scale.points) - scale.bottom_count:])
        rows += [(f"% {scale.top_label}",
                  f"The top {scale.top_count} points ({top}), as a % of n."),
                 (f"% {scale.bottom_label}",
                  f"The bottom {scale.bottom_count} points ({bottom}), as a % of n."),
                 ("Net (points)", f"% {scale.top_label} minus % {scale.bottom_label}, in "
                  "percentage points.")]
    rows += [("Median", "The point where the running count, from the top of the scale, first "
              "reaches half of n."),
             ("Choice questions", "% of those who answered the question. Where people could "
              "pick more than one answer the percentages can add up to more than 100%.")]
    return rows


def write_about(sheet: Sheet, summary: ConsultationSummary, versions: Mapping[str, int | None],
                generated_at: datetime, includes_demo: bool, sheets: list[str] | None = None,
                kept_note: str | None = None, turnout: Turnout | None = None,
                audience: Audience = Audience.MANAGERS) -> None:
    questionnaire = summary.questionnaire
    threshold = summary.threshold
    few = f"{fewer_than(threshold)} responses"
    answered = "; ".join(
        f"{version or 'unknown'} ({HIDDEN if n is None else f'{n:,} responses'})"
        for version, n in sorted(versions.items(), key=lambda item: -(item[1] or 0)))
    facts = [
        ("Who this file is for", audience.description),
        ("Organisation", questionnaire.organisation.name),
        ("Consultation id", questionnaire.id),
        ("Definition version", questionnaire.version),
        ("Versions answered", few if summary.too_few else answered or "no responses yet"),
        ("Opens", long_date(questionnaire.opens)),
        ("Closes", long_date(questionnaire.closes)),
        ("Responses", few if summary.too_few else summary.responses),
    ]
    if len(questionnaire.languages) > 1:
        facts.append(("Languages", "Offered in " + ", ".join(
            language_name(code) for code in questionnaire.languages) + ". Every language's "
            "answers are counted together, under the words of " + language_name(
                questionnaire.language) + "."))
    if questionnaire.versions:
        facts.append(("Versions for age groups", "; ".join(
            v.name for v in questionnaire.versions) + ". Every version's answers to a question "
            "are counted together; a question only some versions ask says so."))
    if turnout is not None and turnout.invited:
        facts.append(("Invited", turnout.invited))
    if turnout is not None:
        facts.append(("Response rate" if turnout.invited else "Who took part",
                      turnout.sentence(threshold)))
    facts += [
        ("First response", _day(summary.first_submitted)),
        ("Last response", _day(summary.last_submitted)),
        ("Generated", long_time(generated_at)),
        ("Demo responses", "INCLUDED: made-up practice responses are counted in every figure. "
         "Do not publish these results." if includes_demo
         else "Not included: only real responses are counted."),
    ]
    if "Comments" in (sheets or ()):
        facts.append(("Comments included", COMMENTS_NOTE))
    if kept_note:
        facts.append(("Raw responses", kept_note))
    sheet.title(questionnaire.title)
    for label, value in facts:
        _fact(sheet, label, value)
    sheet.blank()
    sheet.heading("Small numbers")
    for label, value in rules(threshold):
        _fact(sheet, label, value)
    sheet.blank()
    sheet.heading("How the measures are defined")
    for label, value in _measures(summary):
        _fact(sheet, label, value)
    sheet.blank()
    sheet.heading("Respondent text")
    _fact(sheet, "Shown as text", "Text that begins with = + - @ or a tab or line break, or "
          "that looks like an Excel error such as #N/A, is shown with a ' in front, so that "
          "spreadsheet programs show what was written and never run it as a formula. This is "
          "true of answers and of the consultation's own words (titles, questions, labels).")
    sheet.blank()
    sheet.heading("Sheets")
    for name in (sheets or list(SHEETS))[1:]:
        _fact(sheet, f"{name} sheet", SHEET_NOTES[name])


def _day(stamp: str | None) -> str:
    if not stamp:
        return "none shown"
    return long_date(date.fromisoformat(stamp[:10]))


def _fact(sheet: Sheet, label: str, value) -> None:
    if isinstance(value, str):
        value = cell(sheet.ws, value, alignment=WRAP, text=True)
    else:
        value = cell(sheet.ws, value, alignment=LEFT)
    sheet.append([cell(sheet.ws, label, font=BOLD, alignment=TOP, text=True), value])
