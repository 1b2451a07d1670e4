"""The way through a paged questionnaire, step by step: a page of questions (Continue, Back,
"Save and come back later"), check your answers, send, and coming back with a resume code.

One flow serves the young person's pages (survey.respond.paged) and the officer's preview of
them (survey.builder.preview). They differ only in where the answers are kept between steps and
in what saving and sending do, and that difference is a `Keeper` passed to `step`, `check` and
`resume`: live, a draft in the database with resume codes, and a stored response when sent;
in the preview, the officer's session, and nothing stored.

What must stay true:
- Every step is worked out again on the server from the answers kept (survey.definition.journey):
  a post for a page whose earlier required answers are missing, or for a page that is hidden, is
  sent back to the right page and keeps nothing.
- Nothing counts as a response until it is sent from the check page; only the answers to
  questions shown are sent (journey.kept).
- The flow names only the young person's endpoints (`pages.page`, `pages.check`, ...); a keeper's
  `url_for` may send them elsewhere (the preview sends them to its own pages).
"""
from __future__ import annotations

from datetime import date
from typing import NamedTuple, Protocol

from flask import redirect, request
from flask_babel import gettext, lazy_gettext, ngettext
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import InputRequired, Length

from survey.definition import OTHER, Questionnaire
from survey.definition import journey
from survey.definition.model import comment_item
from survey.respond.form import (PageForm, answers_from, field_name, form_data, form_for,
                                 items_of, other_label, required_message)
from survey.respond import help_now
from survey.respond.render import about, about_text, blocks
from survey.respond.send import NOT_SAVED
from survey.store.drafts import Draft
from survey.web.form_errors import FieldError, errors_in_order
from survey.web.language import N_

WRONG_CODE = N_("We could not find answers saved with those words. Check the words and try again")
TOO_MANY = N_("You have tried too many codes. Wait 15 minutes, then try again")
ENTER_WORDS = N_("Enter the words you were given")
# The check page's words for a "Tell us more" box, an empty answer and the link to change one.
TELL_US_MORE = N_("Tell us more")
NOT_ANSWERED = N_("Not answered")
CHANGE = N_("Change")


class CodeForm(FlaskForm):
    code = StringField(lazy_gettext("Your code"), validators=[
        InputRequired(lazy_gettext(ENTER_WORDS)), Length(max=100, message=lazy_gettext(WRONG_CODE))])


class SendForm(FlaskForm):
    """The check page's button: only the CSRF token."""


class NotKept(NamedTuple):
    """Why a page's answers were not kept: the warning shown above the page, and its status."""
    message: str
    status: int


class Keeper(Protocol):
    """Where one questionnaire's answers are kept between steps, and what saving and sending do."""

    questionnaire: Questionnaire

    def url_for(self, endpoint: str, **values) -> str:
        """The address of one of the young person's pages (or what stands in for it)."""

    def closed(self, needs_code: bool = True):
        """The page to show instead when answering may not go on (closed; or, if `needs_code`,
        no usable invitation code), or None."""

    def draft(self, create: bool = False) -> Draft | None:
        """The answers kept so far (a new, empty draft if `create` and there are none)."""

    def keep(self, draft: Draft) -> NotKept | None:
        """Keep the draft's answers for the next step; NotKept (and nothing kept) if they could
        not be."""

    def code(self, draft: Draft) -> tuple[str, date]:
        """A resume code for a kept draft, and the day it works until."""

    def open(self, code: str) -> Draft | str:
        """The draft a resume code brings back (kept for the steps from now on), or the message
        to show against the code."""

    def sent_already(self) -> bool:
        """Whether these answers were sent already (Send clicked twice, or Back and Send)."""

    def send(self, draft: Draft):
        """Send the answers: the page to go to next, or None when they could not be stored."""

    def show(self, template: str, status: int = 200, blank: tuple | None = None, **context):
        """The response for one of the young person's templates. `blank`, when given, is a key
        under which the page's HTML is the same for everyone but its CSRF token."""


