"""A questionnaire one page at a time: Continue and Back keep answers on the server, a
check-your-answers page comes before sending, and "Save and come back later" gives a code.

Nothing here is counted as a response until the young person sends it from the check page.
Every step is worked out again on the server from the saved answers (survey.definition.journey): a post
for a page whose earlier required answers are missing, or for a page that is hidden, is sent
back to the right page and stores nothing.
"""
from __future__ import annotations

import sqlite3
from datetime import datetime

from flask import (
    Blueprint, abort, current_app, redirect, render_template, request, session, url_for,
)
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import InputRequired, Length

from survey.store import drafts
from survey.store import invitations
from survey.respond import invitation_code
from survey.definition import journey
from survey.respond.closed import refuse_if_closed
from survey.store import throttle
from survey.web.per_request import get_db
from survey.definition import OTHER
from survey.web.form_errors import FieldError, errors_in_order
from survey.respond.form import (PageForm, answers_from, field_name, form_data, form_for,
                                 items_of, required_message)
from survey.respond.pagecache import blank_page
from survey.web.catalogue import catalogue
from survey.respond.render import blocks
from survey.store.responses import is_stored

bp = Blueprint("pages", __name__, url_prefix="/c/<consultation_id>")

NOT_SAVED = "Sorry, your answers could not be sent just now. Please try again in a minute"
NOT_KEPT = "Sorry, your answers could not be kept just now. Please try again in a minute"
WRONG_CODE = "We could not find answers saved with that code. Check the words and try again"
TOO_MANY = "You have tried too many codes. Wait 15 minutes, then try again"


class CodeForm(FlaskForm):
    code = StringField("Your code", validators=[
        InputRequired("Enter the code you were given"), Length(max=100, message=WRONG_CODE)])


class SendForm(FlaskForm):
    """The check page's button: only the CSRF token."""


def _paged(consultation_id: str):
    questionnaire = catalogue().get(consultation_id)
    if questionnaire is None or questionnaire.layout != "pages":
        abort(404)
    return questionnaire


def _closed(questionnaire):
    """The closed page (state or dates), or, where codes are needed and this browser has no
    good one, back to the start page to enter one. None when answering may go on."""
    db = get_db()
    if closed := refuse_if_closed(db, questionnaire):
        return closed
    if (invitations.required(db, questionnaire.id)
            and not invitation_code.usable(db, questionnaire.id)):
        return redirect(url_for("respond.answer", consultation_id=questionnaire.id))
    return None


def _draft(questionnaire, create: bool = False) -> drafts.Draft | None:
    """This browser's draft for the questionnaire, if it has one (or a new one)."""
    draft_id = session.get("drafts", {}).get(questionnaire.id)
    draft = drafts.load(get_db(), draft_id, questionnaire.id) if draft_id else None
    if draft is None and create:
        draft = drafts.new(questionnaire.id, questionnaire.version)
    return draft


def _remember(questionnaire, draft: drafts.Draft) -> None:
    session.permanent = True
    session["drafts"] = {**session.get("drafts", {}), questionnaire.id: draft.id}
    session["sent"] = [c for c in session.get("sent", []) if c != questionnaire.id]


def _forget(questionnaire) -> None:
    """Once sent, the draft id leaves the session (it is now a response's submission id: nothing
    on the device should point at a response). Only the fact that this consultation was sent
    stays, so that sending again (Back, then Send) gets the thanks page and stores nothing."""
    session["drafts"] = {k: v for k, v in session.get("drafts", {}).items() if k != questionnaire.id}
    session["sent"] = [*(c for c in session.get("sent", []) if c != questionnaire.id),
                       questionnaire.id]


def _sent(questionnaire) -> bool:
    """Whether this browser's answers were sent already: the draft id it holds is a stored
    response (Send clicked twice), or it sent and has not started again since."""
    return questionnaire.id in session.get("sent", []) or is_stored(
        get_db(), questionnaire.id, session.get("drafts", {}).get(questionnaire.id))


