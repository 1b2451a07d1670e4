"""A consultation's own words in other languages and its versions for age bands: the keys, the
parity check at load, and what one young person is asked."""
from __future__ import annotations

import pytest

from survey.definition import DefinitionError, load_text
from survey.definition import messages as msg
from survey.definition.dump import dump
from survey.definition.texts import flatten, nest, texts_of, variant

from bands_example import TWO_BANDS, WELSH

def test_a_version_asks_its_own_questions_in_its_own_words():
    questionnaire = load_text(TWO_BANDS)
    younger = variant(questionnaire, version="younger")
    assert [q.id for q in younger.questions] == ["who", "home", "draw"]
    assert younger.question("home").text == "How is your home?"
    assert [s.id for s in younger.question("home").statements] == ["safe"]
    older = variant(questionnaire, version="older")
    assert [q.id for q in older.questions] == ["who", "home", "plans"]
    assert older.question("home").text == "How do you feel about your home?"
    assert (younger.in_version, older.in_version) == ("younger", "older")
    # The consultation itself keeps every question, so results hold every version's answers.
    assert [q.id for q in questionnaire.questions] == ["who", "home", "draw", "plans"]


def _scale_keys():
    questionnaire = load_text(TWO_BANDS)
    return {key for key in texts_of(questionnaire) if key.startswith("scales.")}


def test_a_translation_gives_every_text_in_the_chosen_language():
    questionnaire = load_text(TWO_BANDS + WELSH)
    assert questionnaire.languages == ("en", "cy")
    assert questionnaire.translation("cy").needs_review == "a Welsh speaker"
    welsh_younger = variant(questionnaire, "cy", "younger")
    assert welsh_younger.title == "Dy gartref"
    assert welsh_younger.question("home").text == "Sut mae dy gartref?"  # the version's, in Welsh
    assert welsh_younger.question("who").options[1].label == "Rwyf wedi gadael gofal"
    assert welsh_younger.question("home").scale.points[0].label == "Cytuno'n gryf"
    assert welsh_younger.organisation.help_text.startswith("Childline: ffonia")
    assert variant(questionnaire, "cy", "older").question("home").text == "Sut wyt ti'n teimlo am dy gartref?"
    assert welsh_younger.in_language == "cy"
    # Any other language, or none, is the working language.
    assert variant(questionnaire, "ar").title == "Your home"
    assert variant(questionnaire, "ar").in_language == ""


def test_a_missing_text_is_refused_with_its_line_and_key():
    text = TWO_BANDS + WELSH.replace("      draw: {text: Dywed wrthym am dy hoff le.}\n", "")
    with pytest.raises(DefinitionError) as error:
        load_text(text, "bands.yaml")
    problem, = error.value.problems
    # The block where the missing text belongs: the first line of the translation's questions.
    questions_line = len(TWO_BANDS.splitlines()) + WELSH.splitlines().index("      who:") + 1
    assert (problem.filename, problem.line) == ("bands.yaml", questions_line)
    assert problem.message == msg.TRANSLATION_MISSING.format(
        code="cy", name="Welsh", key="questions.draw.text", english="Tell us about your favourite place.")
    assert str(problem).startswith(f"bands.yaml:{questions_line}: translations, cy: no Welsh text for 'questions.draw.text'")


def test_a_text_the_consultation_does_not_have_is_refused():
    text = TWO_BANDS + WELSH.replace("      plans: {text:", "      plan: {text: X}\n      plans: {text:")
    with pytest.raises(DefinitionError) as error:
        load_text(text, "bands.yaml")
    problem, = error.value.problems
    assert problem.message == msg.TRANSLATION_UNKNOWN.format(
        code="cy", key="questions.plan.text", suggestion=msg.DID_YOU_MEAN.format(guess="questions.plans.text"))


def test_a_language_without_its_interface_words_is_refused():
    text = TWO_BANDS + WELSH.replace("  cy:\n", "  ps:\n")
    with pytest.raises(DefinitionError) as error:
        load_text(text, "bands.yaml")
    assert "not in Pashto yet" in str(error.value)


@pytest.mark.parametrize("change, message", [
    (("leave_out: [plans, home.listened]", "leave_out: [plan]"),
     msg.LEAVE_OUT_UNKNOWN.format(where="version 'younger'", found="plan",
                                  suggestion=msg.DID_YOU_MEAN.format(guess="plans"))),
    (("leave_out: [plans, home.listened]", "leave_out: [who]"),
     msg.LEAVE_OUT_BREAKDOWN.format(where="version 'younger'", found="who")),
    (("versions: [younger]", "versions: [yunger]"),
     msg.QUESTION_VERSION_UNKNOWN.format(where="question 'draw'", found="yunger", allowed="younger, older",
                                         suggestion=msg.DID_YOU_MEAN.format(guess="younger"))),
    (("        home:\n          text: How is", "        hom:\n          text: How is"),
     msg.WORDS_UNKNOWN.format(where="version 'younger', words", key="questions.hom.text",
                              suggestion=msg.DID_YOU_MEAN.format(guess="questions.home.text"))),
])
def test_a_version_names_only_what_exists(change, message):
    with pytest.raises(DefinitionError) as error:
        load_text(TWO_BANDS.replace(*change), "bands.yaml")
    assert [p.message for p in error.value.problems] == [message]


def test_dump_writes_languages_and_versions_back_as_they_were():
    questionnaire = load_text(TWO_BANDS + WELSH)
    again = load_text(dump(questionnaire))
    assert again.versions == questionnaire.versions
    assert again.translations == questionnaire.translations
    assert again.question("draw").versions == ("younger",)
    assert texts_of(again) == texts_of(questionnaire)


def test_keys_nest_and_flatten_back():
    flat = {"title": "T", "questions.q1.text": "Q", "questions.q1.options.a": "A"}
    assert nest(flat) == {"title": "T", "questions": {"q1": {"text": "Q", "options": {"a": "A"}}}}
    assert flatten(nest(flat)) == flat


def test_a_variant_knows_the_consultation_it_was_made_from():
    questionnaire = load_text(TWO_BANDS + WELSH)
    welsh = variant(questionnaire, "cy", "younger")
    assert welsh.itself is questionnaire and questionnaire.itself is questionnaire
    assert welsh.itself.title == "Your home"


def test_retiring_a_part_that_is_translated_and_reworded_still_loads():
    """Its words stay in the translation and the version, no longer needed; nothing is asked
    of them (the parity check wants only what is asked)."""
    text = (TWO_BANDS + WELSH).replace(
        "          - {id: listened, text: The adults who look after me listen to me when I worry.}",
        "          - {id: listened, text: The adults who look after me listen to me when I worry., retired: true}")
    text = text.replace("          text: How is your home?\n",
                        "          text: How is your home?\n          statements: {listened: Do adults listen?}\n")
    text = text.replace("          home: {text: Sut mae dy gartref?}\n",
                        "          home: {text: Sut mae dy gartref?, statements: {listened: Ydyn nhw'n gwrando?}}\n")
    questionnaire = load_text(text)
    assert "questions.home.statements.listened" not in texts_of(questionnaire)
    assert [s.id for s in variant(questionnaire, "cy", "older").question("home").statements] == ["safe"]
