"""Storage on a real SQLite file: settings, migrations, one transaction per response."""
from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from survey.store.db import MIGRATIONS, connect, migrate, open_database
from survey.definition import load_file, load_text
from survey.store.responses import (count_responses, iter_responses, record_definition, save_many,
                                    save_response)

REPO = Path(__file__).resolve().parents[2]
TRAFFORD = load_file(REPO / "questionnaires" / "trafford-corporate-parenting-review-2018.yaml")
ANSWERS = [("q1", "", "carer"), ("q2", "education", "quite"), ("q3", "", "More trips")]


@pytest.fixture
def database(tmp_path):
    db = open_database(tmp_path / "s.db")
    yield db
    db.conn.close()


def test_connection_settings(database):
    pragma = lambda name: database.execute(f"PRAGMA {name}").fetchone()[0]
    assert pragma("journal_mode") == "wal"
    assert pragma("synchronous") == 2  # FULL
    assert pragma("foreign_keys") == 1
    assert pragma("busy_timeout") >= 5000


def test_migrations_run_once(tmp_path):
    db = open_database(tmp_path / "m.db")
    assert db.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
    assert migrate(db) == 0
    assert set(db.table_names()) >= {"definitions", "responses", "answers", "users"}


def test_save_and_read_back(database):
    response_id, created = save_response(database, TRAFFORD, ANSWERS, "a" * 32)
    assert created
    [response] = list(iter_responses(database, TRAFFORD.id))
    assert response.id == response_id
    assert response.value("q1") == "carer"
    assert response.value("q2", "education") == "quite"
    assert response.version == TRAFFORD.version


def test_same_submission_id_stores_one_response(database):
    first = save_response(database, TRAFFORD, ANSWERS, "b" * 32)
    second = save_response(database, TRAFFORD, ANSWERS, "b" * 32)
    assert second == (first[0], False)
    assert count_responses(database, TRAFFORD.id) == 1
    assert database.execute("SELECT count(*) FROM answers").fetchone()[0] == len(ANSWERS)


def test_a_failed_write_leaves_nothing_behind(database):
    def answers():
        yield ("q1", "", "carer")
        raise RuntimeError("the connection dropped halfway")
    with pytest.raises(RuntimeError):
        save_response(database, TRAFFORD, answers(), "c" * 32)
    assert database.execute("SELECT count(*) FROM responses").fetchone()[0] == 0
    assert database.execute("SELECT count(*) FROM answers").fetchone()[0] == 0


def test_a_response_s_answers_go_in_with_one_statement(database):
    """Every statement inside the write lock keeps every other writer waiting."""
    statements = []
    database.conn.set_trace_callback(statements.append)
    save_response(database, TRAFFORD, ANSWERS * 3, "f" * 32)
    database.conn.set_trace_callback(None)
    assert len([s for s in statements if s.startswith("INSERT INTO answers")]) == 1
    assert database.execute("SELECT count(*) FROM answers").fetchone()[0] == 9


def test_more_answers_than_one_statement_holds_are_all_stored_in_order(database, monkeypatch):
    monkeypatch.setattr("survey.store.responses.ANSWER_ROWS_PER_STATEMENT", 4)
    answers = [("q3", "", f"comment {i}") for i in range(11)]   # 4 + 4 + 3
    response_id, _ = save_response(database, TRAFFORD, answers, "9" * 32)
    stored = database.execute("SELECT question_id, item_id, value FROM answers"
                              " WHERE response_id = ? ORDER BY rowid", [response_id]).fetchall()
    assert [tuple(row) for row in stored] == answers


def test_a_null_value_fails_the_whole_response(database):
    with pytest.raises(sqlite3.IntegrityError):
        save_response(database, TRAFFORD, [("q1", "", "carer"), ("q3", "", None)], "d" * 32)
    assert database.execute("SELECT count(*) FROM responses").fetchone()[0] == 0


def test_demo_responses_are_left_out_unless_asked_for(database):
    save_response(database, TRAFFORD, ANSWERS, "e" * 32)
    save_many(database, TRAFFORD, [(f"{i:032x}", ANSWERS, "2026-01-01T10:00Z") for i in range(3)],
              is_demo=True)
    assert count_responses(database, TRAFFORD.id) == 1
    assert count_responses(database, TRAFFORD.id, include_demo=True) == 4
    assert len(list(iter_responses(database, TRAFFORD.id))) == 1
    assert len(list(iter_responses(database, TRAFFORD.id, include_demo=True))) == 4


def test_reading_crosses_batches_in_order(database, monkeypatch):
    monkeypatch.setattr("survey.store.responses.READ_BATCH", 7)
    save_many(database, TRAFFORD, [(f"{i:032x}", [("q1", "", "carer"), ("q3", "", f"comment {i}")],
                                    "2026-01-01T10:00Z") for i in range(20)])
    read = list(iter_responses(database, TRAFFORD.id))
    assert [r.value("q3") for r in read] == [f"comment {i}" for i in range(20)]


