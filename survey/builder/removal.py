"""Removing a section or a question in the structure editor: asked once, and in a draft undone.

The questions page's Remove button is a link to a page that says what removing does; only its
"Yes, remove it" removes, through the structure editor's one way of saving a change
(survey.builder.structure `_button`, so through the loader, and past the builder's confirm page
once a consultation is open or has answers). In a draft the removal is saved at once, so the
questions page then says what was removed, with an Undo button that puts back the version from
before, stored by survey.store.definitions.

What must stay true: Undo restores only if nothing changed since the removal (the version now
is the one the removal saved), so it can never throw away a later change; a GET never removes.
These routes join the editor's blueprint when this module is imported (survey.app does).
"""
from __future__ import annotations

from dataclasses import replace
from typing import Callable

from flask import abort, get_flashed_messages, render_template, request, session

from survey.builder import editing
from survey.builder.structure import (LAST_SECTION, ONLY_QUESTION, QUESTION_ANSWERED,
                                      SECTION_ANSWERED, UNDO, _answered_questions, _back,
                                      _button, _name, _question_at, _questions_page, _section_at,
                                      _section_name, _with, bp)
from survey.definition import Questionnaire
from survey.store import lifecycle
from survey.store.definitions import read_source, version_source
from survey.web.catalogue import catalogue, editable_or_404
from survey.web.form_errors import FieldError
from survey.web.per_request import get_db

# What removing does, said before the officer says yes; and after, with the Undo button.
REMOVE_QUESTION = ("Young people will no longer be asked it, and it is taken out of the "
                   "consultation with its answers to choose from.")
REMOVE_SECTION = ("Young people will no longer see it, and its {count} taken out of the "
                  "consultation with it: {names}.")
CAN_UNDO = "You can undo this straight after."
REMOVED = "‘{name}’ was removed"
UNDONE_TOO_LATE = ("The removal was not undone: the consultation was changed again after it. "
                   "Add the question or section again instead")


def _remove_section(current: Questionnaire, section_id: str) -> Questionnaire | str:
    index = _section_at(current, section_id)
    section = current.sections[index]
    if _answered_questions(current) & {q.id for q in section.questions}:
        return SECTION_ANSWERED.format(name=_section_name(current, index))
    if len(current.sections) == 1:
        return LAST_SECTION
    return replace(current, sections=current.sections[:index] + current.sections[index + 1:])


@bp.route("/sections/<section_id>/remove", methods=["GET", "POST"])
def remove_section(consultation_id: str, section_id: str):
    """GET: what removing the section does, and a button to say yes; POST: remove it."""
    current = editable_or_404(consultation_id)
    section = current.sections[_section_at(current, section_id)]
    count = len(section.questions)
    said = REMOVE_SECTION.format(
        count=f"{count} questions are" if count > 1 else "question is",
        names=", ".join(f"\u2018{q.text}\u2019" for q in section.questions))
    name = _section_name(current, _section_at(current, section_id))
    return _removal(consultation_id, lambda c: _remove_section(c, section_id),
                    f"the section {name}", section.title or name, said)


def _remove_question(current: Questionnaire, question_id: str) -> Questionnaire | str:
    s, i = _question_at(current, question_id)
    questions = list(current.sections[s].questions)
    if question_id in _answered_questions(current):
        return QUESTION_ANSWERED.format(name=_name(questions[i]))
    if len(questions) == 1:
        return ONLY_QUESTION.format(name=_name(questions[i]), done="removed")
    del questions[i]
    return _with(current, s, questions)


@bp.route("/questions/<question_id>/remove", methods=["GET", "POST"])
def remove_question(consultation_id: str, question_id: str):
    """GET: what removing the question does, and a button to say yes; POST: remove it."""
    current = editable_or_404(consultation_id)
    s, i = _question_at(current, question_id)
    question = current.sections[s].questions[i]
    return _removal(consultation_id, lambda c: _remove_question(c, question_id),
                    f"question {_name(question)}" if question.number
                    else f"the question {_name(question)}", question.text, REMOVE_QUESTION)


def _removal(consultation_id: str, change: Callable[[Questionnaire], Questionnaire | str],
             what: str, name: str, said: str):
    """Ask once, then remove. A GET only asks (or says why it cannot be removed); the POST
    from the page it shows removes. In a draft the removal is saved at once, so the questions
    page then says what was removed with an Undo button (see `undo`); once a consultation is
    open or has answers, the builder's confirm page says what the change does instead."""
    current = editable_or_404(consultation_id)
    if request.method == "GET":
        refused = change(current)
        if isinstance(refused, str):
            return _questions_page(current, [FieldError(None, refused)])
        draft = lifecycle.state_of(get_db(), current.id) == "draft"
        return render_template("builder/structure/remove.html", q=current, what=what,
                               said=said + (" " + CAN_UNDO if draft else ""))
    response = _button(consultation_id, change)
    after = catalogue().get(consultation_id)
    if after is not None and after.version != current.version:  # saved, not waiting to confirm
        get_flashed_messages()  # the banner with the Undo button says it instead
        session[UNDO] = {"consultation": current.id, "before": current.version,
                         "after": after.version, "said": REMOVED.format(name=name)}
    return response


@bp.post("/undo")
def undo(consultation_id: str):
    """Put back the version from before a removal, only if nothing has changed since: the
    version now must be the one the removal saved, and the one before must be stored."""
    current = editable_or_404(consultation_id)
    if timed_out := editing.token_problems():
        return _questions_page(current, timed_out, 400)
    removal = session.get(UNDO) or {}
    before = request.form.get("before", "")
    if (removal.get("consultation"), removal.get("before"), removal.get("after")) != (
            current.id, before, request.form.get("after", "")) or removal["after"] != current.version:
        return _questions_page(current, [FieldError(None, UNDONE_TOO_LATE)], 409)
    text = version_source(get_db(), current.id, before)
    if text is None:
        abort(404)
    session.pop(UNDO, None)
    result = editing.apply(current, read_source(get_db(), text, current.id), _back(current))
    return _questions_page(current, result) if isinstance(result, list) else result
