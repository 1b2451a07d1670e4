"""survey.definition.differences: what a save changes, said in the officer's words (question
numbers and text, statement and option words, section titles), never in ids. Every expected
sentence below is written out by hand."""
from __future__ import annotations

import re
import textwrap

from survey.definition import load_text
from survey.definition.differences import (NOTHING, SAVED, Answered, describe, quoted, refusals,
                                           sentences)

BEFORE = textwrap.dedent("""\
    id: youth-club
    title: Youth club
    introduction: Tell us about the club.
    organisation: {name: Test Council}
    sections:
      - id: sec-about
        title: About you
        questions:
          - {id: q-who, number: 1, type: single_choice, text: Who are you?, options: [
              {id: opt-in-care, label: A young person in care}, {id: opt-leaver, label: A care leaver}]}
          - {id: q-age, number: 2, type: short_text, text: How old are you?}
          - id: q-places
            number: 3
            type: likert
            text: How safe do you feel?
            scale: agreement
            statements:
              - {id: st-meet, text: Where you meet}
              - {id: st-home, text: At home}
          - {id: q-anything, number: 4, type: long_text, text: Anything else?}
      - id: sec-club
        title: The club
        questions:
          - {id: q-best, type: long_text, text: What is the best thing about the club?}
    """)


def changed(*edits: tuple[str, str]):
    """BEFORE loaded, and BEFORE with each (old, new) text replaced, loaded."""
    text = BEFORE
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new, 1)
    return load_text(BEFORE, "youth-club.yaml"), load_text(text, "youth-club.yaml")


def test_a_reworded_question_is_named_by_its_number_and_words():
    old, new = changed(("text: How old are you?", "text: How old are you now?"))
    assert describe(old, new) == [
        "Question 2 \u2018How old are you?\u2019 will read \u2018How old are you now?\u2019"]
    assert describe(old, new, SAVED) == [
        "Question 2 \u2018How old are you?\u2019 now reads \u2018How old are you now?\u2019"]


def test_a_reworded_statement_is_named_by_its_words_and_its_question():
    old, new = changed(("text: Where you meet", "text: Where you see them"))
    assert describe(old, new) == [
        "The statement \u2018Where you meet\u2019 in question 3 will read \u2018Where you see them\u2019"]


def test_a_required_question_and_a_new_one():
    old, new = changed(("text: Anything else?}", "text: Anything else?, required: true}\n"
                        "      - {id: likes, number: 5, type: long_text, text: What do you like?}"))
    assert describe(old, new) == [
        "Question 4 \u2018Anything else?\u2019 will be required",
        "A new question: \u2018What do you like?\u2019"]
    assert describe(old, new, SAVED)[0] == "Question 4 \u2018Anything else?\u2019 is now required"


def test_settings_say_what_they_become_where_that_is_simple():
    old, new = changed(("introduction: Tell us about the club.", "introduction: Tell us more.\n"
                        "layout: pages"), ("title: Youth club", "title: Our youth club"))
    assert describe(old, new) == [
        "The title will be \u2018Our youth club\u2019",
        "The introduction will change",
        "The layout will be one page at a time, with a check page at the end"]


def test_the_results_date_is_said_in_words_never_as_written_in_the_file():
    old, new = changed(("introduction: Tell us about the club.",
                        "introduction: Tell us about the club.\nresults_by: 2027-06-30"))
    assert describe(old, new) == [
        "The date we tell young people what we did will be 30 June 2027"]
    assert describe(old, new, SAVED) == [
        "The date we tell young people what we did is now 30 June 2027"]
    assert describe(new, old) == ["There will be no date for telling young people what we did"]


def test_the_council_s_details_are_said_apart():
    old, new = changed(("organisation: {name: Test Council}",
                        "organisation: {name: Sefton Council, contact: 0800 123}"))
    assert describe(old, new) == ["The council\u2019s name will be \u2018Sefton Council\u2019",
                                  "The council\u2019s contact details will change"]


def test_a_new_scale_and_no_breakdown():
    old, new = changed(("scale: agreement", "scale: yes-no"),
                       ("title: Youth club", "title: Youth club\nbreakdown: q-who"))
    assert describe(old, new, SAVED) == [
        "Results are now split by the answers to question 1 \u2018Who are you?\u2019",
        "The answers to question 3 \u2018How safe do you feel?\u2019 are now: Yes, No, Not sure"]
    assert describe(new, old)[0] == "Each result will be for everyone together, not split by a question"


