"""Build the WTForms form for a questionnaire from its validated model.

Field names: a question's own field is its id (`q1`); a Likert statement is `q2-<statement id>`;
the "Other, please say" box is `q1-other`; a "Tell us more" box is `q1--comment` for a question
and `q2-<statement id>--comment` for a statement. Those names are also the ids the error summary
links to.
Which WTForms fields each question type becomes is the table FIELD_TYPES, one entry per row of
`survey.definition.types.QUESTION_TYPES`; which items a question's answers are stored under is
the definition's `items_of`. Messages follow the GOV.UK style and are written for a reading age
of 9 (tests/respond/test_reading_age.py measures them): "choose", not "select"; a question is
named by its number, or else by its words in full, never cut short. They are English constants,
marked for the catalogues (`N_`) and translated as a form is made, in the page's language: a
made form is kept per language (`form_for`).
"""
from __future__ import annotations

import re
from typing import Callable, Iterator

from flask import current_app
from flask_babel import gettext
from flask_wtf import FlaskForm
from wtforms import Field, HiddenField, RadioField, SelectMultipleField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional, Regexp

from survey.definition import OTHER, Question, Questionnaire, Statement
from survey.definition.model import COMMENT, COMMENT_LENGTH, comment_item
from survey.definition.types import OTHER_TEXT_LENGTH, items_of, type_of
from survey.store.responses import Answer
from survey.web.form_errors import TIMED_OUT, clean_text
from survey.web.language import N_, current

SUBMISSION_ID = re.compile(r"^[0-9a-f]{32}$")
INVALID_CHOICE = N_("Choose one of the answers on the page")
# What a required answer left empty says, by how the question is answered: {name} is
# question_name's, or a statement's words.
CHOOSE_ONE = N_("Choose an answer for {name}")
CHOOSE_SOME = N_("Choose at least one answer for {name}")
WRITE = N_("Write an answer for {name}")
# {name}: a question by its number, else its words (or a statement's) in quotation marks.
QUESTION = N_("question {number}")
QUOTED = N_("‘{words}’")
# The label of the box that comes with an "Other" option: {other} is that option's label.
OTHER_BOX = N_("Tell us what ‘{other}’ means for you")
# A box's limit, in words a child knows ("characters" is a grown-up's word): said under the box
# before anything is typed, counted down as they type (survey/static/character-count.js), and
# the same words again if the answer sent is too long.
LENGTH_LIMIT = N_("You can write up to {limit:,} letters and spaces")
TOO_LONG = N_("Your answer is too long. You can write up to {limit:,} letters and spaces")


def too_long(limit: int) -> str:
    return gettext(TOO_LONG).format(limit=limit)


def question_name(question: Question) -> str:
    """A question as an error message names it: by its number, or by all its words (a
    shortened question, "Which of these…", would leave a young person guessing)."""
    return (gettext(QUESTION).format(number=question.number) if question.number
            else quoted(question.text))


def quoted(words: str) -> str:
    return gettext(QUOTED).format(words=words)


def other_label(question: Question) -> str:
    return gettext(OTHER_BOX).format(other=question.other)


def field_name(question: Question, item: str = "") -> str:
    if item.endswith(COMMENT):
        statement = item[: -len(COMMENT)]
        return f"{question.id}-{statement}--comment" if statement else f"{question.id}--comment"
    return f"{question.id}-{item}" if item else question.id


def _comment_field(label: str) -> Field:
    return TextAreaField(label, filters=[clean_text], validators=[Optional(), Length(
        max=COMMENT_LENGTH, message=too_long(COMMENT_LENGTH))])


def _comments(question: Question) -> dict[str, Field]:
    """The optional "Tell us more" boxes of a question and of its statements."""
    boxes = {field_name(question, comment_item()): _comment_field(question.comment)
             } if question.comment else {}
    boxes.update((field_name(question, comment_item(s.id)), _comment_field(s.comment))
                 for s in question.statements if s.comment)
    return boxes


def _required(question: Question, message: str) -> list:
    return [InputRequired(message)] if question.required else [Optional()]


def _choices(options) -> list[SelectChoice]:
    return [SelectChoice(c.id, c.label) for c in options]


def _text_length(question: Question) -> list:
    return [Length(max=question.max_length, message=too_long(question.max_length))]


def _other_field(question: Question) -> dict[str, Field]:
    if not question.other:
        return {}
    return {field_name(question, OTHER): StringField(
        other_label(question), filters=[clean_text],
        validators=[Optional(), Length(max=OTHER_TEXT_LENGTH, message=too_long(OTHER_TEXT_LENGTH))])}


