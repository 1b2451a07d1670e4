"""The young person's side of invitation codes: the page asking for one, and the code's hash kept
in their session until they send.

The codes themselves (making, checking, claiming one as the response is stored, throttling
guesses) are survey.store.invitations. Here a good code typed on the code page is kept as its
hash in the session (never the code), and let go once the response it admitted is stored, or
when it turns out to be used already. The same response sent again (a double click, or Back and
send again: the same submission id) is let through to the form, where save_response answers it
with the first response and stores nothing more: a replay gets the thanks page, as it does where
no codes are needed.
"""
from __future__ import annotations

import secrets

import sqlite_utils
from flask import current_app, redirect, render_template, request, session, url_for
from flask_babel import lazy_gettext
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import InputRequired, Length

from survey.store import invitations
from survey.store.invitations import UNKNOWN, CodeUsed
from survey.store.responses import is_stored
from survey.respond.store_words import translated
from survey.web.form_errors import errors_in_order
from survey.web.language import N_

SESSION_KEY = "invitation_hashes"   # consultation id -> hash of the code this browser holds
OLD_SESSION_KEY = "invitations"     # held the code itself; dropped when the session is next written
BROWSER_KEY = "browser"             # a random id: guesses are counted per browser

ENTER = N_("Enter the code you were given")
# On the printed poster of a consultation that needs codes (survey.workspace.share).
POSTER_NEEDS_CODE = "You need a code to answer. Your worker or carer will give you one."


def save_with_held_code(db: sqlite_utils.Database, questionnaire, answers,
                        submission_id: str) -> None:
    """survey.store.invitations.save_with_code with the code this browser holds (if any); the
    code is let go once used, or when it turns out to be used already (CodeUsed is raised).
    The response keeps the language and the age band's version of the `questionnaire` given
    (the variant the young person answered), for results split by either."""
    try:
        invitations.save_with_code(db, questionnaire, answers, submission_id,
                                   held(questionnaire.id),
                                   language=questionnaire.words_language,
                                   version=questionnaire.in_version)
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
    return hashed is not None and invitations.check_hash(db, consultation_id, hashed) is None


def hold(consultation_id: str, code: str) -> None:
    hold_hash(consultation_id, invitations.code_hash(consultation_id, code))


def hold_hash(consultation_id: str, hashed: str) -> None:
    """Keep a code's hash in the session: one just typed, or one a resumed draft brought back."""
    session.permanent = True
    session.pop(OLD_SESSION_KEY, None)
    session[SESSION_KEY] = {**session.get(SESSION_KEY, {}), consultation_id: hashed}


def release(consultation_id: str) -> None:
    """Let go of the code held for the consultation. A session holding none is left as it is,
    so that sending where no codes are used does not sign and send the session cookie again."""
    if OLD_SESSION_KEY in session:
        session.pop(OLD_SESSION_KEY)
    if consultation_id in session.get(SESSION_KEY, {}):
        session[SESSION_KEY] = {k: v for k, v in session[SESSION_KEY].items()
                                if k != consultation_id}


def browser_id() -> str:
    """A random id for this browser, kept in its session: guesses of invitation codes and
    resume words are limited per browser (survey.store.throttle), so one pupil's wrong guesses
    slow only them, not everyone behind the school's address."""
    if BROWSER_KEY not in session:
        session[BROWSER_KEY] = secrets.token_urlsafe(16)
    return session[BROWSER_KEY]


class InvitationForm(FlaskForm):
    invitation_code = StringField("Enter your invitation code", validators=[
        InputRequired(lazy_gettext(ENTER)), Length(max=40, message=lazy_gettext(UNKNOWN))])


def page(questionnaire, form: InvitationForm | None = None, message: str | None = None):
    """The page asking for a code (with `message` against the box when one was refused)."""
    form = form or InvitationForm(formdata=None)
    if message:
        form.invitation_code.errors = [*form.invitation_code.errors, translated(message)]
    errors = errors_in_order(form)
    return render_template("respond/invitation_code.html", q=questionnaire, form=form,
                           errors=errors), 200


def gate(db: sqlite_utils.Database, questionnaire):
    """For a consultation that needs codes: None when this young person may answer; else the
    page asking for a code.

    A post of a response already stored (its submission id) is let through whatever code is
    held: the form path answers it with the thanks page and stores nothing more."""
    if request.method == "POST" and is_stored(db, questionnaire.id,
                                              request.form.get("submission_id")):
        return None
    hashed = held(questionnaire.id)
    if hashed is None:
        return page(questionnaire)
    problem = invitations.check_hash(db, questionnaire.id, hashed)
    if problem:  # used since it was entered (sent from another tab, say)
        release(questionnaire.id)
        return page(questionnaire, message=problem)
    return None


def enter(db: sqlite_utils.Database, questionnaire):
    """A POST of the code page: keep a good code in the session and go on to the questions."""
    form = InvitationForm()
    if not form.validate_on_submit():
        return page(questionnaire, form)
    problem = invitations.try_code(db, current_app.secret_key, request.remote_addr,
                                   browser_id(), questionnaire.id, form.invitation_code.data)
    if problem:
        return page(questionnaire, form, problem)
    hold(questionnaire.id, form.invitation_code.data)
    return redirect(url_for("respond.answer", consultation_id=questionnaire.id))
