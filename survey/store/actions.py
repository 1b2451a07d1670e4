""""You said, we did": what young people said about a part of a consultation, and what the
council does about it (issue 16).

An entry (`you_said` table) is about one thing, named by ids: a question (`question_id`), one
statement of a Likert question (`question_id` and `statement_id`) or one comment theme
(`theme_id`, a row of `tags` in survey.store.comments). It holds the "You said" words, which an
officer writes or takes from the published figures (analysis.you_said), and `about`: the
question's, statement's or theme's words when last saved, shown if that part or theme is later
removed. Each entry has one or more actions (`you_said_actions`): "We will" words, "We did"
words once something was done, a status from STATUSES, the reason when it is not possible, an
optional due date and the team or role responsible.

What must stay true:
- the team is a team or a role, never a person: nothing here fills it in (least of all with the
  signed-in user's name); officers are told so beside the box;
- a "not possible" action always has its reason (checked here, and by the table's CHECK);
- every change is audited in the same transaction as the change itself;
- statuses are data: a new one is a row in STATUSES (and in the migration's CHECK), with its
  words for officers and for young people, never a branch in a page.

The young people's results page, the poster and the workbook read `entries` (later work).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import sqlite_utils

from survey.store.audit import record_in_transaction
from survey.store.db import utc_now, write


@dataclass(frozen=True)
class Status:
    id: str            # stored
    name: str          # the officer's word for it
    young: str         # what a young person reads (reading age 9: tests/store/test_actions.py)
    needs_reason: bool = False
    open: bool = False  # still to be done: overdue once its due date has passed


STATUSES = (
    Status("planned", "Planned", "We plan to do this", open=True),
    Status("in-progress", "In progress", "We are doing this now", open=True),
    Status("done", "Done", "We did this"),
    Status("not-possible", "Not possible", "We could not do this", needs_reason=True),
)
STATUS = {status.id: status for status in STATUSES}

SAID_LENGTH = 500
WE_WILL_LENGTH = 500
REASON_LENGTH = 500
TEAM_LENGTH = 80

# Messages name the field they are about, in the words its label uses.
NO_WE_WILL = "Enter what we will do in ‘We will’"
LONG_SAID = f"‘You said’ must be {SAID_LENGTH} characters or fewer"
LONG_WE_WILL = f"‘We will’ must be {WE_WILL_LENGTH} characters or fewer"
LONG_WE_DID = f"‘We did’ must be {WE_WILL_LENGTH} characters or fewer"
LONG_REASON = f"‘Why it is not possible’ must be {REASON_LENGTH} characters or fewer"
LONG_TEAM = f"‘Team or role responsible’ must be {TEAM_LENGTH} characters or fewer"
NO_REASON = ("The status ‘Not possible’ needs a reason: enter why it is not possible in "
             "‘Why it is not possible’")
NO_STATUS = "Select a status"


class ActionError(ValueError):
    """What is wrong with an action as typed: `field` names the form field it is about."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class About:
    """What an entry is about: a question, a statement of one, or a theme."""
    question_id: str = ""
    statement_id: str = ""
    theme_id: int = 0

    @property
    def key(self) -> str:
        """For addresses: "q2", "q2.placement-stability", "theme.5" (no id starts with a digit,
        so "theme.5" cannot be a statement)."""
        if self.theme_id:
            return f"theme.{self.theme_id}"
        return f"{self.question_id}.{self.statement_id}" if self.statement_id else self.question_id

    @classmethod
    def from_key(cls, key: str) -> "About":
        first, _, rest = key.partition(".")
        if first == "theme" and rest.isdigit():
            return cls(theme_id=int(rest))
        return cls(first, rest)


@dataclass(frozen=True)
class Action:
    id: int
    we_will: str
    we_did: str
    status: Status
    reason: str
    due: date | None
    team: str
    updated_at: str

    def overdue(self, today: date) -> bool:
        """Still open (planned or in progress) with a due date before `today`."""
        return self.status.open and self.due is not None and self.due < today


@dataclass(frozen=True)
class Entry:
    id: int
    about: About
    label: str          # the part's or theme's words when last saved
    said: str
    actions: tuple[Action, ...] = field(default=())


@dataclass(frozen=True)
class ActionFields:
    """An action as typed, before it is checked."""
    we_will: str
    status: str = "planned"
    we_did: str = ""
    reason: str = ""
    due: date | None = None
    team: str = ""

    def checked(self) -> "ActionFields":
        """The same, tidied; ActionError naming the first field that is wrong."""
        tidy = ActionFields(we_will=(self.we_will or "").strip(), status=self.status or "",
                            we_did=(self.we_did or "").strip(), reason=(self.reason or "").strip(),
                            due=self.due, team=" ".join((self.team or "").split()))
        if not tidy.we_will:
            raise ActionError("we_will", NO_WE_WILL)
        for name, limit, message in (("we_will", WE_WILL_LENGTH, LONG_WE_WILL),
                                     ("we_did", WE_WILL_LENGTH, LONG_WE_DID),
                                     ("reason", REASON_LENGTH, LONG_REASON),
                                     ("team", TEAM_LENGTH, LONG_TEAM)):
            if len(getattr(tidy, name)) > limit:
                raise ActionError(name, message)
        status = STATUS.get(tidy.status)
        if status is None:
            raise ActionError("status", NO_STATUS)
        if status.needs_reason and not tidy.reason:
            raise ActionError("reason", NO_REASON)
        return tidy


# -- reading ---------------------------------------------------------------------------------

