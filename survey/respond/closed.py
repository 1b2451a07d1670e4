"""What a young person sees at a consultation that is not taking answers: closed by its dates,
or not open (a draft, closed or archived by an officer; survey.store.lifecycle). Once its
results page is published (survey.store.results_pages), a consultation that is not taking
answers sends its link, short link and QR code there instead (survey.respond.results); but
answers sent to it are answered with the closed page, so that a young person whose answers
arrive after the close is told they were not stored, not shown the results as if they had
been."""
from __future__ import annotations

from datetime import date

import sqlite_utils
from flask import redirect, render_template, request, url_for

from survey.store.lifecycle import accepting, state_of
from survey.store.results_pages import is_published


def closed_page(questionnaire, state: str):
    """What a young person sees at a consultation that is not taking answers."""
    if state == "open":  # the officer has it open: its dates say why not
        return render_template("respond/closed.html", q=questionnaire, today=date.today())
    return render_template("respond/not_open.html", q=questionnaire, state=state)


def refuse_if_closed(db: sqlite_utils.Database, questionnaire):
    """The closed page when the consultation is not taking answers now (or, asked for with a
    GET once it has been open, its published results page), else None."""
    state, today = state_of(db, questionnaire.id), date.today()
    if accepting(questionnaire, state, today):
        return None
    not_yet = state == "draft" or (questionnaire.opens and questionnaire.opens > today)
    if request.method == "GET" and not not_yet and is_published(db, questionnaire.id):
        return redirect(url_for("results.page", consultation_id=questionnaire.id), 303)
    return closed_page(questionnaire, state)