def test_a_question_without_a_number_is_named_by_its_words():
    old, new = changed(("text: What is the best thing about the club?}",
                        "text: What is the best thing about the club?, required: true}"))
    assert describe(old, new) == [
        "The question \u2018What is the best thing about the club?\u2019 will be required"]


def test_options_sections_and_order():
    old, new = changed(("label: A care leaver", "label: Someone who has left care"),
                       ("title: The club", "title: Our club"))
    assert describe(old, new) == [
        "The section \u2018The club\u2019 will be called \u2018Our club\u2019",
        "The option \u2018A care leaver\u2019 in question 1 will read \u2018Someone who has left care\u2019"]
    old, new = changed(("- {id: st-meet, text: Where you meet}\n          - {id: st-home, text: At home}",
                        "- {id: st-home, text: At home}\n          - {id: st-meet, text: Where you meet}"))
    assert describe(old, new) == ["The statements in question 3 will be in a new order"]


def test_a_removed_and_a_retired_part():
    old, new = changed(("          - {id: st-home, text: At home}\n", ""),
                       ("text: How old are you?}", "text: How old are you?, retired: true}"))
    assert describe(old, new) == [
        "Question 2 \u2018How old are you?\u2019 will no longer be asked (its answers stay in the results)",
        "The statement \u2018At home\u2019 in question 3 will be removed"]


def test_long_words_are_cut_at_a_space():
    long = ("Helping children stay in the same placement for longer even when things get "
            "difficult.")
    assert quoted(long) == "\u2018Helping children stay in the same placement for longer even\u2026\u2019"
    assert quoted("Short words") == "\u2018Short words\u2019"


def test_many_statements_reworded_are_said_in_one_sentence():
    many = "".join(f"          - {{id: s{n}, text: Place {n}}}\n" for n in range(1, 8))
    reworded = many.replace("Place", "Spot")
    old_text = BEFORE.replace("          - {id: st-meet, text: Where you meet}\n"
                              "          - {id: st-home, text: At home}\n", many)
    old = load_text(old_text, "youth-club.yaml")
    new = load_text(old_text.replace(many, reworded), "youth-club.yaml")
    assert describe(old, new) == [
        "7 statements in question 3 will read differently: "
        + "; ".join(f"\u2018Spot {n}\u2019 instead of \u2018Place {n}\u2019" for n in range(1, 8))]


def test_no_sentence_names_an_id():
    old, new = changed(
        ("text: How old are you?", "text: How old are you now?"),
        ("text: Where you meet", "text: Where you see them"),
        ("          - {id: st-home, text: At home}\n", "          - {id: st-bus, text: On the bus}\n"),
        ("label: A care leaver", "label: A care leaver now"),
        ("text: Anything else?}", "text: Anything else?, required: true, comment: Say more}"),
        ("title: The club", "title: Our club"))
    said = " ".join(describe(old, new) + describe(old, new, SAVED))
    assert not re.search(r"\b(q|st|opt|sec)-", said), said


def test_nothing_and_the_message_after_a_save():
    old, _ = changed()
    assert describe(old, old) == [NOTHING]
    assert sentences(["A", "B"]) == "A. B."
    assert sentences([str(n) for n in range(9)]) == "0. 1. 2. 3. 4. And 4 other changes."


def test_refusals_name_parts_by_their_words():
    old, new = changed(("          - {id: st-meet, text: Where you meet}\n", ""),
                       ("      - {id: q-age, number: 2, type: short_text, text: How old are you?}\n", ""),
                       ("{id: opt-leaver, label: A care leaver}", ""))
    done = Answered(frozenset({("q-age", ""), ("q-places", "st-meet"), ("q-who", "")}),
                    frozenset({("q-who", "opt-leaver")}), 1)
    assert [r.split(", so")[0] for r in refusals(old, new, done)] == [
        "The option \u2018A care leaver\u2019 in question 1 has answers",
        "Question 2 \u2018How old are you?\u2019 has answers",
        "The statement \u2018Where you meet\u2019 in question 3 has answers"]
