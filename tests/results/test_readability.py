"""Reading levels worked out by hand for a small made-up consultation: what `survey check` and the
builder tell an officer.

Flesch-Kincaid grade = 0.39 x words per sentence + 11.8 x syllables per word - 15.59, with
syllables from the CMU Pronouncing Dictionary; below 0 reads as 0; reading age = grade + 5.
"""
from __future__ import annotations

import textwrap

from click.testing import CliRunner
from conftest import TRAFFORD

from analysis.readability import (consultation_reading, grade, level_words, long_words,
                                  reading_age, sentences)
from survey.cli import cli
from survey.definition import load_text
from survey.definition.shown import shown_text

MADE_UP = textwrap.dedent("""\
    id: made-up
    title: Your home
    organisation: {name: Test Council}
    introduction: We want to hear what you think about your home. Your answers help us.
    sections:
      - id: home
        title: About home
        questions:
          - id: q1
            number: "1"
            type: likert
            text: Do you feel safe where you live?
            scale: yes-no
            statements:
              - {id: visits, text: Your social worker visits you often enough.}
              - {id: advocacy, text: Independent advocacy services communicate effectively with looked after children.}
          - id: q2
            type: short_text
            text: Anything else?
            hint: We want to hear what you think about your home.
    """)

# Sentence: words, syllables -> grade.
# "We want to hear what you think about your home.": 10 words, 11 syllables (a-bout)
#   0.39 x 10 + 11.8 x 1.1 - 15.59 = 1.29 -> 1.3
# "Your answers help us.": 4 words, 5 syllables: 1.56 + 14.75 - 15.59 = 0.72 -> 0.7
# "Do you feel safe where you live?": 7 words, 7 syllables: 2.73 + 11.8 - 15.59 < 0 -> 0.0
# "Your social worker visits you often enough.": 7 words, 12 syllables
#   2.73 + 20.23 - 15.59 = 7.37 -> 7.4
# "Independent advocacy services communicate effectively with looked after children.":
#   9 words, 25 syllables (4+4+3+4+4+1+1+2+2): 3.51 + 32.78 - 15.59 = 20.70 -> 20.7
# Left out: the title, section title, "Anything else?" and the scale's labels (fewer than 4
# words: labels, not sentences); the hint repeats the introduction's sentence, counted once.


def test_grades_worked_out_by_hand():
    assert grade("We want to hear what you think about your home.") == 1.3
    assert grade("Your answers help us.") == 0.7
    assert grade("Do you feel safe where you live?") == 0.0
    assert grade("Your social worker visits you often enough.") == 7.4
    assert grade("Independent advocacy services communicate effectively with looked after children.") == 20.7
    assert [reading_age(g) for g in (0.0, 1.3, 4.5, 8.4, 20.7)] == [5, 6, 10, 13, 26]


def test_sentences_and_long_words():
    assert sentences("One here. Two there?\n\nThree… Four") == ["One here.", "Two there?", "Three…", "Four"]
    assert long_words("Independent advocacy helps; independent help.") == ["Independent", "advocacy"]


def test_the_walk_finds_every_piece_a_young_person_is_shown_with_where_it_is():
    shown = list(shown_text(load_text(MADE_UP)))
    assert shown[:3] == [("title", "Your home"),
                         ("introduction", "We want to hear what you think about your home. Your answers help us."),
                         ("section 1, its title", "About home")]
    places = [where for where, _ in shown]
    assert "question 1, a statement" in places and "question 1, a point of its scale" in places
    # A question with no number is named by its first words, never its id.
    assert any(where.startswith("the question \u2018") and where.endswith(", its hint")
               for where in places)
    assert not [where for where in places if "q1" in where or "q2" in where]


def test_a_consultations_reading_level():
    reading = consultation_reading(load_text(MADE_UP))
    assert [(s.where, s.grade) for s in reading.sentences] == [
        ("introduction", 1.3), ("introduction", 0.7), ("question 1", 0.0),
        ("question 1, a statement", 7.4), ("question 1, a statement", 20.7)]
    assert (reading.median, reading.worst, reading.reading_age) == (1.3, 20.7, 6)
    assert [(s.where, s.grade) for s in reading.hardest()] == [
        ("question 1, a statement", 20.7), ("question 1, a statement", 7.4),
        ("introduction", 1.3)]
    assert level_words(reading) == (
        "Reading level: most sentences suit age 6 (grade 1.3); the hardest suits age 26 "
        "(grade 20.7). Young people read most easily at about age 9.")


def test_survey_check_prints_the_reading_level_and_hardest_sentences(tmp_path):
    made_up = tmp_path / "made-up.yaml"
    made_up.write_text(MADE_UP)
    result = CliRunner().invoke(cli, ["check", str(made_up)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[1:] == [
        "  Reading level: most sentences suit age 6 (grade 1.3); the hardest suits age 26 (grade 20.7). "
        "Young people read most easily at about age 9.",
        "  The hardest sentences:",
        "    age 26 (grade 20.7), question 1, a statement: ‘Independent advocacy "
        "services communicate effectively with looked after children.’",
        "    age 12 (grade 7.4), question 1, a statement: ‘Your social worker visits you "
        "often enough.’",
        "    age 6 (grade 1.3), introduction: ‘We want to hear what you think about your home.’",
    ]


def test_the_builder_shows_the_reading_level(staff_client):
    page = staff_client.get(f"/staff/builder/c/{TRAFFORD}")
    assert page.status_code == 200
    assert "Reading level: most sentences suit age 13 (grade 8.4)" in page.text
    assert "title: ‘Corporate Parenting Strategy Review 2018-20’" in page.text
    assert page.text.count("<li>age ") == 3
