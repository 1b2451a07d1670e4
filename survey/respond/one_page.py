"""The pages young people see: the list of open consultations, the start page, the one-page
form, the confirmation, and each council's header colour and logo. Paged questionnaires go on
in survey.respond.paged; both send through survey.respond.send.

The one-page form can be saved for later, as a paged questionnaire can: its answers so far are a
draft (survey.respond.paged.DraftKeeper: a resume code, the same "saved" page), the code brings
the form back filled in (pages.resume), and only sending stores a response, deleting the draft."""
from __future__ import annotations

import uuid
from datetime import date

from pathlib import Path

from flask import Blueprint, Response, abort, render_template, request, send_file
from flask_babel import gettext

from survey.store import invitations, logos
from survey.respond import help_now, invitation_code
from survey.store import lifecycle
from survey.store.results_pages import is_published
from survey.respond.closed import refuse_if_closed
from survey.web.per_request import get_db
from survey.respond.flow import kept_rows
from survey.respond.form import answers_from, form_data, form_for
from survey.respond.paged import DraftKeeper
from survey.web.form_errors import errors_in_order
from survey.web.catalogue import catalogue, consultation_or_404
from survey.respond.chosen import for_young_person, needs_version
from survey.respond import last_time as last_time_words
from survey.respond.last_time import last_time
from survey.respond.pagecache import blank_page
from survey.respond.render import blocks
from survey.respond.send import NOT_SAVED, send
from survey.definition.types import type_of
from survey.web.language import N_, day

bp = Blueprint("respond", __name__)
# The words of "What we did after last time" (respond/_last_time.html), kept as named constants.
bp.add_app_template_global(last_time_words, "last_time_words")
# The default help line in the page's language (respond/_layout.html).
bp.add_app_template_global(help_now.help_words, "help_words")

# On the thanks page and the poster when the consultation has a results date (`results_by`).
RESULTS_BY = N_("We will tell you what we did by {day}.")


@bp.get("/")
def index():
    today = date.today()
    states = lifecycle.states(get_db())
    consultations = [q for q in catalogue().all()
                     if lifecycle.accepting(q, states.get(q.id, lifecycle.DEFAULT), today)]
    return render_template("respond/index.html", consultations=consultations)


@bp.route("/c/<consultation_id>", methods=["GET", "POST"])
def answer(consultation_id: str):
    questionnaire = for_young_person(consultation_id)
    db = get_db()
    if closed := refuse_if_closed(db, questionnaire):
        return closed  # and a POST stores nothing
    if invitations.required(db, questionnaire.id):
        if request.method == "POST" and "invitation_code" in request.form:
            return invitation_code.enter(db, questionnaire)
        if ask := invitation_code.gate(db, questionnaire):
            return ask
    before = last_time(db, catalogue(), questionnaire)   # "You said, we did" from last wave
    # Published results while it is still open: a plain link to them on the start or form page.
    published = is_published(db, questionnaire.id)
    if questionnaire.layout == "pages":
        if request.method == "POST":
            abort(405)
        return render_template("respond/start.html", q=questionnaire,
                               minutes=minutes_to_answer(questionnaire), last_time=before,
                               published=published)
    if request.method == "GET" and needs_version(questionnaire):
        # Which questions fit them: picked first, as a paged survey's start page asks it. (Answers
        # sent without a choice, from an older link, are taken: the questions all versions share.)
        return render_template("respond/choose_version.html", q=questionnaire,
                               minutes=minutes_to_answer(questionnaire), published=published)
    questions = questionnaire.asked.questions
    keeper = DraftKeeper(questionnaire)
    draft = keeper.draft() if request.method == "GET" else None
    form = form_for(questionnaire)(data=form_data(draft.answers, questions) if draft else None)
    problem = None
    if request.method == "POST" and request.form.get("action") == "save":
        form.validate()
        if not form.csrf_token.errors:
            saved, problem = save_for_later(keeper, form)
            if saved is not None:
                return saved
    elif form.validate_on_submit():
        sent = send(questionnaire, answers_from(form, questionnaire.asked), form.submission_id.data,
                    then=keeper.forget)
        if sent is not None:
            return sent
        problem = gettext(NOT_SAVED)
    if not form.submission_id.data or form.submission_id.errors:
        form.submission_id.data = uuid.uuid4().hex

    def render() -> str:
        return render_template(
            "respond/form.html", q=questionnaire, form=form,
            blocks=blocks(form, questionnaire.asked.questions), minutes=minutes_to_answer(questionnaire),
            errors=errors_in_order(form), problem=problem, last_time=before, published=published)
    if request.method == "GET" and draft is None:  # a blank form: the same for everyone but two values
        # Keyed on what "last time" shows, and whether results are published: a changed action
        # or publishing shows at once.
        return blank_page(("form", questionnaire.id, questionnaire.version, before, published),
                          render, form.csrf_token.current_token, form.submission_id.data)
    return render(), 503 if problem else 200


