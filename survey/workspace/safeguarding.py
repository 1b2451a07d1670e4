"""Safeguarding review: the queue of flagged comments, and recording what was done.

Flagging itself (the word list, matching, and which comments are held back) is
`survey.store.flags`, with no web framework in it, so that storing a response flags it in the same
transaction. Here are the officers' pages: until an officer records what was done ("No concern",
or "Passed to the safeguarding team" with a reference), the comment is held back from exports
and the staff results pages; one passed to the safeguarding team never reaches anything
published for managers or the public. The flag is a prompt for a person, never a decision.
"""
from __future__ import annotations

from dataclasses import dataclass

import sqlite_utils
from flask import Blueprint, abort, flash, g, redirect, render_template, url_for
from flask_wtf import FlaskForm
from wtforms import HiddenField, RadioField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, ValidationError

from survey.store.audit import record_in_transaction
from survey.web.auth import role_required
from survey.store.db import utc_now, write
from survey.web.per_request import get_db
from survey.store.flags import DEFAULT_WORDS, load_words
from survey.web.catalogue import catalogue
from survey.web.form_errors import FieldError, errors_in_order

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
                   [decision, reference.strip(), username, utc_now(), flag_id])
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
    db = get_db()
    errors, failed_id = [], None
    if form is not None:
        failed_id = form.flag_id.data
        errors = [FieldError(f"{e.name}-{failed_id}" if e.name else None, e.message)
                  for e in errors_in_order(form)]
    return render_template("staff/safeguarding/queue.html", flags=waiting(db), done=decided(db),
                           catalogue=catalogue(), decisions=DECISIONS, form=form,
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

