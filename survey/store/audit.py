"""The audit log: who did what, when. Sign-ins, failed sign-ins, publishing, edits, downloads,
deletions and safeguarding decisions are recorded here.

Rows are only ever added: triggers in the schema refuse any UPDATE or DELETE, so no page of the
app (nor a mistake in one) can change the record. Nothing a young person wrote is put in it.

Who did it travels on the connection, as the safeguarding word list does: a request's connection
carries `db.signed_in`, the signed-in user or None (survey.web.auth sets it on every request and
at sign-in), so this module needs no web framework. A connection without it (the `survey`
command's, a job's, a test's) records "(command line)".
"""
from __future__ import annotations

from dataclasses import dataclass

import sqlite_utils

from survey.store.db import utc_now, write


@dataclass(frozen=True)
class Entry:
    id: int
    at: str
    username: str
    action: str
    target: str
    detail: str


def record(db: sqlite_utils.Database, action: str, target: str = "", detail: str = "",
           username: str | None = None) -> None:
    """Add one entry, by the signed-in user unless `username` is given (a failed sign-in)."""
    user = getattr(db, "signed_in", None)
    if username is None:
        username = user.username if user else "(command line)" if not _in_request(db) else ""
    with write(db):
        _insert(db, action, target, detail, username, user.id if user else None)


def record_in_transaction(db: sqlite_utils.Database, action: str, target: str = "",
                          detail: str = "", username: str | None = None) -> None:
    """The same, inside a write transaction already open (so the entry and the change it
    records are stored together or not at all)."""
    user = getattr(db, "signed_in", None)
    if username is None:
        username = user.username if user else "(command line)"
    _insert(db, action, target, detail, username, user.id if user else None)


def _in_request(db: sqlite_utils.Database) -> bool:
    """Whether the connection is a request's (it says who is signed in, perhaps nobody)."""
    return hasattr(db, "signed_in")


def _insert(db, action, target, detail, username, user_id) -> None:
    at = utc_now()
    db.execute("INSERT INTO audit_log (at, user_id, username, action, target, detail)"
               " VALUES (?, ?, ?, ?, ?, ?)", [at, user_id, username, action, target, detail])


def entries(db: sqlite_utils.Database, limit: int = 200, before: int | None = None,
            action: str = "") -> list[Entry]:
    """Newest first; `before` pages back from an entry id; `action` filters to one kind."""
    sql = "SELECT id, at, username, action, target, detail FROM audit_log WHERE 1 = 1"
    params: list = []
    if before:
        sql += " AND id < ?"
        params.append(before)
    if action:
        sql += " AND action = ?"
        params.append(action)
    sql += " ORDER BY id DESC LIMIT ?"
    params.append(limit)
    return [Entry(*row) for row in db.execute(sql, params)]


def actions(db: sqlite_utils.Database) -> list[str]:
    """Every kind of entry in the log, in name order (the audit page filters by them)."""
    return [a for (a,) in db.execute("SELECT DISTINCT action FROM audit_log ORDER BY action")]
