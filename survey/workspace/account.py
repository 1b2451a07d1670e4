"""A signed-in member of staff changes their own password.

The current password is asked for first (guesses count towards the sign-in limits). On success
every other session of theirs ends, on every device, and this one carries on with a new token.
"""
from __future__ import annotations

from flask import Blueprint, current_app, g, render_template, request, session, url_for
from flask_wtf import FlaskForm
from wtforms import PasswordField
from wtforms.validators import InputRequired

from survey.store import audit
from survey.store import sessions
from survey.store import throttle
from survey.web.auth import TOKEN, role_required
from survey.workspace.sign_in import TOO_MANY
from survey.web.per_request import get_db
from survey.web.form_errors import FieldError, errors_in_order
from survey.store.users import ROLES, UserError, check_password, check_user_password, set_password

bp = Blueprint("account", __name__, url_prefix="/staff/account")

WRONG_CURRENT = "Your current password is not correct"
NOT_THE_SAME = "The new passwords do not match: type the same one twice"
UNCHANGED = "Your new password must be different from your current one"
CHANGED = "Your password has been changed. You have been signed out on every other device"


class PasswordForm(FlaskForm):
    current = PasswordField("Current password", validators=[
        InputRequired("Enter your current password")])
    new = PasswordField("New password", validators=[InputRequired("Enter a new password")])
    confirm = PasswordField("Type the new password again", validators=[
        InputRequired("Type the new password again")])


def problems(db, form: PasswordForm) -> list[FieldError]:
    """What is wrong with a filled-in form, in the order of its fields; empty: go ahead."""
    keys = throttle.keys(current_app.secret_key, g.user.username, request.remote_addr)
    slot = throttle.take(db, keys)  # counted before the password is checked
    if isinstance(slot, throttle.Wait):
        return [FieldError("current", TOO_MANY)]
    if not check_user_password(db, g.user.id, form.current.data):
        audit.record(db, "password change refused", g.user.username, "current password wrong")
        return [FieldError("current", WRONG_CURRENT)]
    throttle.succeeded(db, slot)
    try:
        check_password(form.new.data)
    except UserError as problem:
        return [FieldError("new", str(problem))]
    if form.new.data == form.current.data:
        return [FieldError("new", UNCHANGED)]
    if form.confirm.data != form.new.data:
        return [FieldError("confirm", NOT_THE_SAME)]
    return []


@bp.route("/password", methods=["GET", "POST"])
@role_required(*ROLES)
def password():
    form = PasswordForm()
    valid = form.validate_on_submit()
    errors = errors_in_order(form) if form.is_submitted() else []
    if valid:
        db = get_db()
        errors = problems(db, form)
        if not errors:
            set_password(db, g.user.id, form.new.data)  # ends every session, this one too
            session[TOKEN] = sessions.start(db, g.user.id)  # so this browser carries on
            audit.record(db, "password changed", g.user.username)
            only_admin = not g.user.has("officer", "manager")
            return render_template("workspace/account/changed.html", message=CHANGED,
                                   next_url=url_for("admin.users" if only_admin else "staff.index"))
    return render_template("workspace/account/password.html", errors=errors,
                           field_errors={e.name: e.message for e in errors if e.name})
