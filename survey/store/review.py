"""The safeguarding review queue: comments flagged and waiting for an officer, and recording
what was done about each, once, audited.

Flagging itself (the word list, matching, which comments are held back) is survey.store.flags;
the officers' queue page is survey.workspace.safeguarding. Until an officer records what was
done, the comment is held back from exports and the staff results pages. Three outcomes:
"No concern" lets the comment into the results; a concern, either passed to the safeguarding
team (with its reference) or already known to it, keeps the comment out of every results output
for good (survey.store.flags.CONCERNS). The officer's notes are kept with the decision, for
officers only. Looking at the whole response a comment came from is audited (`response_of`).
"""
from __future__ import annotations

from dataclasses import dataclass

import sqlite_utils

from survey.store.audit import record, record_in_transaction
from survey.store.db import utc_now, write
from survey.store.flags import ANSWER, WORDS
from survey.store.responses import StoredResponse

# The stored value -> what officers read. 'no-concern' and 'referred' keep the meaning they had
# before 'known' was added; the table's CHECK lists the same three (survey.store.db, migration 9).
DECISIONS = {"no-concern": "No concern",
             "referred": "Concern: passed to the safeguarding team",
             "known": "Concern: already known to the safeguarding team"}
NEED_REFERENCE = "Enter the safeguarding team's reference"
ALREADY = "That comment has already been reviewed"
NOTES_LENGTH = 2000
LONG_NOTES = f"Your notes must be {NOTES_LENGTH:,} characters or fewer"


def waiting_count(db: sqlite_utils.Database, consultation_id: str | None = None,
                  response_id: int | None = None) -> int:
    """Flags (comments, answers picked) waiting for review: of one consultation, or of all (the navigation's count); of
    one response, given its id too (retention erases none such)."""
    sql = ("SELECT count(*) FROM safeguarding_flags f JOIN responses r ON r.id = f.response_id"
           " WHERE f.decision IS NULL")
    params: list = []
    if consultation_id is not None:
        sql += " AND r.consultation_id = ?"
        params.append(consultation_id)
    if response_id is not None:
        sql += " AND r.id = ?"
        params.append(response_id)
    return db.execute(sql, params).fetchone()[0]


@dataclass(frozen=True)
class Flag:
    id: int
    response_id: int
    consultation_id: str
    question_id: str
    item_id: str
    matched: str
    flagged_at: str
    text: str
    decision: str | None = None
    reference: str = ""
    decided_by: str | None = None
    decided_at: str | None = None
    notes: str = ""
    # "words" (survey.store.flags.WORDS): a comment matched the list; "answer" (ANSWER): an
    # answer marked for review was picked, and `matched` is its words.
    kind: str = WORDS

    @property
    def picked(self) -> bool:
        """Flagged for an answer picked, not for words written: nothing is held back for it."""
        return self.kind == ANSWER

    @property
    def decision_label(self) -> str:
        return DECISIONS.get(self.decision or "", "Waiting for review")

    @property
    def key(self) -> tuple[int, str, str]:
        """(response id, question id, item id): the answer the flag is about."""
        return (self.response_id, self.question_id, self.item_id)


FLAG_FROM = ("SELECT f.id, f.response_id, r.consultation_id, f.question_id, f.item_id,"
             " f.matched, f.flagged_at, (SELECT group_concat(a.value, char(10)) FROM answers a"
             " WHERE a.response_id = f.response_id AND a.question_id = f.question_id"
             " AND a.item_id = f.item_id), f.decision, f.reference, f.decided_by, f.decided_at,"
             " f.notes, f.kind"
             " FROM safeguarding_flags f JOIN responses r ON r.id = f.response_id")


def waiting(db: sqlite_utils.Database) -> list[Flag]:
    """Every flag not yet reviewed, oldest first."""
    return [Flag(*row) for row in db.execute(
        FLAG_FROM + " WHERE f.decision IS NULL ORDER BY f.id")]


def decided(db: sqlite_utils.Database, limit: int = 50) -> list[Flag]:
    """The latest reviewed flags, newest decision first: the record of what was done."""
    return [Flag(*row) for row in db.execute(
        FLAG_FROM + " WHERE f.decision IS NOT NULL ORDER BY f.decided_at DESC, f.id DESC LIMIT ?",
        [limit])]


def find(db: sqlite_utils.Database, flag_id: int) -> Flag | None:
    row = db.execute(FLAG_FROM + " WHERE f.id = ?", [flag_id]).fetchone()
    return Flag(*row) if row else None


def response_of(db: sqlite_utils.Database, flag: Flag) -> StoredResponse:
    """Every answer of the response a flagged comment came from, for the officer reviewing it;
    audited as "safeguarding response viewed", since it puts one young person's answers side
    by side. Demo or not, the response is read as stored (held-back texts included)."""
    row = db.execute("SELECT id, submitted_at, channel, version, is_demo, batch, group_size"
                     " FROM responses WHERE id = ?", [flag.response_id]).fetchone()
    if row is None:   # erased since: the flag went with it (ON DELETE CASCADE)
        raise LookupError(flag.response_id)
    answers: dict[tuple[str, str], tuple[str, ...]] = {}
    for question_id, item_id, value in db.execute(
            "SELECT question_id, item_id, value FROM answers WHERE response_id = ? ORDER BY rowid",
            [flag.response_id]):
        answers[(question_id, item_id)] = answers.get((question_id, item_id), ()) + (value,)
    record(db, "safeguarding response viewed",
           f"{flag.consultation_id} response {flag.response_id} (flag {flag.id})")
    rid, submitted_at, channel, version, is_demo, batch, group_size = row
    return StoredResponse(rid, submitted_at, channel, version, bool(is_demo), answers,
                          batch or "", group_size)


class AlreadyDecided(ValueError):
    """The flag was reviewed already (by someone else, perhaps at the same moment)."""


def decide(db: sqlite_utils.Database, flag_id: int, decision: str, reference: str,
           username: str, notes: str = "") -> None:
    """Record what was done about a flag, once, audited as "safeguarding decision" (the notes
    stay with the decision, not in the audit log, which administrators read)."""
    if decision not in DECISIONS:
        raise ValueError(f"unknown decision {decision!r}")
    if decision == "referred" and not reference.strip():
        raise ValueError(NEED_REFERENCE)
    if len(notes.strip()) > NOTES_LENGTH:
        raise ValueError(LONG_NOTES)
    with write(db):
        row = db.execute(
            "SELECT r.consultation_id, f.response_id, f.decision FROM safeguarding_flags f"
            " JOIN responses r ON r.id = f.response_id WHERE f.id = ?", [flag_id]).fetchone()
        if row is None:
            raise LookupError(flag_id)
        if row[2] is not None:
            raise AlreadyDecided(ALREADY)
        db.execute("UPDATE safeguarding_flags SET decision = ?, reference = ?, decided_by = ?,"
                   " decided_at = ?, notes = ? WHERE id = ?",
                   [decision, reference.strip(), username, utc_now(), notes.strip(), flag_id])
        detail = DECISIONS[decision] + (f", reference {reference.strip()}"
                                        if decision != "no-concern" and reference.strip() else "")
        record_in_transaction(db, "safeguarding decision",
                              f"{row[0]} response {row[1]} (flag {flag_id})", detail)