def _goto(questionnaire, page: journey.Page | None, sent_back: bool = False):
    if page is None:
        return redirect(url_for(".check", consultation_id=questionnaire.id))
    return redirect(url_for(".page", consultation_id=questionnaire.id, number=page.number,
                            unfinished=1 if sent_back else None))


def missing_answers(form, page: journey.Page, answers) -> list[FieldError]:
    """The required answers this page still needs, as the error summary lists them."""
    return [FieldError(field_name(q, item), required_message(form, field_name(q, item)))
            for q in journey.unanswered(page, answers) for item in journey.required_items(q)
            if not answers.get((q.id, item))]


def kept_rows(questionnaire, form, questions) -> list[tuple[str, str, str]]:
    """The answers a page sent, less those of fields with errors: on "Save and come back later"
    a page is kept as far as it is right."""
    errored = {f.name for f in form if f.errors}
    return [row for row in answers_from(form, questions)
            if field_name(questionnaire.question(row[0]), row[1]) not in errored]


def _page_view(questionnaire, page, form, draft, errors, status=200, problem=None):
    step, steps, before = journey.place(questionnaire, draft.answers if draft else {}, page)
    back = (url_for(".page", consultation_id=questionnaire.id, number=before.number) if before
            else url_for("respond.answer", consultation_id=questionnaire.id))

    def render() -> str:
        return render_template(
            "respond/page.html", q=questionnaire, page=page, form=form, step=step,
            steps=steps, back=back, blocks=blocks(form, page.questions), errors=errors,
            problem=problem)
    answered = draft and any(key[0] in {q.id for q in page.questions} for key in draft.answers)
    if request.method == "GET" and not errors and not answered:
        key = ("page", questionnaire.id, questionnaire.version, page.number, step, steps, back)
        return blank_page(key, render, form.csrf_token.current_token)
    return render(), status


@bp.route("/p/<int:number>", methods=["GET", "POST"])
def page(consultation_id: str, number: int):
    questionnaire = _paged(consultation_id)
    if closed := _closed(questionnaire):
        return closed
    draft = _draft(questionnaire, create=request.method == "POST")
    answers = draft.answers if draft else {}
    here = journey.page(questionnaire, answers, number)
    if here is None:  # no such page, or one the answers so far leave out
        return _goto(questionnaire, journey.first_unfinished(questionnaire, answers))
    unfinished = journey.first_unfinished(questionnaire, answers)
    if unfinished is not None and unfinished.number < number:
        return _goto(questionnaire, unfinished, sent_back=True)  # earlier answers first
    form = form_for(questionnaire, here.questions, PageForm)(
        data=form_data(answers, here.questions) if request.method == "GET" else None)
    if request.method == "GET":
        # Sent back here from a later page: say which answers are still needed.
        errors = missing_answers(form, here, answers) if request.args.get("unfinished") else []
        return _page_view(questionnaire, here, form, draft, errors)
    saving = request.form.get("action") == "save"
    valid = form.validate()
    if form.csrf_token.errors or (not valid and not saving):
        return _page_view(questionnaire, here, form, draft, errors_in_order(form))
    draft.replace({q.id for q in here.questions}, kept_rows(questionnaire, form, here.questions))
    draft.reached = max(draft.reached, number)
    try:
        drafts.save(get_db(), draft, current_app.config["DRAFT_DAYS"])
    except sqlite3.Error:
        current_app.logger.exception("could not keep a draft")
        return _page_view(questionnaire, here, form, draft, [], 503, NOT_KEPT)
    _remember(questionnaire, draft)
    if saving:
        code = drafts.give_code(get_db(), draft, invitation_code.held(questionnaire.id))
        return render_template("respond/saved.html", q=questionnaire, code=code,
                               until=datetime.fromtimestamp(draft.expires_at).date())
    _, after = journey.neighbours(questionnaire, draft.answers, number)
    return _goto(questionnaire, after)


