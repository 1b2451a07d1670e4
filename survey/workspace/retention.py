"""The officers' retention pages: the date after which a consultation's raw responses are
deleted, and erasing one response on request. What deleting does, and the audit of it, is
survey.results.retention (run daily by `survey retention`).
"""
from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_wtf import FlaskForm
from wtforms import HiddenField, IntegerField, StringField
from wtforms.validators import InputRequired, NumberRange

from survey.results.retention import Waiting, erase_response, set_retain_until
from survey.store.lifecycle import retain_until
from survey.store.responses import response_facts
from survey.store.review import waiting_count
from survey.web.auth import role_required
from survey.web.per_request import get_db
from survey.web.form_errors import FieldError, errors_in_order
from survey.web.catalogue import consultation_or_404

NOT_A_DATE = "Enter the date as a day, month and year, like 31 3 2027"
IN_THE_PAST = "The date must be today or later"
NO_RESPONSE = "Enter the number of a response to this consultation, like 42"

bp = Blueprint("retention", __name__, url_prefix="/staff/c/<consultation_id>")


class DateForm(FlaskForm):
    day = StringField("Day")
    month = StringField("Month")
    year = StringField("Year")
    clear = HiddenField()


class EraseForm(FlaskForm):
    response_id = IntegerField("Response number", validators=[
        InputRequired(NO_RESPONSE), NumberRange(min=1, message=NO_RESPONSE)])
    confirm = HiddenField()
    reason = StringField("Why (optional)")



def _date_from(form: DateForm) -> date:
    try:
        return date(int(form.year.data), int(form.month.data), int(form.day.data))
    except (TypeError, ValueError):
        raise ValueError(NOT_A_DATE) from None


def _settings_page(questionnaire, form: DateForm | None = None, errors=(), status=200):
    db = get_db()
    until = retain_until(db, questionnaire.id)
    form = form or DateForm(formdata=None, day=until.day if until else "",
                            month=until.month if until else "", year=until.year if until else "")
    return render_template("workspace/retention/retention.html", q=questionnaire, until=until,
                           form=form, errors=list(errors), today=date.today()), status


@bp.route("/retention", methods=["GET", "POST"])
@role_required("officer")
def settings(consultation_id: str):
    questionnaire = consultation_or_404(consultation_id)
    if request.method == "GET":
        return _settings_page(questionnaire)
    form = DateForm()
    if not form.validate_on_submit():
        abort(400)
    if form.clear.data:
        set_retain_until(get_db(), questionnaire.id, None)
        flash("The date has been cleared: raw responses are kept")
        return redirect(url_for(".settings", consultation_id=questionnaire.id))
    try:
        until = _date_from(form)
        if until < date.today():
            raise ValueError(IN_THE_PAST)
    except ValueError as problem:
        return _settings_page(questionnaire, form, [FieldError("day", str(problem))])
    set_retain_until(get_db(), questionnaire.id, until)
    flash(f"Raw responses will be deleted after {until.strftime('%-d %B %Y')}")
    return redirect(url_for(".settings", consultation_id=questionnaire.id))


@bp.route("/erase", methods=["GET", "POST"])
@role_required("officer")
def erase(consultation_id: str):
    """Step 1: which response (from the comments page, or typed). Step 2: check and confirm."""
    questionnaire = consultation_or_404(consultation_id)
    db = get_db()
    if request.method == "GET":
        form = EraseForm(request.args, meta={"csrf": False})
        if not request.args.get("response_id"):
            return render_template("workspace/comments/erase.html", q=questionnaire, form=form,
                                   facts=None, errors=[])
    else:
        form = EraseForm()
        if not form.validate_on_submit() and "csrf_token" in form.errors:
            abort(400)
    errors = errors_in_order(form) if not form.validate() else []
    facts = None if errors else response_facts(db, questionnaire.id, form.response_id.data)
    if not errors and facts is None:
        errors = [FieldError("response_id", NO_RESPONSE)]
    if not errors and request.method == "POST" and form.confirm.data == "yes":
        try:
            erase_response(db, questionnaire.id, form.response_id.data, form.reason.data or "")
        except Waiting as problem:
            errors = [FieldError(None, str(problem))]
        else:
            flash(f"Response {form.response_id.data} has been erased")
            return redirect(url_for("comments.index", consultation_id=questionnaire.id))
    waiting = bool(facts) and waiting_count(db, questionnaire.id, form.response_id.data) > 0
    return render_template("workspace/comments/erase.html", q=questionnaire, form=form,
                           facts=None if errors else facts, errors=errors, waiting=waiting)

