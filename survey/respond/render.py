"""Turn a bound form into GOV.UK Frontend component parameters, one block per question.

Templates only loop over these blocks and call the matching GOV.UK macro, so the page structure
(fieldsets, legends, hints, error messages, ids the error summary links to) is decided here, in
one table, and not in template logic. The product's words here (the "(optional)" after a label,
the letters-left counts) are in the page's language (survey.web.language).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from flask import current_app, url_for
from flask_babel import gettext
from markupsafe import Markup, escape

from survey.definition import OTHER, Question
from survey.definition.model import comment_item
from survey.respond.form import LENGTH_LIMIT, ResponseForm, field_name
from survey.web.language import N_

OPTIONAL = N_("{label} (optional)")
# Said only to screen readers after a box's label: what the box is about.
ABOUT = N_("about “{subject}”")
# Read by screen readers before an error message (GOV.UK's errorMessage.visuallyHiddenText).
ERROR = N_("Error")


@dataclass(frozen=True)
class Block:
    component: str                    # the GOV.UK macro: radios, checkboxes, input, textarea...
    params: dict                      # for a group (Likert): its fieldset's
    hint: dict | None = None          # for a group: the hint under its legend, which it describes
    parts: list["Block"] = field(default_factory=list)


def _label(question: Question) -> str:
    return question.heading if question.required else optional(question.heading)


def optional(label) -> Markup:
    """A label with "(optional)" after it; `label` is escaped unless it is Markup already."""
    return escape(gettext(OPTIONAL)).format(label=label)


def error_message(text) -> dict:
    """A GOV.UK component's errorMessage, its hidden "Error:" in the page's language."""
    return {"text": str(text), "visuallyHiddenText": gettext(ERROR)}


def _error(form_field) -> dict | None:
    return error_message(form_field.errors[0]) if form_field.errors else None


def _hint(text: str) -> dict | None:
    return {"text": text} if text else None


def _legend(text: str, size: str = "m") -> dict:
    return {"legend": {"text": text, "classes": f"govuk-fieldset__legend--{size}"}}


def _landing(name: str) -> dict:
    """A group of radios or checkboxes is what its error link and its Change link land on: the
    fieldset takes the field's id (the first option takes `<name>-1`), and tabindex="-1" lets
    it take focus. Without JavaScript the page then scrolls to the legend, not past it to the
    first option, and a screen reader says the group's name and its error."""
    return {"id": name, "tabindex": "-1"}


def about(label: str, subject: str) -> Markup:
    """A box's label with what it is about, in words only screen readers say (sighted readers
    see the box under its subject): "Tell us more" about "Feeling safe where I live"."""
    return Markup('{}<span class="govuk-visually-hidden"> {}</span>').format(
        label, gettext(ABOUT).format(subject=subject))


def about_text(label: str, subject: str) -> str:
    """`about` as plain words, for a Change link's hidden text."""
    return f"{label} {gettext(ABOUT).format(subject=subject)}"


def _macro(component: str, name: str) -> Callable:
    template = current_app.jinja_env.get_template(
        f"govuk_frontend_jinja/components/{component}/macro.html")
    return getattr(template.module, name)


def _other_html(form: ResponseForm, question: Question) -> Markup:
    other = form[field_name(question, OTHER)]
    return _macro("input", "govukInput")({
        "id": other.name, "name": other.name, "value": other.data or "",
        "label": {"html": about(other.label.text, question.text)},
        "classes": "govuk-!-width-full",
        "errorMessage": _error(other), "spellcheck": True, "autocomplete": "off",
    })


def _items(form: ResponseForm, question: Question, selected: list[str]) -> list[dict]:
    items = []
    for choice in question.choices:
        item = {"value": choice.id, "text": choice.label, "checked": choice.id in selected}
        if choice.id == OTHER:
            item["conditional"] = {"html": _other_html(form, question)}
        items.append(item)
    return _first_id(items, question.id)


def _first_id(items: list[dict], name: str) -> list[dict]:
    """The first option's id is `<name>-1` (the others are `<name>-2`...): `<name>` is the
    fieldset's, see `_landing`."""
    if items:
        items[0]["id"] = f"{name}-1"
    return items


def _choice(component: str) -> Callable[[ResponseForm, Question], Block]:
    def build(form: ResponseForm, question: Question) -> Block:
        own = form[question.id]
        data = own.data if isinstance(own.data, list) else ([own.data] if own.data else [])
        return Block(component, {
            "name": own.name, "idPrefix": own.name,
            "fieldset": {**_legend(_label(question)), "attributes": _landing(own.name)},
            "hint": _hint(question.hint), "errorMessage": _error(own),
            "items": _items(form, question, data),
        })
    return build


