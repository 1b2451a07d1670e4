"""A draft built in the browser may hold an unfinished translation: with
`unfinished_translations=True` a missing text is listed in `Translation.missing` (and shown in
the working language), not refused; an unknown key is refused still, and without the keyword
(every file) a gap is an error as before."""
from __future__ import annotations

import textwrap

import pytest

from survey.definition import DefinitionError, load_text
from survey.definition import messages as msg
from survey.definition.dump import dump
from survey.definition.texts import place_of, texts_of, variant

DRAFT = textwrap.dedent("""\
    id: draft
    title: Your home
    organisation: Ourtown Council
    sections:
      - id: about
        title: About you
        questions:
          - id: home
            type: likert
            text: How do you feel about your home?
            scale: agreement
            statements:
              - {id: safe, text: I feel safe where I live.}
          - id: plans
            type: long_text
            text: What plans are you making?
    versions:
      - id: younger
        name: 8 to 12 year olds
        choice: I am 8 to 12
        words:
          questions:
            home: {text: How is your home?}
      - id: older
        name: 13 and over
        choice: I am 13 or older
    """)

# Welsh for everything but question 2's words and the younger version's rewording.
WELSH = textwrap.dedent("""\
    translations:
      cy:
        needs_review: true
        title: Dy gartref
        organisation: {name: Cyngor Ein Tref, help: "Childline: ffonia 0800 1111"}
        sections:
          about: {title: Amdanat ti}
        questions:
          home:
            text: Sut wyt ti'n teimlo am dy gartref?
            statements: {safe: Rwy'n teimlo'n ddiogel lle rwy'n byw.}
        scales:
          agreement: {strongly-agree: "Cytuno'n gryf", agree: Cytuno, neither: Ddim yn siŵr, disagree: Anghytuno, strongly-disagree: "Anghytuno'n gryf", dont-know: Ddim yn gwybod}
        versions:
          younger: {choice: Rwy rhwng 8 a 12}
          older: {choice: Rwy'n 13 neu'n hŷn}
    """)
MISSING = ("questions.plans.text", "versions.younger.questions.home.text")
# The same with nothing missing.
COMPLETE = WELSH.replace("    questions:\n", "    questions:\n      plans: {text: Pa gynlluniau?}\n") \
    .replace("      younger: {choice: Rwy rhwng 8 a 12}",
             "      younger: {choice: Rwy rhwng 8 a 12, questions: {home: {text: Sut mae dy gartref?}}}")


def test_a_file_with_a_gap_in_its_translation_is_still_refused():
    with pytest.raises(DefinitionError) as error:
        load_text(DRAFT + WELSH, "draft.yaml")
    keys = [key for key in MISSING if any(f"'{key}'" in p.message for p in error.value.problems)]
    assert keys == list(MISSING)
    assert all("no Welsh text" in p.message for p in error.value.problems)


def test_a_draft_lists_the_missing_texts_in_page_order():
    questionnaire = load_text(DRAFT + WELSH, "draft.yaml", unfinished_translations=True)
    welsh = questionnaire.translation("cy")
    assert welsh.missing == MISSING
    assert set(welsh.texts) | set(welsh.missing) == set(texts_of(questionnaire))
    assert welsh.needs_review == "a Welsh speaker"


def test_a_missing_text_is_shown_in_the_working_language():
    questionnaire = load_text(DRAFT + WELSH, unfinished_translations=True)
    welsh = variant(questionnaire, "cy", "older")
    assert welsh.title == "Dy gartref"
    assert welsh.question("plans").text == "What plans are you making?"
    # The younger version has no Welsh rewording yet: the question's Welsh words, not English.
    assert variant(questionnaire, "cy", "younger").question("home").text == \
        "Sut wyt ti'n teimlo am dy gartref?"


def test_an_unknown_key_is_refused_in_a_draft_too():
    wrong = WELSH.replace("    questions:\n", "    questions:\n      gone: {text: Hen gwestiwn}\n")
    assert wrong != WELSH
    with pytest.raises(DefinitionError) as error:
        load_text(DRAFT + wrong, unfinished_translations=True)
    [problem] = error.value.problems
    assert problem.message.startswith(msg.TRANSLATION_UNKNOWN.format(
        code="cy", key="questions.gone.text", suggestion=""))


def test_an_unfinished_draft_dumps_and_loads_back_with_the_same_gaps():
    questionnaire = load_text(DRAFT + WELSH, unfinished_translations=True)
    again = load_text(dump(questionnaire), unfinished_translations=True)
    assert again.translations == questionnaire.translations
    assert again.translation("cy").missing == MISSING


def test_a_complete_translation_has_nothing_missing():
    questionnaire = load_text(DRAFT + COMPLETE)
    assert questionnaire.translation("cy").missing == ()


def test_each_missing_text_is_named_in_the_officer_s_words():
    questionnaire = load_text(DRAFT + WELSH, unfinished_translations=True)
    assert [place_of(questionnaire, key) for key in MISSING] == [
        "the words of the question ‘What plans are you making?’",
        "the words of the question ‘How do you feel about your home?’ for 8 to 12 year olds"]
