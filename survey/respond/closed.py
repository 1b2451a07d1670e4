"""What a young person sees at a consultation that is not taking answers: closed by its dates,
or not open (a draft, closed or archived by an officer; survey.store.lifecycle)."""
from __future__ import annotations

from datetime import date

import sqlite_utils
from flask import render_template

from survey.store.lifecycle import accepting, state_of


def closed_page(questionnaire, state: str):
    """What a young person sees at a consultation that is not taking answers."""
    if state == "open":  # the officer has it open: its dates say why not
        return render_template("respond/closed.html", q=questionnaire, today=date.today())
    return render_template("respond/not_open.html", q=questionnaire, state=state)


def refuse_if_closed(db: sqlite_utils.Database, questionnaire):
    """The closed page when the consultation is not taking answers now, else None."""
    state = state_of(db, questionnaire.id)
    if accepting(questionnaire, state, date.today()):
        return None
    return closed_page(questionnaire, state)
