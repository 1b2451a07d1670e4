"""The figures and quotes of a consultation's results page for young people (issue 16), from
the published summary with only officer-quoted comments (reports.public_of), kept while they
cannot have changed.

What the page shows of the results, per question in questionnaire order: for each statement on a
scale, the share of those who answered it who picked its top points; for each choice question,
each shown option's share; the comments an officer quoted. Shares are whole tenths
(analysis.you_said.share says them in words), and the bar beside each is drawn from the same
tenths, so the page gives away no more than its words: never an exact count but how many took
part (itself shown only from the threshold up). Nothing is shown by group.

What must stay true:
- Everything here comes from `reports.public_of`, never `summary_of`: a hidden figure, a comment
  waiting for safeguarding review or recorded as a concern, a comment no officer quoted, are
  not in what it returns, so they cannot reach the page.
- A hidden option or statement is said to be hidden, never left to be worked out from the rest.
- Working this out reads every response (seconds at 10,000), so it is kept per process under a
  key read *before* the responses: the results' mark (survey.store.changes.results_mark: moves
  with every response, flag and safeguarding decision), the quotes as they stand, the
  definition's version and the threshold. The actions are not part of it: the page reads them
  fresh (survey.store.actions.entries), a small table.
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass

import sqlite_utils

from analysis.summary import ConsultationSummary
from analysis.you_said import share
from survey.definition import Questionnaire
from survey.definition.types import type_of
from survey.results.reports import public_of
from survey.store.changes import results_mark
from survey.store.results_pages import quoted

KEPT = 16   # consultations' pages kept per process, the least recently used going first


@dataclass(frozen=True)
class Figure:
    """One line of the page: a statement or an option, and its share, or why none."""
    label: str           # the statement's words, or the option's label
    share: str = ""      # "7 in 10 of you"; '' when not shown
    # What they picked, each quoted: ("‘Very well’", "‘Quite’"); the page joins them with "or"
    # in its own language.
    picked: tuple[str, ...] = ()
    tenths: int = 0      # the bar's length, 0 to 10 (the same rounding as `share`)
    hidden: bool = False  # too few answered: say so
    nobody: bool = False  # nobody answered it


@dataclass(frozen=True)
class Part:
    """A question with something to show: its figures and the comments quoted under it."""
    heading: str
    kind: str                       # "scale", "choice" or "words"
    figures: tuple[Figure, ...]
    quotes: tuple[str, ...]


@dataclass(frozen=True)
class ResultsPage:
    took_part: int | None           # None: fewer than the threshold, no figures at all
    threshold: int
    parts: tuple[Part, ...]


def tenths(part: int, whole: int) -> int:
    """`part` of `whole` to the nearest tenth, half rounding up: as analysis.you_said.share."""
    return (20 * part + whole) // (2 * whole)


def _quoted(text: str) -> str:
    return f"‘{text.strip().rstrip('.!?:;').strip()}’"


def _scale_figures(likert) -> tuple[Figure, ...]:
    scale = likert.question.scale
    picked = tuple(_quoted(point.label) for point in scale.points[:scale.top_count])
    found = []
    for statement in likert.statements:
        label = statement.statement.text
        if not statement.shown:
            found.append(Figure(label, hidden=True))
        elif not statement.base:
            found.append(Figure(label, nobody=True))
        else:
            top = sum(statement.counts[:scale.top_count])
            found.append(Figure(label, share(top, statement.base), picked,
                                tenths(top, statement.base)))
    return tuple(found)


def _choice_figures(choice) -> tuple[Figure, ...]:
    if not choice.shown or choice.base is None:
        # Too few answered, or (the breakdown question) a group is hidden: no shares at all,
        # since the rest would give the hidden one away.
        return (Figure(choice.question.text, hidden=True),)
    if not choice.base:
        return (Figure(choice.question.text, nobody=True),)
    return tuple(Figure(label, share(n, choice.base), (_quoted(label),), tenths(n, choice.base))
                 for (_, label, n), percent in zip(choice.counts, choice.percents)
                 if n is not None and percent is not None)


def page_of(public: ConsultationSummary) -> ResultsPage:
    """The page's figures and quotes from a public summary (reports.public_of)."""
    if not public.published:
        raise ValueError("the results page is drawn from a published summary only")
    parts = []
    for question in public.questionnaire.questions:
        kind = type_of(question)
        quotes = tuple(c.text for c in public.comments.get(question.id, ()))
        figures: tuple[Figure, ...] = ()
        if public.too_few:
            figures = ()
        elif kind.on_scale and question.id in public.likert:
            figures = _scale_figures(public.likert[question.id])
        elif kind.on_options and question.id in public.choices:
            figures = _choice_figures(public.choices[question.id])
        if figures or quotes:
            parts.append(Part(question.text, "scale" if kind.on_scale else
                              "choice" if kind.on_options else "words", figures, quotes))
    return ResultsPage(public.responses, public.threshold, tuple(parts))


_kept: OrderedDict[tuple, ResultsPage] = OrderedDict()
_lock = threading.Lock()


def key_of(db: sqlite_utils.Database, questionnaire: Questionnaire, threshold: int) -> tuple:
    """What the page's figures depend on, as they stand now (read before the responses)."""
    return (questionnaire.id, questionnaire.version, questionnaire.in_language, threshold,
            results_mark(db, questionnaire.id), frozenset(quoted(db, questionnaire.id)))


def results_page(db: sqlite_utils.Database, questionnaire: Questionnaire,
                 threshold: int) -> ResultsPage:
    """The page's figures and quotes: kept ones while nothing they depend on has moved."""
    key = key_of(db, questionnaire, threshold)
    with _lock:
        found = _kept.get(key)
        if found is not None:
            _kept.move_to_end(key)
            return found
    page = page_of(public_of(db, questionnaire, threshold=threshold))
    with _lock:
        _kept[key] = page
        _kept.move_to_end(key)
        while len(_kept) > KEPT:
            _kept.popitem(last=False)
    return page


def forget() -> None:
    """Drop every kept page (tests)."""
    with _lock:
        _kept.clear()