def answers_summary(questionnaire,
                    answers) -> list[tuple[journey.Page, list[tuple[str, str, str]]]]:
    """For each page shown: (question or statement, the answer in words, the field to change)."""
    result = []
    for page_ in journey.pages(questionnaire, answers):
        rows = []
        for question in page_.questions:
            for label, item, value in _answered(question, answers):
                rows.append((label, value, field_name(question, item)))
        result.append((page_, rows))
    return result


def _answered(question, answers):
    for item in items_of(question):
        values = answers.get((question.id, item), [])
        statement = next((s for s in question.statements if s.id == item), None)
        if statement is not None:
            label = statement.text
            words = [question.scale.label_of(v) for v in values]
        elif item == "":
            label = question.heading
            words = [question.label_of(v) for v in values] if question.choices else values
        else:
            label = "Please say" if item == OTHER else "Tell us more"
            words = values
        if item == "" or values:
            yield label, item, ", ".join(words) or "Not answered"


@bp.app_template_filter("app_summary_row")
def summary_row(row: tuple[str, str, str], page_url: str) -> dict:
    """One answer on the check page as a GOV.UK summary list row, with its Change link."""
    label, value, field = row
    return {"key": {"text": label}, "value": {"text": value},
            "actions": {"items": [{"href": f"{page_url}#{field}", "text": "Change",
                                   "visuallyHiddenText": label}]}}


@bp.route("/check", methods=["GET", "POST"])
def check(consultation_id: str):
    questionnaire = _paged(consultation_id)
    if request.method == "POST" and _sent(questionnaire):  # the same send again: store nothing
        return redirect(url_for("respond.thanks", consultation_id=questionnaire.id))
    if closed := _closed(questionnaire):
        return closed
    draft = _draft(questionnaire)
    if draft is None:
        return redirect(url_for("respond.answer", consultation_id=questionnaire.id))
    unfinished = journey.first_unfinished(questionnaire, draft.answers)
    if unfinished is not None:
        return _goto(questionnaire, unfinished, sent_back=True)
    form = SendForm()
    problem = None
    if form.validate_on_submit():
        try:
            invitation_code.save_with_held_code(get_db(), questionnaire,
                                                journey.kept(questionnaire, draft.answers),
                                                draft.id)
            drafts.delete(get_db(), draft.id)
        except invitations.CodeUsed as refused:
            return invitation_code.page(questionnaire, message=refused.message)
        except sqlite3.Error:
            current_app.logger.exception("could not store a response")
            problem = NOT_SAVED
        else:
            _forget(questionnaire)
            return redirect(url_for("respond.thanks", consultation_id=questionnaire.id))
    return render_template("respond/check.html", q=questionnaire, form=form,
                           summary=answers_summary(questionnaire, draft.answers),
                           errors=errors_in_order(form), problem=problem), 503 if problem else 200


@bp.route("/resume", methods=["GET", "POST"])
def resume(consultation_id: str):
    questionnaire = _paged(consultation_id)
    # No invitation code is asked for here: the draft brings back the one it was started with.
    if closed := refuse_if_closed(get_db(), questionnaire):
        return closed
    form = CodeForm(data={"code": request.args.get("code", "")} if request.method == "GET" else None)
    db = get_db()
    # Guessing codes is throttled like signing in, per address (kept only as a keyed hash).
    address = throttle.keys(current_app.secret_key, "", request.remote_addr)["address"]
    keys = {"address": "resume-" + address}
    if form.validate_on_submit():
        if throttle.blocked(db, keys):
            form.code.errors.append(TOO_MANY)
        else:
            draft = drafts.by_code(db, form.code.data, questionnaire.id)
            if draft is None:
                throttle.failed(db, keys)
                form.code.errors.append(WRONG_CODE)
            else:
                _remember(questionnaire, draft)
                if draft.invitation:
                    invitation_code.hold_hash(questionnaire.id, draft.invitation)
                return _goto(questionnaire, journey.carry_on(questionnaire, draft.answers,
                                                             draft.reached))
    return render_template("respond/resume.html", q=questionnaire, form=form,
                           errors=errors_in_order(form))
