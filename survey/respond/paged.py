"""A questionnaire one page at a time, as young people answer it: Continue and Back keep answers on
the server, a check-your-answers page comes before sending, and "Save and come back later" gives
a code.

The steps are survey.respond.flow's, shared with the officer's preview; what is live is here, in
`DraftKeeper`: the answers are a draft in the database that only this browser's session points at,
saving for later gives a resume code, and sending stores one response (survey.respond.send) and
deletes the draft. Nothing here is counted as a response until the young person sends it from
the check page.
"""
from __future__ import annotations

import sqlite3
from datetime import date, datetime

from flask import (
    Blueprint, abort, current_app, redirect, render_template, request, session, url_for,
)
from flask_babel import gettext

from survey.store import drafts
from survey.store import invitations
from survey.respond import invitation_code
from survey.definition import journey
from survey.respond.chosen import chosen
from survey.respond.closed import refuse_if_closed
from survey.store import throttle
from survey.web.per_request import get_db
from survey.web.catalogue import catalogue
from survey.respond import flow
from survey.respond.flow import TOO_MANY, WRONG_CODE, NotKept
from survey.respond.pagecache import blank_page
from survey.respond.send import send
from survey.respond.store_words import translated
from survey.web.language import N_
from survey.store.responses import is_stored

bp = Blueprint("pages", __name__, url_prefix="/c/<consultation_id>")
bp.add_app_template_filter(flow.summary_row, "app_summary_row")

NOT_KEPT = N_("Sorry, we could not save your answers just now. Please try again in a minute")


class DraftKeeper:
    """The young person's answers, kept as a draft in the database (survey.store.drafts).

    The session holds only the draft's random id (under "drafts"). Once sent, that id is a
    response's submission id, so it leaves the session: nothing on the device should point at a
    response. Only the fact that this consultation was sent stays (under "sent"), so that sending
    again (Back, then Send) gets the thanks page and stores nothing.
    """

    url_for = staticmethod(url_for)

    def __init__(self, questionnaire):
        self.questionnaire = questionnaire

    def closed(self, needs_code: bool = True):
        """The closed page (state or dates), or, where codes are needed and this browser has no
        good one, back to the start page to enter one."""
        db, consultation_id = get_db(), self.questionnaire.id
        if closed := refuse_if_closed(db, self.questionnaire):
            return closed
        if (needs_code and invitations.required(db, consultation_id)
                and not invitation_code.usable(db, consultation_id)):
            return redirect(url_for("respond.answer", consultation_id=consultation_id))
        return None

    def draft(self, create: bool = False) -> drafts.Draft | None:
        draft_id = session.get("drafts", {}).get(self.questionnaire.id)
        draft = drafts.load(get_db(), draft_id, self.questionnaire.id) if draft_id else None
        if draft is None and create:
            draft = drafts.new(self.questionnaire.id, self.questionnaire.version)
        return draft

    def keep(self, draft: drafts.Draft) -> NotKept | None:
        try:
            drafts.save(get_db(), draft, current_app.config["DRAFT_DAYS"])
        except sqlite3.Error:
            current_app.logger.exception("could not keep a draft")
            return NotKept(gettext(NOT_KEPT), 503)
        self._remember(draft)
        return None

    def code(self, draft: drafts.Draft) -> tuple[str, date]:
        code = drafts.give_code(get_db(), draft, resume_key(),
                                invitation_code.held(self.questionnaire.id))
        return code, datetime.fromtimestamp(draft.expires_at).date()

    def open(self, code: str) -> drafts.Draft | str:
        """The draft saved with `code`, with the invitation code it was started with. A guess
        is counted before the code is looked at, per browser and per address (kept only as a
        keyed hash), and given back when it is right (survey.store.throttle)."""
        db = get_db()
        slot = throttle.take(db, {
            "resume-browser": invitation_code.browser_id(),
            "resume-address": throttle.address_hash(current_app.secret_key, request.remote_addr)})
        if isinstance(slot, throttle.Wait):
            return gettext(TOO_MANY) if slot.limit else translated(
                invitations.WAIT.format(seconds=slot.seconds))
        draft = drafts.by_code(db, code, self.questionnaire.id, resume_key())
        if draft is None:
            return gettext(WRONG_CODE)
        throttle.succeeded(db, slot)
        self._remember(draft)
        if draft.invitation:
            invitation_code.hold_hash(self.questionnaire.id, draft.invitation)
        return draft

    def sent_already(self) -> bool:
        """The draft id this browser holds is a stored response (Send clicked twice), or it sent
        and has not started again since."""
        consultation_id = self.questionnaire.id
        return consultation_id in session.get("sent", []) or is_stored(
            get_db(), consultation_id, session.get("drafts", {}).get(consultation_id))

    def send(self, draft: drafts.Draft):
        return send(self.questionnaire, journey.kept(self.questionnaire, draft.answers), draft.id,
                    then=self.forget)

    def forget(self) -> None:
        """The answers were sent: the draft this browser holds (if any) goes, and leaves the
        session."""
        draft_id = session.get("drafts", {}).get(self.questionnaire.id)
        if draft_id:
            drafts.delete(get_db(), draft_id)
            self._forget()

    def show(self, template: str, status: int = 200, blank: tuple | None = None, **context):
        def render() -> str:
            return render_template(template, q=self.questionnaire, **context)
        if blank is not None:
            return blank_page(blank, render, context["form"].csrf_token.current_token)
        return render(), status

    def _remember(self, draft: drafts.Draft) -> None:
        consultation_id = self.questionnaire.id
        session.permanent = True
        session["drafts"] = {**session.get("drafts", {}), consultation_id: draft.id}
        session["sent"] = [c for c in session.get("sent", []) if c != consultation_id]

    def _forget(self) -> None:
        consultation_id = self.questionnaire.id
        session["drafts"] = {k: v for k, v in session.get("drafts", {}).items()
                             if k != consultation_id}
        session["sent"] = [*(c for c in session.get("sent", []) if c != consultation_id),
                           consultation_id]


def resume_key() -> bytes:
    """The key resume codes are hashed with, from the app's secret key (survey.store.drafts
    derives it; the store never reads Flask's settings itself)."""
    return drafts.resume_key(current_app.secret_key)


def _keeper(consultation_id: str, any_layout: bool = False) -> DraftKeeper:
    """A paged consultation's keeper; with `any_layout`, a one-page one's too (it can be saved
    for later and resumed, though it has no steps)."""
    questionnaire = catalogue().get(consultation_id)
    if questionnaire is None or (questionnaire.layout != "pages" and not any_layout):
        abort(404)
    return DraftKeeper(chosen(questionnaire))


@bp.route("/p/<int:number>", methods=["GET", "POST"])
def page(consultation_id: str, number: int):
    return flow.step(_keeper(consultation_id), number)


@bp.route("/check", methods=["GET", "POST"])
def check(consultation_id: str):
    return flow.check(_keeper(consultation_id))


@bp.route("/resume", methods=["GET", "POST"])
def resume(consultation_id: str):
    return flow.resume(_keeper(consultation_id, any_layout=True))
