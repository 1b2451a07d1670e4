"""Stored responses: write one in a single transaction, read them back as a stream, and count
them the ways the results and the builder need (by channel, by version, what has been answered).

Answers are kept in long format, one row per (question, item, value):
  - single choice:    (q1, '', 'care-leaver')           plus (q1, 'other', 'their words') for Other
  - multiple choice:  one row per ticked option
  - likert:           (q2, 'placement-stability', 'quite'), one row per statement answered
  - text:             (q3, '', 'what they wrote')
so analysis reads them without consulting the definition. Nothing about the device or the person
(IP address, user agent, cookies) is stored.

Each response also keeps the language its words were in and the version for an age band it
answered (issue 18), as the code and the version id the sender gives ("cy", "younger"). A
language is stored as its code even when it is the working language, so a later change of working
language cannot move answers from one language to another; '' (every response stored before
these columns, and callers that do not say, such as demo data) means the working language, and
no version, when results are split (analysis.summary).
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Callable, Iterable, Iterator

import sqlite_utils

from survey.store.db import utc_now, write
from survey.definition import Questionnaire
from survey.definition.differences import Answered
from survey.store.flags import flag_answers, flag_picks

CHANNELS = ("online", "paper", "group")  # group: one response for a session's answers
READ_BATCH = 5_000


@dataclass(frozen=True)
class StoredResponse:
    id: int
    submitted_at: str
    channel: str = "online"
    version: str = ""
    is_demo: bool = False
    # (question id, item id) -> the values given, in the order stored
    answers: dict[tuple[str, str], tuple[str, ...]] = field(default_factory=dict)
    batch: str = ""                 # the officer's reference for a paper return ("" if none)
    group_size: int | None = None   # how many took part, for a group session's response
    language: str = ""              # its words' language code; "": the working language
    age_version: str = ""           # the id of the version for an age band; "": none

    def value(self, question_id: str, item_id: str = "") -> str | None:
        values = self.answers.get((question_id, item_id))
        return values[0] if values else None

    def values(self, question_id: str, item_id: str = "") -> tuple[str, ...]:
        return self.answers.get((question_id, item_id), ())


Answer = tuple[str, str, str]  # (question id, item id, value)


def now_minute() -> str:
    """Submission time in UTC, to the minute: enough for "responses over time", no finer."""
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%MZ")


def record_definition(db: sqlite_utils.Database, questionnaire: Questionnaire) -> None:
    """Keep every version of a definition that responses may point at (first seen wins)."""
    with write(db):
        record_version(db, questionnaire)


def record_version(db: sqlite_utils.Database, questionnaire: Questionnaire) -> None:
    """record_definition inside a write transaction already open (a response's, a builder save's).
    A variant made for one young person records the consultation itself (its working
    language's title)."""
    questionnaire = questionnaire.itself
    db.execute(
        "INSERT OR IGNORE INTO definitions (consultation_id, version, title, source, first_loaded)"
        " VALUES (?, ?, ?, ?, ?)",
        [questionnaire.id, questionnaire.version, questionnaire.title, questionnaire.source,
         now_minute()],
    )


def save_response(db: sqlite_utils.Database, questionnaire: Questionnaire, answers: Iterable[Answer],
                  submission_id: str, channel: str = "online", is_demo: bool = False,
                  submitted_at: str | None = None,
                  before_insert: Callable[[sqlite_utils.Database], None] | None = None,
                  batch: str = "", group_size: int | None = None,
                  language: str = "", version: str = "",
                  ) -> tuple[int, bool]:
    """Store one response and all its answers in one transaction.

    A paper return may carry the officer's `batch` reference; a group session's response (channel
    "group") carries how many took part (`group_size`). `language` is the code of the language
    the young person answered in and `version` the id of the age band's version they answered
    ('' for either: the working language, no version).

    `before_insert(db)` runs inside that transaction just before the insert (an invitation
    code is marked used there); if it raises, nothing is stored.

    Returns (response id, created). A submission id already stored (a double click, a retry)
    returns the first response's id with created=False and stores nothing more.
    """
    answers = list(answers)  # read before the write lock: every writer waits while it is held
    with write(db):
        existing = db.execute(
            "SELECT id FROM responses WHERE submission_id = ?", [submission_id]).fetchone()
        if existing:
            return existing[0], False
        if before_insert is not None:
            before_insert(db)
        record_version(db, questionnaire)
        response_id = _insert(db, questionnaire, answers, submission_id, channel, is_demo,
                              submitted_at or now_minute(), batch, group_size, language,
                              version)
    return response_id, True


def save_many(db: sqlite_utils.Database, questionnaire: Questionnaire,
              responses: Iterable[tuple[str, Iterable[Answer], str]], channel: str = "online",
              is_demo: bool = False) -> int:
    """Store many responses, given as (submission id, answers, submitted_at), in one transaction."""
    count = 0
    with write(db):
        record_version(db, questionnaire)
        for submission_id, answers, submitted_at in responses:
            _insert(db, questionnaire, answers, submission_id, channel, is_demo, submitted_at)
            count += 1
    return count


def _insert(db, questionnaire, answers, submission_id, channel, is_demo, submitted_at,
            batch: str = "", group_size: int | None = None, language: str = "",
            version: str = "") -> int:
    if channel not in CHANNELS:
        raise ValueError(f"unknown channel {channel!r}")
    cursor = db.execute(
        "INSERT INTO responses (consultation_id, version, submission_id, submitted_at, channel,"
        " is_demo, batch, group_size, language, age_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [questionnaire.id, questionnaire.version, submission_id, submitted_at, channel,
         int(is_demo), batch, group_size, language or "", version or ""],
    )
    response_id = cursor.lastrowid
    rows = [(response_id, q, item, value) for q, item, value in answers]
    _insert_answers(db, rows)
    if not is_demo:  # made-up practice text prompts no one; a young person's words always do
        flag_answers(db, questionnaire, response_id, rows)
        flag_picks(db, questionnaire, response_id, rows)  # answers marked for review
    return response_id