def save_for_later(keeper: DraftKeeper, form):
    """Keep the form's answers, as far as they are right, as a draft with a resume code: the
    saved page, or (None, the warning) when they could not be kept. Nothing is sent."""
    questionnaire = keeper.questionnaire
    draft = keeper.draft(create=True)
    draft.replace({q.id for q in questionnaire.asked.questions},
                  kept_rows(questionnaire, form, questionnaire.asked.questions))
    if (not_kept := keeper.keep(draft)) is not None:
        return None, not_kept.message
    code, until = keeper.code(draft)
    return keeper.show("respond/saved.html", code=code, until=until), None


@bp.get("/c/<consultation_id>/thanks")
def thanks(consultation_id: str):
    return render_template("respond/thanks.html", q=for_young_person(consultation_id),
                           help_now=help_now.once(consultation_id))


@bp.app_template_global("results_by_words")
def results_by_words(questionnaire) -> str:
    """RESULTS_BY with the consultation's results date written as GOV.UK writes a date
    ("30 June 2027", never 2027-06-30), or "" when it has none, in the page's language. A
    template global, so the thanks page says it wherever it is shown: after sending, and in the
    officer's preview."""
    when = questionnaire.results_by
    return gettext(RESULTS_BY).format(day=day(when)) if when else ""


def minutes_to_answer(questionnaire) -> int:
    """A fair guess when the definition does not say: about 15 seconds a choice or statement,
    a minute for each box to write in."""
    seconds = sum(60 if type_of(q).free_text else 15 * max(1, len(q.statements))
                  for q in questionnaire.asked.questions)
    return max(2, round(seconds / 60))


@bp.get("/c/<consultation_id>/theme.css")
def theme(consultation_id: str):
    """The council's header colour: a stylesheet, since the pages allow no inline styles."""
    colour = consultation_or_404(consultation_id).organisation.colour
    css = f".app-header {{ background: {colour}; }}\n" if colour else ""
    return Response(css, mimetype="text/css")


# An SVG logo may hold script (a file's is not checked; an uploaded one is): never run it.
SVG_POLICY = "default-src 'none'; style-src 'unsafe-inline'; sandbox"


@bp.get("/c/<consultation_id>/logo")
def logo(consultation_id: str):
    """The council's logo: uploaded on the settings page of a consultation built in the browser
    (survey.store.logos), else from the questionnaires folder's logos/."""
    name = consultation_or_404(consultation_id).organisation.logo
    if not name:
        abort(404)
    if uploaded := logos.get(get_db(), consultation_id):
        response = Response(uploaded.data, mimetype=uploaded.media_type)
        response.cache_control.public, response.cache_control.max_age = True, 3600  # as a file's
        svg = uploaded.media_type == "image/svg+xml"
    else:
        # The name was checked at load (letters, digits, hyphens; .png or .svg): no path can
        # escape.
        path = Path(catalogue().folder) / "logos" / name
        if not path.is_file():
            abort(404)
        response = send_file(path, max_age=3600)
        svg = name.endswith(".svg")
    if svg:
        response.headers["Content-Security-Policy"] = SVG_POLICY
    return response
