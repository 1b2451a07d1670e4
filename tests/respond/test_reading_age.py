"""The product's own words for young people read at about age 9 (GOV.UK's target).

Every fixed message a young person can be shown is collected: the message constants of the
respond room, the shared form errors and the invitation codes, and every message and label the
form builds for a made-up consultation (whose own words are short and plain, so only the
product's words are measured). Each sentence must be at or under MAX_GRADE (Flesch-Kincaid,
analysis.readability); a failure names the message, the sentence and its long words.
"""
from __future__ import annotations

import textwrap

import pytest
from wtforms.validators import InputRequired, Length, Regexp

from analysis.readability import grade, long_words, reading_age, sentences
from survey.definition import load_text
from survey.respond import (
    closed, flow, form, help_now, invitation_code, last_time, one_page, paged, results, send,
)
from survey.respond.form import form_class
from survey.store import invitations
from survey.web import form_errors
from survey.workspace import you_said_poster

# Grade 4 is a reading age of 9.
MAX_GRADE = 4.0
# Where a message is made before where it is imported, so each is named where it is made.
MODULES = (form_errors, invitations, send, flow, paged, invitation_code, closed, form, help_now,
           one_page, you_said_poster, last_time, results)
# The made-up consultation: its own words are one-syllable and short, so what is measured in
# the messages built from it is the product's words around them.
PLAIN = textwrap.dedent("""\
    id: plain
    title: Your home
    organisation: {name: Test Council}
    introduction: Tell us about home.
    sections:
      - id: home
        title: Home
        questions:
          - {id: q1, number: "1", type: single_choice, text: Do you like it?, required: true,
             options: [{id: "y", label: "Yes"}, {id: "n", label: "No"}], other: Other}
          - {id: q2, type: multiple_choice, text: What is good?, required: true,
             options: [{id: food, label: Food}, {id: bed, label: Bed}], other: Something else}
          - {id: q3, number: "3", type: likert, scale: agreement, required: true,
             text: How is it?, statements: [{id: s1, text: I feel safe}]}
          - {id: q4, type: short_text, text: What would you change?, required: true}
          - {id: q5, type: long_text, text: Tell us more., required: true}
    """)


def constants() -> dict[str, str]:
    """Every message constant (a capitalised name holding words) of the young person's
    modules, once each, with its placeholders filled."""
    found: dict[str, str] = {}
    for module in MODULES:
        for name, value in vars(module).items():
            if name.isupper() and isinstance(value, str) and " " in value and value[0].isupper():
                words = value.format(name="question 3", other="Other", limit=2000, seconds=8,
                                     day="30 June 2027", about="Your home", count=3,
                                     link="this link", reason="We had no money.")
                found.setdefault(words, f"{module.__name__}.{name}")
    return {where: words for words, where in found.items()}


def built(app) -> dict[str, str]:
    """Every message and label the form builds for the made-up consultation, the length
    messages ("Your answer is too long...") among them."""
    found = {}
    with app.app_context():
        made = form_class(load_text(PLAIN))
        for name, field in vars(made).items():
            unbound = getattr(field, "kwargs", None)
            if unbound is None:
                continue
            for validator in unbound.get("validators", []):
                if isinstance(validator, (InputRequired, Regexp)):
                    found[f"form field {name}"] = validator.message
                elif isinstance(validator, Length):
                    found[f"form field {name} (too long)"] = validator.message
            if "invalid_choice_message" in unbound:
                found[f"form field {name} (choice not shown)"] = unbound["invalid_choice_message"]
            if name.endswith("-other"):
                found[f"form field {name} label"] = field.args[0]
    return found


def hard(messages: dict[str, str]) -> list[str]:
    return [f"{where}: ‘{sentence}’ is grade {grade(sentence)} (age {reading_age(grade(sentence))}); "
            f"long words: {', '.join(long_words(sentence)) or 'none'}"
            for where, words in messages.items() for sentence in sentences(words)
            if grade(sentence) > MAX_GRADE]


def test_the_collection_finds_the_messages(app):
    messages = {**constants(), **built(app)}
    assert "survey.web.form_errors.TIMED_OUT" in messages
    assert "survey.respond.send.NOT_SAVED" in messages
    assert "survey.respond.last_time.INTRO" in messages
    assert "survey.store.invitations.USED" in messages
    assert messages["form field q1"] == "Choose an answer for question 1"
    assert messages["form field q2"] == "Choose at least one answer for ‘What is good?’"
    assert messages["form field q3-s1"] == "Choose an answer for ‘I feel safe’"
    assert messages["form field q1-other label"] == "Tell us what ‘Other’ means for you"
    assert messages["form field q2-other label"] == "Tell us what ‘Something else’ means for you"
    assert messages["form field q5 (too long)"] == (
        "Your answer is too long. You can write up to 2,000 letters and spaces")


def test_every_fixed_message_reads_at_age_9(app):
    assert not hard({**constants(), **built(app)})


def test_a_hard_message_is_named_with_its_long_words():
    found = hard({"made up": "Your submission could not be processed. Try again"})
    assert len(found) == 1
    assert found[0].startswith("made up: ‘Your submission could not be processed.’ is grade")
    assert found[0].endswith("long words: submission")


@pytest.mark.parametrize("words", ["timed out", "…", "Please say"])
def test_no_message_uses_words_a_young_person_may_not_know(app, words):
    messages = {**constants(), **built(app)}
    assert [where for where, text in messages.items() if words in text] == []
