"""Slow down guessing: passwords at sign-in and password change, invitation codes and resume
codes.

Each guess takes a slot before the secret is checked, in one write transaction (BEGIN
IMMEDIATE, so concurrent guesses queue): counting and checking the limit happen together, and
thirty guesses sent at once get no more tries than thirty sent one by one. A guess that turns
out right gives its slot back (`succeeded`); a wrong one keeps it, so it counts.

Limits are per target, kept as data in RULES: an account, or one browser's entry of codes
(survey.respond keeps a random id in the session). After a target's first few wrong tries each
further one must wait longer (2, 4, 8... seconds, capped); after its most, everything is refused
until the window ends. Per address the limits are high enough for a class or an office behind
one network address: only wrong tries count against an address, and a right one costs nothing.

The same limits apply whether or not an account or code exists, so the answer reveals nothing.
An address is kept only as a keyed hash (HMAC with the app's secret), and only for the window.
Time is read through `now()`, which tests replace.
"""
from __future__ import annotations

import hashlib
import hmac
import math
import time
from dataclasses import dataclass

import sqlite_utils

from survey.store.db import write

WINDOW_SECONDS = 15 * 60


@dataclass(frozen=True)
class Rule:
    """How many wrong tries a target gets in a window: `free` at once, then each further one
    waits (first_wait, doubling, at most longest_wait seconds after the last), and none past
    `most`. `cleared` targets start again at a right guess; an address only gets its slot back."""
    most: int
    free: int
    first_wait: int = 2
    longest_wait: int = 60
    cleared: bool = True


RULES = {
    "account": Rule(most=5, free=5),                  # a staff account's password
    "address": Rule(most=20, free=20, cleared=False),  # sign-in from one network address
    "code-browser": Rule(most=20, free=5),             # invitation codes typed in one browser
    "code-address": Rule(most=200, free=200, cleared=False),
    "resume-browser": Rule(most=20, free=5),           # resume words typed in one browser
    # A class resumes rarely, each with their own words: fewer wrong tries per address than for
    # invitation codes (survey.store.resume_words works out what that leaves a guesser).
    "resume-address": Rule(most=60, free=60, cleared=False),
}


@dataclass(frozen=True)
class Wait:
    """A guess refused: try again in `seconds`. `limit` means a target's most was reached (the
    window must pass), rather than a short wait between tries."""
    seconds: int
    limit: bool


@dataclass(frozen=True)
class Slot:
    """A guess let through: the rows it took, given back if it was right."""
    keys: dict[str, str]
    rowids: tuple[int, ...]


def now() -> float:
    """The one clock of the throttle (seconds since 1970); tests replace it."""
    return time.time()


def address_hash(secret: str, address: str | None) -> str:
    return hmac.new(secret.encode(), (address or "").encode(), hashlib.sha256).hexdigest()


def keys(secret: str, username: str, address: str | None) -> dict[str, str]:
    """A sign-in's (or a password change's) targets: the account name and the address."""
    return {"account": username.strip().lower(), "address": address_hash(secret, address)}


def _stored(rule: str, key: str) -> str:
    return f"{rule}:{key}"


def _wait(rule: Rule, tries: int, last: float | None, at: float) -> Wait | None:
    if tries >= rule.most:
        return Wait(WINDOW_SECONDS, limit=True)
    if tries < rule.free or last is None:
        return None
    needed = min(rule.first_wait * 2 ** (tries - rule.free), rule.longest_wait)
    if at - last >= needed:
        return None
    return Wait(max(1, math.ceil(needed - (at - last))), limit=False)


def take(db: sqlite_utils.Database, keys: dict[str, str]) -> Slot | Wait:
    """Count a guess against each target in `keys` (rule name -> key) before it is checked:
    a Slot if it may go ahead, else the longest Wait any target asks for (nothing counted)."""
    at = now()
    with write(db):
        db.execute("DELETE FROM sign_in_failures WHERE at <= ?", [at - WINDOW_SECONDS])
        waits = []
        for rule, key in keys.items():
            tries, last = db.execute(
                "SELECT count(*), max(at) FROM sign_in_failures WHERE key = ? AND at > ?",
                [_stored(rule, key), at - WINDOW_SECONDS]).fetchone()
            wait = _wait(RULES[rule], tries, last, at)
            if wait:
                waits.append(wait)
        if waits:
            return max(waits, key=lambda w: (w.limit, w.seconds))
        rowids = tuple(db.execute("INSERT INTO sign_in_failures (key, at) VALUES (?, ?)",
                                  [_stored(rule, key), at]).lastrowid for rule, key in keys.items())
    return Slot(keys, rowids)


def succeeded(db: sqlite_utils.Database, slot: Slot) -> None:
    """The guess was right: its slots are given back, and its targets' counts cleared (an
    account starts again; an address keeps its other tries)."""
    with write(db):
        db.conn.executemany("DELETE FROM sign_in_failures WHERE rowid = ?",
                            [(rowid,) for rowid in slot.rowids])
        db.conn.executemany("DELETE FROM sign_in_failures WHERE key = ?",
                            [(_stored(rule, key),) for rule, key in slot.keys.items()
                             if RULES[rule].cleared])
