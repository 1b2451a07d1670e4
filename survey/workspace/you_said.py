"""The officers' "You said, we did" pages (issue 16): for each question, Likert statement and
comment theme of a consultation, what young people said and what the council does about it.

"You said" is suggested from the published figures (analysis.you_said, through the disclosure
rules, so a hidden group never shows); officers change the words freely. Officers add, change
and remove actions (removal asks first); managers see the pages, without the forms. Words an
officer writes for young people are measured as they are saved, and a gentle warning names
their long words and sentences; the save goes through. Storage: survey.store.actions.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import (Blueprint, abort, current_app, flash, g, redirect, render_template,
                   request, url_for)
from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField

from analysis.you_said import Said, question_said, reading_warning, statement_said, theme_said
from survey.definition.types import type_of
from survey.results.reports import published_of
from survey.store import actions as store
from survey.store.actions import STATUSES, About, ActionError, ActionFields
from survey.store.comments import themes
from survey.web.auth import role_required
from survey.web.catalogue import consultation_or_404
from survey.web.form_errors import FieldError, clean_text
from survey.web.per_request import get_db
from survey.workspace.results_publish import published_words

bp = Blueprint("you_said", __name__, url_prefix="/staff/c/<consultation_id>/you-said")

NOT_A_DATE = "Enter ‘Due date’ as a day, month and year, like 30 6 2027, or leave it empty"
TEAM_HINT = ("A team or a role, like ‘Leaving care team’ or ‘Head of Service’. Never a "
             "person’s name: people move on, and young people should know who to ask.")


@dataclass(frozen=True)
class Subject:
    about: About
    label: str        # the statement's or question's words, or the theme's name
    context: str      # where it is: the question a statement belongs to, or "Comment theme"
    suggested: Said   # "You said" from the published figures, or why there is none


def subjects(questionnaire, summary, theme_list) -> list[Subject]:
    """Everything an entry can be about, in questionnaire order, then the themes by name; with
    no summary (a page that shows no suggestion), none is worked out."""
    found = []
    for question in questionnaire.questions:
        kind = type_of(question)
        if kind.on_scale:
            for statement in question.statements:
                found.append(Subject(About(question.id, statement.id), statement.text,
                                     f"A statement of question {question.heading}",
                                     statement_said(summary, question.id, statement.id)
                                     if summary else Said("")))
        elif kind.on_options or kind.free_text:
            found.append(Subject(About(question.id), question.text,
                                 f"Question {question.number}" if question.number else "Question",
                                 question_said(summary, question.id) if summary else Said("")))
    for theme in theme_list:
        found.append(Subject(About(theme_id=theme.id), theme.name, "Comment theme",
                             theme_said(summary, theme.name) if summary else Said("")))
    return found


def _loaded(consultation_id: str, suggest: bool = True):
    """The consultation, its subjects and entries. Only pages that show or keep a suggested
    "You said" (`suggest`) read every response for the published figures."""
    questionnaire = consultation_or_404(consultation_id)
    db = get_db()
    summary = published_of(db, questionnaire, threshold=current_app.config[
        "SUPPRESSION_THRESHOLD"]) if suggest else None
    return questionnaire, subjects(questionnaire, summary, themes(db, questionnaire.id)), \
        store.entries(db, questionnaire.id)


def _subject(found: list[Subject], entries: dict, about: About) -> Subject:
    """The subject named, or one no longer in the consultation that still has an entry."""
    for subject in found:
        if subject.about == about:
            return subject
    if about in entries:
        return Subject(about, entries[about].label, "No longer in the consultation", Said(""))
    abort(404)


# -- pages -----------------------------------------------------------------------------------

@bp.get("")
@role_required("officer", "manager")
def index(consultation_id: str):
    questionnaire, found, entries = _loaded(consultation_id)
    known = {subject.about for subject in found}
    gone = [Subject(about, entry.label, "No longer in the consultation", Said(""))
            for about, entry in entries.items() if about not in known]
    return render_template("workspace/you_said/index.html", q=questionnaire, subjects=found,
                           gone=gone, entries=entries,
                           published=published_words(get_db(), questionnaire.id))


class SaidForm(FlaskForm):
    said = TextAreaField(filters=[clean_text])


@bp.route("/<about>", methods=["GET", "POST"])
@role_required("officer", "manager")
def subject(consultation_id: str, about: str):
    """The page for one subject; a POST (officers only) saves its "You said"."""
    if request.method == "POST":
        if not g.user.has("officer"):
            abort(403)
        return _save_said(consultation_id, about)
    return _subject_page(consultation_id, About.from_key(about))


def _subject_page(consultation_id: str, about: About, form: SaidForm | None = None,
                  errors=(), status: int = 200):
    questionnaire, found, entries = _loaded(consultation_id)
    chosen = _subject(found, entries, about)
    entry = entries.get(about)
    # Nothing written yet (none saved, or an action added first): the figures' sentence is offered.
    form = form or SaidForm(formdata=None, said=entry.said if entry and entry.said
                            else chosen.suggested.text)
    return render_template("workspace/you_said/subject.html", q=questionnaire, subject=chosen,
                           entry=entry, form=form, errors=list(errors),
                           error={e.name: e.message for e in errors}), status


def _save_said(consultation_id: str, about: str):
    questionnaire, found, entries = _loaded(consultation_id, suggest=False)
    chosen = _subject(found, entries, About.from_key(about))
    form = SaidForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        store.save_said(get_db(), questionnaire.id, chosen.about, chosen.label, form.said.data)
    except ActionError as problem:
        return _subject_page(consultation_id, chosen.about, form,
                             [FieldError("said", str(problem))], 400)
    flash(reading_warning("‘You said’", form.said.data or "") or "‘You said’ saved")
    return redirect(url_for(".subject", consultation_id=questionnaire.id, about=about))


class ActionForm(FlaskForm):
    we_will = TextAreaField(filters=[clean_text])
    status = StringField(default="planned")
    reason = TextAreaField(filters=[clean_text])
    we_did = TextAreaField(filters=[clean_text])
    due_day = StringField(filters=[clean_text])
    due_month = StringField(filters=[clean_text])
    due_year = StringField(filters=[clean_text])
    team = StringField(filters=[clean_text])


def _due(form: ActionForm) -> date | None:
    parts = [form.due_day.data or "", form.due_month.data or "", form.due_year.data or ""]
    if not any(parts):
        return None
    try:
        return date(int(parts[2]), int(parts[1]), int(parts[0]))
    except ValueError:
        raise ActionError("due-day", NOT_A_DATE) from None


def _fields(form: ActionForm) -> ActionFields:
    return ActionFields(we_will=form.we_will.data or "", status=form.status.data or "",
                        we_did=form.we_did.data or "", reason=form.reason.data or "",
                        due=_due(form), team=form.team.data or "")


def _action_page(questionnaire, chosen: Subject, form: ActionForm, action_id: int | None,
                 errors=(), status: int = 200):
    return render_template("workspace/you_said/action.html", q=questionnaire, subject=chosen,
                           form=form, action_id=action_id, statuses=STATUSES,
                           team_hint=TEAM_HINT, errors=list(errors),
                           error={e.name: e.message for e in errors}), status


def _saved(questionnaire, chosen: Subject, form: ActionForm, message: str):
    warnings = [reading_warning(label, text) for label, text in
                (("‘We will’", form.we_will.data or ""), ("‘We did’", form.we_did.data or ""),
                 ("‘Why it is not possible’", form.reason.data or ""))]
    for warning in [w for w in warnings if w] or [message]:
        flash(warning)
    return redirect(url_for(".subject", consultation_id=questionnaire.id, about=chosen.about.key))


@bp.route("/<about>/new-action", methods=["GET", "POST"])
@role_required("officer")
def new_action(consultation_id: str, about: str):
    questionnaire, found, entries = _loaded(consultation_id)
    chosen = _subject(found, entries, About.from_key(about))
    form = ActionForm() if request.method == "POST" else ActionForm(formdata=None)
    if request.method == "POST":
        if not form.validate_on_submit():
            abort(400)
        try:
            store.add_action(get_db(), questionnaire.id, chosen.about, chosen.label,
                             chosen.suggested.text, _fields(form))
        except ActionError as problem:
            return _action_page(questionnaire, chosen, form, None,
                                [FieldError(problem.field.replace("_", "-"), str(problem))], 400)
        return _saved(questionnaire, chosen, form, "Action added")
    return _action_page(questionnaire, chosen, form, None)


def _action_or_404(consultation_id: str, action_id: int):
    questionnaire, found, entries = _loaded(consultation_id, suggest=False)
    try:
        about, action = store.action(get_db(), questionnaire.id, action_id)
    except LookupError:
        abort(404)
    return questionnaire, _subject(found, entries, about), action


@bp.route("/actions/<int:action_id>", methods=["GET", "POST"])
@role_required("officer")
def change_action(consultation_id: str, action_id: int):
    questionnaire, chosen, action = _action_or_404(consultation_id, action_id)
    if request.method == "GET":
        due = action.due
        form = ActionForm(formdata=None, we_will=action.we_will, status=action.status.id,
                          reason=action.reason, we_did=action.we_did, team=action.team,
                          due_day=str(due.day) if due else "", due_month=str(due.month) if due else "",
                          due_year=str(due.year) if due else "")
        return _action_page(questionnaire, chosen, form, action_id)
    form = ActionForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        store.change_action(get_db(), questionnaire.id, action_id, chosen.label, _fields(form))
    except ActionError as problem:
        return _action_page(questionnaire, chosen, form, action_id,
                            [FieldError(problem.field.replace("_", "-"), str(problem))], 400)
    return _saved(questionnaire, chosen, form, "Action changed")


class RemoveForm(FlaskForm):
    pass


@bp.route("/actions/<int:action_id>/remove", methods=["GET", "POST"])
@role_required("officer")
def remove_action(consultation_id: str, action_id: int):
    questionnaire, chosen, action = _action_or_404(consultation_id, action_id)
    if request.method == "POST":
        if not RemoveForm().validate_on_submit():
            abort(400)
        store.remove_action(get_db(), questionnaire.id, action_id, chosen.label)
        flash(f"Action removed: ‘{action.we_will}’")
        return redirect(url_for(".subject", consultation_id=questionnaire.id,
                                about=chosen.about.key))
    return render_template("workspace/you_said/remove.html", q=questionnaire, subject=chosen,
                           action=action)
