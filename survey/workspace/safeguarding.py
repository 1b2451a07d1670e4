"""Safeguarding review: the queue of flagged comments, and recording what was done.

Flagging itself (the word list, matching, and which comments are held back) is
`survey.store.flags`, with no web framework in it, so that storing a response flags it in the same
transaction; the queue and the decisions are stored by `survey.store.review`. Here are the
officers' pages: until an officer records what was done, the comment is held back from exports
and the staff results pages. "No concern" lets it into the results; a concern (passed to the
safeguarding team with a reference, or already known to it) keeps it out of every results
output for good. The officer's notes stay with the decision. The whole response a comment came
from has a page of its own, in the questions' words, officers only, each look audited. The flag
is a prompt for a person, never a decision.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, abort, flash, g, redirect, render_template, url_for
from flask_wtf import FlaskForm
from wtforms import HiddenField, RadioField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, ValidationError

from survey.store import review
from survey.definition.differences import named, quoted
from survey.definition.model import COMMENT, OTHER
from survey.definition.types import items_of, type_of
from survey.store.comments import note_for
from survey.store.review import (ALREADY, DECISIONS, LONG_NOTES, NEED_REFERENCE, NOTES_LENGTH,
                                 AlreadyDecided, decide, decided, find, response_of, waiting)
from survey.web.auth import role_required
from survey.web.per_request import get_db
from survey.store.flags import DEFAULT_WORDS, load_words
from survey.web.catalogue import catalogue
from survey.web.form_errors import FieldError, errors_in_order

CHOOSE = "Select what was done"
# Beside each outcome: what it does to the comment.
HINTS = {"no-concern": "The comment can be used in the results.",
         "referred": "The comment is kept out of every result and download. Give their reference.",
         "known": "The comment is kept out of every result and download."}
# Beside each outcome for an answer picked (`Flag.picked`): its count is a figure, never held
# back, so the outcome changes only the record.
PICKED_HINTS = {"no-concern": "Nothing changes in the results: the answer is counted either way.",
                "referred": "Nothing changes in the results: the answer is counted either way. "
                            "Give their reference.",
                "known": "Nothing changes in the results: the answer is counted either way."}
REFERENCE_LENGTH = 100
LONG_REFERENCE = f"The reference must be {REFERENCE_LENGTH} characters or fewer"

bp = Blueprint("safeguarding", __name__, url_prefix="/staff/safeguarding")


@bp.record_once
def _check_words(state) -> None:
    """Set the default list, and read it once at start-up so a broken setting fails loudly."""
    state.app.config.setdefault("SAFEGUARDING_WORDS", str(DEFAULT_WORDS))
    load_words(state.app.config["SAFEGUARDING_WORDS"])


@bp.app_template_global("safeguarding_waiting")
def waiting_count(consultation_id: str | None = None) -> int:
    """Comments waiting for review: of one consultation, or of all (the navigation's count)."""
    return review.waiting_count(get_db(), consultation_id)


class DecisionForm(FlaskForm):
    flag_id = HiddenField()
    decision = RadioField("What was done?", choices=[SelectChoice(k, v) for k, v in DECISIONS.items()],
                          validators=[InputRequired(CHOOSE)])
    reference = StringField("Safeguarding team's reference", validators=[
        Length(max=REFERENCE_LENGTH, message=LONG_REFERENCE)])
    notes = TextAreaField("Your notes (optional)", validators=[
        Length(max=NOTES_LENGTH, message=LONG_NOTES)])

    def validate_reference(self, field):
        if self.decision.data == "referred" and not (field.data or "").strip():
            raise ValidationError(NEED_REFERENCE)


def picked_words(questionnaire, flag) -> str:
    """What an answer flag is about, in the officer's words: "Picked ‘I don't feel safe’ in
    question 4 ‘Do you feel safe at home?’", with the statement for a question on a scale. The
    answer's words are those stored with the flag, as the young person saw them."""
    question = next((q for q in questionnaire.questions if q.id == flag.question_id),
                    None) if questionnaire else None
    if question is None:
        return f"Picked {quoted(flag.matched)} in a question no longer in this questionnaire"
    statement = next((s for s in question.statements if s.id == flag.item_id), None)
    about = f" for {quoted(statement.text)}" if statement else ""
    return f"Picked {quoted(flag.matched)}{about} in {named(question)}"


def _page(form: DecisionForm | None = None, status: int = 200):
    db = get_db()
    errors, failed_id = [], None
    if form is not None:
        failed_id = form.flag_id.data
        errors = [FieldError(f"{e.name}-{failed_id}" if e.name else None, e.message)
                  for e in errors_in_order(form)]
    flags = waiting(db)
    picked = {f.id: picked_words(catalogue().get(f.consultation_id), f) for f in flags if f.picked}
    return render_template("workspace/safeguarding/queue.html", flags=flags, done=decided(db),
                           catalogue=catalogue(), decisions=DECISIONS, hints=HINTS, form=form,
                           picked=picked, picked_hints=PICKED_HINTS,
                           failed_id=failed_id, errors=errors, notes_length=NOTES_LENGTH), status


@bp.get("")
@role_required("officer")
def queue():
    return _page()


@bp.post("/decide")
@role_required("officer")
def decide_view():
    form = DecisionForm()
    if not form.validate_on_submit():
        if "csrf_token" in form.errors:
            abort(400)
        return _page(form)
    try:
        decide(get_db(), int(form.flag_id.data or ""), form.decision.data,
               form.reference.data or "", g.user.username, form.notes.data or "")
    except AlreadyDecided:
        flash(ALREADY)
        return redirect(url_for(".queue"))
    except (ValueError, LookupError):
        abort(404)
    flash(f"Recorded: {DECISIONS[form.decision.data]}")
    return redirect(url_for(".queue"))



# -- the whole response a comment came from ----------------------------------------------------

@dataclass(frozen=True)
class Line:
    about: str      # the statement, "Other" or "Tell us more" box it answers; "" for the question
    text: str
    flagged: bool   # the comment under review


@dataclass(frozen=True)
class AnsweredQuestion:
    heading: str    # the question's number and words
    lines: list[Line]


GONE = "A question no longer in this questionnaire"


def answers_in_words(questionnaire, answers: dict,
                     flagged: tuple[str, str]) -> list[AnsweredQuestion]:
    """Every answer of one response in the questions' own words, in the order asked: options
    and scale points by their labels, statements by their text, never an id. Answers to a
    question the definition no longer has come last, under GONE."""
    result, seen = [], set()
    for question in questionnaire.reported.questions if questionnaire else ():
        statements = {s.id: s.text for s in question.statements}
        lines = []
        for item in items_of(question) + [i for q, i in answers if q == question.id
                                          and i not in items_of(question)]:
            values = answers.get((question.id, item), ())
            seen.add((question.id, item))
            if not any(v.strip() for v in values):
                continue
            if item in statements:
                about, words = statements[item], [question.scale.label_of(v) for v in values]
            elif item == OTHER or item.endswith(COMMENT):
                about, words = note_for(question, item), list(values)
            elif type_of(question).free_text:
                about, words = "", list(values)
            else:
                about, words = "", [question.label_of(v) for v in values if v != OTHER]
            lines.append(Line(about, "; ".join(words), (question.id, item) == flagged))
        if lines:
            result.append(AnsweredQuestion(question.heading, lines))
    rest = [Line("", "; ".join(v), key == flagged) for key, v in answers.items()
            if key not in seen and any(x.strip() for x in v)]
    return result + ([AnsweredQuestion(GONE, rest)] if rest else [])


@bp.get("/<int:flag_id>")
@role_required("officer")
def response(flag_id: int):
    """The whole response a flagged comment came from, read in the officer's words."""
    db = get_db()
    flag = find(db, flag_id)
    if flag is None:
        abort(404)
    try:
        stored = response_of(db, flag)
    except LookupError:
        abort(404)
    questionnaire = catalogue().get(flag.consultation_id)
    return render_template("workspace/safeguarding/response.html", flag=flag, q=questionnaire,
                           stored=stored, hints=PICKED_HINTS if flag.picked else HINTS,
                           picked=picked_words(questionnaire, flag) if flag.picked else "",
                           answers=answers_in_words(questionnaire, stored.answers,
                                                    (flag.question_id, flag.item_id)))
