"""Answers held on the server while a young person goes through the pages, before they send.

A draft is keyed by a random id that only their browser session knows. Saving for later gives it a
resume code of five plain words (CODE_WORDS from survey.store.resume_words: 256^5, about 1.1
trillion codes). Drafts are deleted when sent, and when they expire (DRAFT_DAYS after the last
change). Nothing about the person or their device is kept, only the answers.

Only a keyed hash of the code is kept: HMAC-SHA256 under `resume_key(secret)`, a key derived from
the app's secret key with a fixed label (so the key is not the secret itself, and the secret's
other uses cannot be turned against it). The store never sees Flask: the web layer passes the
key in. A copy of the database alone therefore cannot check a single guess; a plain hash of
words from a short list fell to anyone holding the file in seconds. What must stay true: no
function here stores or compares anything a guess can be checked against without the key.

Where a consultation needs invitation codes, saving for later also keeps the hash of the code the
young person entered, sealed with the resume words and the key (`_seal`): resuming on another
device with the words brings it back, while the database alone does not say which code a draft
belongs to (nor, through an officer's mailing list, whose draft it is). The seal needs the key
too, or it would be a way to check guessed words offline (unseal, then look the result up among
the invitation codes' hashes). The code itself is never kept here, and it is claimed only when
the response is stored, so a draft deleted or expired unsent leaves its code as usable as before.

Drafts saved before the keyed hash (a `code_hash` of 64 hex digits, plain SHA-256 of four
words, with an invitation sealed by the words alone) keep working until they expire: a code is
looked up keyed first, then as a legacy hash, which can only match a legacy row (keyed hashes
start with KEYED). A legacy draft resumed with its words is hashed and sealed again under the
key in the same step, keeping the young person's words. Nothing new is ever written the legacy
way, so none can outlive DRAFT_DAYS after its last save (a save needs the browser session that
made it, which lasts hours, or the words, which re-key it); after that `_legacy_hash`,
`_legacy_seal` and the second look-up can be deleted.

If the secret key changes, every saved code stops working (the young person starts again) and
the drafts expire unopened; docs/deploy.md says to keep the key, and not with the backups.
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
from survey.store.resume_words import CODE_WORDS, WORDS

DAY = 24 * 3600
# What a keyed code hash starts with; a legacy one is 64 hex digits and never does.
KEYED = "hmac-sha256:"
# The label the resume key is derived under: changing it is changing the key.
KEY_LABEL = b"haveyoursay resume codes v1"


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


def resume_key(secret: str | bytes) -> bytes:
    """The key resume codes are hashed and sealed with, derived from the app's secret key
    (HMAC-SHA256 under the fixed KEY_LABEL, as HKDF's expand step does): never the secret
    itself, so a resume hash cannot be confused with a signed cookie or a throttle key."""
    if not secret:
        raise ValueError("no secret key: resume codes cannot be hashed without the app's secret")
    raw = secret.encode() if isinstance(secret, str) else secret
    return hmac.new(raw, KEY_LABEL, hashlib.sha256).digest()


def _hash(code: str, key: bytes) -> str:
    return KEYED + hmac.new(key, normalise(code).encode(), hashlib.sha256).hexdigest()


def _legacy_hash(code: str) -> str:
    """How codes were hashed before the key (plain SHA-256): used only to find such drafts."""
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


def give_code(db: sqlite_utils.Database, draft: Draft, key: bytes,
              invitation: str | None = None) -> str:
    """A new resume code for a saved draft (any earlier code stops working), hashed with `key`
    (`resume_key`), keeping the hash of the `invitation` code it was started with (if any)
    sealed with the new words and the key."""
    while True:
        code = new_code()
        sealed = _seal(invitation, draft.id, code, key) if invitation else None
        try:
            with write(db):
                db.execute("UPDATE drafts SET code_hash = ?, invitation = ? WHERE id = ?",
                           [_hash(code, key), sealed, draft.id])
            draft.has_code, draft.invitation = True, invitation
            return code
        except sqlite_utils.utils.sqlite3.IntegrityError:  # the same five words: pick again
            continue


def _xor(invitation_hash: str, pad: bytes) -> str:
    return bytes(a ^ b for a, b in zip(bytes.fromhex(invitation_hash), pad, strict=True)).hex()


def _seal(invitation_hash: str, draft_id: str, code: str, key: bytes) -> str:
    """The invitation code's hash XORed with a pad made from the key, the draft id and the
    resume words (HMAC-SHA256: 32 bytes, as long as the hash), so only someone with the words
    and the key can read it back. The same call with the same words opens it again. (The ':'
    in the message keeps it apart from `_hash`'s, which is only letters and hyphens.)"""
    pad = hmac.new(key, f"invitation:{draft_id}:{normalise(code)}".encode(),
                   hashlib.sha256).digest()
    return _xor(invitation_hash, pad)


def _legacy_seal(invitation_hash: str, draft_id: str, code: str) -> str:
    """How invitations were sealed before the key (the words alone): only to open old drafts."""
    pad = hmac.new(normalise(code).encode(), f"invitation:{draft_id}".encode(),
                   hashlib.sha256).digest()
    return _xor(invitation_hash, pad)


def _from_row(row, code: str | None = None, key: bytes | None = None) -> Draft:
    """A draft from its row; given the resume words (`code`) and the key, with its invitation
    unsealed."""
    saved = json.loads(row[3])
    draft = Draft(row[0], row[1], row[2], expires_at=row[4], has_code=row[5] is not None,
                  reached=saved["reached"])
    if code is not None and key is not None and row[6]:
        draft.invitation = _seal(row[6], draft.id, code, key)
    for question_id, item, value in saved["rows"]:
        draft.answers.setdefault((question_id, item), []).append(value)
    return draft


COLUMNS = "id, consultation_id, version, answers, expires_at, code_hash, invitation"


def load(db: sqlite_utils.Database, draft_id: str, consultation_id: str) -> Draft | None:
    row = db.execute(f"SELECT {COLUMNS} FROM drafts WHERE id = ? AND consultation_id = ?"  # nosec B608: COLUMNS is a literal
                     " AND expires_at >= ?", [draft_id, consultation_id, time.time()]).fetchone()
    return _from_row(row) if row else None


def by_code(db: sqlite_utils.Database, code: str, consultation_id: str,
            key: bytes) -> Draft | None:
    """The live draft saved with the resume words `code`, hashed with `key` (`resume_key`); a
    draft saved before the key is found by its plain hash and re-keyed on the way (see above)."""
    keyed, legacy = _hash(code, key), _legacy_hash(code)
    row = db.execute(f"SELECT {COLUMNS} FROM drafts WHERE code_hash IN (?, ?)"  # nosec B608: COLUMNS is a literal
                     " AND consultation_id = ? AND expires_at >= ?",
                     [keyed, legacy, consultation_id, time.time()]).fetchone()
    if row is None:
        return None
    if row[5] == legacy:
        row = _rekey(db, row, code, key)
    return _from_row(row, code, key)


def _rekey(db: sqlite_utils.Database, row, code: str, key: bytes) -> tuple:
    """A legacy draft's row hashed and sealed again under the key, with the same words."""
    invitation = _legacy_seal(row[6], row[0], code) if row[6] else None
    sealed = _seal(invitation, row[0], code, key) if invitation else None
    with write(db):
        db.execute("UPDATE drafts SET code_hash = ?, invitation = ? WHERE id = ?"
                   " AND code_hash = ?", [_hash(code, key), sealed, row[0], row[5]])
    return (*row[:5], _hash(code, key), sealed)


def delete(db: sqlite_utils.Database, draft_id: str) -> None:
    with write(db):
        db.execute("DELETE FROM drafts WHERE id = ?", [draft_id])
