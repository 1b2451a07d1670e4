"""The definitions of consultations built or uploaded in the browser: their current text
(consultation_sources, read back by survey.store.catalogue at start-up and on every request) and
each version saved (definitions, written by survey.store.responses.record_version, as every
version a response may point at is).

A save stores the text, the version, a draft state for a new consultation and its audit entries
in one write transaction: all of them or none.

A draft built in the browser may keep a translation that still lacks texts (an officer adds a
question before the Welsh for it comes back): `read_source` reads a draft's text so, and any
other's as strictly as a file. Opening one with gaps is refused (survey.workspace.lifecycle), so
a consultation a young person can answer never has them.
"""
from __future__ import annotations

from dataclasses import dataclass

import sqlite_utils
import yaml

from survey.definition import DefinitionError, Questionnaire, load_text
from survey.store.audit import record_in_transaction
from survey.store.db import utc_now, write
from survey.store.lifecycle import add_draft, state_of
from survey.store.responses import record_version


class AlreadyStored(ValueError):
    """A consultation created under an id that already has a stored text."""


def read_source(db: sqlite_utils.Database, source: str, consultation_id: str,
                filename: str | None = None, state: str | None = None) -> Questionnaire:
    """A consultation built in the browser, read from its text (raises DefinitionError): while it
    is a draft a translation may lack texts (Translation.missing); otherwise every text is
    needed, as in a file. `state`, when the caller has already read it."""
    draft = (state or state_of(db, consultation_id)) == "draft"
    return load_text(source, filename or f"{consultation_id}.yaml", unfinished_translations=draft)


def id_used(db: sqlite_utils.Database, consultation_id: str) -> bool:
    """Whether any version of a consultation with this id was ever stored (a retired one too)."""
    return db.execute("SELECT 1 FROM definitions WHERE consultation_id = ?",
                      [consultation_id]).fetchone() is not None


@dataclass(frozen=True)
class UsedIds:
    """Ids a consultation has used: its sections', its questions', and (question, part) pairs of
    its statements and options."""

    sections: frozenset[str] = frozenset()
    questions: frozenset[str] = frozenset()
    parts: frozenset[tuple[str, str]] = frozenset()

    def __or__(self, other: "UsedIds") -> "UsedIds":
        return UsedIds(self.sections | other.sections, self.questions | other.questions,
                       self.parts | other.parts)


def ids_in(questionnaire: Questionnaire) -> UsedIds:
    """The ids one version uses."""
    return UsedIds(frozenset(s.id for s in questionnaire.sections),
                   frozenset(q.id for q in questionnaire.questions),
                   frozenset((q.id, p.id) for q in questionnaire.questions
                             for p in q.statements + q.choices))


def used_ids(db: sqlite_utils.Database, consultation_id: str) -> UsedIds:
    """Every section, question, statement and option id any stored version of the consultation
    has used, removed ones too. A new part never takes one of them: answers are joined to their
    question and part by id, so a reused id would join answers given to a removed part to a new
    one. Each version is read by the loader that stored it; one it no longer accepts (its rules
    grew stricter) is read for its ids alone."""
    used = UsedIds()
    for (source,) in db.execute("SELECT source FROM definitions WHERE consultation_id = ?",
                                [consultation_id]).fetchall():
        try:
            used |= ids_in(load_text(source, f"{consultation_id}.yaml",
                                     unfinished_translations=True))
        except DefinitionError:
            used |= _ids_written(source)
    return used


def _ids_written(source: str) -> UsedIds:
    """The ids written in a definition's text, however else it is wrong."""
    try:
        # libyaml's safe loader, as the definition loader uses: it reads what that one read
        raw = (yaml.load(source, Loader=yaml.CSafeLoader) if hasattr(yaml, "CSafeLoader")
               else yaml.safe_load(source))
    except yaml.YAMLError:
        return UsedIds()
    listed = lambda value: value if isinstance(value, list) else []  # noqa: E731
    ident = lambda value: str(value["id"]) if isinstance(value, dict) and "id" in value else None  # noqa: E731
    sections = listed(raw.get("sections")) if isinstance(raw, dict) else []
    questions = [q for s in sections if isinstance(s, dict) for q in listed(s.get("questions"))
                 if ident(q)]
    return UsedIds(
        frozenset(filter(None, map(ident, sections))), frozenset(map(ident, questions)),
        frozenset((ident(q), ident(p)) for q in questions for key in ("statements", "options")
                  for p in listed(q.get(key)) if ident(p)))


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
