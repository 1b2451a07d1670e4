"""The consultation page's count of "You said, we did" actions, worked out by hand."""
from __future__ import annotations

from datetime import date, timedelta

from conftest import TRAFFORD

from survey.results.dashboard import ActionCounts, action_counts
from survey.store.actions import About, ActionFields, add_action

TODAY = date(2027, 3, 10)


def act(db, n: int, status: str, due: date | None = None, consultation: str = TRAFFORD):
    add_action(db, consultation, About("q2", f"s{n}"), f"Statement {n}", "",
               ActionFields("We will.", status=status, reason="No money.", due=due))


def test_each_action_is_counted_once_by_hand(app, db):
    """Two done (one long past its date: done is never overdue); planned due yesterday and in
    progress due last month: 2 overdue; planned due today, in progress due next week and planned
    with no date: 3 open; one not possible, past its date: not overdue. 8 in all."""
    day = timedelta(days=1)
    for n, (status, due) in enumerate([
            ("done", None), ("done", TODAY - 400 * day),
            ("planned", TODAY - day), ("in-progress", TODAY - 30 * day),
            ("planned", TODAY), ("in-progress", TODAY + 7 * day), ("planned", None),
            ("not-possible", TODAY - day)]):
        act(db, n, status, due)
    act(db, 99, "planned", TODAY - day, consultation="sefton-pledge")   # another consultation's
    counts = action_counts(db, TRAFFORD, TODAY)
    assert counts == ActionCounts(done=2, overdue=2, open=3, not_possible=1)
    assert counts.total == 8


def test_a_day_later_an_open_action_due_today_is_overdue(app, db):
    act(db, 1, "planned", TODAY)
    assert action_counts(db, TRAFFORD, TODAY) == ActionCounts(open=1)
    assert action_counts(db, TRAFFORD, TODAY + timedelta(days=1)) == ActionCounts(overdue=1)


def test_no_actions_counts_nothing(app, db):
    assert action_counts(db, TRAFFORD, TODAY).total == 0
