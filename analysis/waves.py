"""Waves: runs of one questionnaire (the same `series`) compared statement by statement.

A pure function over the waves' summaries (`analysis.summary.summarise`, one per wave). Every
Likert statement asked in any wave is one row, matched by question id and statement id; its
wording is the latest wave's that asked it, so a reworded statement stays one row. Per wave:

  base     answers on a point of the scale ("Don't know" is left out), as in the summary
  top      % in the scale's top group (`top_count` points, for example "Always or usually")
  change   top minus the previous wave's top, in percentage points

A wave whose base is above 0 but below the threshold is hidden: no base, no %, and no change to
or from it. Primary suppression only: waves are different sets of people, so no published total
gives a hidden wave away. A wave that did not ask a statement has no figures. The change is from
the wave just before, and only when both are shown and both used the same scale points.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Hashable, Iterable, Sequence

from survey.definition import Questionnaire, Scale

from .summary import ConsultationSummary
from .suppression import DEFAULT_THRESHOLD


def wave_rule(threshold: int) -> str:
    """The small-number rule for waves in words, for notes under charts and in the workbook."""
    return (f"Where fewer than {threshold} people answered a statement in a wave, that wave's "
            "figures for it are not shown, nor the change to or from it.")


@dataclass(frozen=True)
class Wave:
    id: str                          # the consultation id
    name: str                        # the definition's `wave` ("2026"), unique in a comparison
    title: str
    opens: date | None
    closes: date | None
    responses: int


@dataclass(frozen=True)
class WaveFigure:
    asked: bool                      # False: this wave did not ask the statement
    text: str = ""                   # the statement's wording in this wave
    hidden: bool = False             # fewer than the threshold answered: nothing shown
    base: int | None = None          # None when not asked or hidden
    top: float | None = None         # 0-100; None when not asked, hidden or nobody answered
    change: float | None = None      # points from the wave before; None when not comparable
    scale_changed: bool = False      # asked on other scale points than the wave before


@dataclass(frozen=True)
class StatementTrend:
    statement_id: str
    text: str                        # the latest wording
    figures: tuple[WaveFigure, ...]  # one per wave, in wave order

    @property
    def reworded(self) -> bool:
        return len({f.text for f in self.figures if f.asked}) > 1


@dataclass(frozen=True)
class QuestionTrend:
    id: str
    heading: str                     # the latest wave's "2. How often ...?"
    top_label: str                   # the latest wave's scale: "Always or usually"
    top_points: tuple[str, ...]      # ("Always", "Usually")
    statements: tuple[StatementTrend, ...]


@dataclass(frozen=True)
class WaveComparison:
    series: str
    title: str                       # the latest wave's title
    organisation: str
    threshold: int
    waves: tuple[Wave, ...]          # oldest first
    questions: tuple[QuestionTrend, ...]

    @property
    def rows(self) -> list[tuple[QuestionTrend, StatementTrend]]:
        return [(q, s) for q in self.questions for s in q.statements]


def wave_order(questionnaire: Questionnaire) -> tuple:
    """Oldest first: by opening date, then id; a wave with no opening date comes last."""
    return (questionnaire.opens is None, questionnaire.opens or date.min, questionnaire.id)


def compare(summaries: Iterable[ConsultationSummary],
            threshold: int = DEFAULT_THRESHOLD) -> WaveComparison:
    """Compare the waves of one series; `summaries` may come in any order."""
    ordered = sorted(summaries, key=lambda s: wave_order(s.questionnaire))
    if not ordered:
        raise ValueError("no waves to compare")
    latest_first = ordered[::-1]
    questions = []
    for question_id in _merged([[q for q in s.likert] for s in latest_first]):
        asked = [s.likert[question_id] for s in latest_first if question_id in s.likert]
        latest = asked[0].question
        statement_ids = _merged([[st.statement.id for st in likert.statements]
                                 for likert in asked])
        questions.append(QuestionTrend(
            id=question_id,
            heading=latest.heading,
            top_label=latest.scale.top_label,
            top_points=tuple(p.label for p in latest.scale.points[: latest.scale.top_count]),
            statements=tuple(_trend(ordered, question_id, sid, threshold)
                             for sid in statement_ids)))
    newest = ordered[-1].questionnaire
    return WaveComparison(
        series=newest.series,
        title=newest.title,
        organisation=newest.organisation.name,
        threshold=threshold,
        waves=_waves(ordered),
        questions=tuple(questions),
    )


def _waves(ordered: Sequence[ConsultationSummary]) -> tuple[Wave, ...]:
    names = [s.questionnaire.wave or s.questionnaire.id for s in ordered]
    waves = []
    for name, summary in zip(names, ordered):
        q = summary.questionnaire
        unique = name if names.count(name) == 1 else f"{name} ({q.id})"
        waves.append(Wave(q.id, unique, q.title, q.opens, q.closes, summary.responses))
    return tuple(waves)


def _trend(ordered: Sequence[ConsultationSummary], question_id: str, statement_id: str,
           threshold: int) -> StatementTrend:
    figures: list[WaveFigure] = []
    previous_points = None
    for summary in ordered:
        likert = summary.likert.get(question_id)
        found = next((s for s in likert.statements if s.statement.id == statement_id),
                     None) if likert else None
        if found is None:
            figures.append(WaveFigure(asked=False))
            previous_points = None
            continue
        points = _points(likert.question.scale)
        scale_changed = previous_points is not None and points != previous_points
        before = figures[-1] if figures else None
        if 0 < found.base < threshold:
            figure = WaveFigure(True, found.statement.text, hidden=True,
                                scale_changed=scale_changed)
        else:
            top = found.top if found.base else None
            change = None
            if (top is not None and before is not None and before.top is not None
                    and not scale_changed):
                change = top - before.top
            figure = WaveFigure(True, found.statement.text, base=found.base, top=top,
                                change=change, scale_changed=scale_changed)
        figures.append(figure)
        previous_points = points
    text = next(f.text for f in reversed(figures) if f.asked)
    return StatementTrend(statement_id, text, tuple(figures))


def _points(scale: Scale) -> tuple:
    """What a % top depends on: the points counted in the base and those in the top group."""
    return tuple(p.id for p in scale.points), scale.top_count


def _merged(orders: list[list[Hashable]]) -> list[Hashable]:
    """One order from several, the first (the latest wave's) kept as it is; an item only in a
    later list goes just after the item before it there (or first, if it was first)."""
    merged: list[Hashable] = []
    for order in orders:
        previous = None
        for item in order:
            if item not in merged:
                merged.insert(merged.index(previous) + 1 if previous is not None else 0, item)
            previous = item
    return merged
