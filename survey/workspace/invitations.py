"""Single-use invitation codes for a known group of young people.

An officer makes N codes and downloads them once, as CSV, to print or mail-merge; only a hash of
each is kept, never a name. When a consultation has codes, a young person enters one before
answering; its hash (not the code) is kept in their session until they send, and it is marked
used in the same transaction that stores their response (storage.save_response's
`before_insert`), so a code admits exactly one response even when two are sent at the same moment.
A saved draft keeps the hash sealed with its resume words (survey.store.drafts), so carrying on from
another device brings the code back without asking for it again; the code is still claimed only
when the response is stored, so a draft that expires unsent leaves its code unused.

The same response sent again (a double click, or Back and send again: the same submission id) is
let through to the form, where save_response answers it with the first response and stores
nothing more: a replay gets the thanks page, as it does where no codes are needed.

Codes are 8 characters from an alphabet without look-alikes (no 0/O, 1/I/L), shown as ABCD-EFGH;
spaces, hyphens and case are ignored when one is typed. The hash is a plain SHA-256 of the
consultation id and the code, so the codes keep working if the app's secret key is changed.
Guessing is throttled per address like signing in (survey.store.throttle).
"""
from __future__ import annotations

import hashlib
import secrets

import sqlite_utils
from flask import current_app, redirect, render_template, request, session, url_for
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import InputRequired, Length

from survey.store import throttle
from survey.store.audit import record_in_transaction
from survey.store.db import utc_now, write
from survey.web.form_errors import errors_in_order
from survey.store.responses import is_stored, save_response

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
LENGTH = 8
MOST = 5000
SESSION_KEY = "invitation_hashes"   # consultation id -> hash of the code this browser holds
OLD_SESSION_KEY = "invitations"     # held the code itself; dropped when the session is next written

ENTER = "Enter the code you were given"
UNKNOWN = "We could not find that code. Check it and try again"
USED = "That code has already been used. Each code can be used once"
TOO_MANY = "You have tried too many codes. Wait 15 minutes, then try again"


# What marks a code used. Not a time: the response is stored in the same transaction, so a
# time could match a code (and, through an officer's mailing list, a name) to its answers.
USED_MARK = "used"


class CodeUsed(Exception):
    """The response was refused: its code was used (or is not a code) by the time it was stored,
    or it came with no code where one is needed. `message` is what the code page says (None:
    just ask for a code)."""

    def __init__(self, consultation_id: str, message: str | None = USED):
        super().__init__(consultation_id)
        self.message = message



def normalise(text: str) -> str:
    return "".join(text.split()).replace("-", "").upper()


def display(code: str) -> str:
    return f"{code[:4]}-{code[4:]}"


def code_hash(consultation_id: str, code: str) -> str:
    return hashlib.sha256(f"{consultation_id}:{normalise(code)}".encode()).hexdigest()


def make_codes(db: sqlite_utils.Database, consultation_id: str, how_many: int) -> list[str]:
    """Make `how_many` new codes (1 to MOST), store their hashes, audit it; return the codes."""
    if not 1 <= how_many <= MOST:
        raise ValueError(f"Enter a number of codes from 1 to {MOST:,}")
    codes: set[str] = set()
    with write(db):
        while len(codes) < how_many:
            code = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
            if code in codes:
                continue
            inserted = db.execute(
                "INSERT OR IGNORE INTO invitation_codes (code_hash, consultation_id, created_at)"
                " VALUES (?, ?, ?)", [code_hash(consultation_id, code), consultation_id, utc_now()])
            if inserted.rowcount:
                codes.add(code)
        record_in_transaction(db, "invitation codes made", consultation_id, f"{how_many} codes")
    return [display(c) for c in sorted(codes)]


def counts(db: sqlite_utils.Database, consultation_id: str) -> tuple[int, int]:
    """(codes made, codes used)."""
    made, used = db.execute(
        "SELECT count(*), count(used_at) FROM invitation_codes WHERE consultation_id = ?",
        [consultation_id]).fetchone()
    return made, used


def required(db: sqlite_utils.Database, consultation_id: str) -> bool:
    return db.execute("SELECT 1 FROM invitation_codes WHERE consultation_id = ? LIMIT 1",
                      [consultation_id]).fetchone() is not None


def check(db: sqlite_utils.Database, consultation_id: str, code: str) -> str | None:
    """None if the code may be used now, else the message saying why not."""
    return _check_hash(db, consultation_id, code_hash(consultation_id, code))


def _check_hash(db: sqlite_utils.Database, consultation_id: str, hashed: str) -> str | None:
    row = db.execute("SELECT used_at FROM invitation_codes WHERE code_hash = ?"
                     " AND consultation_id = ?", [hashed, consultation_id]).fetchone()
    if row is None:
        return UNKNOWN
    return USED if row[0] else None


