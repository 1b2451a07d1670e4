"""Data entry by officers: a paper questionnaire typed in, or the answers a group session agreed.

The same questions, fields and checks as the form a young person sees (survey.respond.form, survey.respond.render),
all on one page even for a paged questionnaire, with two differences: no answer is required
(paper forms come back half filled in), and each response is marked with its channel, "paper"
(with an optional batch reference) or "group" (with how many took part). Answers to questions
that the answers given leave out (a page only for care leavers, say) are not stored, exactly as
survey.definition.journey decides for a young person online. A double submit stores one response.

When the consultation is offered in more than one language, or in versions for age bands, the
officer says which language and which version the form was in (two selects, in the officers'
words: "Welsh", "8 to 12 year olds"), so the response is split by them like one sent online;
they start at the working language and no version. The page shows every question of every
version: a version's own questions are answered only on that version's form.
"""
from __future__ import annotations

import functools
import re
import sqlite3
import uuid
from dataclasses import dataclass, replace

from flask import (Blueprint, current_app, flash, redirect, render_template, request,
                   url_for)
from wtforms import SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from analysis.splits import language_name
from survey.store import audit
from survey.definition import journey
from survey.definition.journey import condition_text
from survey.store import lifecycle
from survey.web.auth import role_required
from survey.web.per_request import get_db
from survey.web.form_errors import FieldError, clean_text, errors_in_order
from survey.respond.form import ResponseForm, answers_from, form_for
from survey.web.catalogue import consultation_or_404
from survey.respond.render import blocks
from survey.store.responses import save_response

bp = Blueprint("entry", __name__, url_prefix="/staff/c/<consultation_id>")

GROUP_SIZE = (2, 500)
NOTHING_GIVEN = "Enter at least one answer from the form"
NOT_SAVED = ("Sorry, the answers could not be saved just now. They are still on this page: "
             "try again in a minute")
BATCH_LENGTH = 100
WHOLE_NUMBER = re.compile(r"^[0-9]{1,6}$")
TOOK_PART = f"Enter how many took part, a whole number from {GROUP_SIZE[0]} to {GROUP_SIZE[1]}"


def _group_size(form, field) -> None:
    if not WHOLE_NUMBER.match(field.data or "") or not (
            GROUP_SIZE[0] <= int(field.data) <= GROUP_SIZE[1]):
        raise ValidationError(TOOK_PART)


# The extra fields' names have capitals: a question's id never does, so they cannot clash.
class PaperForm(ResponseForm):
    Batch = StringField("Batch reference (optional)", filters=[clean_text], validators=[
        Optional(), Length(max=BATCH_LENGTH, message=(
            f"The batch reference must be {BATCH_LENGTH} characters or fewer"))])


LANGUAGE_LABEL = "Which language was the form in?"
VERSION_LABEL = "Which version of the form was it?"
NO_VERSION = "Not for one age group"


def with_language_and_version(base: type[ResponseForm], questionnaire) -> type[ResponseForm]:
    """`base` with a Language select when the consultation is offered in more than one
    language, and an AgeVersion select when it has versions for age bands (capitalised names:
    no question id has capitals). The same class for the same choices, so that form_for,
    which keeps a form class per base, keeps one."""
    languages = questionnaire.languages if len(questionnaire.languages) > 1 else ()
    versions = tuple((v.id, v.name) for v in questionnaire.versions)
    return _with(base, languages, versions) if languages or versions else base


@functools.lru_cache(maxsize=256)
def _with(base: type[ResponseForm], languages: tuple[str, ...],
          versions: tuple[tuple[str, str], ...]) -> type[ResponseForm]:
    fields = {}
    if languages:
        fields["Language"] = SelectField(LANGUAGE_LABEL, default=languages[0], choices=[
            SelectChoice(code, language_name(code)) for code in languages])
    if versions:
        fields["AgeVersion"] = SelectField(VERSION_LABEL, default="", choices=[
            SelectChoice("", NO_VERSION)] + [SelectChoice(vid, name) for vid, name in versions])
    return type(base.__name__, (base,), fields)


class GroupForm(ResponseForm):
    TookPart = StringField("How many young people took part", filters=[clean_text],
                           validators=[InputRequired(TOOK_PART), _group_size])


@dataclass(frozen=True)
class Mode:
    channel: str
    base: type[ResponseForm]
    heading: str
    button: str
    action: str      # in the audit log
    saved: str       # the confirmation


MODES = {
    "paper": Mode("paper", PaperForm, "Enter a paper return", "Save this paper return",
                  "paper return entered", "Paper return saved"),
    "group": Mode("group", GroupForm, "Enter a group session", "Save the group’s answers",
                  "group session entered", "Group session saved"),
}


