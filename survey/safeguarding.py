"""Safeguarding review: free text that matches a list of worrying words is flagged for a person.

The list is a setting (SAFEGUARDING_WORDS, a file path; the shipped default is
safeguarding_words.txt beside this module): one word or phrase a line, # for notes. Matching is
case-insensitive and whole-word; a space in a phrase also matches a hyphen.

A response's free text (text answers, "Other" words, "Tell us more" boxes) is checked as it is
stored, in the same transaction (storage._insert calls `flag_answers`), so a flag can never be
missing for a stored comment. Until an officer records what was done ("No concern", or "Passed
to the safeguarding team" with a reference), the comment is held back from exports and the staff
results pages (`held_back`); one passed to the safeguarding team never reaches anything
published for managers or the public (`not_publishable`). The flag is a prompt for a person,
never a decision.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable

import sqlite_utils
from flask import (Blueprint, abort, current_app, flash, g, has_app_context, redirect,
                   render_template, request, url_for)
from flask_wtf import FlaskForm
from wtforms import HiddenField, RadioField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, ValidationError

from .audit import record_in_transaction
from .auth import role_required
from .db import get_db, write
from .definition.model import COMMENT, OTHER
from .forms import FieldError, errors_in_order

DEFAULT_WORDS = Path(__file__).resolve().parent / "safeguarding_words.txt"
TEXT_TYPES = ("short_text", "long_text")
DECISIONS = {"no-concern": "No concern", "referred": "Passed to the safeguarding team"}
CHOOSE = "Select what was done"
NEED_REFERENCE = "Enter the safeguarding team's reference"
REFERENCE_LENGTH = 100
LONG_REFERENCE = f"The reference must be {REFERENCE_LENGTH} characters or fewer"
ALREADY = "That comment has already been reviewed"

bp = Blueprint("safeguarding", __name__, url_prefix="/staff/safeguarding")


@bp.record_once
def _check_words(state) -> None:
    """Set the default list, and read it once at start-up so a broken setting fails loudly."""
    state.app.config.setdefault("SAFEGUARDING_WORDS", str(DEFAULT_WORDS))
    load_words(state.app.config["SAFEGUARDING_WORDS"])


# -- the word list ---------------------------------------------------------------------------

def read_words(text: str) -> list[str]:
    """The words and phrases of a list file: one a line, # notes and blank lines skipped."""
    words = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            words.append(" ".join(re.split(r"[\s\-]+", line.lower().replace("’", "'"))))
    return words


def compile_words(words: Iterable[str]) -> re.Pattern | None:
    parts = sorted({w for w in words if w}, key=len, reverse=True)  # longest phrase first
    if not parts:
        return None
    alternatives = [r"[\s\-]+".join(re.escape(piece) for piece in re.split(r"[\s\-]+", phrase))
                    for phrase in parts]
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)", re.IGNORECASE)


_cache: dict[str, tuple[float, re.Pattern | None]] = {}


def load_words(path: str | Path) -> re.Pattern | None:
    """The compiled list at `path`, read again when the file changes. A missing or unreadable
    file raises OSError: flagging never stops silently."""
    path = str(path)
    mtime = Path(path).stat().st_mtime
    cached = _cache.get(path)
    if cached and cached[0] == mtime:
        return cached[1]
    pattern = compile_words(read_words(Path(path).read_text(encoding="utf-8")))
    _cache[path] = (mtime, pattern)
    return pattern


def current_words() -> re.Pattern | None:
    path = (current_app.config.get("SAFEGUARDING_WORDS") or DEFAULT_WORDS) if has_app_context() \
        else DEFAULT_WORDS
    return load_words(path)


def matches(pattern: re.Pattern | None, text: str) -> list[str]:
    """The distinct words and phrases of the list found in `text`, lower case, in order found."""
    if pattern is None or not text:
        return []
    found: list[str] = []
    for match in pattern.finditer(text.replace("’", "'")):
        word = " ".join(re.split(r"[\s\-]+", match.group(0).lower()))
        if word not in found:
            found.append(word)
    return found


