"""The builder's preview: a consultation exactly as a young person sees it, at phone width, drawn
with the young person's own templates, and never stored.

A one-page consultation is its form. A paged one (layout: pages) starts on its start page and
goes step by step (Continue, Back, "Save and come back later") to the check-your-answers page,
its conditions worked out by survey.definition.journey from what the officer answered in the preview, and
its errors shown as the young person sees them. Sending shows the thanks page and sends nothing.

Where the answers are kept: in the officer's own session cookie (signed by Flask), one preview
at a time. Nothing goes in the database: no draft, no response, no code. Hidden form fields
were the other choice, but the young person's pages also move on by links (Back, each Change
on the check page), and a link carries no hidden field: the session is what lets those pages be
used unchanged. A cookie holds about 4 KB, so a page whose answers would not fit in it is shown
again with a warning (TOO_LONG) and not kept. The answers are forgotten when the preview is
sent, when the consultation gets a new version, and at sign-out.

The templates link to the young person's pages (`url_for('pages.page', ...)`). They are given a
`url_for` that sends those links to the preview's pages instead (`_links`); every other link
(styles, logo, the list of surveys) is left as it is.
"""
from __future__ import annotations

import uuid
from datetime import date, timedelta

from flask import abort, current_app, redirect, render_template, request, session, url_for

from survey.store import drafts
from survey.definition import journey
from survey.definition import Questionnaire
from survey.respond.form import PageForm, form_data, form_for
from survey.web.form_errors import errors_in_order
from survey.respond.paged import (WRONG_CODE, CodeForm, SendForm, answers_summary, kept_rows,
                    missing_answers)
from survey.web.catalogue import consultation_or_404
from survey.respond.render import blocks
from survey.respond.one_page import minutes_to_answer

KEY = "preview"  # the session key of the preview's answers
# The most the session cookie may hold once signed: browsers drop a cookie over 4,096 bytes.
COOKIE_BUDGET = 3800
TOO_LONG = ("The preview cannot keep answers this long, so the answers on this page were not "
            "kept: shorten them to go on. Only the preview has this limit")
SAVED = ("A young person is given their own code here. This one is only an example: nothing was "
         "saved, so it brings nothing back.")
NO_CODES = "Nothing is saved in the preview, so no code brings answers back here."
SENT = "A young person sees this page once their answers are sent. Nothing was sent or stored."
# The young person's page of a consultation, and the preview's page that stands in for it.
STANDS_IN = {"respond.answer": "builder.preview", "pages.page": "builder.preview_page",
             "pages.check": "builder.preview_check", "pages.resume": "builder.preview_resume"}


def paged(consultation_id: str) -> Questionnaire:
    """The consultation a preview step names: only a paged one has steps."""
    questionnaire = consultation_or_404(consultation_id)
    if questionnaire.layout != "pages":
        abort(404)
    return questionnaire


def _links(questionnaire: Questionnaire):
    """`url_for` for the young person's templates: links to this consultation's pages lead to
    the preview's."""
    def preview_url_for(endpoint: str, **values) -> str:
        if values.get("consultation_id") == questionnaire.id:
            endpoint = STANDS_IN.get(endpoint, endpoint)
        return url_for(endpoint, **values)
    return preview_url_for


def _render(template: str, questionnaire: Questionnaire, note: str = "", status: int = 200,
            **context):
    """The young person's `template`, under the preview's banner (with `note`, if any)."""
    return render_template("staff/builder/preview.html", respondent=template, q=questionnaire,
                           note=note, url_for=_links(questionnaire), **context), status


def _draft(questionnaire: Questionnaire) -> drafts.Draft:
    """The preview's answers so far, as a draft that lives only in the session."""
    draft = drafts.Draft(KEY, questionnaire.id, questionnaire.version)
    kept = session.get(KEY) or {}
    if (kept.get("id"), kept.get("version")) == (questionnaire.id, questionnaire.version):
        for question_id, item, value in kept.get("rows", []):
            draft.answers.setdefault((question_id, item), []).append(value)
    return draft


def _keep(draft: drafts.Draft) -> bool:
    """Keep the draft's answers in the session, in place of any other preview's; False (and
    nothing changed) when the cookie would be too big for a browser to keep."""
    kept = {"id": draft.consultation_id, "version": draft.version,
            "rows": [list(row) for row in draft.rows()]}
    serializer = current_app.session_interface.get_signing_serializer(current_app)
    if serializer is not None and len(serializer.dumps({**session, KEY: kept})) > COOKIE_BUDGET:
        return False
    session[KEY] = kept
    return True


