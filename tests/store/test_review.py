"""The safeguarding review's store on a real SQLite file: the migration that added 'known' and
notes keeps every earlier decision; decide() keeps notes; a concern is kept out of results."""
from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from survey.definition import load_file
from survey.store import flags, review
from survey.store.db import MIGRATIONS, connect, migrate, open_database, write
from survey.store.responses import save_response

REPO = Path(__file__).resolve().parents[2]
TRAFFORD = load_file(REPO / "questionnaires" / "trafford-corporate-parenting-review-2018.yaml")
# The migration that added 'known' and notes: the last one that rebuilds safeguarding_flags.
NOTES_MIGRATION = max(n for n, statements in enumerate(MIGRATIONS)
                      if any("notes TEXT" in s for s in statements))


@pytest.fixture
def database(tmp_path):
    db = open_database(tmp_path / "r.db")
    yield db
    db.conn.close()


def flagged(db, text: str, n: int) -> int:
    """Store a response whose comment is on the word list; return its flag's id."""
    response_id, _ = save_response(db, TRAFFORD, [("q1", "", "carer"), ("q3", "", text)],
                                   f"{n:032d}")
    return db.execute("SELECT id FROM safeguarding_flags WHERE response_id = ?",
                      [response_id]).fetchone()[0]


def _as_before(db, migrations: int) -> None:
    """Inside a write: the schema as its first `migrations` migrations left it, holding one
    response (id 7) to consultation 'c'."""
    for number, statements in enumerate(MIGRATIONS[:migrations], start=1):
        for statement in statements:
            db.execute(statement)
        db.execute(f"PRAGMA user_version = {number}")
    db.execute("INSERT INTO definitions VALUES ('c', 'v1', 'C', '', '2026-01-01T00:00:00Z')")
    db.execute("INSERT INTO responses (id, consultation_id, version, submission_id,"
               " submitted_at) VALUES (7, 'c', 'v1', 's7', '2026-01-02T00:00:00Z')")


def test_the_migration_keeps_every_flag_and_decision_made_before_it(tmp_path):
    db = connect(tmp_path / "old.db")
    with write(db):   # the schema as it was before 'known' and notes
        _as_before(db, NOTES_MIGRATION)
        db.execute("INSERT INTO answers VALUES (7, 'q3', '', 'I feel unsafe')")
        for decision, reference in ((None, ""), ("no-concern", ""), ("referred", "MASH-1")):
            db.execute("INSERT INTO safeguarding_flags (response_id, question_id, item_id, matched,"
                       " flagged_at, decision, reference, decided_by, decided_at) VALUES"
                       " (7, 'q3', '', 'unsafe', '2026-01-02T00:00:00Z', ?, ?, ?, ?)",
                       [decision, reference, decision and "officer1",
                        decision and "2026-01-03T00:00:00Z"])
        with pytest.raises(sqlite3.IntegrityError):
            db.execute("UPDATE safeguarding_flags SET decision = 'known' WHERE id = 1")
    migrate(db)
    assert db.execute("SELECT id, decision, reference, decided_by, notes FROM safeguarding_flags"
                      " ORDER BY id").fetchall() == [
        (1, None, "", None, ""), (2, "no-concern", "", "officer1", ""),
        (3, "referred", "MASH-1", "officer1", "")]
    assert [f.decision_label for f in review.decided(db)] == [   # newest first
        "Concern: passed to the safeguarding team", "No concern"]
    assert flags.not_publishable(db, "c") == {(7, "q3", "")}    # one key: waiting and referred
    assert flags.concerns(db, "c") == {(7, "q3", "")}
    # Now 'known' is allowed, and nothing else new.
    db.execute("UPDATE safeguarding_flags SET decision = 'known' WHERE id = 1")
    with pytest.raises(sqlite3.IntegrityError):
        db.execute("UPDATE safeguarding_flags SET decision = 'maybe' WHERE id = 1")
    # The response still takes its flags with it when erased.
    db.execute("DELETE FROM responses WHERE id = 7")
    assert db.execute("SELECT count(*) FROM safeguarding_flags").fetchone()[0] == 0
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []


