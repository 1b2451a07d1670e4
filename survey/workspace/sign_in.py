"""Signing in and out: the staff's sign-in page (throttled, audited) and the sign-out button.

The blueprint keeps the name "auth" (auth.sign_in, auth.sign_out). Who is signed in on each
request, and the guards on staff pages, are survey.web.auth; the sessions themselves live on the
server (survey.store.sessions).
"""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, current_app, g, redirect, render_template, request, session, url_for
from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import InputRequired

from survey.store import audit
from survey.store import refusals
from survey.store import sessions
from survey.store import throttle
from survey.web.auth import TOKEN, set_user
from survey.web.per_request import get_db
from survey.web.form_errors import FieldError, errors_in_order
from survey.store.users import authenticate

bp = Blueprint("auth", __name__, url_prefix="/staff")
WRONG_DETAILS = "Enter a correct user name and password"
TOO_MANY = "You have tried to sign in too many times. Wait 15 minutes, then try again"
AUDIT_NAME_LENGTH = 100  # of a user name typed at a failed sign-in


class SignInForm(FlaskForm):
    username = StringField("User name", validators=[InputRequired("Enter your user name")])
    password = PasswordField("Password", validators=[InputRequired("Enter your password")])


def _safe_next(target: str | None, user) -> str:
    parts = urlsplit(target or "")
    if target and not parts.scheme and not parts.netloc and target.startswith("/staff"):
        return target
    # Where each user's work is: consultations, or for someone who only manages accounts, those.
    return url_for("staff.index") if user.has("officer", "manager") else url_for("admin.users")


@bp.route("/sign-in", methods=["GET", "POST"])
def sign_in():
    form = SignInForm()
    valid = form.validate_on_submit()
    errors = errors_in_order(form) if form.is_submitted() else []
    if valid:
        db = get_db()
        keys = throttle.keys(current_app.secret_key, form.username.data, request.remote_addr)
        user = None
        # The name as typed, never the password, is what a refused sign-in records, counted
        # per name and window (survey.store.refusals).
        typed = form.username.data.strip()[:AUDIT_NAME_LENGTH]
        slot = throttle.take(db, keys)  # counted before the password is checked
        if isinstance(slot, throttle.Wait):
            errors = [FieldError("username", TOO_MANY)]
        else:
            user = authenticate(db, form.username.data, form.password.data)
            if user is None:
                # The same message whether the name or the password was wrong.
                errors = [FieldError("username", WRONG_DETAILS)]
        if user is None:
            refusals.count(db, typed, keys["address"], throttle.now(),
                           too_many=isinstance(slot, throttle.Wait))
        if user:
            throttle.succeeded(db, slot)
            old = session.get(TOKEN)
            if old:
                sessions.end(db, old)
            session.clear()  # a new session at sign-in: nothing carried over
            session[TOKEN] = sessions.start(db, user.id)
            set_user(user)
            audit.record(db, "signed in")
            return redirect(_safe_next(request.args.get("next"), user))
    return render_template("workspace/sign_in/sign_in.html", form=form, errors=errors,
                           field_errors={e.name: e.message for e in errors if e.name})


@bp.post("/sign-out")
def sign_out():
    form = FlaskForm()
    if form.validate_on_submit():
        token = session.pop(TOKEN, None)
        if token:
            if g.user is not None:
                audit.record(get_db(), "signed out")
            sessions.end(get_db(), token)
        session.clear()
    return redirect(url_for("respond.index"))
