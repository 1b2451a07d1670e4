"""The "You said, we did" store on a real SQLite file: entries and actions, statuses as data,
a reason for "not possible", and an audit entry for every change."""
from __future__ import annotations

import sqlite3
from datetime import date

import pytest

from analysis.readability import grade
from survey.store import actions, audit
from survey.store.actions import (NO_REASON, NO_STATUS, NO_WE_WILL, STATUSES, About, ActionError,
                                  ActionFields)
from survey.store.db import open_database, write

C = "trafford"
STAY = About("q2", "placement-stability")


@pytest.fixture
def db(tmp_path):
    database = open_database(tmp_path / "a.db")
    yield database
    database.conn.close()


def test_an_action_is_stored_with_its_entry(db):
    action_id = actions.add_action(db, C, STAY, "Staying in one home", "7 in 10 of you said so.",
                                   ActionFields("We will meet.", due=date(2027, 6, 30),
                                                team="  Leaving   care team "))
    (entry,) = actions.entries(db, C).values()
    assert entry.about == STAY and entry.said == "7 in 10 of you said so."
    assert entry.label == "Staying in one home"
    (action,) = entry.actions
    assert (action.id, action.we_will, action.status.id, action.due, action.team) == \
        (action_id, "We will meet.", "planned", date(2027, 6, 30), "Leaving care team")
    assert actions.action(db, C, action_id) == (STAY, action)
    assert actions.entries(db, "another") == {}
    with pytest.raises(LookupError):
        actions.action(db, "another", action_id)


def test_a_second_action_keeps_the_words_already_saved(db):
    actions.save_said(db, C, STAY, "Staying", "My own words.")
    actions.add_action(db, C, STAY, "Staying", "Suggested words.", ActionFields("One."))
    actions.add_action(db, C, STAY, "Staying", "Suggested words.", ActionFields("Two."))
    (entry,) = actions.entries(db, C).values()
    assert entry.said == "My own words."
    assert [a.we_will for a in entry.actions] == ["One.", "Two."]


@pytest.mark.parametrize("fields, field, message", [
    (ActionFields(" "), "we_will", NO_WE_WILL),
    (ActionFields("We will.", status="not-possible"), "reason", NO_REASON),
    (ActionFields("We will.", status="maybe"), "status", NO_STATUS),
    (ActionFields("We will.", team="x" * 81), "team", actions.LONG_TEAM),
])
def test_a_wrong_action_names_its_field(db, fields, field, message):
    with pytest.raises(ActionError) as raised:
        actions.add_action(db, C, STAY, "Staying", "", fields)
    assert (raised.value.field, str(raised.value)) == (field, message)
    assert actions.entries(db, C) == {}
    assert audit.entries(db) == []


def test_the_table_itself_refuses_not_possible_without_a_reason(db):
    entry_id = actions.save_said(db, C, STAY, "Staying", "")
    with pytest.raises(sqlite3.IntegrityError), write(db):
        db.execute("INSERT INTO you_said_actions (you_said_id, we_will, status, created_at,"
                   " updated_at) VALUES (?, 'x', 'not-possible', 'now', 'now')", [entry_id])


def test_a_reason_is_kept_only_for_not_possible(db):
    action_id = actions.add_action(db, C, STAY, "Staying", "", ActionFields(
        "We will.", status="not-possible", reason="No money this year."))
    assert actions.action(db, C, action_id)[1].reason == "No money this year."
    actions.change_action(db, C, action_id, "Staying", ActionFields(
        "We will.", status="done", reason="No money this year.", we_did="We did it."))
    changed = actions.action(db, C, action_id)[1]
    assert (changed.status.id, changed.reason, changed.we_did) == ("done", "", "We did it.")


def test_every_change_is_audited(db):
    actions.save_said(db, C, STAY, "Staying", "Words.")
    action_id = actions.add_action(db, C, STAY, "Staying", "", ActionFields("We will."))
    actions.change_action(db, C, action_id, "Staying", ActionFields("We will.", status="done"))
    actions.remove_action(db, C, action_id, "Staying")
    logged = [(e.action, e.target, e.detail) for e in reversed(audit.entries(db))]
    assert logged == [("you said changed", C, "about ‘Staying’"),
                      ("action added", C, "about ‘Staying’: Planned"),
                      ("action changed", C, "about ‘Staying’: Planned to Done"),
                      ("action removed", C, "about ‘Staying’ (was Done)")]
    assert actions.entries(db, C)[STAY].actions == ()
    with pytest.raises(LookupError):
        actions.remove_action(db, C, action_id, "Staying")


def test_subjects_are_named_by_keys_that_cannot_clash():
    for about in (About("q2"), STAY, About(theme_id=5)):
        assert About.from_key(about.key) == about
    assert About(theme_id=5).key == "theme.5"
    assert About.from_key("theme") == About("theme")      # a question called "theme"


def test_statuses_are_data_each_with_words_a_young_person_can_read():
    assert [s.id for s in STATUSES] == ["planned", "in-progress", "done", "not-possible"]
    assert [s.id for s in STATUSES if s.needs_reason] == ["not-possible"]
    for status in STATUSES:
        assert grade(status.young) <= 4.0, status.young


def test_the_migration_lists_every_status(db):
    """The table's CHECK takes each status of STATUSES (a new one needs a migration too)."""
    entry_id = actions.save_said(db, C, STAY, "Staying", "")
    with write(db):
        for status in STATUSES:
            db.execute("INSERT INTO you_said_actions (you_said_id, we_will, status, reason,"
                       " created_at, updated_at) VALUES (?, 'x', ?, 'why', 'now', 'now')",
                       [entry_id, status.id])