def goto(keeper: Keeper, page: journey.Page | None, sent_back: bool = False):
    """To a page (with its missing answers listed, if `sent_back`), or None: to the check page."""
    consultation_id = keeper.questionnaire.id
    if page is None:
        return redirect(keeper.url_for("pages.check", consultation_id=consultation_id))
    return redirect(keeper.url_for("pages.page", consultation_id=consultation_id,
                                   number=page.number, unfinished=1 if sent_back else None))


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


def progress(step: int, left: int) -> str:
    """Where a young person is, in words that promise nothing an answer can break: the step they
    are on and the most steps that can follow (journey.most_left), never a total that grows."""
    if left == 0:
        return gettext("step %(step)s, the last one", step=step)
    return ngettext("step %(step)s, up to %(num)s more", "step %(step)s, up to %(num)s more", left,
                    step=step)


def _show_page(keeper: Keeper, here: journey.Page, form, answers, errors, status=200,
               problem=None):
    questionnaire = keeper.questionnaire
    step, _, before = journey.place(questionnaire, answers, here)
    words = progress(step, journey.most_left(questionnaire, answers, here))
    back = (keeper.url_for("pages.page", consultation_id=questionnaire.id, number=before.number)
            if before else keeper.url_for("respond.answer", consultation_id=questionnaire.id))
    on_page = {q.id for q in here.questions}
    answered = any(question_id in on_page for question_id, _ in answers)
    offered = help_now.wanted(questionnaire, answers)  # after an answer sent for review
    blank = None
    if request.method == "GET" and not errors and not answered and not offered:
        blank = ("page", questionnaire.id, questionnaire.version, here.number, words, back)
    return keeper.show("respond/page.html", status, blank, page=here, form=form, step=step,
                       progress=words, back=back, blocks=blocks(form, here.questions),
                       errors=errors, problem=problem, help_now=offered)


def step(keeper: Keeper, number: int):
    """Page `number`: shown with the answers kept; posted, its answers kept and on to the next
    page (or the check page), or kept with a resume code ("Save and come back later")."""
    questionnaire = keeper.questionnaire
    if closed := keeper.closed():
        return closed
    draft = keeper.draft(create=request.method == "POST")
    answers = draft.answers if draft else {}
    here = journey.page(questionnaire, answers, number)
    if here is None:  # no such page, or one the answers so far leave out
        return goto(keeper, journey.first_unfinished(questionnaire, answers))
    unfinished = journey.first_unfinished(questionnaire, answers)
    if unfinished is not None and unfinished.number < number:
        return goto(keeper, unfinished, sent_back=True)  # earlier answers first
    form = form_for(questionnaire, here.questions, PageForm)(
        data=form_data(answers, here.questions) if request.method == "GET" else None)
    if request.method == "GET":
        # Sent back here from a later page: say which answers are still needed.
        errors = missing_answers(form, here, answers) if request.args.get("unfinished") else []
        return _show_page(keeper, here, form, answers, errors)
    saving = request.form.get("action") == "save"
    valid = form.validate()
    if form.csrf_token.errors or (not valid and not saving):
        return _show_page(keeper, here, form, answers, errors_in_order(form))
    before = dict(draft.answers)  # what is kept until `keep` succeeds
    draft.replace({q.id for q in here.questions}, kept_rows(questionnaire, form, here.questions))
    draft.reached = max(draft.reached, number)
    if (not_kept := keeper.keep(draft)) is not None:  # the page again, as it was sent
        return _show_page(keeper, here, form, before, [], not_kept.status, not_kept.message)
    if saving:
        code, until = keeper.code(draft)
        return keeper.show("respond/saved.html", code=code, until=until)
    _, after = journey.neighbours(questionnaire, draft.answers, number)
    return goto(keeper, after)


class Row(NamedTuple):
    """One answer on the check page."""
    label: str      # the question or statement, or the box ("Tell us more"), as the page shows it
    value: str      # the answer in words
    field: str      # the field to change
    about: str = ""  # for a box: the statement or question it is about, said only to screen readers