def entries(db: sqlite_utils.Database, consultation_id: str) -> dict[About, Entry]:
    """Every entry of a consultation with its actions (oldest first)."""
    found: dict[int, tuple[About, str, str]] = {}
    for entry_id, qid, sid, tid, label, said in db.execute(
            "SELECT id, question_id, statement_id, theme_id, about, said FROM you_said"
            " WHERE consultation_id = ? ORDER BY id", [consultation_id]):
        found[entry_id] = (About(qid, sid, tid), label, said)
    acts: dict[int, list[Action]] = {entry_id: [] for entry_id in found}
    for row in db.execute(
            "SELECT a.you_said_id, a.id, a.we_will, a.we_did, a.status, a.reason, a.due, a.team,"
            " a.updated_at FROM you_said_actions a JOIN you_said y ON y.id = a.you_said_id"
            " WHERE y.consultation_id = ? ORDER BY a.id", [consultation_id]):
        acts[row[0]].append(_action(row[1:]))
    return {about: Entry(entry_id, about, label, said, tuple(acts[entry_id]))
            for entry_id, (about, label, said) in found.items()}


def action(db: sqlite_utils.Database, consultation_id: str, action_id: int) -> tuple[About, Action]:
    """One action of this consultation and what its entry is about; LookupError if none."""
    row = db.execute(
        "SELECT y.question_id, y.statement_id, y.theme_id, a.id, a.we_will, a.we_did, a.status,"
        " a.reason, a.due, a.team, a.updated_at FROM you_said_actions a"
        " JOIN you_said y ON y.id = a.you_said_id WHERE a.id = ? AND y.consultation_id = ?",
        [action_id, consultation_id]).fetchone()
    if row is None:
        raise LookupError(action_id)
    return About(*row[:3]), _action(row[3:])


def _action(row) -> Action:
    action_id, we_will, we_did, status, reason, due, team, updated_at = row
    return Action(action_id, we_will, we_did, STATUS[status], reason,
                  date.fromisoformat(due) if due else None, team, updated_at)


# -- changing --------------------------------------------------------------------------------

def save_said(db: sqlite_utils.Database, consultation_id: str, about: About, label: str,
              said: str) -> int:
    """Store the "You said" words of an entry, making it if new; returns its id."""
    said = (said or "").strip()
    if len(said) > SAID_LENGTH:
        raise ActionError("said", LONG_SAID)
    with write(db):
        entry_id = _entry(db, consultation_id, about, label, said)
        record_in_transaction(db, "you said changed", consultation_id, f"about ‘{label}’")
    return entry_id


def add_action(db: sqlite_utils.Database, consultation_id: str, about: About, label: str,
               said: str, fields: ActionFields) -> int:
    """Add an action to an entry; a new entry takes `said` as its "You said" words."""
    fields = fields.checked()
    now = utc_now()
    with write(db):
        entry_id = _entry(db, consultation_id, about, label, (said or "").strip(), keep=True)
        action_id = db.execute(
            "INSERT INTO you_said_actions (you_said_id, we_will, we_did, status, reason, due, team,"
            " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [entry_id, *_values(fields), now, now]).lastrowid
        record_in_transaction(db, "action added", consultation_id,
                              f"about ‘{label}’: {STATUS[fields.status].name}")
    return action_id


def change_action(db: sqlite_utils.Database, consultation_id: str, action_id: int,
                  label: str, fields: ActionFields) -> None:
    fields = fields.checked()
    with write(db):
        before = _status_of(db, consultation_id, action_id)
        db.execute("UPDATE you_said_actions SET we_will = ?, we_did = ?, status = ?, reason = ?,"
                   " due = ?, team = ?, updated_at = ? WHERE id = ?",
                   [*_values(fields), utc_now(), action_id])
        moved = (f"{STATUS[before].name} to {STATUS[fields.status].name}"
                 if before != fields.status else STATUS[fields.status].name)
        record_in_transaction(db, "action changed", consultation_id, f"about ‘{label}’: {moved}")


def remove_action(db: sqlite_utils.Database, consultation_id: str, action_id: int,
                  label: str) -> None:
    with write(db):
        status = _status_of(db, consultation_id, action_id)
        db.execute("DELETE FROM you_said_actions WHERE id = ?", [action_id])
        record_in_transaction(db, "action removed", consultation_id,
                              f"about ‘{label}’ (was {STATUS[status].name})")


def _status_of(db, consultation_id: str, action_id: int) -> str:
    row = db.execute("SELECT a.status FROM you_said_actions a JOIN you_said y"
                     " ON y.id = a.you_said_id WHERE a.id = ? AND y.consultation_id = ?",
                     [action_id, consultation_id]).fetchone()
    if row is None:
        raise LookupError(action_id)
    return row[0]


def _values(fields: ActionFields) -> list:
    return [fields.we_will, fields.we_did, fields.status,
            fields.reason if STATUS[fields.status].needs_reason else "",
            fields.due.isoformat() if fields.due else None, fields.team]


def _entry(db, consultation_id: str, about: About, label: str, said: str,
           keep: bool = False) -> int:
    """The entry's id, made if new; its words saved (kept as they are when `keep`)."""
    row = db.execute("SELECT id FROM you_said WHERE consultation_id = ? AND question_id = ?"
                     " AND statement_id = ? AND theme_id = ?",
                     [consultation_id, about.question_id, about.statement_id,
                      about.theme_id]).fetchone()
    now = utc_now()
    if row is None:
        return db.execute("INSERT INTO you_said (consultation_id, question_id, statement_id,"
                          " theme_id, about, said, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                          [consultation_id, about.question_id, about.statement_id,
                           about.theme_id, label, said, now]).lastrowid
    if keep:
        db.execute("UPDATE you_said SET about = ? WHERE id = ?", [label, row[0]])
    else:
        db.execute("UPDATE you_said SET about = ?, said = ?, updated_at = ? WHERE id = ?",
                   [label, said, now, row[0]])
    return row[0]