def _single_choice(question: Question) -> dict[str, Field]:
    return {question.id: RadioField(
        question.heading, choices=_choices(question.choices),
        invalid_choice_message=gettext(INVALID_CHOICE),
        validators=_required(question, gettext(CHOOSE_ONE).format(name=question_name(question)))),
        **_other_field(question)}


def _multiple_choice(question: Question) -> dict[str, Field]:
    return {question.id: SelectMultipleField(
        question.heading, choices=_choices(question.choices),
        invalid_choice_message=gettext(INVALID_CHOICE),
        validators=_required(question, gettext(CHOOSE_SOME).format(name=question_name(question)))),
        **_other_field(question)}


def statement_message(question: Question, statement: Statement) -> str:
    return gettext(CHOOSE_ONE).format(name=quoted(statement.text))


def _likert(question: Question) -> dict[str, Field]:
    return {field_name(question, s.id): RadioField(
        s.text, choices=_choices(question.scale.choices),
        invalid_choice_message=gettext(INVALID_CHOICE),
        validators=_required(question, statement_message(question, s)))
        for s in question.statements}


def _text(field_class) -> Callable[[Question], dict[str, Field]]:
    def build(question: Question) -> dict[str, Field]:
        return {question.id: field_class(
            question.heading, filters=[clean_text],
            validators=_required(question, gettext(WRITE).format(name=question_name(question)))
            + _text_length(question))}
    return build


# A question type's fields, by type name: one entry for every type in QUESTION_TYPES.
FIELD_TYPES: dict[str, Callable[[Question], dict[str, Field]]] = {
    "single_choice": _single_choice,
    "multiple_choice": _multiple_choice,
    "likert": _likert,
    "short_text": _text(StringField),
    "long_text": _text(TextAreaField),
}


class ResponseForm(FlaskForm):
    """Base of every generated form: CSRF (from Flask-WTF) and the server-issued submission id."""

    submission_id = HiddenField(validators=[
        InputRequired(TIMED_OUT), Regexp(SUBMISSION_ID, message=TIMED_OUT)])


class PageForm(FlaskForm):
    """Base of one page's form in a paged questionnaire: the draft, not the form, carries the
    submission id, so only CSRF is added."""


def form_class(questionnaire: Questionnaire, questions=None,
               base: type[FlaskForm] = ResponseForm) -> type[FlaskForm]:
    """The form for `questions` (one page), or for every question asked now."""
    fields: dict[str, Field] = {}
    for question in questionnaire.asked.questions if questions is None else questions:
        fields.update(FIELD_TYPES[question.type](question))
        fields.update(_comments(question))
    return type(f"Form_{questionnaire.id}", (base,), fields)


def form_for(questionnaire: Questionnaire, questions=None,
             base: type[FlaskForm] = ResponseForm) -> type[FlaskForm]:
    """The form class for these questions (None: every question asked now) of this version, made
    once per app and language and then kept: a page's form differs only with the questions its
    conditions show, and its messages with the page's language. Kept on the app, not the
    module, so two apps never share a version's form."""
    made = current_app.extensions.setdefault("haveyoursay.forms", {})
    key = (questionnaire.id, questionnaire.version, questionnaire.in_language,
           questionnaire.in_version, base, current(),
           None if questions is None else tuple((q.id, q.required, q.number) for q in questions))
    found = made.get(key)
    if found is None or found[0] is not questionnaire:
        found = made[key] = (questionnaire, form_class(questionnaire, questions, base))
    return found[1]


def required_message(form: FlaskForm, name: str) -> str:
    return next(v.message for v in form[name].validators if isinstance(v, InputRequired))


def answers_from(form: ResponseForm, questions) -> Iterator[Answer]:
    """The validated form's data as long-format rows (question id, item id, value).
    `questions`: the questionnaire, or the questions of one page."""
    for question in getattr(questions, "questions", questions):
        chosen = None if type_of(question).by_statement else form[question.id].data
        chosen = chosen if isinstance(chosen, list) else [chosen]
        for item in items_of(question):
            data = form[field_name(question, item)].data
            if item == OTHER and OTHER not in chosen:
                continue  # "please say" text without "Other" ticked is not kept
            for value in data if isinstance(data, list) else [data]:
                if value:
                    yield question.id, item, value


def form_data(answers: dict[tuple[str, str], list[str]], questions) -> dict:
    """Stored answers as a form's data, to show a page again with what was given."""
    data = {}
    for question in questions:
        for item in items_of(question):
            values = answers.get((question.id, item), [])
            many = type_of(question).many and item == ""
            data[field_name(question, item)] = list(values) if many else (values[0] if values else None)
    return data