# Rows per INSERT of answers: 4 values each, far below SQLite's 32,766 bound values.
ANSWER_ROWS_PER_STATEMENT = 500


def _insert_answers(db: sqlite_utils.Database, rows: list[tuple[int, str, str, str]]) -> None:
    """A response's answers in one statement (per ANSWER_ROWS_PER_STATEMENT rows), not one per
    row: this runs while every other writer waits, and each statement lets the other threads
    of the process take the interpreter, which the writer must then wait to get back."""
    for start in range(0, len(rows), ANSWER_ROWS_PER_STATEMENT):
        chunk = rows[start:start + ANSWER_ROWS_PER_STATEMENT]
        marks = ", ".join(["(?, ?, ?, ?)"] * len(chunk))
        db.conn.execute("INSERT INTO answers (response_id, question_id, item_id, value) VALUES "
                        + marks, [value for row in chunk for value in row])  # nosec B608: only "?" marks


def delete_responses(db: sqlite_utils.Database, consultation_id: str,
                     response_id: int | None = None) -> int:
    """Delete one response of a consultation, or all of them, inside the caller's write
    transaction. Answers, themes on its comments and safeguarding flags go with it (ON DELETE
    CASCADE); the audit log is never touched. Each deleted response's submission id is kept in
    `erased` (nothing it said), so that a restore of an older backup deletes it again
    (survey.store.backup). Returns how many responses were deleted."""
    where, params = "consultation_id = ?", [consultation_id]
    if response_id is not None:
        where += " AND id = ?"
        params.append(response_id)
    db.execute("INSERT OR IGNORE INTO erased (submission_id, consultation_id, erased_at)"
               f" SELECT submission_id, consultation_id, ? FROM responses WHERE {where}",  # nosec B608: `where` is one of two literals
               [utc_now(), *params])
    return db.execute(f"DELETE FROM responses WHERE {where}", params).rowcount  # nosec B608: as above


def is_stored(db: sqlite_utils.Database, consultation_id: str, submission_id: str | None) -> bool:
    """Whether a response with this submission id is stored: a request carrying it again is a
    replay (a double click, or Back and send again), to be answered as the first one was."""
    return bool(submission_id) and db.execute(
        "SELECT 1 FROM responses WHERE submission_id = ? AND consultation_id = ?",
        [submission_id, consultation_id]).fetchone() is not None


def count_responses(db: sqlite_utils.Database, consultation_id: str,
                    include_demo: bool = False) -> int:
    return db.execute(
        "SELECT count(*) FROM responses WHERE consultation_id = ? AND is_demo <= ?",
        [consultation_id, int(include_demo)],
    ).fetchone()[0]


def response_counts(db: sqlite_utils.Database, include_demo: bool = False) -> dict[str, int]:
    rows = db.execute(
        "SELECT consultation_id, count(*) FROM responses WHERE is_demo <= ? GROUP BY consultation_id",
        [int(include_demo)],
    ).fetchall()
    return dict(rows)


