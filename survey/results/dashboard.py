"""The figures on a consultation's page: responses by week, by channel, by respondent type and (for
a consultation offered in more than one language, or in versions for age bands) by language and
by age group,
how many took part against how many were invited, and how the "You said, we did" actions
stand (`action_counts`: officers' own records, so the same for every audience).

What it shows depends on the summary it is given (`analysis.disclosure`): the team's summary
gives the officers every count; a published one gives managers the counts `count_table` shows,
small groups hidden exactly as in the workbook. Nothing here decides what to hide.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

import sqlite_utils

from analysis.disclosure import HIDDEN, count_table, fewer_than
from analysis.splits import BY_LANGUAGE, BY_VERSION
from analysis.summary import Breakdown, ConsultationSummary
from analysis.turnout import Channel, Turnout

from survey.store import actions, invitations
from survey.store import lifecycle
from survey.store.responses import CHANNELS as CHANNEL_ORDER, channel_counts, submission_times

CHANNELS = {"online": "Online", "paper": "Paper", "group": "Group session"}
# The tables of the splits (analysis.splits): their captions and first column, in the officers'
# words.
SPLITS = {BY_LANGUAGE: ("By language", "Language"), BY_VERSION: ("By age group", "Age group")}


@dataclass(frozen=True)
class Row:
    label: str
    count: int | None      # None when hidden
    percent: float | None = None   # of those invited, counting people
    people: int | None = None      # channels: a group session counts everyone who took part

    @property
    def shown(self) -> str:
        return HIDDEN if self.count is None else f"{self.count:,}"


@dataclass(frozen=True)
class Dashboard:
    weeks: list[Row]
    channels: list[Row]
    types: list[Row]
    turnout: Turnout
    threshold: int | None      # None: the team's view, every count shown
    total: str                 # "126", or "fewer than 10" when published and too few
    # (caption, first column's name, rows): by language, by age group, where the consultation
    # has them; hidden as the summary's splits are (analysis.disclosure).
    splits: tuple[tuple[str, str, list[Row]], ...] = ()

    @property
    def published(self) -> bool:
        return self.threshold is not None

    @property
    def tables(self) -> bool:
        """Whether there are tables to show: none for a published one with too few responses."""
        return bool(self.weeks or self.channels or self.types)

    @property
    def rate(self) -> str:
        """How many took part, in words, hidden as the audience needs."""
        return self.turnout.sentence(self.threshold)


def rows(counts: dict[str, int], labels: dict[str, str], threshold: int | None,
         invited: int | None = None, people: dict[str, int] | None = None) -> list[Row]:
    """Counts as table rows in the order of `labels`; published (small numbers hidden) when
    a threshold is given. `people`: how many took part per key, when it differs from the
    count, for the share of those invited."""
    shown = dict(counts) if threshold is None else count_table(counts, threshold)
    people = people or {}
    result = []
    for key, label in labels.items():
        count = shown.get(key, 0)
        took_part = None if count is None else people.get(key, count)
        result.append(Row(label, count, 100.0 * took_part / invited
                          if invited and took_part is not None else None,
                          took_part if key in people else None))
    return result


def week_of(stamp: str) -> date:
    """The Monday of the week a response was sent in ('2026-01-07T10:15Z' -> 2026-01-05)."""
    day = date.fromisoformat(stamp[:10])
    return day - timedelta(days=day.weekday())


def invited(db: sqlite_utils.Database, consultation_id: str) -> int | None:
    """The number the officer recorded; failing that, the number of codes made."""
    recorded = lifecycle.invited_of(db, consultation_id)
    if recorded is not None:
        return recorded
    made, _ = invitations.counts(db, consultation_id)
    return made or None


def turnout_of(db: sqlite_utils.Database, consultation_id: str,
               include_demo: bool = False) -> Turnout:
    """Responses and people by channel (a group session counts everyone who took part), and
    how many were invited."""
    found = {channel: Channel(n, people)
             for channel, n, people in channel_counts(db, consultation_id, include_demo)}
    ordered = {c: found[c] for c in CHANNEL_ORDER if c in found}
    ordered.update({c: n for c, n in sorted(found.items()) if c not in ordered})
    return Turnout(invited(db, consultation_id), ordered)


def build(db: sqlite_utils.Database, summary: ConsultationSummary,
          include_demo: bool) -> Dashboard:
    """The dashboard of the team's summary (every count) or of a published one."""
    consultation_id = summary.questionnaire.id
    threshold = summary.threshold
    turnout = turnout_of(db, consultation_id, include_demo)
    total = fewer_than(threshold) if summary.too_few else f"{summary.responses:,}"
    if summary.too_few:   # no figures at all, not even which weeks or channels had any
        return Dashboard([], [], [], turnout, threshold, total)
    by_week: Counter = Counter()
    for submitted_at in submission_times(db, consultation_id, include_demo):
        by_week[week_of(submitted_at).isoformat()] += 1
    weeks = {key: "Week of " + date.fromisoformat(key).strftime("%-d %B %Y")
             for key in sorted(by_week)}
    by_channel = {key: c.responses for key, c in turnout.channels.items()}
    channel_labels = {**CHANNELS, **{c: c.capitalize() for c in by_channel if c not in CHANNELS}}
    types = _group_rows(summary.breakdown) if summary.breakdown is not None else []
    return Dashboard(
        weeks=rows(dict(by_week), weeks, threshold),
        channels=rows(by_channel, channel_labels, threshold, turnout.invited,
                      {key: c.people for key, c in turnout.channels.items()
                       if c.people != c.responses}),
        types=types,
        turnout=turnout,
        threshold=threshold,
        total=total,
        splits=tuple((*SPLITS[split.question.id], _group_rows(split))
                     for split in summary.splits),
    )


def _group_rows(breakdown: Breakdown) -> list[Row]:
    """A breakdown's groups as rows; a group the disclosure layer hid shows HIDDEN."""
    return [Row(g.label, None if g.suppressed else g.respondents) for g in breakdown.groups]


@dataclass(frozen=True)
class ActionCounts:
    """How the "You said, we did" actions stand. Each action is in exactly one count: overdue
    (planned or in progress, due before today), open (planned or in progress, not overdue),
    done, or not possible."""
    done: int = 0
    overdue: int = 0
    open: int = 0
    not_possible: int = 0

    @property
    def total(self) -> int:
        return self.done + self.overdue + self.open + self.not_possible


def action_counts(db: sqlite_utils.Database, consultation_id: str, today: date) -> ActionCounts:
    counted: Counter = Counter()
    for entry in actions.entries(db, consultation_id).values():
        for action in entry.actions:
            counted["overdue" if action.overdue(today) else
                    "open" if action.status.open else action.status.id] += 1
    return ActionCounts(done=counted["done"], overdue=counted["overdue"], open=counted["open"],
                        not_possible=counted["not-possible"])
