"""A consultation's life: draft -> open -> closed -> archived, kept in consultation_settings.

A consultation without a row is 'open', so a questionnaire file dropped in the folder works as it
always did. A young person can answer only when the state is 'open' AND today is within the
file's opens/closes dates (`accepting`). Every change is written to the audit log in the same
transaction. The same row keeps the consultation's settings (`SETTINGS`: how many were invited,
the date its raw responses are kept until). The officer's buttons that move it are
survey.workspace.lifecycle; what a young person sees at a consultation not taking answers is
survey.respond.closed.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlite_utils

from survey.store.audit import record_in_transaction
from survey.store.db import utc_now, write

STATES = ("draft", "open", "closed", "archived")
DEFAULT = "open"
# state -> the states an officer may move it to (a closed one may be reopened)
MOVES = {"draft": ("open",), "open": ("closed",), "closed": ("open", "archived"), "archived": ()}
# (from, to) -> the button's words
BUTTONS = {("draft", "open"): "Open it to responses", ("open", "closed"): "Close it",
           ("closed", "open"): "Reopen it", ("closed", "archived"): "Archive it"}
LABELS = {"draft": "Draft", "open": "Open", "closed": "Closed", "archived": "Archived"}


class NotAllowed(ValueError):
    """A move the lifecycle does not allow (archived to open, say)."""


def states(db: sqlite_utils.Database) -> dict[str, str]:
    """Every consultation with a recorded state; those missing are DEFAULT."""
    return dict(db.execute("SELECT consultation_id, state FROM consultation_settings"))


def state_of(db: sqlite_utils.Database, consultation_id: str) -> str:
    row = db.execute("SELECT state FROM consultation_settings WHERE consultation_id = ?",
                     [consultation_id]).fetchone()
    return row[0] if row else DEFAULT


def accepting(questionnaire, state: str, today: date) -> bool:
    """Whether a young person may answer now: the officer has it open and the dates allow it."""
    return state == "open" and questionnaire.is_open(today)


def is_accepting(db: sqlite_utils.Database, questionnaire, today: date | None = None) -> bool:
    return accepting(questionnaire, state_of(db, questionnaire.id), today or date.today())


def status(questionnaire, state: str, today: date) -> str:
    """What the staff pages call it: the state, or what the dates make of an open one."""
    if state == "open":
        if questionnaire.opens and today < questionnaire.opens:
            return "Not open yet"
        if questionnaire.closes and today > questionnaire.closes:
            return "Closed"
    return LABELS[state]


def set_state(db: sqlite_utils.Database, consultation_id: str, new: str) -> str:
    """Move a consultation on, audited as "state changed". Returns the old state."""
    with write(db):
        old = state_of(db, consultation_id)
        if new not in MOVES[old]:
            raise NotAllowed(f"A consultation that is {LABELS[old].lower()} cannot be moved to "
                             f"{LABELS.get(new, new).lower()}")
        db.execute(
            "INSERT INTO consultation_settings (consultation_id, state, updated_at) VALUES (?, ?, ?)"
            " ON CONFLICT (consultation_id) DO UPDATE SET state = excluded.state,"
            " updated_at = excluded.updated_at", [consultation_id, new, utc_now()])
        record_in_transaction(db, "state changed", consultation_id, f"{old} to {new}")
    return old


def add_draft(db: sqlite_utils.Database, consultation_id: str) -> None:
    """Inside a write transaction already open: a consultation new in the builder starts as a
    draft (one that has a state keeps it)."""
    db.execute("INSERT OR IGNORE INTO consultation_settings (consultation_id, state, updated_at)"
               " VALUES (?, 'draft', ?)", [consultation_id, utc_now()])


# The settings a single form changes, each with its own column.
SETTINGS = ("invited", "retain_until")


def set_setting(db: sqlite_utils.Database, consultation_id: str, column: str, value,
                action: str, detail: str) -> None:
    """Change one of SETTINGS for a consultation, and audit it in the same transaction."""
    if column not in SETTINGS:
        raise ValueError(f"{column} is not one of {SETTINGS}")
    with write(db):
        db.execute(
            f"INSERT INTO consultation_settings (consultation_id, state, {column}, updated_at)"  # nosec B608: column is one of SETTINGS
            f" VALUES (?, ?, ?, ?) ON CONFLICT (consultation_id) DO UPDATE SET"
            f" {column} = excluded.{column}, updated_at = excluded.updated_at",
            [consultation_id, DEFAULT, value, utc_now()])
        record_in_transaction(db, action, consultation_id, detail)


def set_invited(db: sqlite_utils.Database, consultation_id: str, invited: int | None) -> None:
    """Record how many young people were invited (None: not known), audited."""
    set_setting(db, consultation_id, "invited", invited, "invited recorded",
                "not known" if invited is None else f"{invited} invited")


def invited_of(db: sqlite_utils.Database, consultation_id: str) -> int | None:
    row = db.execute("SELECT invited FROM consultation_settings WHERE consultation_id = ?",
                     [consultation_id]).fetchone()
    return row[0] if row else None


@dataclass(frozen=True)
class Move:
    to: str
    label: str


def moves(state: str) -> list[Move]:
    return [Move(to, BUTTONS[(state, to)]) for to in MOVES[state]]


def retain_until(db: sqlite_utils.Database, consultation_id: str) -> date | None:
    """The date after which the consultation's raw responses are deleted (survey.results.retention)."""
    row = db.execute("SELECT retain_until FROM consultation_settings WHERE consultation_id = ?",
                     [consultation_id]).fetchone()
    return date.fromisoformat(row[0]) if row and row[0] else None


def retention_due(db: sqlite_utils.Database, today: date) -> list[str]:
    """Consultations whose retention date has passed and that still hold responses."""
    return [row[0] for row in db.execute(
        "SELECT s.consultation_id FROM consultation_settings s WHERE s.retain_until IS NOT NULL"
        " AND s.retain_until < ? AND EXISTS (SELECT 1 FROM responses r"
        " WHERE r.consultation_id = s.consultation_id) ORDER BY s.consultation_id",
        [today.isoformat()])]
