"""The board report as a document: what it says, in order, made in one place so that the Word
file and the PDF say the same thing.

`build` takes only what may go to the corporate parenting board: the summary that
`survey.results.reports.public_of` makes (published by `analysis.disclosure`, with only the
comments an officer chose to quote), the response rate published the same way, the "You said,
we did" actions and the charts with their alt text, all as plain data. Nothing here counts,
recomputes or decides what to hide: a figure the published summary does not hold cannot appear,
and a group the disclosure layer suppressed is shown as HIDDEN, exactly where the workbook shows
it (its figures never, its name only beside HIDDEN).

The document is a list of sections, each a heading and blocks (`exports.board.document`):
`exports.board.word` and `exports.board.pdf` only lay it out. What must stay
true: headings go Summary, Results by question, Method (level 1), each with its level-2
headings; every table has a header row; every picture has its alt text.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Sequence

from analysis.charts import percent_text
from analysis.disclosure import HIDDEN, fewer_than, rule, rules
from analysis.splits import BY_LANGUAGE, BY_VERSION, asked_words, language_name
from analysis.summary import (NOT_ANSWERED, Breakdown, ChoiceSummary, ConsultationSummary,
                              LikertSummary)
from analysis.turnout import Turnout

from .document import (Block, Bullets, Paragraph, Picture, Quote, Report, Section, Table,
                       long_date)

TOP_COUNT = 3          # statements named with the highest and with the lowest share
THEMES_SHOWN = 5       # the most-tagged themes named in the summary
NO_EARLIER_WAVE = "There is no earlier wave of this consultation to compare with."
NO_CHANGES = ("No statement changed since the last wave by more than chance could explain.")
TOO_FEW_TO_TEST = ("Too few people answered in the last wave or this one to tell whether any "
                   "statement changed by more than chance could explain, so no change is marked.")
# The Method's sentence when no other is given (survey.results.board gives the test's words).
WAVES_METHOD = ("Where there is an earlier wave, a change in a statement's share in the top "
                "group is listed only when a statistical test at the 95% level says it is "
                "unlikely to be chance.")
NO_QUOTES = "No comments have been chosen to quote."
# The splits by language and by version (analysis.splits): their headings, and what their groups
# are called in a table's header.
SPLITS = {BY_LANGUAGE: ("By language", "Language"), BY_VERSION: ("By age group", "Age group")}


# -- what comes in as plain data ------------------------------------------------------------------

@dataclass(frozen=True)
class Chart:
    """A published chart (survey.results.reports.charts_of), drawn as PNG."""
    name: str            # the question id, or "respondents"
    title: str
    alt: str
    png: bytes


@dataclass(frozen=True)
class ChannelRow:
    """One channel as the dashboard publishes it (survey.results.dashboard): count None when
    hidden."""
    label: str
    count: int | None
    percent: float | None = None     # of those invited


@dataclass(frozen=True)
class Action:
    """One "You said, we did" action, as officers name it (survey.store.actions)."""
    about: str
    said: str
    we_will: str
    status: str
    we_did: str = ""
    reason: str = ""
    due: date | None = None
    team: str = ""


@dataclass(frozen=True)
class Change:
    """A statement's change in the top group since the last wave that a test says is unlikely
    to be chance (analysis.waves, wired by the lead)."""
    question: str
    statement: str
    before: float
    after: float
    earlier: str = ""    # the earlier wave's name

    @property
    def words(self) -> str:
        points = self.after - self.before
        way = "up" if points > 0 else "down"
        since = f" since {self.earlier}" if self.earlier else ""
        return (f"{self.statement} ({self.question}): {percent_text(self.before)} to "
                f"{percent_text(self.after)}, {way} {abs(points):.0f} points{since}.")


@dataclass(frozen=True)
class Inputs:
    summary: ConsultationSummary     # public_of: published, quoted comments only
    turnout: Turnout
    channels: tuple[ChannelRow, ...] = ()
    actions: tuple[Action, ...] = ()
    charts: tuple[Chart, ...] = ()
    # None: no earlier wave; a sequence (maybe empty): the changes unlikely to be chance.
    changes: Sequence[Change] | None = None
    # True: there is an earlier wave, but no change could be tested (too few people in each).
    too_few_to_test: bool = False
    waves_method: str = WAVES_METHOD
    made_on: date = field(default_factory=date.today)
    includes_demo: bool = False


def build(given: Inputs) -> Report:
    summary = given.summary
    if not summary.published:
        raise ValueError("the board report is made from a published summary: "
                         "survey.results.reports.public_of")
    questionnaire = summary.questionnaire
    sections = [Section("Summary", 1, _demo_warning(given))]
    sections += _summary(given)
    sections.append(Section("Results by question", 1, (Paragraph(_by_question_note(summary)),)))
    sections += _questions(given)
    sections.append(Section("Method", 1))
    sections += _method(given)
    return Report(questionnaire.title, questionnaire.organisation.name, given.made_on,
                  tuple(sections), given.includes_demo)


def _demo_warning(given: Inputs) -> tuple[Block, ...]:
    if not given.includes_demo:
        return ()
    return (Paragraph("DEMO RESPONSES INCLUDED: made-up practice responses are counted in every "
                      "figure. Do not give this report to the board."),)


# -- Summary -----------------------------------------------------------------------------------

def _summary(given: Inputs) -> list[Section]:
    summary = given.summary
    q = summary.questionnaire
    asked = [Paragraph(f"{q.organisation.name} asked young people about {q.title}.")]
    if q.introduction.strip():
        asked.append(Paragraph(q.introduction.strip()))
    dates = [f"It opened on {long_date(q.opens)}" if q.opens else "",
             f"closed at the end of {long_date(q.closes)}" if q.closes else ""]
    when = " and ".join(d for d in dates if d)
    if when:
        asked.append(Paragraph(when[0].upper() + when[1:] + "."))
    count = len(q.questions)
    asked.append(Paragraph(f"There were {count} question{'s' if count != 1 else ''}."))
    if summary.breakdown is not None:
        asked.append(Paragraph(f"The results are also split by the answer to "
                               f"\"{summary.breakdown.question.text}\"."))
    offered = _offered(q)
    if offered:
        asked.append(Paragraph(offered))
    took_part: list[Block] = [Paragraph(given.turnout.sentence(summary.threshold))]
    if summary.too_few:
        took_part.append(Paragraph(_too_few(summary)))
    else:
        took_part.append(Paragraph(f"{summary.responses:,} responses in all."))
        if given.channels:
            took_part.append(_channels_table(given))
        if summary.breakdown is not None:
            took_part.append(_groups_table(summary))
        took_part += [_split_table(split) for split in summary.splits]
    sections = [Section("What was asked, of whom, and when", 2, tuple(asked)),
                Section("Who took part", 2, tuple(took_part))]
    if not summary.too_few:
        sections.append(Section("Highest and lowest", 2, _highest_lowest(summary)))
    sections.append(Section("Changes since the last wave", 2, _changes(given)))
    sections.append(Section("Comment themes", 2, _themes(summary)))
    sections.append(Section("You said, we did", 2, _actions(given.actions)))
    return sections


def _too_few(summary: ConsultationSummary) -> str:
    return (f"There were {fewer_than(summary.threshold)} responses, so no figures are shown: "
            "with so few, a young person could be picked out from them.")


def _channels_table(given: Inputs) -> Table:
    invited = given.turnout.invited is not None
    header = ("Channel", "Responses") + (("% of those invited",) if invited else ())
    rows = []
    for row in given.channels:
        cells = (row.label, HIDDEN if row.count is None else f"{row.count:,}")
        if invited:
            cells += ("" if row.percent is None else f"{row.percent:.1f}%",)
        rows.append(cells)
    return Table("Responses by channel", header, tuple(rows))


def _groups_table(summary: ConsultationSummary) -> Table:
    """Who responded, as the workbook's By respondent type sheet shows it."""
    breakdown = summary.breakdown
    return Table(f"Who responded: {breakdown.question.heading}", ("Respondent type", "Responses"),
                 tuple((g.label, HIDDEN if g.suppressed else f"{g.respondents:,}")
                       for g in breakdown.groups))


