"""Answers held on the server while a young person goes through the pages, before they send.

A draft is keyed by a random id that only their browser session knows. Saving for later gives it a
resume code of four plain words; only the code's hash is kept, so the database alone cannot open
a draft. Drafts are deleted when sent, and when they expire (DRAFT_DAYS after the last change).
Nothing about the person or their device is kept, only the answers.
"""
from __future__ import annotations

import hashlib
import json
import re
import secrets
import time
from dataclasses import dataclass, field

import sqlite_utils

from .db import write
from .storage import Answer
from .words import WORDS

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


def give_code(db: sqlite_utils.Database, draft: Draft) -> str:
    """A new resume code for a saved draft (any earlier code stops working)."""
    while True:
        code = new_code()
        try:
            with write(db):
                db.execute("UPDATE drafts SET code_hash = ? WHERE id = ?", [_hash(code), draft.id])
            draft.has_code = True
            return code
        except sqlite_utils.utils.sqlite3.IntegrityError:  # the same four words: pick again
            continue


def _from_row(row) -> Draft:
    saved = json.loads(row[3])
    draft = Draft(row[0], row[1], row[2], expires_at=row[4], has_code=row[5] is not None,
                  reached=saved["reached"])
    for question_id, item, value in saved["rows"]:
        draft.answers.setdefault((question_id, item), []).append(value)
    return draft


COLUMNS = "id, consultation_id, version, answers, expires_at, code_hash"


def load(db: sqlite_utils.Database, draft_id: str, consultation_id: str) -> Draft | None:
    row = db.execute(f"SELECT {COLUMNS} FROM drafts WHERE id = ? AND consultation_id = ?"  # nosec B608: COLUMNS is a literal
                     " AND expires_at >= ?", [draft_id, consultation_id, time.time()]).fetchone()
    return _from_row(row) if row else None


def by_code(db: sqlite_utils.Database, code: str, consultation_id: str) -> Draft | None:
    row = db.execute(f"SELECT {COLUMNS} FROM drafts WHERE code_hash = ? AND consultation_id = ?"  # nosec B608: COLUMNS is a literal
                     " AND expires_at >= ?", [_hash(code), consultation_id, time.time()]).fetchone()
    return _from_row(row) if row else None


def delete(db: sqlite_utils.Database, draft_id: str) -> None:
    with write(db):
        db.execute("DELETE FROM drafts WHERE id = ?", [draft_id])
