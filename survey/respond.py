"""The pages young people see: the list of open consultations, the form, the confirmation."""
from __future__ import annotations

import sqlite3
import uuid
from datetime import date

from flask import Blueprint, abort, current_app, redirect, render_template, url_for

from .db import get_db
from .forms import answers_from, errors_in_order
from .registry import registry
from .render import blocks
from .storage import save_response

bp = Blueprint("respond", __name__)

NOT_SAVED = ("Sorry, your answers could not be sent just now. They are still on this page: "
             "please try sending them again in a minute")


def _consultation(consultation_id: str):
    questionnaire = registry().get(consultation_id)
    if questionnaire is None:
        abort(404)
    return questionnaire


@bp.get("/")
def index():
    today = date.today()
    consultations = [q for q in registry().all() if q.is_open(today)]
    return render_template("respond/index.html", consultations=consultations)


@bp.route("/c/<consultation_id>", methods=["GET", "POST"])
def answer(consultation_id: str):
    questionnaire = _consultation(consultation_id)
    if not questionnaire.is_open(date.today()):
        return render_template("respond/closed.html", q=questionnaire, today=date.today())
    form = registry().forms[questionnaire.id]()
    problem = None
    if form.validate_on_submit():
        try:
            save_response(get_db(), questionnaire, answers_from(form, questionnaire),
                          form.submission_id.data)
        except sqlite3.Error:
            current_app.logger.exception("could not store a response")
            problem = NOT_SAVED
        else:
            return redirect(url_for(".thanks", consultation_id=questionnaire.id))
    if not form.submission_id.data or form.submission_id.errors:
        form.submission_id.data = uuid.uuid4().hex
    return render_template(
        "respond/form.html", q=questionnaire, form=form,
        blocks=blocks(form, questionnaire.questions),
        errors=errors_in_order(form), problem=problem,
    ), 503 if problem else 200


@bp.get("/c/<consultation_id>/thanks")
def thanks(consultation_id: str):
    return render_template("respond/thanks.html", q=_consultation(consultation_id))
