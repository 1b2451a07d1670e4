"""Single-use invitation codes for a known group of young people: making, checking and using them.

An officer makes N codes and downloads them once, as CSV, to print or mail-merge; only a hash of
each is kept, never a name. When a consultation has codes, a young person enters one before
answering (survey.respond.invitation_code keeps its hash in their session until they send), and
it is marked used in the same transaction that stores their response (`save_with_code`, through
save_response's `before_insert`), so a code admits exactly one response even when two are sent at
the same moment. A saved draft keeps the hash sealed with its resume words (survey.store.drafts),
so carrying on from another device brings the code back without asking for it again; the code is
still claimed only when the response is stored, so a draft that expires unsent leaves its code
unused.

Codes are 8 characters from an alphabet without look-alikes (no 0/O, 1/I/L), shown as ABCD-EFGH;
spaces, hyphens and case are ignored when one is typed. The hash is a plain SHA-256 of the
consultation id and the code, so the codes keep working if the app's secret key is changed.
Guessing is throttled per browser and per address (survey.store.throttle, `try_code`).
"""
from __future__ import annotations

import hashlib
import secrets

import sqlite_utils

from survey.store import throttle
from survey.store.audit import record_in_transaction
from survey.store.db import utc_now, write
from survey.store.responses import save_response

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
LENGTH = 8
MOST = 5000

UNKNOWN = "We could not find that code. Check it and try again"
USED = "That code has already been used. Each code can be used once"
TOO_MANY = "You have tried too many codes. Wait 15 minutes, then try again"
WAIT = "Please wait {seconds} seconds and try again"  # the resume page's too


# What marks a code used. Not a time: the response is stored in the same transaction, so a
# time could match a code (and, through an officer's mailing list, a name) to its answers.
USED_MARK = "used"


class CodeUsed(Exception):
    """The response was refused: its code was used (or is not a code) by the time it was stored,
    or it came with no code where one is needed. `message` is what the code page says (None:
    just ask for a code)."""

    def __init__(self, consultation_id: str, message: str | None = USED):
        super().__init__(consultation_id)
        self.message = message



def normalise(text: str) -> str:
    return "".join(text.split()).replace("-", "").upper()


def display(code: str) -> str:
    return f"{code[:4]}-{code[4:]}"


def code_hash(consultation_id: str, code: str) -> str:
    return hashlib.sha256(f"{consultation_id}:{normalise(code)}".encode()).hexdigest()


def make_codes(db: sqlite_utils.Database, consultation_id: str, how_many: int) -> list[str]:
    """Make `how_many` new codes (1 to MOST), store their hashes, audit it; return the codes."""
    if not 1 <= how_many <= MOST:
        raise ValueError(f"Enter a number of codes from 1 to {MOST:,}")
    codes: set[str] = set()
    with write(db):
        while len(codes) < how_many:
            code = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
            if code in codes:
                continue
            inserted = db.execute(
                "INSERT OR IGNORE INTO invitation_codes (code_hash, consultation_id, created_at)"
                " VALUES (?, ?, ?)", [code_hash(consultation_id, code), consultation_id, utc_now()])
            if inserted.rowcount:
                codes.add(code)
        record_in_transaction(db, "invitation codes made", consultation_id, f"{how_many} codes")
    return [display(c) for c in sorted(codes)]


def counts(db: sqlite_utils.Database, consultation_id: str) -> tuple[int, int]:
    """(codes made, codes used)."""
    made, used = db.execute(
        "SELECT count(*), count(used_at) FROM invitation_codes WHERE consultation_id = ?",
        [consultation_id]).fetchone()
    return made, used


def required(db: sqlite_utils.Database, consultation_id: str) -> bool:
    return db.execute("SELECT 1 FROM invitation_codes WHERE consultation_id = ? LIMIT 1",
                      [consultation_id]).fetchone() is not None


def check(db: sqlite_utils.Database, consultation_id: str, code: str) -> str | None:
    """None if the code may be used now, else the message saying why not."""
    return check_hash(db, consultation_id, code_hash(consultation_id, code))


def check_hash(db: sqlite_utils.Database, consultation_id: str, hashed: str) -> str | None:
    row = db.execute("SELECT used_at FROM invitation_codes WHERE code_hash = ?"
                     " AND consultation_id = ?", [hashed, consultation_id]).fetchone()
    if row is None:
        return UNKNOWN
    return USED if row[0] else None


def claim(consultation_id: str, code: str):
    """A `before_insert` hook for save_response: marks the code used, or refuses the response."""
    return _claim_hash(consultation_id, code_hash(consultation_id, code))


def _claim_hash(consultation_id: str, hashed: str):
    def before_insert(db: sqlite_utils.Database) -> None:
        cursor = db.execute(
            "UPDATE invitation_codes SET used_at = ? WHERE code_hash = ? AND consultation_id = ?"
            " AND used_at IS NULL", [USED_MARK, hashed, consultation_id])
        if cursor.rowcount != 1:
            raise CodeUsed(consultation_id)
    return before_insert


def _no_code(consultation_id: str):
    """A `before_insert` hook for a response sent with no code: refused if the consultation needs
    one. Asked inside the response's transaction, so nothing let past the code page (a replay
    whose first response was deleted meanwhile, say) can store a response without a code."""
    def before_insert(db: sqlite_utils.Database) -> None:
        if required(db, consultation_id):
            raise CodeUsed(consultation_id, message=None)
    return before_insert


def save_with_code(db: sqlite_utils.Database, questionnaire, answers, submission_id: str,
                   hashed: str | None = None, language: str = "", version: str = "") -> None:
    """save_response, claiming the code whose hash is `hashed` in the same transaction (CodeUsed
    if it is used already, or not a code); with no code, refused (CodeUsed, no message) when the
    consultation needs one. A submission id already stored stores nothing more and claims
    nothing (save_response looks for it before any hook runs). `language` and `version` are
    stored with the response, as save_response says."""
    hook = _claim_hash(questionnaire.id, hashed) if hashed else _no_code(questionnaire.id)
    save_response(db, questionnaire, answers, submission_id, before_insert=hook,
                  language=language, version=version)


def try_code(db: sqlite_utils.Database, secret_key: str, address: str | None, browser: str,
             consultation_id: str, code: str) -> str | None:
    """A code typed on the code page: None if it may be used now, else the message saying why
    not. A guess is counted (survey.store.throttle) before the code is looked at, per browser
    (`browser`, a random id kept in its session) and per address (kept only as a keyed hash):
    after a browser's first few wrong codes each further one must wait (WAIT), and too many
    are refused (TOO_MANY). A good code gives its count back, so a whole class behind one
    address gets in."""
    slot = throttle.take(db, {"code-browser": browser,
                              "code-address": throttle.address_hash(secret_key, address)})
    if isinstance(slot, throttle.Wait):
        return TOO_MANY if slot.limit else WAIT.format(seconds=slot.seconds)
    problem = check(db, consultation_id, code)
    if problem is None:
        throttle.succeeded(db, slot)
    return problem