def test_decide_keeps_the_notes_trimmed_and_refuses_long_ones(database):
    flag_id = flagged(database, "I feel unsafe", 1)
    with pytest.raises(ValueError, match="characters or fewer"):
        review.decide(database, flag_id, "no-concern", "", "officer1",
                      "x" * (review.NOTES_LENGTH + 1))
    assert review.find(database, flag_id).decision is None
    review.decide(database, flag_id, "known", "", "officer1", "  Known to the team since May. \n")
    found = review.find(database, flag_id)
    assert (found.decision, found.notes, found.decided_by) == (
        "known", "Known to the team since May.", "officer1")
    assert found.decision_label == "Concern: already known to the safeguarding team"


@pytest.mark.parametrize("decision, reference, publishable", [
    ("no-concern", "", True), ("referred", "MASH-2", False), ("known", "", False)])
def test_only_no_concern_lets_a_comment_into_the_results(database, decision, reference,
                                                         publishable):
    flag_id = flagged(database, "someone hits me", 1)
    key = review.find(database, flag_id).key
    assert key in flags.not_publishable(database, TRAFFORD.id)
    review.decide(database, flag_id, decision, reference, "officer1")
    assert (key not in flags.not_publishable(database, TRAFFORD.id)) is publishable
    assert (key not in flags.concerns(database, TRAFFORD.id)) is publishable
    assert key not in flags.held_back(database, TRAFFORD.id)


def test_the_whole_response_is_read_as_stored_and_each_look_is_audited(database):
    flag_id = flagged(database, "I feel unsafe", 1)
    flag = review.find(database, flag_id)
    response = review.response_of(database, flag)
    assert response.id == flag.response_id
    assert response.answers == {("q1", ""): ("carer",), ("q3", ""): ("I feel unsafe",)}
    review.response_of(database, flag)
    assert database.execute("SELECT action, target FROM audit_log").fetchall() == [
        ("safeguarding response viewed", f"{TRAFFORD.id} response {flag.response_id}"
                                         f" (flag {flag_id})")] * 2
    assert review.find(database, flag_id + 1) is None


LANARKSHIRE = load_file(REPO / "questionnaires" / "north-lanarkshire-how-are-you-doing.yaml")


def test_an_answer_picked_waits_in_the_queue_and_holds_nothing_back(database):
    response_id, _ = save_response(database, LANARKSHIRE, [
        ("age-group", "", "age-13-15"), ("wellbeing-1", "safe", "really-bad"),
        ("wellbeing-2", "included", "really-bad")], "a" * 32)
    [flag] = review.waiting(database)
    assert (flag.response_id, flag.question_id, flag.item_id, flag.matched, flag.picked) == (
        response_id, "wellbeing-1", "safe", "Really bad", True)
    assert review.waiting_count(database, LANARKSHIRE.id) == 1
    # The count of "Really bad" is a figure: nothing is held back from any result for it.
    assert flags.not_publishable(database, LANARKSHIRE.id) == set()
    review.decide(database, flag.id, "referred", "MASH-3", "officer1")
    assert flags.concerns(database, LANARKSHIRE.id) == set()
    assert review.find(database, flag.id).picked


def test_a_word_flag_is_not_an_answer_picked(database):
    assert not review.find(database, flagged(database, "I feel unsafe", 1)).picked


def test_the_migration_marks_every_earlier_flag_as_words(tmp_path):
    db = connect(tmp_path / "old.db")
    kind_migration = next(n for n, statements in enumerate(MIGRATIONS)
                          if any("ADD COLUMN kind" in s for s in statements))
    with write(db):
        _as_before(db, kind_migration)
        db.execute("INSERT INTO safeguarding_flags (response_id, question_id, item_id, matched,"
                   " flagged_at) VALUES (7, 'q3', '', 'unsafe', '2026-01-02T00:00:00Z')")
    migrate(db)
    assert db.execute("SELECT kind FROM safeguarding_flags").fetchall() == [("words",)]
    assert flags.held_back(db, "c") == {(7, "q3", "")}
    with pytest.raises(sqlite3.IntegrityError):
        db.execute("UPDATE safeguarding_flags SET kind = 'maybe'")
