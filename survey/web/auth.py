"""Signing in and out, and the guard on every staff page.

A signed-in browser holds a random session token; the session itself lives on the server
(survey/sessions.py), so it can be ended there.
"""
from __future__ import annotations

import functools
from urllib.parse import urlsplit

from flask import (Blueprint, abort, current_app, g, redirect, render_template, request, session,
                   url_for)
from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import InputRequired

from survey.store import audit
from survey.store import sessions
from survey.store import throttle
from survey.web.per_request import get_db
from survey.web.form_errors import FieldError, errors_in_order
from survey.store.users import authenticate, get_user

bp = Blueprint("auth", __name__, url_prefix="/staff")
WRONG_DETAILS = "Enter a correct user name and password"
TOO_MANY = "You have tried to sign in too many times. Wait 15 minutes, then try again"
AUDIT_NAME_LENGTH = 100  # of a user name typed at a failed sign-in
TOKEN = "staff_token"  # nosec B105: the name of a session key, not a password


class SignInForm(FlaskForm):
    username = StringField("User name", validators=[InputRequired("Enter your user name")])
    password = PasswordField("Password", validators=[InputRequired("Enter your password")])


@bp.before_app_request
def load_user() -> None:
    set_user(None)
    token = session.get(TOKEN)
    if not token:
        return
    db = get_db()
    user_id = sessions.resume(db, token, current_app.config["STAFF_IDLE_MINUTES"] * 60)
    set_user(get_user(db, user_id) if user_id else None)  # a disabled user is no user
    if g.user is None:
        session.pop(TOKEN, None)


def set_user(user) -> None:
    """Who this request is by: `g.user` for the pages, and `signed_in` on the request's
    connection for the audit log (survey.store.audit)."""
    g.user = user
    get_db().signed_in = user


def staff_required(view):
    """Any signed-in staff member; anyone else is sent to sign in."""
    @functools.wraps(view)
    def wrapped(**kwargs):
        if g.user is None:
            return redirect(url_for("auth.sign_in", next=request.path))
        return view(**kwargs)
    return wrapped


def role_required(*roles: str):
    """Staff holding one of `roles` only: others signed in get 403, anyone else signs in."""
    def decorate(view):
        @functools.wraps(view)
        def wrapped(**kwargs):
            if g.user is None:
                return redirect(url_for("auth.sign_in", next=request.path))
            if not g.user.has(*roles):
                abort(403)
            return view(**kwargs)
        return wrapped
    return decorate


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
        # The name as typed, never the password, is what a failed sign-in records.
        typed = form.username.data.strip()[:AUDIT_NAME_LENGTH]
        if throttle.blocked(db, keys):
            errors = [FieldError("username", TOO_MANY)]
            audit.record(db, "sign-in failed", detail="too many tries: refused", username=typed)
        else:
            user = authenticate(db, form.username.data, form.password.data)
            if user is None:
                throttle.failed(db, keys)
                # The same message whether the name or the password was wrong.
                errors = [FieldError("username", WRONG_DETAILS)]
                audit.record(db, "sign-in failed", username=typed)
        if user:
            throttle.succeeded(db, keys)
            old = session.get(TOKEN)
            if old:
                sessions.end(db, old)
            session.clear()  # a new session at sign-in: nothing carried over
            session[TOKEN] = sessions.start(db, user.id)
            set_user(user)
            audit.record(db, "signed in")
            return redirect(_safe_next(request.args.get("next"), user))
    return render_template("auth/sign_in.html", form=form, errors=errors,
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
