"""Charts of choice questions (analysis.choice_charts): drawn from published summaries, every
figure worked out by hand in the comments, and nothing the disclosure rules hide."""
from __future__ import annotations

import textwrap
import xml.etree.ElementTree as ET

import pytest

from analysis import choice_charts
from analysis.disclosure import HIDDEN, publish
from analysis.summary import summarise
from survey.definition import load_text
from survey.results.reports import charts_of
from survey.store.responses import StoredResponse

SVG = "{http://www.w3.org/2000/svg}"
YES_NO = textwrap.dedent("""\
    id: listened
    title: Being listened to
    organisation: {name: Test Council}
    introduction: For tests.
    breakdown: who
    sections:
      - id: s
        title: S
        questions:
          - id: who
            type: single_choice
            text: Who are you?
            options:
              - {id: yp, label: A young person in care}
              - {id: cl, label: A care leaver}
          - id: heard
            type: single_choice
            text: Do you feel listened to?
            options:
              - {id: "yes", label: "Yes"}
              - {id: "no", label: "No"}
              - {id: not-sure, label: Not sure}
          - id: helps
            type: multiple_choice
            text: What helps you?
            options:
              - {id: worker, label: My worker}
              - {id: friends, label: Friends}
          - id: told
            type: single_choice
            text: Were you told about your rights?
            options:
              - {id: "yes", label: "Yes"}
              - {id: "no", label: "No"}
          - id: feel
            type: likert
            text: How much do you agree?
            scale: agreement
            statements:
              - {id: safe, text: I feel safe}
    """)
QUESTIONNAIRE = load_text(YES_NO, "listened.yaml")


def responses(heard: list[str], who: list[str] | None = None) -> list[StoredResponse]:
    """One response per answer in `heard` ("" for none); every one says what helps (the first
    six say both), the first six say whether they were told, and who answered is `who`."""
    who = who or ["yp"] * len(heard)
    rows = []
    for i, (answer, group) in enumerate(zip(heard, who)):
        answers = {("who", ""): (group,), ("feel", "safe"): ("agree",),
                   ("helps", ""): ("worker", "friends") if i < 6 else ("worker",)}
        if answer:
            answers[("heard", "")] = (answer,)
        if i < 6:
            answers[("told", "")] = ("yes",)
        rows.append(StoredResponse(i + 1, "2026-02-01T12:00Z", answers=answers))
    return rows


# 6 Yes, 4 No, 1 Not sure: 11 answered, all 11 in the base.
SIX_FOUR_ONE = ["yes"] * 6 + ["no"] * 4 + ["not-sure"]


@pytest.fixture(scope="module")
def published():
    return publish(summarise(QUESTIONNAIRE, responses(SIX_FOUR_ONE)))


def texts(svg: bytes) -> list[str]:
    return ["".join(t.itertext()) for t in ET.fromstring(svg).iter(f"{SVG}text")]


def test_a_yes_no_not_sure_question_is_charted_with_the_figures_worked_by_hand(published):
    # 6/11 = 54.5% -> 55%; 4/11 = 36.4% -> 36%; 1/11 = 9.1% -> 9%.
    chart = next(c for c in charts_of(published) if c.name == "heard")
    assert chart.title == "Do you feel listened to?"
    assert chart.alt == (
        'Bar chart of answers to "Do you feel listened to?", answered by 11. Yes: 55% (6); '
        "No: 36% (4); Not sure: 9% (1). Percentages are of the 11 who gave a counted answer.")
    svg = chart.draw("svg")
    drawn = texts(svg)
    assert {"Do you feel listened to?", "Yes", "No", "Not sure", "55% (6)", "36% (4)",
            "9% (1)"} <= set(drawn)
    assert HIDDEN not in drawn
    assert chart.draw("png").startswith(b"\x89PNG")


def test_every_closed_question_is_charted_in_order_and_the_breakdown_once(published):
    # "who" splits the results: its answers are the "Who responded" chart, not drawn twice.
    assert [(c.name, c.title) for c in charts_of(published)] == [
        ("heard", "Do you feel listened to?"), ("helps", "What helps you?"),
        ("told", "Were you told about your rights?"), ("feel", "How much do you agree?"),
        ("respondents", "Who responded")]


def test_a_question_answered_by_fewer_than_the_threshold_shows_no_figures(published):
    # "told": 6 of the 11 answered, fewer than 10, so only that 6 answered is said.
    chart = next(c for c in charts_of(published) if c.name == "told")
    assert chart.alt == ('Bar chart of answers to "Were you told about your rights?". 6 answered '
                         "this question: fewer than 10, so its figures are not shown.")
    drawn = texts(chart.draw("svg"))
    assert drawn.count(HIDDEN) == 2                     # Yes and No
    assert not any("%" in t for t in drawn)


def test_many_choices_can_add_up_to_more_than_100(published):
    # 11 ticked "My worker" (100%), the first 6 "Friends" too: 6/11 = 54.5% -> 55%.
    chart = next(c for c in charts_of(published) if c.name == "helps")
    assert "My worker: 100% (11); Friends: 55% (6)." in chart.alt
    assert choice_charts.MANY in chart.alt
    assert {"100% (11)", "55% (6)"} <= set(texts(chart.draw("svg")))


def test_a_small_group_of_the_breakdown_is_hidden_with_the_next_smallest():
    # The yes/no question as the breakdown: 12 Yes, 10 No, 1 Not sure. The 1 is under 10, so
    # hidden; alone it could be worked out (23 - 12 - 10), so the smallest shown group (No, 10)
    # is hidden too, making 11 hidden, at least 10. Yes (12) is shown, as a count only.
    text = YES_NO.replace("breakdown: who", "breakdown: heard")
    questionnaire = load_text(text, "listened.yaml")
    heard = ["yes"] * 12 + ["no"] * 10 + ["not-sure"]
    summary = publish(summarise(questionnaire, responses(heard)))
    choice = summary.choices["heard"]
    assert [n for _, _, n in choice.counts] == [12, None, None]
    svg = choice_charts.choice_chart(choice, "Test", summary.threshold, False, "svg")
    drawn = texts(svg)
    assert "12" in drawn and drawn.count(HIDDEN) == 2
    assert not any(t in drawn for t in ("10", "1", "43% (10)", "4% (1)"))
    alt = choice_charts.choice_alt_text(choice, summary.threshold, False)
    assert f"Yes: 12; No: {HIDDEN}; Not sure: {HIDDEN}." in alt
    assert "Percentages are not shown while a group is hidden" in alt
    # The page's charts draw that question once, as "Who responded", hidden the same way.
    assert [c.name for c in charts_of(summary)].count("heard") == 0


def test_nobody_answering_a_question_says_so():
    summary = publish(summarise(QUESTIONNAIRE, responses([""] * 11)))
    alt = next(c for c in charts_of(summary) if c.name == "heard").alt
    assert alt == 'Bar chart of answers to "Do you feel listened to?", answered by 0. No one has answered yet.'