def text_question_ids(questionnaire) -> frozenset[str]:
    return frozenset(q.id for q in questionnaire.questions if q.type in TEXT_TYPES)


def is_free_text(text_ids: frozenset[str], question_id: str, item_id: str) -> bool:
    """Whether an answer row holds words a young person wrote (not an option or scale id)."""
    return item_id == OTHER or item_id.endswith(COMMENT) or (item_id == ""
                                                             and question_id in text_ids)


def _now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def flag_answers(db: sqlite_utils.Database, questionnaire, response_id: int,
                 rows: list[tuple[int, str, str, str]]) -> int:
    """Flag each free-text answer of a response that matches the list; inside the caller's
    transaction. Returns how many were flagged."""
    pattern = current_words()
    text_ids = text_question_ids(questionnaire)
    flags = []
    for _, question_id, item_id, value in rows:
        if is_free_text(text_ids, question_id, item_id):
            found = matches(pattern, value)
            if found:
                flags.append((response_id, question_id, item_id, ", ".join(found), _now()))
    if flags:
        db.conn.executemany(
            "INSERT INTO safeguarding_flags (response_id, question_id, item_id, matched, flagged_at)"
            " VALUES (?, ?, ?, ?, ?)", flags)
    return len(flags)


# -- held back until reviewed ----------------------------------------------------------------

def held_back(db: sqlite_utils.Database, consultation_id: str) -> set[tuple[int, str, str]]:
    """(response id, question id, item id) of every comment waiting for review."""
    return {tuple(row) for row in db.execute(
        "SELECT f.response_id, f.question_id, f.item_id FROM safeguarding_flags f"
        " JOIN responses r ON r.id = f.response_id"
        " WHERE r.consultation_id = ? AND f.decision IS NULL", [consultation_id])}


def not_publishable(db: sqlite_utils.Database, consultation_id: str) -> set[tuple[int, str, str]]:
    """(response id, question id, item id) of every comment that must never be published: those
    waiting for review and those recorded as passed to the safeguarding team. Only "No concern"
    lets a flagged comment reach managers (analysis.disclosure)."""
    return {tuple(row) for row in db.execute(
        "SELECT f.response_id, f.question_id, f.item_id FROM safeguarding_flags f"
        " JOIN responses r ON r.id = f.response_id"
        " WHERE r.consultation_id = ? AND (f.decision IS NULL OR f.decision != 'no-concern')",
        [consultation_id])}


@bp.app_template_global("safeguarding_waiting")
def waiting_count(consultation_id: str | None = None) -> int:
    """Comments waiting for review: of one consultation, or of all (the navigation's count)."""
    sql = ("SELECT count(*) FROM safeguarding_flags f JOIN responses r ON r.id = f.response_id"
           " WHERE f.decision IS NULL")
    params = []
    if consultation_id is not None:
        sql += " AND r.consultation_id = ?"
        params.append(consultation_id)
    return get_db().execute(sql, params).fetchone()[0]


# -- the queue and decisions -----------------------------------------------------------------

@dataclass(frozen=True)
class Flag:
    id: int
    response_id: int
    consultation_id: str
    question_id: str
    item_id: str
    matched: str
    flagged_at: str
    text: str
    decision: str | None = None
    reference: str = ""
    decided_by: str | None = None
    decided_at: str | None = None

    @property
    def decision_label(self) -> str:
        return DECISIONS.get(self.decision or "", "Waiting for review")


FLAG_FROM = ("SELECT f.id, f.response_id, r.consultation_id, f.question_id, f.item_id,"
             " f.matched, f.flagged_at, (SELECT group_concat(a.value, char(10)) FROM answers a"
             " WHERE a.response_id = f.response_id AND a.question_id = f.question_id"
             " AND a.item_id = f.item_id), f.decision, f.reference, f.decided_by, f.decided_at"
             " FROM safeguarding_flags f JOIN responses r ON r.id = f.response_id")