def _offered(q) -> str:
    """How the consultation was offered, when in more than one language or in versions."""
    parts = []
    if len(q.languages) > 1:
        parts.append("in " + _and([language_name(code) for code in q.languages]))
    if q.versions:
        parts.append("in versions for " + _and([v.name for v in q.versions]))
    if not parts:
        return ""
    return (f"It was offered {' and '.join(parts)}. Every language's and every version's answers "
            f"to a question are counted together, under its words in "
            f"{language_name(q.language)}.")


def _and(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _split_table(split: Breakdown) -> Table:
    """How many answered in each language, or each version: hidden as the workbook hides them."""
    heading, first = SPLITS[split.question.id]
    return Table(f"Responses {heading[0].lower()}{heading[1:]}", (first, "Responses"),
                 tuple((g.label, HIDDEN if g.suppressed else f"{g.respondents:,}")
                       for g in split.groups))


def _highest_lowest(summary: ConsultationSummary) -> tuple[Block, ...]:
    found = [(s.top, likert, s) for likert in summary.likert.values()
             for s in likert.statements if s.shown and s.base and s.top is not None]
    if not found:
        return (Paragraph("No statement was answered by enough people to show its figures."),)
    ranked = sorted(found, key=lambda item: -item[0])      # stable: questionnaire order on ties
    top = ranked[:TOP_COUNT]
    named = {id(s) for _, _, s in top}
    bottom = [item for item in reversed(ranked) if id(item[2]) not in named][:TOP_COUNT]

    several = len({id(likert) for _, likert, _ in found}) > 1   # then say which question

    def line(item) -> str:
        _, likert, s = item
        scale = likert.question.scale
        which = f"; {likert.question.heading}" if several else ""
        return (f"{s.statement.text.rstrip('. ')}: {percent_text(s.top)} "
                f"{scale.top_label.lower()} (n={s.base:,}{which})")
    blocks: list[Block] = [Paragraph("The statements with the highest share in the top group "
                                     "of their scale:"), Bullets(tuple(map(line, top)))]
    if bottom:
        blocks += [Paragraph("And with the lowest:"), Bullets(tuple(map(line, bottom)))]
    return tuple(blocks)


def _changes(given: Inputs) -> tuple[Block, ...]:
    if given.changes is None:
        return (Paragraph(NO_EARLIER_WAVE),)
    if given.too_few_to_test:
        return (Paragraph(TOO_FEW_TO_TEST),)
    if not given.changes:
        return (Paragraph(NO_CHANGES),)
    return (Paragraph("Changes in the share in the top group that are unlikely to be chance:"),
            Bullets(tuple(c.words for c in given.changes)))


def _themes(summary: ConsultationSummary) -> tuple[Block, ...]:
    themes = summary.themes
    if summary.too_few:
        return (Paragraph("No themes are shown: there were too few responses."),)
    counted = sorted(((themes.total(t), t) for t in themes.themes), key=lambda x: -x[0]) \
        if themes is not None else []
    counted = [(n, t) for n, t in counted if n][:THEMES_SHOWN]
    if not counted:
        return (Paragraph("Officers have not tagged any comments with themes."),)
    return (Paragraph("The themes officers tagged most often in young people's comments:"),
            Bullets(tuple(f"{t}: {n:,} comment{'s' if n != 1 else ''}" for n, t in counted)))


def _actions(actions: Sequence[Action]) -> tuple[Block, ...]:
    if not actions:
        return (Paragraph("No \"You said, we did\" actions have been recorded yet."),)
    rows = []
    for a in actions:
        did = a.we_did or (f"Not possible: {a.reason}" if a.reason else "")
        rows.append((a.about, a.said, a.we_will, a.status, did,
                     long_date(a.due) if a.due else "", a.team))
    return (Table("You said, we did", ("About", "You said", "We will", "Status", "We did",
                                       "Due", "Team"), tuple(rows)),)


# -- one section per question -------------------------------------------------------------------

def _by_question_note(summary: ConsultationSummary) -> str:
    if summary.too_few:
        return _too_few(summary)
    splits = " and ".join(SPLITS[s.question.id][0].lower() for s in summary.splits)
    also = f" and {splits}" if splits else ""
    return ("For each question: its chart, its table and, where the results are split by who "
            f"answered, the same by respondent type{also}. " + rule(summary.threshold))


def _questions(given: Inputs) -> list[Section]:
    summary = given.summary
    if summary.too_few:
        return []
    charts = {c.name: c for c in given.charts}
    breakdown_id = summary.breakdown.question.id if summary.breakdown is not None else None
    sections = []
    for question in summary.questionnaire.questions:
        likert, choice = summary.likert.get(question.id), summary.choices.get(question.id)
        comments = summary.comments.get(question.id)
        if likert is None and choice is None and comments is None \
                and question.id not in summary.not_shown:
            continue
        blocks: list[Block] = [Paragraph(words) for words in asked_words(summary, question.id)]
        chart = charts.get("respondents" if question.id == breakdown_id else question.id)
        if chart is not None:
            blocks.append(Picture(chart.title, chart.alt, chart.png))
        if likert is not None:
            blocks += _likert(likert, summary)
        elif choice is not None:
            blocks += _choice(choice, summary)
        if comments is not None:
            blocks.append(Paragraph("Comments chosen to quote:" if comments else NO_QUOTES))
            blocks += [Quote(c.text) for c in comments]
        sections.append(Section(question.heading, 2, tuple(blocks)))
    return sections


def likert_header(likert: LikertSummary) -> tuple[str, ...]:
    scale = likert.question.scale
    return (("Statement", "n") + tuple(f"% {p.label}" for p in scale.points)
            + (f"% {scale.top_label} (top {scale.top_count})",
               f"% {scale.bottom_label} (bottom {scale.bottom_count})", "Net (points)"))


def likert_rows(likert: LikertSummary, threshold: int) -> tuple[tuple[str, ...], ...]:
    """The workbook's reading of each statement (exports.sheets): too few answered, or held
    back, shows n and why; nobody answered, n and blanks."""
    width = len(likert_header(likert))
    small = f"{fewer_than(threshold)} answered: not shown"
    rows = []
    for s in likert.statements:
        head = (s.statement.text, f"{s.base:,}")
        if not s.shown:
            why = small if 0 < s.base < threshold else HIDDEN
            rows.append(head + (why,) + ("",) * (width - 3))
        elif not s.base:
            rows.append(head + ("",) * (width - 2))
        else:
            rows.append(head + tuple(percent_text(p) for p in s.percents)
                        + (percent_text(s.top), percent_text(s.bottom), f"{s.net:+.0f}"))
    return tuple(rows)


def _likert(likert: LikertSummary, summary: ConsultationSummary) -> list[Block]:
    blocks: list[Block] = [Table(f"Everyone: {likert.question.heading}", likert_header(likert),
                                 likert_rows(likert, summary.threshold))]
    breakdown = summary.breakdown
    if breakdown is not None:
        blocks.append(Paragraph(f"By respondent type ({breakdown.question.text}). "
                                + rule(breakdown.threshold)))
        blocks += _by_group(likert, breakdown)
    for split in summary.splits:
        blocks.append(Paragraph(f"{SPLITS[split.question.id][0]}. " + rule(split.threshold)))
        asked = (summary.asked_only.get(likert.question.id)
                 if split.question.id == BY_VERSION else None)
        blocks += _by_group(likert, split, asked)
    return blocks


def _by_group(likert: LikertSummary, breakdown: Breakdown,
              asked: tuple[str, ...] | None = None) -> list[Block]:
    """A Likert question's table for each group of a breakdown; `asked`, for the split by
    version, the versions that ask the question when not all of them do."""
    blocks: list[Block] = []
    for group in breakdown.groups:
        if group.suppressed:
            blocks.append(Paragraph(f"{group.label}: {HIDDEN}."))
            continue
        if asked is not None and group.id not in asked and group.id != NOT_ANSWERED:
            blocks.append(Paragraph(f"{group.label}: not asked this question."))
            continue
        own = breakdown.likert[(likert.question.id, group.id)]
        blocks.append(Table(f"{group.label} ({group.respondents:,} responses)",
                            likert_header(own), likert_rows(own, breakdown.threshold)))
    return blocks


def _choice(choice: ChoiceSummary, summary: ConsultationSummary) -> list[Block]:
    if not choice.shown:
        return [Paragraph(f"{choice.answered:,} answered this question: "
                          f"{fewer_than(summary.threshold)}, so its figures are not shown.")]
    rows = []
    for (_, label, count), share in zip(choice.counts, choice.percents):
        rows.append((label, HIDDEN if count is None else f"{count:,}",
                     "" if count is None or share is None else percent_text(share)))
    breakdown = summary.breakdown
    if breakdown is not None and breakdown.question.id == choice.question.id:
        rows += [(g.label, HIDDEN if g.suppressed else f"{g.respondents:,}", "")
                 for g in breakdown.groups if g.id == NOT_ANSWERED]
    return [Table(choice.question.heading, ("Answer", "Responses", "% of those who answered"),
                  tuple(rows))]


# -- Method ------------------------------------------------------------------------------------

def _method(given: Inputs) -> list[Section]:
    summary = given.summary
    threshold = summary.threshold
    measures = [
        "n is the number who picked a point of the scale. \"Don't know\" answers and people "
        "who skipped a statement are not in it.",
        "Each % is that point's count as a share of n, rounded to a whole number, so a row can "
        "add up to 99% or 101%.",
        "The top group is the top points of the scale (for example \"Strongly agree\" and "
        "\"Agree\"); the bottom group the bottom points. Net is the top group's % minus the "
        "bottom group's, in percentage points.",
        "For a choice question, each % is of those who answered it; where people could pick "
        "more than one answer they can add up to more than 100%.",
    ]
    rate = ("The response rate is the number of people who took part (a group session counts "
            "everyone in it) as a share of the number the team recorded as invited, or, failing "
            "that, of the invitation codes made. Without either, only how many took part is "
            "given.")
    return [
        Section("How each measure is worked out", 2, (Bullets(tuple(measures)),)),
        Section("Small numbers", 2, tuple(Paragraph(f"{label}. {text}")
                                           for label, text in rules(threshold))),
        Section("The response rate", 2, (Paragraph(rate),)),
        Section("Changes between waves", 2, (Paragraph(given.waves_method),)),
        Section("Comments", 2, (Paragraph(
            "Young people's words appear only where an officer chose to quote them, and only "
            "comments that passed the safeguarding review."),)),
    ]
