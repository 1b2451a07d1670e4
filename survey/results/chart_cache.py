"""The charts a results page shows, kept while the results they are drawn from stay the same.

A results page with twelve charts asks for twelve images, and each used to read every response
and publish the summary again (for 10,000 responses, seconds of work per image). Here the
published charts of a consultation are kept per process under a key that holds the results' mark
(survey.store.changes.results_mark) and everything else they depend on: the definition version,
whether demo responses are in, and the small-number threshold. The mark is read *before* the
responses, so a response stored while they are read leaves the kept charts under the old mark,
never under the new one. (Browsers keep no staff page or image: survey.web.per_request.)

What is kept is only ever the published (disclosure-controlled) charts: anything the team alone
may see is never kept here.
"""
from __future__ import annotations

import threading
from collections import OrderedDict

import sqlite_utils

from survey.definition import Questionnaire
from survey.results import reports
from survey.store.changes import results_mark

KEPT = 16   # consultations' charts kept per process, the least recently used going first

_kept: OrderedDict[tuple, list[reports.Chart]] = OrderedDict()
_lock = threading.Lock()


def key_of(db: sqlite_utils.Database, questionnaire: Questionnaire, include_demo: bool,
           threshold: int) -> tuple:
    """What the charts depend on, as they stand now (read this before the responses)."""
    return (questionnaire.id, questionnaire.version, include_demo, threshold,
            results_mark(db, questionnaire.id, include_demo))


def remember(key: tuple, charts: list[reports.Chart]) -> list[reports.Chart]:
    """Keep the charts of a summary already published under `key` (read before it was made)."""
    with _lock:
        _kept[key] = charts
        _kept.move_to_end(key)
        while len(_kept) > KEPT:
            _kept.popitem(last=False)
    return charts


def charts(db: sqlite_utils.Database, questionnaire: Questionnaire, key: tuple,
           include_demo: bool, threshold: int) -> list[reports.Chart]:
    """The published charts under `key`: kept ones if there are, else drawn from the responses."""
    with _lock:
        found = _kept.get(key)
        if found is not None:
            _kept.move_to_end(key)
            return found
    summary = reports.published_of(db, questionnaire, include_demo, threshold)
    return remember(key, reports.charts_of(summary))


def forget() -> None:
    """Drop every kept chart (tests)."""
    with _lock:
        _kept.clear()