def _point(choice, checked: bool) -> dict:
    """A scale point as a radio: its words, and on a faces scale its face beside them. The
    face is decoration (empty alt): the words are what everyone, screen readers too, reads."""
    item = {"value": choice.id, "checked": checked}
    if choice.face:
        face = url_for("static", filename=f"faces/{choice.face}.svg")
        item["html"] = Markup('<img class="app-face" src="{}" alt="" width="40" height="40"> {}').format(
            face, choice.label)
    else:
        item["text"] = choice.label
    return item


def _comment(form: ResponseForm, question: Question, subject: str, statement_id: str,
             label: str) -> Block:
    """A "Tell us more" box, named for the statement or question it is about: a page may have
    several, and a screen reader's list of boxes gives only their names."""
    own = form[field_name(question, comment_item(statement_id))]
    return Block("textarea", {
        "name": own.name, "id": own.name, "value": own.data or "", "rows": 3,
        "label": {"html": optional(about(label, subject))}, "errorMessage": _error(own),
        "spellcheck": True,
    })


def _likert(form: ResponseForm, question: Question) -> Block:
    """The question is a fieldset whose legend (an <h2>) is the question and whose description
    is its hint; each statement a fieldset of radios inside it. So each radio is heard with
    its question and its statement ("How well informed...? group, Placement stability group,
    Very well, radio"), and the hint is read with the question."""
    parts = []
    faces = question.scale.faces
    for statement in question.statements:
        own = form[field_name(question, statement.id)]
        parts.append(Block("radios", {
            "name": own.name, "idPrefix": own.name,
            "fieldset": {**_legend(statement.text, "s"), "attributes": _landing(own.name)},
            "classes": "app-faces" if faces else "govuk-radios--small", "errorMessage": _error(own),
            "items": _first_id([_point(c, c.id == own.data) for c in question.scale.choices],
                               own.name),
        }))
        if statement.comment:
            parts.append(_comment(form, question, statement.text, statement.id, statement.comment))
    hint_id = f"{question.id}--hint"
    heading = Markup('<h2 class="govuk-fieldset__heading">{}</h2>').format(_label(question))
    return Block("group", {
        "classes": "app-likert", "describedBy": hint_id if question.hint else None,
        "legend": {"html": heading, "classes": "govuk-fieldset__legend--m"},
    }, hint={"id": hint_id, "text": question.hint} if question.hint else None, parts=parts)


# What a long-text box says of its limit, in the GOV.UK character count's parameters: under the
# box without JavaScript, and as the count goes down with it (survey/static/character-count.js
# reads the messages from the data-i18n attributes the macro writes).
# %{count} is the script's number, not ours; a language with more plural forms than English
# words "other" so that it reads right for any number.
COUNT_WORDS = {
    "charactersUnderLimitText": {"one": N_("You have 1 letter or space left"),
                                 "other": N_("You have %{count} letters and spaces left")},
    "charactersAtLimitText": N_("You have 0 letters and spaces left"),
    "charactersOverLimitText": {"one": N_("You have 1 letter or space too many"),
                                "other": N_("You have %{count} letters and spaces too many")},
}


def count_words() -> dict:
    """COUNT_WORDS in the page's language."""
    return {key: {form: gettext(words) for form, words in value.items()}
            if isinstance(value, dict) else gettext(value) for key, value in COUNT_WORDS.items()}


def _text(component: str) -> Callable[[ResponseForm, Question], Block]:
    def build(form: ResponseForm, question: Question) -> Block:
        own = form[question.id]
        params = {
            "name": own.name, "id": own.name, "value": own.data or "",
            "label": {"text": _label(question), "classes": "govuk-label--m", "isPageHeading": False},
            "hint": _hint(question.hint), "errorMessage": _error(own),
            "spellcheck": True,
        }
        if component == "character-count":
            # "You can write up to 2,000 letters and spaces" under the box; with JavaScript,
            # how many are left as they type.
            params.update(rows=5, maxlength=question.max_length, **count_words(),
                          textareaDescriptionText=gettext(LENGTH_LIMIT).format(
                              limit=question.max_length))
        return Block(component, params)
    return build


# A question type's block, by type name: one entry for every type in QUESTION_TYPES.
BLOCK_TYPES: dict[str, Callable[[ResponseForm, Question], Block]] = {
    "single_choice": _choice("radios"),
    "multiple_choice": _choice("checkboxes"),
    "likert": _likert,
    "short_text": _text("input"),
    "long_text": _text("character-count"),
}


def blocks(form: ResponseForm, questions) -> list[Block]:
    result = []
    for question in questions:
        result.append(BLOCK_TYPES[question.type](form, question))
        if question.comment:
            result.append(_comment(form, question, question.text, "", question.comment))
    return result
