"""Answers held on the server while a young person goes through the pages, before they send.

A draft is keyed by a random id that only their browser session knows. Saving for later gives it a
resume code of four plain words; only the code's hash is kept, so the database alone cannot open
a draft. Drafts are deleted when sent, and when they expire (DRAFT_DAYS after the last change).
Nothing about the person or their device is kept, only the answers.

Where a consultation needs invitation codes, saving for later also keeps the hash of the code the
young person entered, sealed with the resume words (`_seal`): resuming on another device with the
words brings it back, while the database alone does not say which code a draft belongs to (nor,
through an officer's mailing list, whose draft it is) short of guessing its four words. The code
itself is never kept here, and it is claimed only when the response is stored, so a draft deleted
or expired unsent leaves its code as usable as before.
"""
from __future__ import annotations

import hashlib
import hmac
import json
import re
import secrets
import time
from dataclasses import dataclass, field

import sqlite_utils

from survey.store.db import write
from survey.store.responses import Answer
from survey.store.resume_words import WORDS

CODE_WORDS = 4
DAY = 24 * 3600


@dataclass
class Draft:
    id: str
    consultation_id: str
    version: str
    # (question id, item) -> values, in the order given
    answers: dict[tuple[str, str], list[str]] = field(default_factory=dict)
    expires_at: float = 0.0
    has_code: bool = False
    reached: int = 0  # the furthest page sent with Continue or Save: where a resume goes on
    # The hash of the invitation code it was started with: known only when opened by its words.
    invitation: str | None = None

    def rows(self) -> list[Answer]:
        return [(q, item, v) for (q, item), values in self.answers.items() for v in values]

    def replace(self, question_ids: set[str], rows: list[Answer]) -> None:
        """Put one page's answers in place of what was there for its questions."""
        self.answers = {key: v for key, v in self.answers.items() if key[0] not in question_ids}
        for question_id, item, value in rows:
            self.answers.setdefault((question_id, item), []).append(value)


def new(consultation_id: str, version: str) -> Draft:
    return Draft(secrets.token_hex(16), consultation_id, version)


def _hash(code: str) -> str:
    return hashlib.sha256(normalise(code).encode()).hexdigest()


def normalise(code: str) -> str:
    """What a young person types, however they typed it: 'Tiger apple,CLOUD  river'."""
    return "-".join(re.findall(r"[a-z]+", code.lower()))


def new_code() -> str:
    return "-".join(secrets.choice(WORDS) for _ in range(CODE_WORDS))


def save(db: sqlite_utils.Database, draft: Draft, days: int) -> None:
    now = time.time()
    draft.expires_at = now + days * DAY
    with write(db):
        db.execute("DELETE FROM drafts WHERE expires_at < ?", [now])
        db.execute(
            "INSERT INTO drafts (id, consultation_id, version, answers, updated_at, expires_at)"
            " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET answers = excluded.answers,"
            " version = excluded.version, updated_at = excluded.updated_at,"
            " expires_at = excluded.expires_at",
            [draft.id, draft.consultation_id, draft.version,
             json.dumps({"rows": draft.rows(), "reached": draft.reached}), now, draft.expires_at])


def give_code(db: sqlite_utils.Database, draft: Draft, invitation: str | None = None) -> str:
    """A new resume code for a saved draft (any earlier code stops working), keeping the hash of
    the `invitation` code it was started with (if any) sealed with the new words."""
    while True:
        code = new_code()
        sealed = _seal(invitation, draft.id, code) if invitation else None
        try:
            with write(db):
                db.execute("UPDATE drafts SET code_hash = ?, invitation = ? WHERE id = ?",
                           [_hash(code), sealed, draft.id])
            draft.has_code, draft.invitation = True, invitation
            return code
        except sqlite_utils.utils.sqlite3.IntegrityError:  # the same four words: pick again
            continue


def _seal(invitation_hash: str, draft_id: str, code: str) -> str:
    """The invitation code's hash XORed with a key made from the resume words and the draft id
    (HMAC-SHA256: 32 bytes, as long as the hash), so only someone with the words can read it
    back. The same call with the same words opens it again."""
    key = hmac.new(normalise(code).encode(), f"invitation:{draft_id}".encode(),
                   hashlib.sha256).digest()
    return bytes(a ^ b for a, b in zip(bytes.fromhex(invitation_hash), key, strict=True)).hex()


def _from_row(row, code: str | None = None) -> Draft:
    """A draft from its row; given the resume words (`code`), with its invitation unsealed."""
    saved = json.loads(row[3])
    draft = Draft(row[0], row[1], row[2], expires_at=row[4], has_code=row[5] is not None,
                  reached=saved["reached"])
    if code is not None and row[6]:
        draft.invitation = _seal(row[6], draft.id, code)
    for question_id, item, value in saved["rows"]:
        draft.answers.setdefault((question_id, item), []).append(value)
    return draft


COLUMNS = "id, consultation_id, version, answers, expires_at, code_hash, invitation"


def load(db: sqlite_utils.Database, draft_id: str, consultation_id: str) -> Draft | None:
    row = db.execute(f"SELECT {COLUMNS} FROM drafts WHERE id = ? AND consultation_id = ?"  # nosec B608: COLUMNS is a literal
                     " AND expires_at >= ?", [draft_id, consultation_id, time.time()]).fetchone()
    return _from_row(row) if row else None


def by_code(db: sqlite_utils.Database, code: str, consultation_id: str) -> Draft | None:
    row = db.execute(f"SELECT {COLUMNS} FROM drafts WHERE code_hash = ? AND consultation_id = ?"  # nosec B608: COLUMNS is a literal
                     " AND expires_at >= ?", [_hash(code), consultation_id, time.time()]).fetchone()
    return _from_row(row, code) if row else None


def delete(db: sqlite_utils.Database, draft_id: str) -> None:
    with write(db):
        db.execute("DELETE FROM drafts WHERE id = ?", [draft_id])
