"""The officer's buttons that move a consultation through its life (draft -> open -> closed ->
archived). The states, the moves allowed and storing them are survey.store.lifecycle.
"""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, request, url_for
from flask_wtf import FlaskForm

from survey.store.lifecycle import LABELS, NotAllowed, set_state
from survey.web.auth import role_required
from survey.web.per_request import get_db
from survey.web.catalogue import catalogue

TRY_AGAIN = "Sorry, that did not work. Try again"

bp = Blueprint("lifecycle", __name__, url_prefix="/staff/c/<consultation_id>")


class StateForm(FlaskForm):
    """Only the CSRF token: the new state comes from the button pressed."""


@bp.post("/state")
@role_required("officer")
def change_state(consultation_id: str):
    if catalogue().get(consultation_id) is None:
        abort(404)
    new = request.form.get("state", "")
    if not StateForm().validate_on_submit():
        flash(TRY_AGAIN)
    else:
        try:
            set_state(get_db(), consultation_id, new)
        except NotAllowed as problem:
            flash(str(problem))
        else:
            flash(f"The consultation is now {LABELS[new].lower()}")
    return redirect(url_for("staff.consultation", consultation_id=consultation_id))