def waiting(db: sqlite_utils.Database) -> list[Flag]:
    """Every flag not yet reviewed, oldest first."""
    return [Flag(*row) for row in db.execute(
        FLAG_FROM + " WHERE f.decision IS NULL ORDER BY f.id")]


def decided(db: sqlite_utils.Database, limit: int = 50) -> list[Flag]:
    """The latest reviewed flags, newest decision first: the record of what was done."""
    return [Flag(*row) for row in db.execute(
        FLAG_FROM + " WHERE f.decision IS NOT NULL ORDER BY f.decided_at DESC, f.id DESC LIMIT ?",
        [limit])]


class AlreadyDecided(ValueError):
    """The flag was reviewed already (by someone else, perhaps at the same moment)."""


def decide(db: sqlite_utils.Database, flag_id: int, decision: str, reference: str,
           username: str) -> None:
    """Record what was done about a flag, once, audited as "safeguarding decision"."""
    if decision not in DECISIONS:
        raise ValueError(f"unknown decision {decision!r}")
    if decision == "referred" and not reference.strip():
        raise ValueError(NEED_REFERENCE)
    with write(db):
        row = db.execute(
            "SELECT r.consultation_id, f.response_id, f.decision FROM safeguarding_flags f"
            " JOIN responses r ON r.id = f.response_id WHERE f.id = ?", [flag_id]).fetchone()
        if row is None:
            raise LookupError(flag_id)
        if row[2] is not None:
            raise AlreadyDecided(ALREADY)
        db.execute("UPDATE safeguarding_flags SET decision = ?, reference = ?, decided_by = ?,"
                   " decided_at = ? WHERE id = ?",
                   [decision, reference.strip(), username, _now(), flag_id])
        detail = DECISIONS[decision] + (f", reference {reference.strip()}"
                                        if decision == "referred" else "")
        record_in_transaction(db, "safeguarding decision",
                              f"{row[0]} response {row[1]} (flag {flag_id})", detail)


class DecisionForm(FlaskForm):
    flag_id = HiddenField()
    decision = RadioField("What was done?", choices=[SelectChoice(k, v) for k, v in DECISIONS.items()],
                          validators=[InputRequired(CHOOSE)])
    reference = StringField("Safeguarding team's reference", validators=[
        Length(max=REFERENCE_LENGTH, message=LONG_REFERENCE)])

    def validate_reference(self, field):
        if self.decision.data == "referred" and not (field.data or "").strip():
            raise ValidationError(NEED_REFERENCE)


def _page(form: DecisionForm | None = None, status: int = 200):
    from .registry import registry  # the registry imports forms, which import storage
    db = get_db()
    errors, failed_id = [], None
    if form is not None:
        failed_id = form.flag_id.data
        errors = [FieldError(f"{e.name}-{failed_id}" if e.name else None, e.message)
                  for e in errors_in_order(form)]
    return render_template("staff/safeguarding/queue.html", flags=waiting(db), done=decided(db),
                           registry=registry(), decisions=DECISIONS, form=form,
                           failed_id=failed_id, errors=errors), status


@bp.get("")
@role_required("officer")
def queue():
    return _page()


@bp.post("/decide")
@role_required("officer")
def decide_view():
    form = DecisionForm()
    if not form.validate_on_submit():
        if "csrf_token" in form.errors:
            abort(400)
        return _page(form)
    try:
        decide(get_db(), int(form.flag_id.data or ""), form.decision.data,
               form.reference.data or "", g.user.username)
    except AlreadyDecided:
        flash(ALREADY)
        return redirect(url_for(".queue"))
    except (ValueError, LookupError):
        abort(404)
    flash(f"Recorded: {DECISIONS[form.decision.data]}")
    return redirect(url_for(".queue"))

