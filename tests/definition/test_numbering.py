"""Numbers that look after themselves: `numbering: automatic` numbers the questions asked 1..n in
order at load (so a move or a removal renumbers the rest), `off` shows none, `as written` keeps
a file's own numbers; a young person's pages number the questions along their own path."""
from __future__ import annotations

import textwrap
from dataclasses import replace

import pytest

from survey.definition import DefinitionError, differences, load_text
from survey.definition import messages as msg
from survey.definition.dump import dump
from survey.definition.journey import pages

SMALL = textwrap.dedent("""\
    id: small
    title: Small
    organisation: {{name: Test Council}}
    layout: pages
    numbering: {numbering}
    sections:
      - id: you
        questions:
          - id: age
            type: single_choice
            text: How old are you?
            options: [{{id: under-16, label: Under 16}}, {{id: sixteen-plus, label: 16 or 17}}]
          - {{id: school, type: short_text, text: Which school do you go to?}}
      - id: older
        show_if: {{question: age, is: sixteen-plus}}
        questions:
          - {{id: work, type: short_text, text: Do you work?}}
      - id: all
        questions:
          - {{id: old, type: short_text, text: Asked once, retired: true}}
          - {{id: safe, type: short_text, text: Do you feel safe?}}
    """)


def small(numbering: str = "automatic"):
    return load_text(SMALL.format(numbering=numbering), "small.yaml")


def numbers(questionnaire) -> dict[str, str]:
    return {q.id: q.number for q in questionnaire.questions}


def test_automatic_numbers_the_questions_asked_one_to_n_in_order():
    assert numbers(small()) == {"age": "1", "school": "2", "work": "3", "old": "", "safe": "4"}


def test_automatic_numbers_again_after_a_move_and_a_removal():
    questionnaire = small()
    you, older, all_ = questionnaire.sections
    moved = replace(questionnaire, sections=(
        replace(you, questions=you.questions[::-1]), older, all_))
    again = load_text(dump(moved), "small.yaml")
    assert numbers(again) == {"school": "1", "age": "2", "work": "3", "old": "", "safe": "4"}
    removed = replace(again, sections=(again.sections[0], again.sections[2]))
    assert numbers(load_text(dump(removed), "small.yaml")) == {
        "school": "1", "age": "2", "old": "", "safe": "3"}


def test_numbering_off_shows_no_numbers():
    questionnaire = small("off")
    assert set(numbers(questionnaire).values()) == {""}
    assert [q.heading for q in questionnaire.questions][:2] == [
        "How old are you?", "Which school do you go to?"]


def test_as_written_keeps_a_files_own_numbers_and_is_the_default():
    text = SMALL.format(numbering="as written").replace(
        "id: age\n", "id: age\n        number: 2a\n")
    assert numbers(load_text(text))["age"] == "2a"
    without = text.replace("numbering: as written\n", "")
    assert load_text(without).numbering == "as written"
    assert numbers(load_text(without)) == numbers(load_text(text))


@pytest.mark.parametrize("numbering", ["automatic", "off", "as written"])
def test_numbering_round_trips_through_the_dump(numbering):
    questionnaire = small(numbering)
    again = load_text(dump(questionnaire), "small.yaml")
    assert again.numbering == numbering and numbers(again) == numbers(questionnaire)
    assert ("numbering:" in dump(questionnaire)) == (numbering != "as written")
    assert "number:" not in dump(questionnaire)


def test_unquoted_off_means_off():
    assert small("off").numbering == "off"  # YAML reads off as false


def test_a_wrong_numbering_names_the_file_and_line():
    with pytest.raises(DefinitionError) as error:
        small("auto")
    assert str(error.value) == "small.yaml:5: " + msg.BAD_NUMBERING.format(
        where="the questionnaire", allowed="automatic, as written, off", found="auto")


def test_a_written_number_with_automatic_numbering_is_an_error_on_its_line():
    text = SMALL.format(numbering="automatic").replace(
        "text: Which school do you go to?}", "text: Which school do you go to?, number: 7}")
    with pytest.raises(DefinitionError) as error:
        load_text(text, "small.yaml")
    assert str(error.value) == "small.yaml:13: " + msg.NUMBER_NOT_WRITTEN.format(
        id="school", numbering="automatic", made="questions are numbered 1, 2, 3 in order")


def test_the_path_a_young_person_takes_is_numbered_without_a_gap():
    """Worked by hand: under 16 skips the page 'older' (question 3 in the model), so 'Do you
    feel safe?' is their question 3, not 4; a 16-year-old sees 1, 2, 3, 4."""
    questionnaire = small()
    skipped = pages(questionnaire, {("age", ""): ["under-16"]})
    assert [(q.id, q.number) for p in skipped for q in p.questions] == [
        ("age", "1"), ("school", "2"), ("safe", "3")]
    every = pages(questionnaire, {("age", ""): ["sixteen-plus"]})
    assert [(q.id, q.number) for p in every for q in p.questions] == [
        ("age", "1"), ("school", "2"), ("work", "3"), ("safe", "4")]


def test_written_numbers_are_not_changed_along_a_path():
    questionnaire = load_text(SMALL.format(numbering="as written").replace(
        "{id: safe, type: short_text,", "{id: safe, number: 9, type: short_text,"))
    skipped = pages(questionnaire, {("age", ""): ["under-16"]})
    assert [q.number for p in skipped for q in p.questions] == ["", "", "9"]


def test_numbers_that_follow_a_move_are_not_called_a_rewording():
    questionnaire = small()
    you, older, all_ = questionnaire.sections
    moved = load_text(dump(replace(questionnaire, sections=(
        replace(you, questions=you.questions[::-1]), older, all_))), "small.yaml")
    lines = differences.describe(questionnaire, moved)
    assert not any("reworded" in line for line in lines), lines
    assert lines != [differences.NOTHING]


def test_switching_numbering_is_a_change_to_save():
    lines = differences.describe(small("as written"), small("automatic"))
    assert lines and lines != [differences.NOTHING]