def iter_responses(db: sqlite_utils.Database, consultation_id: str,
                   include_demo: bool = False) -> Iterator[StoredResponse]:
    """Every response to a consultation with its answers, oldest first, read in batches so that
    100,000 responses never sit in memory at once."""
    last_id = 0
    while True:
        heads = db.execute(
            "SELECT id, submitted_at, channel, version, is_demo, batch, group_size, language,"
            " age_version FROM responses"
            " WHERE consultation_id = ? AND is_demo <= ? AND id > ? ORDER BY id LIMIT ?",
            [consultation_id, int(include_demo), last_id, READ_BATCH],
        ).fetchall()
        if not heads:
            return
        first, last_id = heads[0][0], heads[-1][0]
        rows = db.execute(
            "SELECT a.response_id, a.question_id, a.item_id, a.value FROM answers a"
            " JOIN responses r ON r.id = a.response_id"
            " WHERE r.consultation_id = ? AND r.is_demo <= ? AND a.response_id BETWEEN ? AND ?"
            " ORDER BY a.response_id, a.rowid",
            [consultation_id, int(include_demo), first, last_id],
        )
        grouped = {rid: list(group) for rid, group in itertools.groupby(rows, key=lambda r: r[0])}
        for rid, submitted_at, channel, version, is_demo, batch, group_size, language, \
                age_version in heads:
            answers: dict[tuple[str, str], tuple[str, ...]] = {}
            for _, question_id, item_id, value in grouped.get(rid, ()):
                key = (question_id, item_id)
                answers[key] = answers.get(key, ()) + (value,)
            yield StoredResponse(rid, submitted_at, channel, version, bool(is_demo), answers,
                                 batch, group_size, language, age_version)


def answered(db: sqlite_utils.Database, questionnaire: Questionnaire) -> Answered:
    """What the consultation's stored responses have answered, for the builder to weigh a new
    version against (survey.definition.differences)."""
    consultation_id = questionnaire.id
    items = db.execute(
        "SELECT DISTINCT a.question_id, a.item_id FROM answers a JOIN responses r"
        " ON r.id = a.response_id WHERE r.consultation_id = ?", [consultation_id]).fetchall()
    choice_ids = [q.id for q in questionnaire.questions if q.options]
    values = []
    if choice_ids:
        marks = ", ".join("?" for _ in choice_ids)
        values = db.execute(
            "SELECT DISTINCT a.question_id, a.value FROM answers a JOIN responses r"
            " ON r.id = a.response_id WHERE r.consultation_id = ? AND a.item_id = ''"
            f" AND a.question_id IN ({marks})", [consultation_id, *choice_ids]).fetchall()  # nosec B608: only "?" marks
    count = db.execute("SELECT count(*) FROM responses WHERE consultation_id = ?",
                       [consultation_id]).fetchone()[0]
    return Answered(frozenset(map(tuple, items)), frozenset(map(tuple, values)), count)


def response_facts(db: sqlite_utils.Database, consultation_id: str,
                   response_id: int) -> tuple[str, str, int] | None:
    """(submitted at, channel, number of answers) of a response of this consultation, or None."""
    row = db.execute(
        "SELECT submitted_at, channel, (SELECT count(*) FROM answers WHERE response_id = r.id)"
        " FROM responses r WHERE r.id = ? AND r.consultation_id = ?",
        [response_id, consultation_id]).fetchone()
    return tuple(row) if row else None


def channel_counts(db: sqlite_utils.Database, consultation_id: str,
                   include_demo: bool = False) -> list[tuple[str, int, int]]:
    """(channel, responses, people) of every channel with responses: a group session's response
    counts everyone who took part."""
    return db.execute(
        "SELECT channel, count(*), sum(CASE WHEN channel = 'group' THEN coalesce(group_size, 1)"
        " ELSE 1 END) FROM responses WHERE consultation_id = ? AND is_demo <= ?"
        " GROUP BY channel", [consultation_id, int(include_demo)]).fetchall()


def submission_times(db: sqlite_utils.Database, consultation_id: str,
                     include_demo: bool = False) -> list[str]:
    """When each response was sent (to the minute), in no particular order."""
    return [at for (at,) in db.execute(
        "SELECT submitted_at FROM responses WHERE consultation_id = ? AND is_demo <= ?",
        [consultation_id, int(include_demo)])]


def version_counts(db: sqlite_utils.Database, consultation_id: str,
                   include_demo: bool = False) -> dict[str, int]:
    """Responses per definition version."""
    return dict(db.execute(
        "SELECT version, count(*) FROM responses WHERE consultation_id = ? AND is_demo <= ?"
        " GROUP BY version", [consultation_id, int(include_demo)]).fetchall())
