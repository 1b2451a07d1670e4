"""The builder's preview: a consultation exactly as a young person sees it, at phone width, drawn
with the young person's own templates, and never stored.

A one-page consultation is its form. A paged one (layout: pages) starts on its start page and
goes step by step (Continue, Back, "Save and come back later") to the check-your-answers page,
through the young person's own steps (survey.respond.flow), so its conditions and its errors are
theirs. Only where the answers are kept and what sending does differ (`SessionKeeper`): sending
shows the thanks page and sends nothing.

Where the answers are kept: in the officer's own session cookie (signed by Flask), one preview
at a time. Nothing goes in the database: no draft, no response, no code. Hidden form fields
were the other choice, but the young person's pages also move on by links (Back, each Change
on the check page), and a link carries no hidden field: the session is what lets those pages be
used unchanged. A cookie holds about 4 KB, so a page whose answers would not fit in it is shown
again with a warning (TOO_LONG) and not kept. The answers are forgotten when the preview is
sent, when the consultation gets a new version, and at sign-out.

The templates link to the young person's pages (`url_for('pages.page', ...)`). They are given a
`url_for` that sends those links to the preview's pages instead (`SessionKeeper.url_for`), as
the flow's own redirects are; every other link (styles, logo, the list of surveys) is left as it
is.
"""
from __future__ import annotations

import uuid
from datetime import date, timedelta

from flask import abort, current_app, render_template, request, session, url_for

from survey.store import drafts
from survey.definition import Questionnaire
from survey.respond import flow
from survey.respond.form import form_for
from survey.web.form_errors import errors_in_order
from survey.respond.flow import WRONG_CODE, NotKept
from survey.web.catalogue import consultation_or_404
from survey.respond.render import blocks
from survey.respond.one_page import minutes_to_answer
from survey.respond.chosen import needs_version

KEY = "preview"  # the session key of the preview's answers
# The most the session cookie may hold once signed: browsers drop a cookie over 4,096 bytes.
COOKIE_BUDGET = 3800
TOO_LONG = ("The preview cannot keep answers this long, so the answers on this page were not "
            "kept: shorten them to go on. Only the preview has this limit")
SAVED = ("A young person is given their own code here. This one is only an example: nothing was "
         "saved, so it brings nothing back.")
NO_CODES = "Nothing is saved in the preview, so no code brings answers back here."
SENT = "A young person sees this page once their answers are sent. Nothing was sent or stored."
# What the preview's banner says over some of the young person's pages.
NOTES = {"respond/saved.html": SAVED, "respond/resume.html": NO_CODES,
         "respond/thanks.html": SENT}
# The young person's page of a consultation, and the preview's page that stands in for it.
STANDS_IN = {"respond.answer": "builder.preview", "pages.page": "builder.preview_page",
             "pages.check": "builder.preview_check", "pages.resume": "builder.preview_resume"}


class SessionKeeper:
    """The preview's answers, kept in the officer's session for survey.respond.flow's steps:
    never closed, no code needed, no code opens anything, and sending stores nothing."""

    def __init__(self, questionnaire: Questionnaire):
        self.questionnaire = questionnaire

    def url_for(self, endpoint: str, **values) -> str:
        """`url_for` for the young person's pages and templates: links to this consultation's
        pages lead to the preview's; every other link is left as it is."""
        if values.get("consultation_id") == self.questionnaire.id:
            endpoint = STANDS_IN.get(endpoint, endpoint)
        return url_for(endpoint, **values)

    def closed(self, needs_code: bool = True):
        return None

    def draft(self, create: bool = False) -> drafts.Draft:
        """The preview's answers so far, as a draft that lives only in the session: answers
        given to another consultation or another version are not used."""
        draft = drafts.Draft(KEY, self.questionnaire.id, self.questionnaire.version)
        kept = session.get(KEY) or {}
        if (kept.get("id"), kept.get("version")) == (self.questionnaire.id,
                                                      self.questionnaire.version):
            for question_id, item, value in kept.get("rows", []):
                draft.answers.setdefault((question_id, item), []).append(value)
        return draft

    def keep(self, draft: drafts.Draft) -> NotKept | None:
        """Keep the answers in the session, in place of any other preview's; NotKept (and
        nothing changed) when the cookie would be too big for a browser to keep."""
        kept = {"id": draft.consultation_id, "version": draft.version,
                "rows": [list(row) for row in draft.rows()]}
        serializer = current_app.session_interface.get_signing_serializer(current_app)
        if serializer is not None and len(serializer.dumps({**session, KEY: kept})) > COOKIE_BUDGET:
            return NotKept(TOO_LONG, 200)
        session[KEY] = kept
        return None

    def code(self, draft: drafts.Draft) -> tuple[str, date]:
        """An example code, never kept."""
        return drafts.new_code(), date.today() + timedelta(days=current_app.config["DRAFT_DAYS"])

    def open(self, code: str) -> str:
        return WRONG_CODE

    def sent_already(self) -> bool:
        return False

    def send(self, draft: drafts.Draft):
        """The thanks page; nothing is sent, and the preview starts again with no answers."""
        session.pop(KEY, None)
        return self.show("respond/thanks.html")

    def show(self, template: str, status: int = 200, blank: tuple | None = None, **context):
        """The young person's `template`, under the preview's banner (with its note, if any)."""
        return render_template("builder/consultations/preview.html", respondent=template,
                               q=self.questionnaire, note=NOTES.get(template, ""),
                               url_for=self.url_for, **context), status


def paged(consultation_id: str) -> Questionnaire:
    """The consultation a preview step names: only a paged one has steps."""
    questionnaire = consultation_or_404(consultation_id)
    if questionnaire.layout != "pages":
        abort(404)
    return questionnaire


def start(questionnaire: Questionnaire):
    """The first page a young person sees: the form, or a paged consultation's start page."""
    keeper = SessionKeeper(questionnaire)
    if questionnaire.layout != "pages":
        return _one_page(keeper)
    if request.method == "POST":
        abort(405)  # as for the young person: the start page has no form
    return keeper.show("respond/start.html", minutes=minutes_to_answer(questionnaire))


def _one_page(keeper: SessionKeeper):
    questionnaire = keeper.questionnaire
    if request.method == "GET" and needs_version(questionnaire):
        return keeper.show("respond/choose_version.html", minutes=minutes_to_answer(questionnaire))
    form = form_for(questionnaire)()
    if request.method == "POST" and request.form.get("action") == "save":
        code, until = keeper.code(None)  # an example: nothing is kept
        return keeper.show("respond/saved.html", code=code, until=until)
    if request.method == "POST" and form.validate():
        return keeper.show("respond/thanks.html")
    form.submission_id.data = uuid.uuid4().hex
    return keeper.show("respond/form.html", form=form,
                       blocks=blocks(form, questionnaire.asked.questions),
                       minutes=minutes_to_answer(questionnaire), problem=None,
                       errors=errors_in_order(form) if request.method == "POST" else [])


def page(questionnaire: Questionnaire, number: int):
    """One step, as the young person's (survey.respond.flow.step), kept in the session."""
    return flow.step(SessionKeeper(questionnaire), number)


def check(questionnaire: Questionnaire):
    """Check your answers; sending shows the thanks page, sends nothing and ends the preview."""
    return flow.check(SessionKeeper(questionnaire))


def resume(questionnaire: Questionnaire):
    """The page for a resume code (a one-page consultation's too, since its form can be saved
    for later): no code works here, since the preview saves nothing."""
    return flow.resume(SessionKeeper(questionnaire))