def claim(consultation_id: str, code: str):
    """A `before_insert` hook for save_response: marks the code used, or refuses the response."""
    return _claim_hash(consultation_id, code_hash(consultation_id, code))


def _claim_hash(consultation_id: str, hashed: str):
    def before_insert(db: sqlite_utils.Database) -> None:
        cursor = db.execute(
            "UPDATE invitation_codes SET used_at = ? WHERE code_hash = ? AND consultation_id = ?"
            " AND used_at IS NULL", [USED_MARK, hashed, consultation_id])
        if cursor.rowcount != 1:
            raise CodeUsed(consultation_id)
    return before_insert


def _no_code(consultation_id: str):
    """A `before_insert` hook for a response sent with no code: refused if the consultation needs
    one. Asked inside the response's transaction, so nothing let past the code page (a replay
    whose first response was deleted meanwhile, say) can store a response without a code."""
    def before_insert(db: sqlite_utils.Database) -> None:
        if required(db, consultation_id):
            raise CodeUsed(consultation_id, message=None)
    return before_insert


# -- the respondent's side: the code kept in their session, and the page to enter it --

def save_with_code(db: sqlite_utils.Database, questionnaire, answers, submission_id: str) -> None:
    """save_response, claiming the code this browser holds (if any) in the same transaction; the
    code is let go once used, or when it turns out to be used already (CodeUsed is raised).
    A submission id already stored stores nothing more and claims nothing (save_response looks
    for it before any hook runs)."""
    hashed = held(questionnaire.id)
    hook = _claim_hash(questionnaire.id, hashed) if hashed else _no_code(questionnaire.id)
    try:
        save_response(db, questionnaire, answers, submission_id, before_insert=hook)
    except CodeUsed:
        release(questionnaire.id)
        raise
    release(questionnaire.id)


def held(consultation_id: str) -> str | None:
    """The hash of the code this browser holds for the consultation, if any."""
    return session.get(SESSION_KEY, {}).get(consultation_id)


def usable(db: sqlite_utils.Database, consultation_id: str) -> bool:
    """Whether this browser holds a code that can still be used."""
    hashed = held(consultation_id)
    return hashed is not None and _check_hash(db, consultation_id, hashed) is None


def hold(consultation_id: str, code: str) -> None:
    hold_hash(consultation_id, code_hash(consultation_id, code))


def hold_hash(consultation_id: str, hashed: str) -> None:
    """Keep a code's hash in the session: one just typed, or one a resumed draft brought back."""
    session.permanent = True
    session.pop(OLD_SESSION_KEY, None)
    session[SESSION_KEY] = {**session.get(SESSION_KEY, {}), consultation_id: hashed}


def release(consultation_id: str) -> None:
    session.pop(OLD_SESSION_KEY, None)
    session[SESSION_KEY] = {k: v for k, v in session.get(SESSION_KEY, {}).items()
                            if k != consultation_id}


class InvitationForm(FlaskForm):
    invitation_code = StringField("Enter your invitation code", validators=[
        InputRequired(ENTER), Length(max=40, message=UNKNOWN)])


def page(questionnaire, form: InvitationForm | None = None, message: str | None = None):
    """The page asking for a code (with `message` against the box when one was refused)."""
    form = form or InvitationForm(formdata=None)
    if message:
        form.invitation_code.errors = [*form.invitation_code.errors, message]
    errors = errors_in_order(form)
    return render_template("respond/invitation_code.html", q=questionnaire, form=form,
                           errors=errors), 200


def gate(db: sqlite_utils.Database, questionnaire):
    """None when this young person may answer; else the page asking for a code.

    A post of a response already stored (its submission id) is let through whatever code is
    held: the form path answers it with the thanks page and stores nothing more."""
    if not required(db, questionnaire.id):
        return None
    if request.method == "POST" and is_stored(db, questionnaire.id,
                                              request.form.get("submission_id")):
        return None
    hashed = held(questionnaire.id)
    if hashed is None:
        return page(questionnaire)
    problem = _check_hash(db, questionnaire.id, hashed)
    if problem:  # used since it was entered (sent from another tab, say)
        release(questionnaire.id)
        return page(questionnaire, message=problem)
    return None


def enter(db: sqlite_utils.Database, questionnaire):
    """A POST of the code page: keep a good code in the session and go on to the questions."""
    form = InvitationForm()
    if not form.validate_on_submit():
        return page(questionnaire, form)
    address = throttle.keys(current_app.secret_key, "", request.remote_addr)["address"]
    keys = {"address": "invitation-" + address}
    if throttle.blocked(db, keys):
        return page(questionnaire, form, TOO_MANY)
    problem = check(db, questionnaire.id, form.invitation_code.data)
    if problem:
        throttle.failed(db, keys)
        return page(questionnaire, form, problem)
    hold(questionnaire.id, form.invitation_code.data)
    return redirect(url_for("respond.answer", consultation_id=questionnaire.id))