@dataclass(frozen=True)
class Part:
    """A question on the data entry page, with a note when a condition may leave it out."""
    note: str
    blocks: list


def _optional(questionnaire):
    """The questionnaire's questions with none required: a paper form may come back half done."""
    return [replace(q, required=False) for q in questionnaire.asked.questions]


def _parts(questionnaire, form) -> list[tuple]:
    """(section, its note, its parts) for every section, conditions noted but all shown."""
    optional = {q.id: q for q in _optional(questionnaire)}
    return [(section, condition_text(questionnaire, section.show_if),
             [Part(condition_text(questionnaire, q.show_if), blocks(form, [optional[q.id]]))
              for q in section.questions])
            for section in questionnaire.asked.sections]


def store(db, questionnaire, mode: Mode, form) -> tuple[int, bool, int]:
    """Save the entry. Returns (response id, created, how many answers were left out)."""
    given: journey.Answers = {}
    for question_id, item, value in answers_from(form, _optional(questionnaire)):
        given.setdefault((question_id, item), []).append(value)
    rows = journey.kept(questionnaire, given)
    left_out = sum(len(values) for values in given.values()) - len(rows)
    batch = (form.Batch.data or "") if mode.channel == "paper" else ""
    group_size = int(form.TookPart.data) if mode.channel == "group" else None
    language = form.Language.data if hasattr(form, "Language") else ""
    version = form.AgeVersion.data if hasattr(form, "AgeVersion") else ""
    response_id, created = save_response(db, questionnaire, rows, form.submission_id.data,
                                         channel=mode.channel, batch=batch, group_size=group_size,
                                         language=language, version=version)
    if created:
        detail = f"response {response_id}" + (f", batch {batch}" if batch else "") + (
            f", {group_size} took part" if group_size else "")
        audit.record(db, mode.action, questionnaire.id, detail)
    return response_id, created, left_out


def _selects(form) -> list[tuple]:
    """(field, its options for govukSelect) of the language and version selects it has."""
    fields = [getattr(form, name) for name in ("Language", "AgeVersion") if hasattr(form, name)]
    return [(field, [{"value": c.value, "text": c.label, "selected": c.value == field.data}
                     for c in field.choices]) for field in fields]


def _confirmation(mode: Mode, response_id: int, created: bool, left_out: int) -> str:
    if not created:
        return (f"These answers were already saved, as response {response_id}. "
                "They were not saved twice")
    message = f"{mode.saved} as response {response_id}. The form below is blank for the next one"
    if left_out:
        message += (f". {left_out} answer{'s were' if left_out != 1 else ' was'} not saved: "
                    "the answers given leave out the question" + ("s" if left_out != 1 else "")
                    + " they were for")
    return message


def _enter(consultation_id: str, mode: Mode):
    questionnaire = consultation_or_404(consultation_id)
    db = get_db()
    if lifecycle.state_of(db, questionnaire.id) == "archived":
        return render_template("workspace/paper_entry/archived.html", q=questionnaire, mode=mode)
    form_type = form_for(questionnaire, _optional(questionnaire),
                         with_language_and_version(mode.base, questionnaire))
    keep = ({"Batch": request.args.get("batch", "")[:BATCH_LENGTH]}
            if mode.channel == "paper" else {})
    form = form_type(data=keep if request.method == "GET" else None)
    errors, problem = [], None
    if form.validate_on_submit():
        if not any(True for _ in answers_from(form, _optional(questionnaire))):
            errors = [FieldError(None, NOTHING_GIVEN)]
        else:
            try:
                response_id, created, left_out = store(db, questionnaire, mode, form)
            except sqlite3.Error:
                current_app.logger.exception("could not store an entered response")
                problem = NOT_SAVED
            else:
                flash(_confirmation(mode, response_id, created, left_out))
                batch = form.Batch.data if mode.channel == "paper" else None
                return redirect(url_for(request.endpoint, consultation_id=questionnaire.id,
                                        batch=batch or None))
    elif form.is_submitted():
        errors = errors_in_order(form)
    if not form.submission_id.data or form.submission_id.errors:
        form.submission_id.data = uuid.uuid4().hex
    return render_template("workspace/paper_entry/form.html", q=questionnaire, form=form, mode=mode,
                           sections=_parts(questionnaire, form), errors=errors,
                           selects=_selects(form), problem=problem), 503 if problem else 200


@bp.route("/paper", methods=["GET", "POST"])
@role_required("officer")
def paper(consultation_id: str):
    return _enter(consultation_id, MODES["paper"])


@bp.route("/group", methods=["GET", "POST"])
@role_required("officer")
def group(consultation_id: str):
    return _enter(consultation_id, MODES["group"])
