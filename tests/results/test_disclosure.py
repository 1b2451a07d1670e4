"""The disclosure layer's rules, one by one, on small summaries worked out by hand.

`tests/results/test_disclosure_attack.py` attacks the files managers get; these check each rule of
`analysis.disclosure` on its own, so a broken rule names itself.
"""
from __future__ import annotations

import textwrap

import pytest

from analysis.disclosure import (HIDDEN, Audience, count_table, hidden_cells, publish,
                                 quoted_only, rules, shown_total)
from analysis.summary import NOT_ANSWERED, summarise
from analysis.turnout import Channel, Turnout
from survey.definition import load_text
from survey.store.responses import StoredResponse

QUESTIONNAIRE = load_text(textwrap.dedent("""\
    id: rules
    title: Rules
    organisation: {name: Test Council}
    breakdown: who
    sections:
      - id: s
        title: Views
        questions:
          - id: who
            type: single_choice
            text: Who are you?
            options:
              - {id: yp, label: A young person in care}
              - {id: cl, label: A care leaver}
              - {id: fc, label: A foster carer}
            other: Someone else
          - id: views
            number: 2
            type: likert
            text: How much do you agree?
            scale: agreement
            statements:
              - {id: heard, text: I am listened to}
              - {id: help, text: I know where to get help}
          - id: age
            type: single_choice
            text: How old are you?
            options:
              - {id: under-16, label: Under 16}
              - {id: over-16, label: 16 or over}
          - id: more
            type: long_text
            text: Anything else?
    """), "rules.yaml")


def person(rid, who=None, heard=None, help_=None, age=None, more=None, other=None, day=1):
    answers = {("who", ""): (who,) if who else (), ("views", "heard"): (heard,) if heard else (),
               ("views", "help"): (help_,) if help_ else (), ("age", ""): (age,) if age else (),
               ("more", ""): (more,) if more else (), ("who", "other"): (other,) if other else ()}
    return StoredResponse(rid, f"2026-02-{day:02d}T10:{rid % 60:02d}Z",
                          answers={k: v for k, v in answers.items() if v})


def people(*groups):
    """(count, who, heard, help) tuples -> responses, numbered from 1."""
    rows, rid = [], 0
    for count, who, heard, help_ in groups:
        for _ in range(count):
            rid += 1
            rows.append(person(rid, who, heard, help_))
    return rows


def statement(summary, statement_id, group=None):
    likert = (summary.likert["views"] if group is None
              else summary.breakdown.likert[("views", group)])
    return next(s for s in likert.statements if s.statement.id == statement_id)


# -- rule 1: a table whose total is below the threshold shows no figures --------------------

def test_fewer_than_ten_responses_publish_no_figure_at_all():
    team = summarise(QUESTIONNAIRE, people((3, "yp", "agree", "agree")))
    published = publish(team)
    assert (team.responses, published.responses, published.too_few) == (3, None, True)
    assert published.likert == {} and published.choices == {} and published.breakdown is None
    assert (published.first_submitted, published.last_submitted) == (None, None)
    assert publish(summarise(QUESTIONNAIRE, [])).responses == 0     # nobody: nothing to hide


def test_a_statement_answered_by_fewer_than_ten_shows_only_its_n():
    # 12 people: all answered "heard" (Agree); 4 answered "help" (Disagree), 8 skipped it.
    rows = people((4, "yp", "agree", "disagree"), (8, "yp", "agree", None))
    published = publish(summarise(QUESTIONNAIRE, rows))
    heard, help_ = statement(published, "heard"), statement(published, "help")
    assert (heard.shown, heard.base, heard.counts) == (True, 12, (0, 12, 0, 0, 0))
    assert (help_.shown, help_.base, help_.counts, help_.percents) == (False, 4, (), ())
    assert (help_.top, help_.net, help_.median, help_.dont_know) == (None, None, None, None)


def test_a_statement_whose_dont_knows_bring_it_to_ten_still_hides_a_base_under_ten():
    # 3 picked a point, 9 said "Don't know": 12 answered, but the percentages would be of 3.
    rows = people((3, "yp", "agree", None), (9, "yp", "dont-know", None))
    assert statement(publish(summarise(QUESTIONNAIRE, rows)), "heard").shown is False


def test_a_choice_question_answered_by_fewer_than_ten_shows_only_how_many():
    rows = people((12, "yp", "agree", "agree"))
    rows += [person(100 + i, age="under-16") for i in range(3)]
    age = publish(summarise(QUESTIONNAIRE, rows)).choices["age"]
    assert (age.shown, age.answered, age.base) == (False, 3, None)
    assert [n for _, _, n in age.counts] == [None, None]


# -- rule 2: small groups, and more until the hidden ones together reach the threshold -------

