"""The figures on a consultation's dashboard: responses by week, by channel and by respondent
type, and the response rate.

Counts of a table are suppressed exactly as the workbook does (analysis.suppression): a count
below the threshold, and the next smallest where only one is hidden, shows as HIDDEN.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

import sqlite_utils

from analysis.suppression import HIDDEN, suppressed
from analysis.summary import ConsultationSummary

from . import invitations, lifecycle

CHANNELS = {"online": "Online", "paper": "Paper", "group": "Group session"}


@dataclass(frozen=True)
class Row:
    label: str
    count: int | None      # None when suppressed
    percent: float | None = None

    @property
    def shown(self) -> str:
        return HIDDEN if self.count is None else f"{self.count:,}"


@dataclass(frozen=True)
class Rate:
    responses: int
    invited: int

    @property
    def percent(self) -> float:
        return 100.0 * self.responses / self.invited if self.invited else 0.0

    @property
    def text(self) -> str:
        """'26 of 164 invited: 15.9%'."""
        return f"{self.responses:,} of {self.invited:,} invited: {self.percent:.1f}%"


@dataclass(frozen=True)
class Dashboard:
    weeks: list[Row]
    channels: list[Row]
    types: list[Row]
    rate: Rate | None
    threshold: int


def rows(counts: dict[str, int], labels: dict[str, str], threshold: int,
         invited: int | None = None) -> list[Row]:
    """Counts as table rows in the order of `labels`, small numbers suppressed."""
    hidden = suppressed(counts, threshold)
    return [Row(label, None if key in hidden else counts.get(key, 0),
                None if key in hidden or not invited else 100.0 * counts.get(key, 0) / invited)
            for key, label in labels.items()]


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


def build(db: sqlite_utils.Database, summary: ConsultationSummary, include_demo: bool,
          threshold: int) -> Dashboard:
    consultation_id = summary.questionnaire.id
    by_week: Counter = Counter()
    by_channel: Counter = Counter()
    for submitted_at, channel in db.execute(
            "SELECT submitted_at, channel FROM responses WHERE consultation_id = ?"
            " AND is_demo <= ?", [consultation_id, int(include_demo)]):
        by_week[week_of(submitted_at).isoformat()] += 1
        by_channel[channel] += 1
    weeks = {key: "Week of " + date.fromisoformat(key).strftime("%-d %B %Y")
             for key in sorted(by_week)}
    channel_labels = {**CHANNELS, **{c: c.capitalize() for c in by_channel if c not in CHANNELS}}
    how_many = invited(db, consultation_id)
    types = []
    if summary.breakdown is not None:
        types = [Row(g.label, None if g.suppressed else g.respondents)
                 for g in summary.breakdown.groups]
    return Dashboard(
        weeks=rows(dict(by_week), weeks, threshold),
        channels=rows(dict(by_channel), channel_labels, threshold, how_many),
        types=types,
        rate=Rate(summary.responses, how_many) if how_many else None,
        threshold=threshold,
    )
