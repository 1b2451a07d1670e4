"""Refused sign-ins in the audit log, counted: one entry per name and 15-minute window, not one
per try.

Anyone can type any name on the sign-in page, so what a visitor types must not fill the log, nor
read like a real event. The first refusal for a name in a window adds one audit entry (which,
like every entry, is never changed); later ones in the same window add to its count here. An
entry is "about" a real account only when the name is one; otherwise it says the name was typed
by a visitor and that no such account exists. One address can open entries for at most
NAMES_PER_ADDRESS names a window; beyond that its refusals are counted in the window's one entry
for "other names", so the log grows by a bounded number of rows however many names are tried.

The address is kept only as the throttle's keyed hash (survey.store.throttle.address_hash), and
only while its window lasts.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timezone

import sqlite_utils

from survey.store.audit import record_in_transaction
from survey.store.db import write
from survey.store.throttle import WINDOW_SECONDS

NAMES_PER_ADDRESS = 5
ACTION = "sign-in failed"
OTHER_NAMES = None   # the name of a window's entry for the names past an address's share
ADD_ONE = {False: "UPDATE refused_sign_ins SET wrong = wrong + 1 WHERE entry_id = ?",
           True: "UPDATE refused_sign_ins SET too_many = too_many + 1 WHERE entry_id = ?"}


@dataclass(frozen=True)
class Count:
    name: str | None
    known: bool
    wrong: int
    too_many: int
    window_start: float

    def words(self) -> str:
        """The entry's detail as the audit page shows it."""
        start = _clock(self.window_start)
        end = _clock(self.window_start + WINDOW_SECONDS)
        tries = self.wrong + self.too_many
        counted = f"{tries} refused sign-in{'s' if tries != 1 else ''}"
        why = ", ".join(part for part in (
            f"{self.wrong} with a wrong password" if self.wrong else "",
            f"{self.too_many} refused for too many tries" if self.too_many else "") if part)
        if self.known:
            about = "to this account"
        elif self.name is OTHER_NAMES:
            about = ("for other names typed by visitors, none of them an account (too many"
                     " names from one address to list each)")
        else:  # the name itself is the entry's target: "name typed by a visitor: ‘...’"
            about = "for this name, which is not an account,"
        return f"{counted} {about} between {start} and {end} UTC ({why})"


def _clock(seconds: float) -> str:
    return datetime.fromtimestamp(seconds, timezone.utc).strftime("%H:%M")


def count(db: sqlite_utils.Database, typed: str, address_key: str, at: float,
          too_many: bool) -> None:
    """Count one refused sign-in for the name `typed` (wrong password, or `too_many` tries),
    adding an audit entry only for the first of its name and window."""
    window = at - at % WINDOW_SECONDS
    with write(db):
        db.execute("UPDATE refused_sign_ins SET address = NULL"
                   " WHERE address IS NOT NULL AND window_start < ?", [window])
        account = db.execute("SELECT username FROM users WHERE username = ?",
                             [typed.strip()]).fetchone()
        name = account[0] if account else typed
        if not account and not _found(db, window, name) and _names_from(
                db, window, address_key) >= NAMES_PER_ADDRESS:
            name = OTHER_NAMES
        entry = _found(db, window, name)
        if entry is None:
            record_in_transaction(db, ACTION, *_target(name, bool(account)),
                                  username=account[0] if account else "")
            entry = db.execute("SELECT last_insert_rowid()").fetchone()[0]
            db.execute("INSERT INTO refused_sign_ins (entry_id, window_start, name, known,"
                       " address) VALUES (?, ?, ?, ?, ?)",
                       [entry, window, name, bool(account),
                        address_key if name is not OTHER_NAMES else None])
        db.execute(ADD_ONE[too_many], [entry])


def _target(name: str | None, known: bool) -> tuple[str, str]:
    """The entry's target and detail as stored (the counts are added when it is shown)."""
    if known:
        return "", "refused sign-ins to this account"
    if name is OTHER_NAMES:
        return "other names typed by visitors", "not accounts"
    return f"name typed by a visitor: ‘{name}’", "not an account"


def _found(db, window: float, name: str | None) -> int | None:
    row = db.execute("SELECT entry_id FROM refused_sign_ins WHERE window_start = ? AND name IS ?",
                     [window, name]).fetchone()
    return row[0] if row else None


def _names_from(db, window: float, address_key: str) -> int:
    return db.execute("SELECT count(*) FROM refused_sign_ins WHERE window_start = ?"
                      " AND address = ? AND NOT known", [window, address_key]).fetchone()[0]


def counts(db: sqlite_utils.Database, entry_ids: list[int]) -> dict[int, Count]:
    """The counts of those audit entries that are counted refusals, by entry id."""
    rows = db.execute("SELECT entry_id, name, known, wrong, too_many, window_start"
                      " FROM refused_sign_ins WHERE entry_id IN (SELECT value FROM json_each(?))",
                      [json.dumps(entry_ids)])
    return {row[0]: Count(row[1], bool(row[2]), row[3], row[4], row[5]) for row in rows}
