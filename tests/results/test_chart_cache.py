"""The charts a results page shows are drawn from the responses once, and again as soon as
anything that could change them changes."""
from __future__ import annotations

import pytest
from conftest import TRAFFORD

from survey.results import chart_cache
from survey.results.retention import erase_response
from survey.store import review
from survey.store.changes import results_mark
from survey.store.db import write
from survey.store.responses import delete_responses, save_many

TEN_PLUS = 12


@pytest.fixture
def trafford(app):
    return app.extensions["haveyoursay.catalogue"].get(TRAFFORD)


def add(db, questionnaire, start: int, n: int, answer: str = "care-leaver", comment: str = ""):
    answers = [("q1", "", answer)] + ([("q3", "", comment)] if comment else [])
    save_many(db, questionnaire, [(f"sub-{start + i}", answers, "2026-01-07T10:00Z")
                                  for i in range(n)])


def charts_now(db, questionnaire):
    key = chart_cache.key_of(db, questionnaire, False, 10)
    return key, chart_cache.charts(db, questionnaire, key, False, 10)


def test_a_chart_is_drawn_from_the_responses_once_while_nothing_changes(db, trafford):
    add(db, trafford, 0, TEN_PLUS)
    key, first = charts_now(db, trafford)
    again_key, again = charts_now(db, trafford)
    assert again_key == key and again is first       # kept: no response read the second time


def test_a_new_response_moves_the_mark_and_redraws(db, trafford):
    add(db, trafford, 0, TEN_PLUS)
    key, first = charts_now(db, trafford)
    add(db, trafford, TEN_PLUS, 1)
    new_key, new = charts_now(db, trafford)
    assert new_key != key and new is not first
    alt = {c.name: c.alt for c in new}["respondents"]
    assert "13" in alt and "12" not in alt


def test_a_deleted_highest_response_replaced_under_the_same_id_still_moves_the_mark(db, trafford):
    """SQLite gives the next response the id just freed: the submission id tells them apart."""
    add(db, trafford, 0, TEN_PLUS)
    before = results_mark(db, TRAFFORD)
    top = before[2]
    with write(db):
        delete_responses(db, TRAFFORD, top)
    add(db, trafford, 100, 1, answer="foster-carer")
    after = results_mark(db, TRAFFORD)
    assert after[1:3] == before[1:3]                  # same count, same highest id...
    assert after != before                            # ...and still a different mark


def test_erasing_a_response_moves_the_mark(db, trafford):
    add(db, trafford, 0, TEN_PLUS)
    before = results_mark(db, TRAFFORD)
    erase_response(db, TRAFFORD, 3, "asked by the young person")
    assert results_mark(db, TRAFFORD) != before


def test_a_safeguarding_decision_moves_the_mark(db, trafford):
    add(db, trafford, 0, TEN_PLUS)
    add(db, trafford, TEN_PLUS, 1, comment="I want to kill myself")
    flagged = results_mark(db, TRAFFORD)
    [flag] = review.waiting(db)
    review.decide(db, flag.id, "no-concern", "", "officer1")
    assert results_mark(db, TRAFFORD) != flagged


def test_demo_responses_count_only_in_the_mark_that_includes_them(db, trafford):
    add(db, trafford, 0, TEN_PLUS)
    real, with_demo = results_mark(db, TRAFFORD), results_mark(db, TRAFFORD, True)
    save_many(db, trafford, [("demo-1", [("q1", "", "care-leaver")], "2026-01-07T10:00Z")],
              is_demo=True)
    assert results_mark(db, TRAFFORD) == real
    assert results_mark(db, TRAFFORD, True) != with_demo


def test_the_results_page_keeps_the_charts_its_images_then_use(staff_client, db, trafford):
    add(db, trafford, 0, TEN_PLUS)
    page = staff_client.get(f"/staff/c/{TRAFFORD}")
    assert f"/staff/c/{TRAFFORD}/charts/q2.png" in page.text
    key, kept = charts_now(db, trafford)              # what the page drew is what is kept
    assert chart_cache.charts(db, trafford, key, False, 10) is kept
    image = staff_client.get(f"/staff/c/{TRAFFORD}/charts/respondents.svg")
    assert image.status_code == 200 and b"12" in image.data
