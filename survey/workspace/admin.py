"""Admin pages: staff accounts (add, roles, disable and enable, reset a password) and the audit log.

Admins only. A password is shown once, on the page that made it, and never again; no page shows
a password hash or anything about anyone's sessions. Every change is written to the audit log.
The log itself is only read here: no route changes it (and the schema's triggers refuse to).
"""
from __future__ import annotations

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_wtf import FlaskForm
from wtforms import PasswordField, SelectMultipleField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length

from survey.store import audit
from survey.store import refusals
from survey.web.auth import role_required
from survey.web.per_request import get_db
from survey.web.form_errors import FieldError, errors_in_order
from survey.store.users import (ROLES, UserError, add_user, all_users, check_password, random_password,
                    set_disabled, set_password, set_roles)

bp = Blueprint("admin", __name__, url_prefix="/staff/admin")

ROLE_HINTS = {"admin": "Admin: manages staff accounts and reads the audit log",
              "officer": ("Officer: creates and runs consultations, enters paper returns, "
                          "reads comments"),
              "manager": "Manager: views dashboards and downloads results"}
NO_ROLE = "Select at least one role"
TRY_AGAIN = "Sorry, that did not work. Try again"
NOT_YOURSELF = {
    "disable": "You cannot disable your own account. Ask another admin to do it",
    "admin": "You cannot remove your own admin role. Ask another admin to do it",
    "reset": "To change your own password, use ‘Change your password’",
}
AUDIT_PAGE = 50


@bp.before_request
@role_required("admin")
def guard():
    """Every page here needs a signed-in admin."""


def _roles_field() -> SelectMultipleField:
    return SelectMultipleField("Roles", choices=[SelectChoice(r, r) for r in ROLES],
                               invalid_choice_message="Select one of the roles shown",
                               validators=[InputRequired(NO_ROLE)])


class AddUserForm(FlaskForm):
    username = StringField("User name", validators=[
        InputRequired("Enter a user name"),
        Length(max=100, message="The user name must be 100 characters or fewer")])
    roles = _roles_field()
    password = PasswordField("Password (optional)")


class RolesForm(FlaskForm):
    roles = _roles_field()


class ActionForm(FlaskForm):
    """Only the CSRF token: the button says what to do."""


def _user(user_id: str):
    """(User, disabled) for an id in the URL, or 404. (A plain string in the route, not <int:>,
    so that the guard answers first for any URL under /staff.)"""
    found = next(((u, d) for u, d in all_users(get_db())
                  if user_id.isascii() and user_id.isdigit() and u.id == int(user_id)), None)
    if found is None:
        abort(404)
    return found


def _role_items(chosen) -> list[dict]:
    return [{"value": r, "text": r.capitalize(), "hint": {"text": ROLE_HINTS[r]},
             "checked": r in chosen} for r in ROLES]


def _page(template: str, errors: list[FieldError], **context) -> str:
    return render_template(template, errors=errors, **context,
                           field_errors={e.name: e.message for e in errors if e.name})


@bp.get("/")
def users():
    return render_template("workspace/admin/users.html", users=all_users(get_db()))


@bp.route("/users/new", methods=["GET", "POST"])
def new_user():
    form = AddUserForm()
    valid = form.validate_on_submit()
    errors = errors_in_order(form) if form.is_submitted() else []
    if valid:
        typed = form.password.data or ""
        password = typed or random_password()
        try:
            if typed:
                check_password(typed)
        except UserError as problem:
            errors = [FieldError("password", str(problem))]
        else:
            db = get_db()
            try:
                user = add_user(db, form.username.data, password, form.roles.data)
            except UserError as problem:
                errors = [FieldError("username", str(problem))]
            else:
                audit.record(db, "user added", user.username, f"roles: {user.role_names}")
                return render_template("workspace/admin/password.html", user=user,
                                       password=None if typed else password, added=True)
    return _page("workspace/admin/new.html", errors, form=form,
                 roles=_role_items(form.roles.data or []))


@bp.get("/users/<user_id>")
def user(user_id: str):
    found, disabled = _user(user_id)
    return _page("workspace/admin/user.html", [], user=found, disabled=disabled, form=RolesForm(),
                 roles=_role_items(found.roles), is_me=found.id == g.user.id)


@bp.post("/users/<user_id>/roles")
def change_roles(user_id: str):
    found, disabled = _user(user_id)
    form = RolesForm()
    errors = errors_in_order(form) if not form.validate_on_submit() else []
    chosen = frozenset(form.roles.data or [])
    if not errors and found.id == g.user.id and "admin" not in chosen:
        errors = [FieldError("roles", NOT_YOURSELF["admin"])]
    if not errors:
        db = get_db()
        set_roles(db, found.id, chosen)
        new_names = ", ".join(r for r in ROLES if r in chosen)
        audit.record(db, "roles changed", found.username, f"{found.role_names} to {new_names}")
        flash(f"{found.username}’s roles are now: {new_names}")
        return redirect(url_for(".user", user_id=found.id))
    return _page("workspace/admin/user.html", errors, user=found, disabled=disabled, form=form,
                 roles=_role_items(chosen), is_me=found.id == g.user.id)


def _action(user_id: str, refuse_self: str | None = None):
    """The user an action button is for, or a response refusing it."""
    found, disabled = _user(user_id)
    if not ActionForm().validate_on_submit():
        flash(TRY_AGAIN)
        return found, disabled, redirect(url_for(".user", user_id=found.id))
    if refuse_self and found.id == g.user.id:
        flash(NOT_YOURSELF[refuse_self])
        return found, disabled, redirect(url_for(".user", user_id=found.id))
    return found, disabled, None


@bp.post("/users/<user_id>/disable")
def disable(user_id: str):
    found, _, refused = _action(user_id, "disable")
    if refused:
        return refused
    db = get_db()
    set_disabled(db, found.username, True)  # ends every session of theirs
    audit.record(db, "user disabled", found.username)
    flash(f"{found.username} is disabled and signed out everywhere. They cannot sign in")
    return redirect(url_for(".user", user_id=found.id))


@bp.post("/users/<user_id>/enable")
def enable(user_id: str):
    found, _, refused = _action(user_id)
    if refused:
        return refused
    db = get_db()
    set_disabled(db, found.username, False)
    audit.record(db, "user enabled", found.username)
    flash(f"{found.username} can sign in again")
    return redirect(url_for(".user", user_id=found.id))


@bp.post("/users/<user_id>/reset-password")
def reset_password(user_id: str):
    found, _, refused = _action(user_id, "reset")
    if refused:
        return refused
    db = get_db()
    password = random_password()
    set_password(db, found.id, password)  # ends every session of theirs
    audit.record(db, "password reset", found.username)
    return render_template("workspace/admin/password.html", user=found, password=password,
                           added=False)


@bp.get("/audit")
def audit_log():
    db = get_db()
    action = request.args.get("action", "")
    before = request.args.get("before", type=int)
    found = audit.entries(db, limit=AUDIT_PAGE + 1, before=before, action=action)
    actions = audit.actions(db)
    older = found[AUDIT_PAGE - 1].id if len(found) > AUDIT_PAGE else None
    items = [{"value": "", "text": "Everything"}] + [{"value": a, "text": a} for a in actions]
    # Refused sign-ins are counted per name and window: their detail says how many, in words.
    counted = {id: count.words() for id, count in refusals.counts(
        db, [entry.id for entry in found[:AUDIT_PAGE]]).items()}
    return render_template("workspace/admin/audit.html", entries=found[:AUDIT_PAGE], action=action,
                           items=items, older=older, paged=before is not None, counted=counted)