def _goto(questionnaire: Questionnaire, page: journey.Page | None, sent_back: bool = False):
    if page is None:
        return redirect(url_for("builder.preview_check", consultation_id=questionnaire.id))
    return redirect(url_for("builder.preview_page", consultation_id=questionnaire.id,
                            number=page.number, unfinished=1 if sent_back else None))


def start(questionnaire: Questionnaire):
    """The first page a young person sees: the form, or a paged consultation's start page."""
    if questionnaire.layout != "pages":
        return _one_page(questionnaire)
    if request.method == "POST":
        abort(405)  # as for the young person: the start page has no form
    return _render("respond/start.html", questionnaire, minutes=minutes_to_answer(questionnaire))


def _one_page(questionnaire: Questionnaire):
    form = form_for(questionnaire)()
    if request.method == "POST" and form.validate():
        return _render("respond/thanks.html", questionnaire, note=SENT)
    form.submission_id.data = uuid.uuid4().hex
    return _render("respond/form.html", questionnaire, form=form,
                   blocks=blocks(form, questionnaire.asked.questions),
                   minutes=minutes_to_answer(questionnaire), problem=None,
                   errors=errors_in_order(form) if request.method == "POST" else [])


def page(questionnaire: Questionnaire, number: int):
    """One step, as survey.respond.paged.page shows it, with the answers kept in the session."""
    draft = _draft(questionnaire)
    here = journey.page(questionnaire, draft.answers, number)
    if here is None:  # no such page, or one the answers so far leave out
        return _goto(questionnaire, journey.first_unfinished(questionnaire, draft.answers))
    unfinished = journey.first_unfinished(questionnaire, draft.answers)
    if unfinished is not None and unfinished.number < number:
        return _goto(questionnaire, unfinished, sent_back=True)  # earlier answers first
    form = form_for(questionnaire, here.questions, PageForm)(
        data=form_data(draft.answers, here.questions) if request.method == "GET" else None)
    if request.method == "GET":
        sent_back = request.args.get("unfinished")
        errors = missing_answers(form, here, draft.answers) if sent_back else []
        return _step(questionnaire, here, form, draft, errors)
    saving = request.form.get("action") == "save"
    valid = form.validate()
    if form.csrf_token.errors or (not valid and not saving):
        return _step(questionnaire, here, form, draft, errors_in_order(form))
    draft.replace({q.id for q in here.questions}, kept_rows(questionnaire, form, here.questions))
    if not _keep(draft):
        return _step(questionnaire, here, form, _draft(questionnaire), [], TOO_LONG)
    if saving:
        return _render("respond/saved.html", questionnaire, note=SAVED, code=drafts.new_code(),
                       until=date.today() + timedelta(days=current_app.config["DRAFT_DAYS"]))
    _, after = journey.neighbours(questionnaire, draft.answers, number)
    return _goto(questionnaire, after)


def _step(questionnaire, here: journey.Page, form, draft: drafts.Draft, errors, problem=None):
    step, steps, before = journey.place(questionnaire, draft.answers, here)
    back = (url_for("builder.preview_page", consultation_id=questionnaire.id, number=before.number)
            if before else url_for("builder.preview", consultation_id=questionnaire.id))
    return _render("respond/page.html", questionnaire, page=here, form=form, step=step,
                   steps=steps, back=back, blocks=blocks(form, here.questions),
                   errors=errors, problem=problem)


def check(questionnaire: Questionnaire):
    """Check your answers; sending shows the thanks page, sends nothing and ends the preview."""
    draft = _draft(questionnaire)
    unfinished = journey.first_unfinished(questionnaire, draft.answers)
    if unfinished is not None:
        return _goto(questionnaire, unfinished, sent_back=True)
    form = SendForm()
    if form.validate_on_submit():
        session.pop(KEY, None)
        return _render("respond/thanks.html", questionnaire, note=SENT)
    return _render("respond/check.html", questionnaire, form=form, problem=None,
                   summary=answers_summary(questionnaire, draft.answers),
                   errors=errors_in_order(form))


def resume(questionnaire: Questionnaire):
    """The page for a resume code: no code works here, since the preview saves nothing."""
    given = {"code": request.args.get("code", "")} if request.method == "GET" else None
    form = CodeForm(data=given)
    if form.validate_on_submit():
        form.code.errors.append(WRONG_CODE)
    return _render("respond/resume.html", questionnaire, note=NO_CODES, form=form,
                   errors=errors_in_order(form))
