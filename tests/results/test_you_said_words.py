"""'You said' in plain words (analysis.you_said), from published summaries only, checked against
shares worked out by hand; and the reading warning on an officer's words."""
from __future__ import annotations

import textwrap
import pytest

from analysis.disclosure import publish
from analysis.summary import summarise
from analysis.you_said import (GROUPS_HIDDEN, HIDDEN, NO_COMMENTS, NOBODY, TOO_FEW, WARN_AGE,
                               question_said, reading_warning, share, statement_said, theme_said)
from survey.definition import load_text
from survey.store.responses import StoredResponse

DEFINITION = textwrap.dedent("""\
    id: said
    title: Said
    organisation: {name: Test Council}
    sections:
      - id: views
        questions:
          - id: who
            type: single_choice
            text: Who are you?
            options: [{id: yp, label: A young person in care}, {id: cl, label: A care leaver}]
          - id: home
            type: likert
            text: How well informed do you feel?
            scale: informed
            statements:
              - {id: stay, text: Staying in the same placement.}
              - {id: few, text: Few answered this}
          - id: ideas
            type: long_text
            text: What would you change?
    """)
Q = load_text(DEFINITION)


def responses(stay: list[str], few: int = 0, who: list[str] = (), ideas: int = 0):
    """One response per answer to 'stay'; the first `few` also answer 'few' ('quite'); `who`
    and `ideas` (a written answer) are given by the first responses."""
    found = []
    for n, point in enumerate(stay):
        answers = {("home", "stay"): (point,)}
        if n < few:
            answers[("home", "few")] = ("quite",)
        if n < len(who):
            answers[("who", "")] = (who[n],)
        if n < ideas:
            answers[("ideas", "")] = (f"idea {n}",)
        found.append(StoredResponse(n + 1, "2026-01-05T09:00:00Z", answers=answers))
    return found


def published(found, threshold=10, tags=None, themes=None):
    return publish(summarise(Q, found, tags, themes), threshold)


@pytest.mark.parametrize("part, whole, words", [
    (14, 20, "7 in 10 of you"),            # exactly 7 tenths
    (13, 20, "About 7 in 10 of you"),      # 6.5 tenths: half rounds up
    (12, 20, "6 in 10 of you"),
    (10, 20, "Half of you"),
    (11, 24, "About half of you"),         # 4.58 tenths -> 5
    (1, 4, "About 3 in 10 of you"),        # 2.5 tenths -> 3
    (1, 30, "Fewer than 1 in 10 of you"),  # 0.33 tenths -> 0, but not none
    (29, 30, "Nearly all of you"),         # 9.67 tenths -> 10, but not all
    (0, 12, "None of you"),
    (12, 12, "All of you"),
])
def test_a_share_in_words(part, whole, words):
    assert share(part, whole) == words


def test_a_share_must_be_of_people():
    with pytest.raises(ValueError):
        share(3, 0)
    with pytest.raises(ValueError):
        share(5, 4)


def test_a_statement_says_the_share_in_its_top_points():
    # 20 answered: 8 'very-well' + 6 'quite' = 14 in the top two points -> "7 in 10"
    found = responses(["very-well"] * 8 + ["quite"] * 6 + ["not-very"] * 6)
    said = statement_said(published(found), "home", "stay")
    assert said.text == ("7 in 10 of you said ‘Very well’ or ‘Quite’ to "
                         "‘Staying in the same placement’.")
    assert said.why == ""


def test_a_team_summary_is_refused():
    with pytest.raises(ValueError):
        statement_said(summarise(Q, responses(["quite"] * 20)), "home", "stay")


def test_too_few_responses_give_no_figure():
    said = statement_said(published(responses(["quite"] * 9)), "home", "stay")
    assert said.text == "" and said.why == TOO_FEW.format(threshold=10)


def test_a_statement_few_answered_gives_no_figure():
    # 20 responses, 3 answered 'few': hidden by the disclosure rules, so no sentence
    said = statement_said(published(responses(["quite"] * 20, few=3)), "home", "few")
    assert said.text == "" and said.why == HIDDEN.format(threshold=10)
    assert statement_said(published(responses(["quite"] * 20)), "home", "few").why == NOBODY


def test_a_choice_question_says_its_most_picked_option():
    # 20 answered: 12 care leavers, 8 in care -> 12 of 20 = "6 in 10"
    found = responses(["quite"] * 20, who=["cl"] * 12 + ["yp"] * 8)
    said = question_said(published(found), "who")
    assert said.text == "6 in 10 of you picked ‘A care leaver’ for ‘Who are you’."


def test_a_hidden_group_gives_no_figure_for_the_breakdown():
    breakdown = DEFINITION.replace("sections:", "breakdown: who\nsections:")
    q = load_text(breakdown)
    # 20 answered: 17 care leavers, 3 in care: the group of 3 is hidden, and so the question's
    # percentages (rule 3): no figure
    found = responses(["quite"] * 20, who=["cl"] * 17 + ["yp"] * 3)
    said = question_said(publish(summarise(q, found), 10), "who")
    assert said.text == "" and said.why == GROUPS_HIDDEN


def test_a_question_to_write_in_says_how_many_wrote():
    said = question_said(published(responses(["quite"] * 12, ideas=4)), "ideas")
    assert said.text == "4 of you wrote an answer to ‘What would you change’."


def test_a_theme_says_how_many_comments_have_it():
    found = responses(["quite"] * 12, ideas=4)
    tags = {(1, "ideas", ""): ("Food",), (2, "ideas", ""): ("Food",), (3, "ideas", ""): ("Pets",)}
    summary = published(found, tags=tags, themes=["Food", "Pets", "Rooms"])
    assert theme_said(summary, "Food").text == "2 of your comments were about ‘Food’."
    assert theme_said(summary, "Pets").text == "1 of your comments was about ‘Pets’."
    assert theme_said(summary, "Rooms").why == NO_COMMENTS


def test_plain_words_get_no_reading_warning():
    assert reading_warning("‘We will’", "We will ask your carer to call you back in a day.") == ""


def test_hard_words_get_a_warning_naming_them():
    text = ("The participation team will commission an independent evaluation of contact "
            "arrangements, incorporating recommendations.")
    warning = reading_warning("‘We will’", text)
    assert warning.startswith("Saved, but ‘We will’ may be hard")
    assert f"‘{text}’ suits age" in warning
    for word in ("participation", "evaluation", "independent"):
        assert word in warning
    assert "comment," not in warning                   # not every word, only the long ones
    assert WARN_AGE == 11
