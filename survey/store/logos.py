"""The logos of consultations built in the browser: the uploaded file itself, one per consultation.

A consultation shipped as a file names its logo in the questionnaires folder's logos/; one built
in the browser has no folder, so the file an officer uploads on the settings page is kept here
and its definition names it (organisation.logo, "uploaded-logo.png" or ".svg") so that every page
shows it. The route that serves logos (survey.respond.one_page.logo) looks here first.

What must stay true: only bytes that survey.builder.logo has checked (a PNG by its signature, or
an SVG with nothing in it that could run or fetch) are stored, under the media type found then;
a logo is served with that type and no other.
"""
from __future__ import annotations

from dataclasses import dataclass

import sqlite_utils

from survey.store.audit import record_in_transaction
from survey.store.db import utc_now, write

MEDIA_TYPES = ("image/png", "image/svg+xml")


@dataclass(frozen=True)
class Logo:
    media_type: str
    data: bytes


def get(db: sqlite_utils.Database, consultation_id: str) -> Logo | None:
    row = db.execute("SELECT media_type, data FROM logos WHERE consultation_id = ?",
                     [consultation_id]).fetchone()
    return Logo(row[0], bytes(row[1])) if row else None


def put(db: sqlite_utils.Database, consultation_id: str, media_type: str, data: bytes) -> None:
    """Keep `data` as the consultation's logo, in place of any before it, and audit it."""
    if media_type not in MEDIA_TYPES:
        raise ValueError(f"A logo is one of {', '.join(MEDIA_TYPES)}, not {media_type!r}")
    user = getattr(db, "signed_in", None)
    with write(db):
        db.execute(
            "INSERT INTO logos (consultation_id, media_type, data, updated_at, updated_by)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT (consultation_id) DO UPDATE SET"
            " media_type = excluded.media_type, data = excluded.data,"
            " updated_at = excluded.updated_at, updated_by = excluded.updated_by",
            [consultation_id, media_type, data, utc_now(), user.username if user else ""])
        record_in_transaction(db, "logo uploaded", consultation_id,
                              f"{media_type}, {len(data):,} bytes")


def remove(db: sqlite_utils.Database, consultation_id: str) -> bool:
    """Delete the consultation's logo; whether there was one."""
    with write(db):
        gone = db.execute("DELETE FROM logos WHERE consultation_id = ?",
                          [consultation_id]).rowcount
        if gone:
            record_in_transaction(db, "logo removed", consultation_id)
    return bool(gone)
