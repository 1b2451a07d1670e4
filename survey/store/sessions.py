"""Staff sessions kept on the server.

The browser holds only a random token (inside Flask's signed cookie); the database holds its
SHA-256, so a copy of the database gives no live session. Signing out, an idle time-out and
disabling the user each end the session on the server: a copied cookie is refused afterwards.
"""
from __future__ import annotations

import hashlib
import secrets
import time

import sqlite_utils

from survey.store.db import write

# last_seen is written at most this often, so reading pages does not write on every request.
TOUCH_EVERY_SECONDS = 60


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start(db: sqlite_utils.Database, user_id: int) -> str:
    token = secrets.token_urlsafe(32)
    now = time.time()
    with write(db):
        db.execute("INSERT INTO staff_sessions (token_hash, user_id, created_at, last_seen)"
                   " VALUES (?, ?, ?, ?)", [_hash(token), user_id, now, now])
    return token


def resume(db: sqlite_utils.Database, token: str, idle_seconds: int) -> int | None:
    """The user id of a live session, or None (ending it) if it is unknown or idle too long."""
    now = time.time()
    row = db.execute("SELECT user_id, last_seen FROM staff_sessions WHERE token_hash = ?",
                     [_hash(token)]).fetchone()
    if row is None:
        return None
    user_id, last_seen = row
    if now - last_seen > idle_seconds:
        end(db, token)
        return None
    if now - last_seen > TOUCH_EVERY_SECONDS:
        with write(db):
            db.execute("UPDATE staff_sessions SET last_seen = ? WHERE token_hash = ?",
                       [now, _hash(token)])
    return user_id


def end(db: sqlite_utils.Database, token: str) -> None:
    with write(db):
        db.execute("DELETE FROM staff_sessions WHERE token_hash = ?", [_hash(token)])


def end_all(db: sqlite_utils.Database, user_id: int) -> int:
    with write(db):
        return db.execute("DELETE FROM staff_sessions WHERE user_id = ?", [user_id]).rowcount