def test_the_issues_attack_is_closed():
    # 12 young people in care all Agree; 3 care leavers and 1 foster carer all Strongly
    # disagree. Hiding only the 3 and the 1 left everyone (12 Agree, 4 Strongly disagree) minus
    # the young people (12 Agree) = the 4 hidden people's answers. Now 3 + 1 = 4 < 10, so the
    # next smallest, the 12 young people, are hidden too, and no group's answers are shown.
    rows = people((12, "yp", "agree", "agree"), (3, "cl", "strongly-disagree", "agree"),
                  (1, "fc", "strongly-disagree", "agree"))
    published = publish(summarise(QUESTIONNAIRE, rows))
    assert [(g.id, g.suppressed) for g in published.breakdown.groups] == [
        ("yp", True), ("cl", True), ("fc", True)]
    assert published.breakdown.likert == {}
    who = published.choices["who"]
    assert [n for _, _, n in who.counts] == [None, None, None, 0]
    assert set(who.percents) == {None} and who.base is None


@pytest.mark.parametrize("counts, hidden", [
    ({"a": 12, "b": 3, "c": 1}, {"a", "b", "c"}),
    ({"a": 30, "b": 3, "c": 12}, {"b", "c"}),          # 3, then 12: 15 hidden
    ({"a": 30, "b": 4, "c": 6}, {"b", "c"}),           # 10 hidden: enough
    ({"a": 30, "b": 9, "c": 0}, {"a", "b"}),           # an empty group is never picked
])
def test_hidden_cells(counts, hidden):
    assert hidden_cells(counts) == hidden


def test_count_tables_and_totals():
    assert count_table({"online": 30, "paper": 4, "group": 0}) == {
        "online": None, "paper": None, "group": 0}
    assert count_table({"online": 6, "paper": 2}) == {"online": None, "paper": None}
    assert count_table({"online": 20, "paper": 15}) == {"online": 20, "paper": 15}
    assert (shown_total(0), shown_total(9), shown_total(10)) == (0, None, 10)


def test_the_breakdown_questions_percentages_go_while_a_group_is_hidden():
    # 20 young people, 15 care leavers, 4 foster carers, 6 someone else: 4 + 6 = 10 hidden.
    # With 4 + 6 hidden, % of the 35 shown would give the base (45) and so the hidden 10.
    rows = people((20, "yp", "agree", "agree"), (15, "cl", "agree", "agree"),
                  (4, "fc", "agree", "agree"), (6, "other", "agree", "agree"))
    who = publish(summarise(QUESTIONNAIRE, rows)).choices["who"]
    assert [(oid, n) for oid, _, n in who.counts] == [
        ("yp", 20), ("cl", 15), ("fc", None), ("other", None)]
    assert set(who.percents) == {None} and who.answered == 45


def test_not_answered_is_a_group_like_any_other():
    # 25 young people, 3 who skipped "who", 12 care leavers: 3 hidden, then the 12 (3 < 10).
    rows = people((25, "yp", "agree", "agree"), (3, None, "agree", "agree"),
                  (12, "cl", "agree", "agree"))
    published = publish(summarise(QUESTIONNAIRE, rows))
    assert [(g.id, g.suppressed) for g in published.breakdown.groups] == [
        ("yp", False), ("cl", True), (NOT_ANSWERED, True)]
    assert published.choices["who"].answered is None      # 40 - answered would give the 3


# -- rule 3: one pattern per breakdown; statements within a shown group ----------------------

def test_a_statement_answered_by_fewer_than_ten_in_a_shown_group_shows_its_n_only():
    # 30 young people (25 answered "help"), 12 care leavers (4 answered "help"), 10 foster
    # carers (all answered it). Groups 30, 12 and 10: none under 10, none hidden.
    rows = people((25, "yp", "agree", "agree"), (5, "yp", "agree", None),
                  (4, "cl", "agree", "disagree"), (8, "cl", "agree", None),
                  (10, "fc", "agree", "agree"))
    published = publish(summarise(QUESTIONNAIRE, rows))
    assert not any(g.suppressed for g in published.breakdown.groups)
    care_leavers = statement(published, "help", "cl")
    assert (care_leavers.shown, care_leavers.base, care_leavers.percents) == (False, 4, ())
    # Everyone's "help" (25 + 4 + 10 = 39) minus the young people's (25) and the carers' (10)
    # would leave the 4 care leavers' answers. So rule 3 holds back the percentages of the
    # smallest other group with them, the carers (10): 39 - 25 = 14 left over, enough.
    carers, young = statement(published, "help", "fc"), statement(published, "help", "yp")
    assert carers.shown is False and young.shown is True
    assert statement(published, "heard", "cl").shown is True     # all 12 answered it


def test_every_table_of_a_breakdown_hides_the_same_groups():
    rows = people((20, "yp", "agree", "agree"), (3, "cl", "disagree", "disagree"),
                  (11, "fc", "agree", None))
    published = publish(summarise(QUESTIONNAIRE, rows))
    hidden = {g.id for g in published.breakdown.groups if g.suppressed}
    assert hidden == {"cl", "fc"}
    assert {gid for _, gid in published.breakdown.likert} == {"yp"}
    assert {oid for oid, _, n in published.choices["who"].counts if n is None} == hidden