def answers_summary(questionnaire, answers) -> list[tuple[journey.Page, list[tuple[str, list[Row]]]]]:
    """For each page shown, its answers as groups of Rows, each under a heading or none: a
    question with statements (a Likert) is a group under its own wording, since its rows name
    only the statements; the answers of other questions in between share a group with no
    heading, as their rows name their questions."""
    result = []
    for page_ in journey.pages(questionnaire, answers):
        groups: list[tuple[str, list[Row]]] = []
        for question in page_.questions:
            rows = [Row(label, value, field_name(question, item), subject)
                    for label, item, value, subject in _answered(question, answers)]
            if not rows:
                continue
            heading = question.heading if question.statements else ""
            if heading or not groups or groups[-1][0]:
                groups.append((heading, rows))
            else:
                groups[-1][1].extend(rows)
        result.append((page_, groups))
    return result


def _answered(question, answers):
    for item in items_of(question):
        values = answers.get((question.id, item), [])
        statement = next((s for s in question.statements if s.id == item), None)
        subject = ""
        if statement is not None:
            label = statement.text
            words = [question.scale.label_of(v) for v in values]
        elif item == "":
            label = question.heading
            words = [question.label_of(v) for v in values] if question.choices else values
        else:
            label = other_label(question) if item == OTHER else gettext(TELL_US_MORE)
            about_statement = next((s for s in question.statements
                                    if comment_item(s.id) == item), None)
            subject = about_statement.text if about_statement else question.text
            words = values
        if item == "" or values:
            yield label, item, ", ".join(words) or gettext(NOT_ANSWERED), subject


def summary_row(row: Row, page_url: str) -> dict:
    """One answer on the check page as a GOV.UK summary list row, with its Change link (the
    template filter `app_summary_row`). A box's row and its Change link say what the box is
    about: "Change Tell us more" alone would not say which of a page's boxes it changes."""
    key = about(row.label, row.about) if row.about else row.label
    hidden = about_text(row.label, row.about) if row.about else row.label
    return {"key": {"html": key} if row.about else {"text": key}, "value": {"text": row.value},
            "actions": {"items": [{"href": f"{page_url}#{row.field}", "text": gettext(CHANGE),
                                   "visuallyHiddenText": hidden}]}}


def check(keeper: Keeper):
    """Check your answers, and Send: the thanks page, or this page again with NOT_SAVED when
    they could not be stored. Pages still missing required answers come first."""
    questionnaire = keeper.questionnaire
    if request.method == "POST" and keeper.sent_already():  # the same send again: store nothing
        return redirect(keeper.url_for("respond.thanks", consultation_id=questionnaire.id))
    # Send is not turned away for its invitation code here: sending claims the code in the
    # response's own transaction and says so if it was used meanwhile. A look beforehand would
    # answer the same case two ways, by which of two devices sending at once got there first.
    if closed := keeper.closed(needs_code=request.method != "POST"):
        return closed
    draft = keeper.draft()
    if draft is None:
        return redirect(keeper.url_for("respond.answer", consultation_id=questionnaire.id))
    unfinished = journey.first_unfinished(questionnaire, draft.answers)
    if unfinished is not None:
        return goto(keeper, unfinished, sent_back=True)
    form = SendForm()
    problem = None
    if form.validate_on_submit():
        if (sent := keeper.send(draft)) is not None:
            return sent
        problem = gettext(NOT_SAVED)
    return keeper.show("respond/check.html", 503 if problem else 200, form=form,
                       summary=answers_summary(questionnaire, draft.answers),
                       errors=errors_in_order(form), problem=problem,
                       help_now=help_now.wanted(questionnaire, draft.answers))


def resume(keeper: Keeper):
    """The page for a resume code; a good one carries on where the answers were left."""
    questionnaire = keeper.questionnaire
    # No invitation code is asked for here: the draft brings back the one it was started with.
    if closed := keeper.closed(needs_code=False):
        return closed
    given = {"code": request.args.get("code", "")} if request.method == "GET" else None
    form = CodeForm(data=given)
    if form.validate_on_submit():
        found = keeper.open(form.code.data)
        if isinstance(found, str):
            form.code.errors.append(found)
        elif questionnaire.layout != "pages":  # the one-page form, filled in with the draft
            return redirect(keeper.url_for("respond.answer", consultation_id=questionnaire.id))
        else:
            return goto(keeper, journey.carry_on(questionnaire, found.answers, found.reached))
    return keeper.show("respond/resume.html", form=form, errors=errors_in_order(form))
