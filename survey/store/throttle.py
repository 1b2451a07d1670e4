"""Slow down password guessing: too many failed sign-ins for one account, or from one address,
and sign-in is refused for a while.

The same limits apply whether or not the account exists, so the answer reveals nothing. An
address is kept only as a keyed hash (HMAC with the app's secret), and only for the window.
"""
from __future__ import annotations

import hashlib
import hmac
import time

import sqlite_utils

from survey.store.db import write

WINDOW_SECONDS = 15 * 60
LIMITS = {"account": 5, "address": 20}


def keys(secret: str, username: str, address: str | None) -> dict[str, str]:
    digest = hmac.new(secret.encode(), (address or "").encode(), hashlib.sha256).hexdigest()
    return {"account": "account:" + username.strip().lower(), "address": "address:" + digest}


def blocked(db: sqlite_utils.Database, keys: dict[str, str]) -> bool:
    since = time.time() - WINDOW_SECONDS
    for kind, key in keys.items():
        count = db.execute("SELECT count(*) FROM sign_in_failures WHERE key = ? AND at > ?",
                           [key, since]).fetchone()[0]
        if count >= LIMITS[kind]:
            return True
    return False


def failed(db: sqlite_utils.Database, keys: dict[str, str]) -> None:
    now = time.time()
    with write(db):
        db.execute("DELETE FROM sign_in_failures WHERE at <= ?", [now - WINDOW_SECONDS])
        db.conn.executemany("INSERT INTO sign_in_failures (key, at) VALUES (?, ?)",
                            [(key, now) for key in keys.values()])


def succeeded(db: sqlite_utils.Database, keys: dict[str, str]) -> None:
    with write(db):
        db.execute("DELETE FROM sign_in_failures WHERE key = ?", [keys["account"]])
