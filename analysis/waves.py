"""Waves: runs of one questionnaire (the same `series`) compared statement by statement.

A pure function over the waves' published summaries (`analysis.disclosure.publish` of
`analysis.summary.summarise`, one per wave). Every Likert statement asked in any wave is one row,
matched by question id and statement id; its wording is the latest wave's that asked it, so a
reworded statement stays one row. Per wave:

  base     answers on a point of the scale ("Don't know" is left out), as in the summary
  top      % in the scale's top group (`top_count` points, for example "Always or usually")
  change   top minus the previous wave's top, in percentage points

The summaries are published ones (`analysis.disclosure.publish`), so each wave follows its own
hiding pattern: a statement that wave hides (fewer than the threshold answered, or fewer than the
threshold responses in all) is hidden here too, with no base, no %, and no change to or from it.
Waves are different sets of people, so no published total gives a hidden wave away. A wave that
did not ask a statement has no figures. The change is from the wave just before, and only when
both are shown and both used the same scale points.

Each such change is also tested (`analysis.significance`: a two-proportion test at 95%, from
the published count in the top group and base of each wave, never a hidden one) and carries its
verdict: "Up, unlikely to be chance", "Down, unlikely to be chance", "No clear change" or
"Too few to tell". `changes` lists the marked ones, biggest first, for the board report.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Hashable, Iterable, Sequence

from survey.definition import Questionnaire, Scale
from survey.definition.types import type_of

from .summary import ConsultationSummary
from .disclosure import DEFAULT_THRESHOLD, fewer_than
from .significance import Change, two_proportions


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
    responses: int | None            # None: fewer than the threshold
    threshold: int = DEFAULT_THRESHOLD

    @property
    def responses_text(self) -> str:
        """'52 responses', '1 response', or 'fewer than 10 responses'."""
        if self.responses is None:
            return f"{fewer_than(self.threshold)} responses"
        return f"{self.responses:,} response{'' if self.responses == 1 else 's'}"


@dataclass(frozen=True)
class WaveFigure:
    asked: bool                      # False: this wave did not ask the statement
    text: str = ""                   # the statement's wording in this wave
    hidden: bool = False             # fewer than the threshold answered: nothing shown
    base: int | None = None          # None when not asked or hidden
    top: float | None = None         # 0-100; None when not asked, hidden or nobody answered
    change: float | None = None      # points from the wave before; None when not comparable
    scale_changed: bool = False      # asked on other scale points than the wave before
    top_count: int | None = None     # how many are in the top group, as published
    tested: Change | None = None     # the change's test; None exactly when `change` is None


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


@dataclass(frozen=True)
class MarkedChange:
    """A change unlikely to be chance: `statement` of `question` moved from `before` to `wave`."""
    question: QuestionTrend
    statement: StatementTrend
    before: Wave
    wave: Wave
    figure: WaveFigure               # the later wave's figure
    change: Change


def changes(comparison: WaveComparison, every_wave: bool = False) -> list[MarkedChange]:
    """The changes marked unlikely to be chance, biggest first (ties in questionnaire order):
    into the latest wave from the one before, or between every pair of waves next to each
    other with `every_wave`."""
    found = []
    pairs = list(zip(comparison.waves, comparison.waves[1:]))
    for index, (before, wave) in enumerate(pairs, start=1):
        if not every_wave and index != len(pairs):
            continue
        for question, statement in comparison.rows:
            figure = statement.figures[index]
            if figure.tested is not None and figure.tested.marked:
                found.append(MarkedChange(question, statement, before, wave, figure,
                                          figure.tested))
    return sorted(found, key=lambda m: -abs(m.change.points))


def wave_order(questionnaire: Questionnaire) -> tuple:
    """Oldest first: by opening date, then id; a wave with no opening date comes last."""
    return (questionnaire.opens is None, questionnaire.opens or date.min, questionnaire.id)


def compare(summaries: Iterable[ConsultationSummary],
            threshold: int | None = None) -> WaveComparison:
    """Compare the waves of one series; `summaries`, published at one threshold (`threshold`,
    if given, must be it), may come in any order."""
    ordered = sorted(summaries, key=lambda s: wave_order(s.questionnaire))
    if not ordered:
        raise ValueError("no waves to compare")
    if not all(s.published for s in ordered):
        raise ValueError("waves are compared from published summaries (analysis.disclosure)")
    used = {s.threshold for s in ordered}
    if len(used) > 1 or (threshold is not None and used != {threshold}):
        raise ValueError(f"waves published at threshold {', '.join(map(str, sorted(used)))} "
                         f"cannot be compared at {threshold if threshold is not None else 'one'}")
    threshold = used.pop()
    latest_first = ordered[::-1]
    questions = []
    # From each wave's questions, not its figures: a wave with too few responses has none.
    likert = [{q.id: q for q in s.questionnaire.reported.questions if type_of(q).on_scale}
              for s in latest_first]
    for question_id in _merged([list(found) for found in likert]):
        asked = [found[question_id] for found in likert if question_id in found]
        latest = asked[0]
        statement_ids = _merged([[st.id for st in question.statements] for question in asked])
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
        waves.append(Wave(q.id, unique, q.title, q.opens, q.closes, summary.responses,
                          summary.threshold))
    return tuple(waves)


def _trend(ordered: Sequence[ConsultationSummary], question_id: str, statement_id: str,
           threshold: int) -> StatementTrend:
    figures: list[WaveFigure] = []
    previous_points = None
    for summary in ordered:
        likert = summary.likert.get(question_id)
        found = next((s for s in likert.statements if s.statement.id == statement_id),
                     None) if likert else None
        if found is None and summary.too_few:
            # Too few responses to show anything: the wave asked it if its questions say so.
            asked = _asked(summary, question_id, statement_id)
            figures.append(WaveFigure(True, asked, hidden=True) if asked is not None
                           else WaveFigure(asked=False))
            previous_points = None
            continue
        if found is None:
            figures.append(WaveFigure(asked=False))
            previous_points = None
            continue
        points = _points(likert.question.scale)
        scale_changed = previous_points is not None and points != previous_points
        before = figures[-1] if figures else None
        if not found.shown:
            figure = WaveFigure(True, found.statement.text, hidden=True,
                                scale_changed=scale_changed)
        else:
            top = found.top if found.base else None
            top_count = sum(found.counts[: likert.question.scale.top_count])
            change = tested = None
            if (top is not None and before is not None and before.top is not None
                    and not scale_changed):
                change = top - before.top
                tested = two_proportions(before.top_count, before.base, top_count, found.base)
            figure = WaveFigure(True, found.statement.text, base=found.base, top=top,
                                change=change, scale_changed=scale_changed,
                                top_count=top_count, tested=tested)
        figures.append(figure)
        previous_points = points
    text = next(f.text for f in reversed(figures) if f.asked)
    return StatementTrend(statement_id, text, tuple(figures))


def _asked(summary: ConsultationSummary, question_id: str, statement_id: str) -> str | None:
    """The statement's wording in a wave's questions, or None if that wave never asked it."""
    question = next((q for q in summary.questionnaire.reported.questions
                     if q.id == question_id and type_of(q).on_scale), None)
    statement = next((s for s in question.statements if s.id == statement_id),
                     None) if question else None
    return statement.text if statement else None


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