def test_two_connections_writing_at_once_both_succeed(tmp_path):
    path = tmp_path / "w.db"
    open_database(path).conn.close()
    first, second = connect(path), connect(path)
    save_response(first, TRAFFORD, ANSWERS, "1" * 32)
    save_response(second, TRAFFORD, ANSWERS, "2" * 32)
    assert count_responses(first, TRAFFORD.id) == 2


# -- answers marked for the safeguarding review, flagged as the response is stored ---------------
MARKED = load_text("""\
id: marked
title: Marked
organisation: Test Council
sections:
  - id: only
    questions:
      - id: q1
        type: single_choice
        text: Do you feel safe at home?
        options:
          - {id: "yes", label: "Yes"}
          - {id: unsafe, label: "I don't feel safe", safeguarding: true}
      - {id: q2, type: long_text, text: Anything else?}
""")


def answer_flags(db) -> list[tuple]:
    """The flags for answers picked (a written "unsafe" may be flagged for its words)."""
    return db.execute("SELECT response_id, question_id, item_id, matched, kind"
                      " FROM safeguarding_flags WHERE kind = 'answer' ORDER BY id").fetchall()


def test_a_response_picking_a_marked_option_is_flagged_as_it_is_stored(database):
    response_id, _ = save_response(database, MARKED, [("q1", "", "unsafe")], "f" * 32)
    assert answer_flags(database) == [(response_id, "q1", "", "I don't feel safe", "answer")]


def test_a_response_not_picking_it_is_not_flagged(database):
    save_response(database, MARKED, [("q1", "", "yes"), ("q2", "", "unsafe")], "g" * 32)
    assert answer_flags(database) == []


def test_a_demo_response_picking_it_is_not_flagged(database):
    save_response(database, MARKED, [("q1", "", "unsafe")], "h" * 32, is_demo=True)
    assert answer_flags(database) == []


def test_if_storing_fails_the_flag_is_not_kept_either(database):
    with pytest.raises(sqlite3.IntegrityError):  # the second response fails the transaction
        save_many(database, MARKED, [("i" * 32, [("q1", "", "unsafe")], "2026-01-01T00:00Z"),
                                     ("j" * 32, [("q1", "", None)], "2026-01-01T00:00Z")])
    assert database.execute("SELECT count(*) FROM responses").fetchone()[0] == 0
    assert answer_flags(database) == []


def test_if_flagging_fails_the_response_is_not_stored_unflagged(database):
    database.execute("CREATE TRIGGER no_flags BEFORE INSERT ON safeguarding_flags"
                     " BEGIN SELECT RAISE(ABORT, 'the disk is full'); END")
    with pytest.raises(sqlite3.IntegrityError):
        save_response(database, MARKED, [("q1", "", "unsafe")], "k" * 32)
    assert database.execute("SELECT count(*) FROM responses").fetchone()[0] == 0


def test_a_response_keeps_its_language_and_age_version(database):
    save_response(database, TRAFFORD, ANSWERS, "w" * 32, language="cy", version="younger")
    row = database.execute("SELECT language, age_version FROM responses").fetchone()
    assert tuple(row) == ("cy", "younger")
    [response] = list(iter_responses(database, TRAFFORD.id))
    assert (response.language, response.age_version) == ("cy", "younger")


def test_a_response_stored_without_saying_has_no_language_or_version(database):
    # '' is what every row stored before the columns has: the working language, no version.
    save_response(database, TRAFFORD, ANSWERS, "x" * 32)
    [response] = list(iter_responses(database, TRAFFORD.id))
    assert (response.language, response.age_version) == ("", "")


def test_rows_from_before_the_migration_read_as_no_language_and_no_version(tmp_path):
    db = connect(tmp_path / "old.db")
    # Stop just before the migration that adds the columns, store a row as the app did then.
    languages = next(n for n, m in enumerate(MIGRATIONS, 1) if "ADD COLUMN language" in m[0])
    for number, statements in enumerate(MIGRATIONS[:languages - 1], start=1):
        for statement in statements:
            db.execute(statement)
        db.execute(f"PRAGMA user_version = {number}")
    record_definition(db, TRAFFORD)
    db.execute("INSERT INTO responses (consultation_id, version, submission_id, submitted_at,"
               " channel, is_demo) VALUES (?, ?, ?, ?, 'online', 0)",
               [TRAFFORD.id, TRAFFORD.version, "o" * 32, "2026-01-05T09:00Z"])
    db.conn.commit()
    assert migrate(db) == len(MIGRATIONS) - languages + 1
    [response] = list(iter_responses(db, TRAFFORD.id))
    assert (response.language, response.age_version) == ("", "")
    db.conn.close()
