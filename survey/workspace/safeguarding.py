"""Safeguarding review: the queue of flagged comments, and recording what was done.

Flagging itself (the word list, matching, and which comments are held back) is
`survey.store.flags`, with no web framework in it, so that storing a response flags it in the same
transaction; the queue and the decisions are stored by `survey.store.review`. Here are the
officers' pages: until an officer records what was done ("No concern",
or "Passed to the safeguarding team" with a reference), the comment is held back from exports
and the staff results pages; one passed to the safeguarding team never reaches anything
published for managers or the public. The flag is a prompt for a person, never a decision.
"""
from __future__ import annotations

from flask import Blueprint, abort, flash, g, redirect, render_template, url_for
from flask_wtf import FlaskForm
from wtforms import HiddenField, RadioField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, ValidationError

from survey.store import review
from survey.store.review import (ALREADY, DECISIONS, NEED_REFERENCE, AlreadyDecided, decide,
                                 decided, waiting)
from survey.web.auth import role_required
from survey.web.per_request import get_db
from survey.store.flags import DEFAULT_WORDS, load_words
from survey.web.catalogue import catalogue
from survey.web.form_errors import FieldError, errors_in_order

CHOOSE = "Select what was done"
REFERENCE_LENGTH = 100
LONG_REFERENCE = f"The reference must be {REFERENCE_LENGTH} characters or fewer"

bp = Blueprint("safeguarding", __name__, url_prefix="/staff/safeguarding")


@bp.record_once
def _check_words(state) -> None:
    """Set the default list, and read it once at start-up so a broken setting fails loudly."""
    state.app.config.setdefault("SAFEGUARDING_WORDS", str(DEFAULT_WORDS))
    load_words(state.app.config["SAFEGUARDING_WORDS"])


@bp.app_template_global("safeguarding_waiting")
def waiting_count(consultation_id: str | None = None) -> int:
    """Comments waiting for review: of one consultation, or of all (the navigation's count)."""
    return review.waiting_count(get_db(), consultation_id)


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
    return render_template("workspace/safeguarding/queue.html", flags=waiting(db), done=decided(db),
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