# -- rule 4: comments ---------------------------------------------------------------------

def test_comments_lose_their_ids_their_order_and_anything_withheld():
    rows = [person(1, "yp", more="Zebra crossings"), person(2, "yp", more="apples"),
            person(3, "yp", more="My carer hurts me"), person(4, "yp", more="Better wifi")]
    rows += people((10, "yp", "agree", "agree"))
    team = summarise(QUESTIONNAIRE, rows)
    assert [c.response_id for c in team.comments["more"]] == [1, 2, 3, 4]
    published = publish(team, withheld={(3, "more", "")})
    assert [(c.response_id, c.text) for c in published.comments["more"]] == [
        (None, "apples"), (None, "Better wifi"), (None, "Zebra crossings")]
    # Nothing in what is published says that anything was withheld.
    assert not any("withheld" in name for name in vars(published))


def test_only_quoted_comments_stay_and_a_withheld_one_never_comes_back():
    rows = [person(1, "yp", more="Zebra crossings"), person(2, "yp", more="apples"),
            person(3, "yp", more="My carer hurts me")]
    rows += people((10, "yp", "agree", "agree"))
    published = publish(summarise(QUESTIONNAIRE, rows), withheld={(3, "more", "")})
    quoted = quoted_only(published, {("more", "", "apples"), ("more", "", "My carer hurts me")})
    assert [c.text for c in quoted.comments["more"]] == ["apples"]
    assert quoted.comments["who"] == [] and quoted.likert == published.likert
    assert quoted_only(published, ()).comments == {"who": [], "more": []}
    with pytest.raises(ValueError):
        quoted_only(summarise(QUESTIONNAIRE, rows), {("more", "", "apples")})


def test_fewer_than_ten_responses_publish_no_comment_either():
    # Counting the comments to a required question would give the number away, and with one
    # response they would be one child's every answer.
    rows = [person(1, "yp", more="I like my carer"), person(2, "yp", more="More trips")]
    published = publish(summarise(QUESTIONNAIRE, rows, {}, ["Trips"]))
    assert published.comments == {"who": [], "more": []} and published.themes is None


def test_the_other_words_of_a_hidden_group_are_not_published():
    rows = people((20, "yp", "agree", "agree"))
    rows.append(person(99, "other", other="My social worker's cousin"))
    assert publish(summarise(QUESTIONNAIRE, rows)).comments["who"] == []
    rows += [person(100 + i, "other", other=f"Advocate {i}") for i in range(12)]
    shown = publish(summarise(QUESTIONNAIRE, rows)).comments["who"]
    assert len(shown) == 13      # 13 in "Someone else": shown, and so are their words


def test_themes_count_only_what_is_published():
    rows = [person(1, "yp", more="Money"), person(2, "yp", more="More money")]
    rows += people((10, "yp", "agree", "agree"))
    tags = {(1, "more", ""): ["Money"], (2, "more", ""): ["Money"]}
    team = summarise(QUESTIONNAIRE, rows, tags, ["Money"])
    assert team.themes.count("Money", "more") == 2
    assert publish(team, withheld={(2, "more", "")}).themes.count("Money", "more") == 1


# -- rule 5: dates --------------------------------------------------------------------------

def test_dates_are_days_never_times():
    rows = people((12, "yp", "agree", "agree"))
    published = publish(summarise(QUESTIONNAIRE, rows))
    assert (published.first_submitted, published.last_submitted) == ("2026-02-01", "2026-02-01")


def test_a_summary_is_published_once():
    published = publish(summarise(QUESTIONNAIRE, []))
    with pytest.raises(ValueError, match="already published"):
        publish(published)


# -- who took part ------------------------------------------------------------------------

def test_the_turnout_sentence_for_each_audience():
    # 40 invited: 6 online, 1 on paper, one group session of 8 people: 15 took part, 37.5%.
    turnout = Turnout(40, {"online": Channel(6, 6), "paper": Channel(1, 1),
                           "group": Channel(1, 8)})
    assert turnout.sentence() == (
        "15 of 40 invited took part (37.5%): 6 online, 1 on paper, 8 in 1 group session.")
    # Published: 8 responses are fewer than 10.
    assert turnout.sentence(10) == "There were fewer than 10 responses, from the 40 invited."
    bigger = Turnout(40, {"online": Channel(26, 26), "paper": Channel(2, 2),
                          "group": Channel(1, 9)})
    # 29 responses: paper (2) and group (1) hidden, 3 < 10, so online (26) hidden too.
    assert bigger.sentence(10) == "37 of 40 invited took part (92.5%)."
    assert Turnout(None, {"online": Channel(12, 12)}).sentence(10) == (
        "12 people took part: 12 online.")


def test_every_audience_and_rule_is_described_in_words():
    assert Audience.TEAM.published is False and Audience.MANAGERS.published is True
    assert "personal data" in Audience.TEAM.description
    assert all(len(text) > 40 for _, text in rules(10))
    assert HIDDEN == "not shown (small numbers)"
