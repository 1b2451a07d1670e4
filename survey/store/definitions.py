"""The definitions of consultations built or uploaded in the browser: their current text
(consultation_sources, read back by survey.store.catalogue at start-up and on every request) and
each version saved (definitions, written by survey.store.responses.record_version, as every
version a response may point at is).

A save stores the text, the version, a draft state for a new consultation and its audit entries
in one write transaction: all of them or none.
"""
from __future__ import annotations

import sqlite_utils

from survey.definition import Questionnaire
from survey.store.audit import record_in_transaction
from survey.store.db import utc_now, write
from survey.store.lifecycle import add_draft
from survey.store.responses import record_version


class AlreadyStored(ValueError):
    """A consultation created under an id that already has a stored text."""


def id_used(db: sqlite_utils.Database, consultation_id: str) -> bool:
    """Whether any version of a consultation with this id was ever stored (a retired one too)."""
    return db.execute("SELECT 1 FROM definitions WHERE consultation_id = ?",
                      [consultation_id]).fetchone() is not None


def save_source(db: sqlite_utils.Database, questionnaire: Questionnaire, username: str,
                audit: list[tuple[str, str]], create: bool = False) -> None:
    """Store a loaded definition as the consultation's current text and a new version, by
    `username`, with the audit entries (action, detail) given. With `create`, AlreadyStored
    if the id already has a text, and nothing is stored."""
    with write(db):
        exists = db.execute("SELECT 1 FROM consultation_sources WHERE consultation_id = ?",
                            [questionnaire.id]).fetchone()
        if create and exists:
            raise AlreadyStored(questionnaire.id)
        db.execute(
            "INSERT INTO consultation_sources (consultation_id, source, version, updated_at,"
            " updated_by) VALUES (?, ?, ?, ?, ?) ON CONFLICT (consultation_id) DO UPDATE SET"
            " source = excluded.source, version = excluded.version,"
            " updated_at = excluded.updated_at, updated_by = excluded.updated_by",
            [questionnaire.id, questionnaire.source, questionnaire.version, utc_now(), username])
        record_version(db, questionnaire)
        add_draft(db, questionnaire.id)
        for action, detail in audit:
            record_in_transaction(db, action, questionnaire.id, detail)


def version_source(db: sqlite_utils.Database, consultation_id: str, version: str) -> str | None:
    """The text of one stored version of a consultation (the builder's Undo puts it back), or
    None if that version was never stored."""
    row = db.execute("SELECT source FROM definitions WHERE consultation_id = ? AND version = ?",
                     [consultation_id, version]).fetchone()
    return row[0] if row else None
