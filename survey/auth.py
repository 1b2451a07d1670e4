"""Signing in and out, and the guard on every staff page."""
from __future__ import annotations

import functools
from urllib.parse import urlsplit

from flask import Blueprint, g, redirect, render_template, request, session, url_for
from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import InputRequired

from .db import get_db
from .forms import FieldError, errors_in_order
from .users import authenticate, get_user

bp = Blueprint("auth", __name__, url_prefix="/staff")
WRONG_DETAILS = "Enter a correct user name and password"


class SignInForm(FlaskForm):
    username = StringField("User name", validators=[InputRequired("Enter your user name")])
    password = PasswordField("Password", validators=[InputRequired("Enter your password")])


@bp.before_app_request
def load_user() -> None:
    user_id = session.get("user_id")
    g.user = get_user(get_db(), user_id) if user_id else None


def staff_required(view):
    """Officers and managers only; anyone else is sent to sign in."""
    @functools.wraps(view)
    def wrapped(**kwargs):
        if g.user is None:
            return redirect(url_for("auth.sign_in", next=request.path))
        return view(**kwargs)
    return wrapped


def _safe_next(target: str | None) -> str:
    parts = urlsplit(target or "")
    if target and not parts.scheme and not parts.netloc and target.startswith("/staff"):
        return target
    return url_for("staff.index")


@bp.route("/sign-in", methods=["GET", "POST"])
def sign_in():
    form = SignInForm()
    failed = False
    if form.validate_on_submit():
        user = authenticate(get_db(), form.username.data, form.password.data)
        if user:
            session.clear()  # a fresh session at sign-in
            session["user_id"] = user.id
            return redirect(_safe_next(request.args.get("next")))
        failed = True
    # The same message whether the name or the password was wrong: it tells an attacker nothing.
    errors = [FieldError("username", WRONG_DETAILS)] if failed else errors_in_order(form)
    return render_template("auth/sign_in.html", form=form, errors=errors,
                           field_errors={e.name: e.message for e in errors if e.name})


@bp.post("/sign-out")
def sign_out():
    form = FlaskForm()
    if form.validate_on_submit():
        session.clear()
    return redirect(url_for("respond.index"))
