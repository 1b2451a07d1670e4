"""The safeguarding review queue: comments flagged and waiting for an officer, and recording
what was done about each, once, audited.

Flagging itself (the word list, matching, which comments are held back) is survey.store.flags;
the officers' queue page is survey.workspace.safeguarding. Until an officer records what was
done ("No concern", or "Passed to the safeguarding team" with a reference), the comment is held
back from exports and the staff results pages.
"""
from __future__ import annotations

from dataclasses import dataclass

import sqlite_utils

from survey.store.audit import record_in_transaction
from survey.store.db import utc_now, write

DECISIONS = {"no-concern": "No concern", "referred": "Passed to the safeguarding team"}
NEED_REFERENCE = "Enter the safeguarding team's reference"
ALREADY = "That comment has already been reviewed"


def waiting_count(db: sqlite_utils.Database, consultation_id: str | None = None,
                  response_id: int | None = None) -> int:
    """Comments waiting for review: of one consultation, or of all (the navigation's count); of
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

    @property
    def decision_label(self) -> str:
        return DECISIONS.get(self.decision or "", "Waiting for review")


FLAG_FROM = ("SELECT f.id, f.response_id, r.consultation_id, f.question_id, f.item_id,"
             " f.matched, f.flagged_at, (SELECT group_concat(a.value, char(10)) FROM answers a"
             " WHERE a.response_id = f.response_id AND a.question_id = f.question_id"
             " AND a.item_id = f.item_id), f.decision, f.reference, f.decided_by, f.decided_at"
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


class AlreadyDecided(ValueError):
    """The flag was reviewed already (by someone else, perhaps at the same moment)."""


def decide(db: sqlite_utils.Database, flag_id: int, decision: str, reference: str,
           username: str) -> None:
    """Record what was done about a flag, once, audited as "safeguarding decision"."""
    if decision not in DECISIONS:
        raise ValueError(f"unknown decision {decision!r}")
    if decision == "referred" and not reference.strip():
        raise ValueError(NEED_REFERENCE)
    with write(db):
        row = db.execute(
            "SELECT r.consultation_id, f.response_id, f.decision FROM safeguarding_flags f"
            " JOIN responses r ON r.id = f.response_id WHERE f.id = ?", [flag_id]).fetchone()
        if row is None:
            raise LookupError(flag_id)
        if row[2] is not None:
            raise AlreadyDecided(ALREADY)
        db.execute("UPDATE safeguarding_flags SET decision = ?, reference = ?, decided_by = ?,"
                   " decided_at = ? WHERE id = ?",
                   [decision, reference.strip(), username, utc_now(), flag_id])
        detail = DECISIONS[decision] + (f", reference {reference.strip()}"
                                        if decision == "referred" else "")
        record_in_transaction(db, "safeguarding decision",
                              f"{row[0]} response {row[1]} (flag {flag_id})", detail)
