"""Summaries and what the disclosure layer publishes of them, checked against figures worked out
by hand.

Twelve responses to a small inline questionnaire are listed in ROWS; every expected number is
worked out in the comments next to the tests, not by the code under test.
"""
from __future__ import annotations

import textwrap

import pytest

from analysis.summary import NOT_ANSWERED, Comment, Group, percent, summarise
from analysis.disclosure import DEFAULT_THRESHOLD, hidden_cells, publish
from survey.definition import load_text
from survey.store.responses import StoredResponse

DEFINITION = textwrap.dedent("""\
    id: fixture
    title: Fixture consultation
    organisation:
      name: Test Council
    introduction: For tests.
    breakdown: who
    sections:
      - id: views
        title: Your views
        questions:
          - id: who
            type: single_choice
            text: Who are you?
            options:
              - {id: yp, label: A young person in care}
              - {id: cl, label: A care leaver}
              - {id: carer, label: A foster carer}
              - {id: worker, label: A social worker}
            other: Other
          - id: views
            type: likert
            text: How much do you agree?
            scale: agreement
            statements:
              - {id: heard, text: I am listened to}
              - {id: help, text: I know where to get help}
              - {id: none, text: Nobody picked a point for this one}
          - id: contact
            type: multiple_choice
            text: How should we keep in touch?
            options:
              - {id: text, label: Text message}
              - {id: email, label: Email}
              - {id: letter, label: Letter}
          - id: ideas
            type: long_text
            text: Any ideas?
    """)
QUESTIONNAIRE = load_text(DEFINITION, "test.yaml")
SA, A, N, D, SD, DK = ("strongly-agree", "agree", "neither", "disagree", "strongly-disagree",
                       "dont-know")

# id, submitted, who, Other text, heard, help, none, contact, ideas
ROWS = [
    (1, "2026-01-05T10:00Z", "yp", None, SA, A, None, ("text", "email"), "More activities"),
    (2, "2026-01-06T10:00Z", "yp", None, SA, A, None, ("text",), "   "),
    (3, "2026-01-07T10:00Z", "yp", None, A, N, None, ("text",), "Ring back when I call"),
    (4, "2026-01-08T10:00Z", "yp", None, A, N, None, ("email",), None),
    (5, "2026-01-09T10:00Z", "yp", None, A, D, None, ("text", "email", "letter"), None),
    (6, "2026-01-10T10:00Z", "cl", None, N, D, None, (), None),
    (7, "2026-01-11T10:00Z", "cl", None, D, SD, None, ("letter",), None),
    (8, "2026-03-31T16:59Z", "carer", None, SD, SD, None, (), None),
    (9, "2026-01-13T10:00Z", "other", "My nan", DK, None, None, (), None),
    (10, "2026-01-14T10:00Z", "other", "  ", DK, None, None, (), None),
    (11, "2026-01-15T10:00Z", None, None, None, None, DK, (), None),
    (12, "2026-01-01T08:30Z", "yp", None, SA, DK, None, (), None),
]


def response(rid, submitted, who, other, heard, help_, none, contact, ideas) -> StoredResponse:
    answers = {
        ("who", ""): (who,) if who else (),
        ("who", "other"): (other,) if other else (),
        ("views", "heard"): (heard,) if heard else (),
        ("views", "help"): (help_,) if help_ else (),
        ("views", "none"): (none,) if none else (),
        ("contact", ""): contact,
        ("ideas", ""): (ideas,) if ideas else (),
    }
    return StoredResponse(rid, submitted, answers={k: v for k, v in answers.items() if v})


RESPONSES = [response(*row) for row in ROWS]


@pytest.fixture
def summary():
    return summarise(QUESTIONNAIRE, RESPONSES)


def statement(summary, statement_id):
    return next(s for s in summary.likert["views"].statements if s.statement.id == statement_id)


def test_totals_and_dates(summary):
    assert summary.responses == 12
    assert summary.first_submitted == "2026-01-01T08:30Z"     # response 12, listed last
    assert summary.last_submitted == "2026-03-31T16:59Z"      # response 8


def test_likert_odd_base(summary):
    # "I am listened to": Strongly agree 1, 2, 12 = 3; Agree 3, 4, 5 = 3; Neither 6; Disagree 7;
    # Strongly disagree 8: base 9. Don't know 9, 10 = 2 (outside the base); 11 skipped it.
    heard = statement(summary, "heard")
    assert heard.counts == (3, 3, 1, 1, 1)
    assert heard.base == 9
    assert heard.dont_know == 2
    # 3/9 = 33.3%, 1/9 = 11.1%.
    assert heard.percents == pytest.approx((100 / 3, 100 / 3, 100 / 9, 100 / 9, 100 / 9))
    assert heard.top == pytest.approx(600 / 9)                # Agree = 6 of 9 = 66.7%
    assert heard.bottom == pytest.approx(200 / 9)             # Disagree = 2 of 9 = 22.2%
    assert heard.net == pytest.approx(400 / 9)                # 44.4 points
    # Sorted: SA SA SA A A | N D SD ... the 5th of 9 is Agree (cumulative 3, then 6 >= 4.5).
    assert heard.median == "Agree"


def test_likert_even_base(summary):
    # "I know where to get help": Agree 1, 2; Neither 3, 4; Disagree 5, 6; Strongly disagree
    # 7, 8: base 8, each 25%. Don't know: 12. Nobody picked Strongly agree.
    help_ = statement(summary, "help")
    assert help_.counts == (0, 2, 2, 2, 2)
    assert (help_.base, help_.dont_know) == (8, 1)
    assert help_.percents == (0.0, 25.0, 25.0, 25.0, 25.0)
    assert (help_.top, help_.bottom, help_.net) == (25.0, 50.0, -25.0)
    # The 4th and 5th of 8 are Neither and Disagree: the median is the point where the
    # cumulative count first reaches half the base (0, 2, then 4 >= 4): the lower one, Neither.
    assert help_.median == "Neither agree nor disagree"


def test_likert_no_base(summary):
    # Only response 11 answered "none", and with Don't know: base 0, so no percentages.
    none = statement(summary, "none")
    assert none.counts == (0, 0, 0, 0, 0)
    assert (none.base, none.dont_know) == (0, 1)
    assert none.percents == (0.0,) * 5
    assert (none.top, none.bottom, none.net, none.median) == (0.0, 0.0, 0.0, None)


def test_ranked_is_highest_top_first(summary):
    # % Agree: heard 66.7, help 25, none 0.
    ranked = summary.likert["views"].ranked()
    assert [s.statement.id for s in ranked] == ["heard", "help", "none"]


def test_ranked_ties_keep_questionnaire_order():
    # Two statements, both 1 of 1 agree: tied at 100%, so questionnaire order stays.
    rows = [StoredResponse(1, "2026-01-01T00:00Z", answers={
        ("views", "heard"): (A,), ("views", "help"): (SA,), ("views", "none"): (SA,)})]
    ranked = summarise(QUESTIONNAIRE, rows).likert["views"].ranked()
    assert [s.statement.id for s in ranked] == ["heard", "help", "none"]


def test_single_choice_counts_and_percents(summary):
    # Answered by everyone but 11: 11. Young person 1-5 and 12 = 6; care leaver 6, 7 = 2;
    # carer 8 = 1; social worker nobody; Other 9, 10 = 2.
    who = summary.choices["who"]
    assert who.answered == 11
    assert who.counts == (("yp", "A young person in care", 6), ("cl", "A care leaver", 2),
                          ("carer", "A foster carer", 1), ("worker", "A social worker", 0),
                          ("other", "Other", 2))
    assert who.percents == pytest.approx((600 / 11, 200 / 11, 100 / 11, 0.0, 200 / 11))


def test_multiple_choice_percents_can_add_up_to_more_than_100(summary):
    # Answered by 1, 2, 3, 4, 5 and 7 = 6. Text: 1, 2, 3, 5 = 4 (66.7%); Email: 1, 4, 5 = 3
    # (50%); Letter: 5, 7 = 2 (33.3%). 150% in all.
    contact = summary.choices["contact"]
    assert contact.answered == 6
    assert [n for _, _, n in contact.counts] == [4, 3, 2]
    assert contact.percents == pytest.approx((400 / 6, 50.0, 200 / 6))


def test_comments_gathered_with_other_text_and_blanks_left_out(summary):
    # Ideas from 1 and 3 (2 wrote only spaces); "Other" text from 9 (10's is blank).
    assert summary.comments["ideas"] == [Comment(1, "ideas", "More activities"),
                                         Comment(3, "ideas", "Ring back when I call")]
    assert summary.comments["who"] == [Comment(9, "who", "My nan", "other")]
    assert set(summary.comments) == {"ideas", "who"}   # contact has no "Other" box


def test_other_text_for_a_question_that_no_longer_has_other():
    # A response stored under an earlier version, when "contact" had an Other box.
    rows = [StoredResponse(1, "2026-01-01T00:00Z", answers={
        ("contact", ""): ("other",), ("contact", "other"): ("Carrier pigeon",)})]
    assert summarise(QUESTIONNAIRE, rows).comments["contact"] == [
        Comment(1, "contact", "Carrier pigeon", "other")]


def test_breakdown_groups_of_the_fixture(summary):
    # Published at threshold 3. Young person 6 (shown), care leaver 2, carer 1, Other 2, not
    # answered 1 (response 11): four groups under 3, so hidden; together they are 6, not under
    # 3, so no other group is needed. Social worker: nobody, so not listed.
    assert summary.breakdown.threshold is None          # the team's summary hides nothing
    assert not any(g.suppressed for g in summary.breakdown.groups)
    breakdown = publish(summary, 3).breakdown
    assert breakdown.threshold == 3
    assert breakdown.groups == (
        Group("yp", "A young person in care", 6, False),
        Group("cl", "A care leaver", 2, True),
        Group("carer", "A foster carer", 1, True),
        Group("other", "Other", 2, True),
        Group(NOT_ANSWERED, "Not answered", 1, True),
    )
    assert set(breakdown.likert) == {("views", "yp")}
    # Young people on "I am listened to": 1, 2, 12 Strongly agree; 3, 4, 5 Agree: base 6,
    # 100% agree; median: cumulative 3 >= 3, so Strongly agree.
    heard = breakdown.likert[("views", "yp")].statements[0]
    assert (heard.counts, heard.base, heard.top, heard.median) == (
        (3, 3, 0, 0, 0), 6, 100.0, "Strongly agree")


def people(**groups: int) -> list[StoredResponse]:
    """`n` responses per group id; the group `none` did not answer the breakdown question."""
    rows, rid = [], 0
    for group, count in groups.items():
        for _ in range(count):
            rid += 1
            answers = {("views", "heard"): (A,)}
            if group != "none":
                answers[("who", "")] = (group,)
            rows.append(StoredResponse(rid, "2026-02-01T12:00Z", answers=answers))
    return rows


def published(rows):
    return publish(summarise(QUESTIONNAIRE, rows)).breakdown


def sizes(breakdown) -> list[tuple[str, int, bool]]:
    return [(g.id, g.respondents, g.suppressed) for g in breakdown.groups]


def test_one_small_group_hides_the_next_smallest_too():
    # Threshold 10: 12 young people, 11 care leavers, 3 carers. The carers are hidden; 26 - 12
    # - 11 would give them away, so the next smallest (care leavers, 11) is hidden too.
    breakdown = published(people(yp=12, cl=11, carer=3))
    assert DEFAULT_THRESHOLD == 10 and breakdown.threshold == 10
    assert sizes(breakdown) == [("yp", 12, False), ("cl", 11, True), ("carer", 3, True)]
    assert set(breakdown.likert) == {("views", "yp")}


def test_not_answered_is_a_group_and_is_protected_too():
    # 12 young people, 15 care leavers, 2 who skipped "who": the 2 are hidden, then the young
    # people (12, smaller than 15). "Not answered" comes last.
    breakdown = published(people(cl=15, none=2, yp=12))
    assert sizes(breakdown) == [("yp", 12, True), ("cl", 15, False), (NOT_ANSWERED, 2, True)]
    assert breakdown.groups[-1].label == "Not answered"


def test_two_small_groups_under_the_threshold_together_hide_a_third():
    # 20 young people; 3 care leavers and 4 carers both hidden: 27 - 20 would give the 7 of
    # them together, the answers of fewer than 10, so the young people are hidden too.
    breakdown = published(people(yp=20, cl=3, carer=4))
    assert sizes(breakdown) == [("yp", 20, True), ("cl", 3, True), ("carer", 4, True)]
    assert breakdown.likert == {}


def test_small_groups_that_together_reach_the_threshold_hide_no_more():
    # 20 young people; 4 care leavers and 6 carers hidden: together 10, so 30 - 20 gives the
    # answers of 10 people, which is allowed.
    breakdown = published(people(yp=20, cl=4, carer=6))
    assert sizes(breakdown) == [("yp", 20, False), ("cl", 4, True), ("carer", 6, True)]


def test_a_group_for_an_option_since_removed_is_still_listed():
    # 12 answered "councillor", an option an earlier version had: a group of its own,
    # labelled by the stored id; 12 is not under 10, so nothing is hidden.
    breakdown = published(people(yp=10, councillor=12))
    assert sizes(breakdown) == [("yp", 10, False), ("councillor", 12, False)]
    assert breakdown.groups[1].label == "councillor"


@pytest.mark.parametrize("counts, threshold, hidden", [
    ({"a": 9}, 10, {"a"}),                           # nothing else to hide
    ({"a": 10, "b": 50}, 10, set()),                 # 10 is not fewer than 10
    ({"a": 3, "b": 40, "c": 20, "d": 0}, 10, {"a", "c"}),   # empty groups are never picked
    ({"a": 3, "b": 12, "c": 12}, 10, {"a", "b"}),    # a tie: the first by name
    ({"a": 3, "b": 4, "c": 40}, 10, {"a", "b", "c"}),   # 7 hidden: under 10, so c too
    ({"a": 4, "b": 6, "c": 40}, 10, {"a", "b"}),     # 10 hidden together: none more
    ({"a": 2, "b": 3, "c": 4, "d": 30, "e": 11}, 10, {"a", "b", "c", "e"}),  # 9, then 20
    ({"a": 1, "b": 2}, 3, {"a", "b"}),
    ({"a": 0, "b": 0}, 10, set()),
    ({}, 10, set()),
])
def test_hidden_cells(counts, threshold, hidden):
    assert hidden_cells(counts, threshold) == hidden


def test_no_responses_yet():
    summary = summarise(QUESTIONNAIRE, [])
    assert (summary.responses, summary.first_submitted, summary.last_submitted) == (0, None, None)
    assert summary.breakdown.groups == ()
    assert all(s.base == 0 and s.median is None for s in summary.likert["views"].statements)
    assert summary.choices["who"].percents == (0.0,) * 5


def test_percent_of_nothing_is_zero():
    assert percent(3, 0) == 0.0
    assert percent(1, 8) == 12.5


# "Tell us more" boxes: a question's text is stored under item '#comment', a statement's under
# '<statement id>#comment'.
BOXES = load_text(textwrap.dedent("""\
    id: boxes
    title: Boxes
    organisation: {name: Test Council}
    introduction: For tests.
    sections:
      - id: s
        title: S
        questions:
          - id: who
            type: single_choice
            text: Who are you?
            options:
              - {id: yp, label: A young person}
            other: Other
            comment: Anything to add?
          - id: views
            number: 2
            type: likert
            text: How often?
            scale: frequency
            comment: Tell us more about these
            statements:
              - {id: heard, text: I am listened to, comment: Tell us more}
              - {id: help, text: I know where to get help}
    """), "boxes.yaml")
BOX_ROWS = [
    StoredResponse(1, "2026-01-01T10:00Z", answers={
        ("who", ""): ("yp",), ("who", "#comment"): ("   ",),
        ("views", "heard"): ("always",), ("views", "heard#comment"): ("They listen",),
        ("views", "#comment"): ("=HYPERLINK(x)",)}),
    StoredResponse(2, "2026-01-02T10:00Z", answers={
        ("who", ""): ("other",), ("who", "other"): ("My nan",),
        ("views", "heard"): ("never",), ("views", "heard#comment"): ("Nobody listens",),
        # "help" has no box now: a text kept from an earlier version of the definition.
        ("views", "help#comment"): ("From an earlier version",)}),
    # A comment that reads like a point of the scale is still only a comment.
    StoredResponse(3, "2026-01-03T10:00Z", answers={
        ("views", "heard"): ("dont-know",), ("views", "heard#comment"): ("always",)}),
]


def test_tell_us_more_texts_are_comments_naming_their_statement():
    comments = summarise(BOXES, BOX_ROWS).comments
    # Per question: its own box's texts, then each statement's in order; response order within.
    # Response 1's "Anything to add?" was only spaces, so left out.
    assert comments["who"] == [Comment(2, "who", "My nan", "other")]
    assert comments["views"] == [
        Comment(1, "views", "=HYPERLINK(x)", "#comment"),
        Comment(1, "views", "They listen", "heard#comment"),
        Comment(2, "views", "Nobody listens", "heard#comment"),
        Comment(3, "views", "always", "heard#comment"),
        Comment(2, "views", "From an earlier version", "help#comment"),
    ]
    assert [(c.is_tell_us_more, c.statement_id) for c in comments["views"][:2]] == [
        (True, ""), (True, "heard")]
    assert (comments["who"][0].is_tell_us_more, comments["who"][0].statement_id) == (False, "")


def test_tell_us_more_is_never_counted_on_the_scale():
    # heard: Always 1 (response 1), Never 1 (response 2), Don't know 1 (response 3): base 2.
    # Response 3's comment "always" is not a fourth answer.
    heard, help_ = summarise(BOXES, BOX_ROWS).likert["views"].statements
    assert (heard.counts, heard.dont_know, heard.base, heard.top) == ((1, 0, 0, 1), 1, 2, 50.0)
    assert (help_.counts, help_.base) == ((0, 0, 0, 0), 0)


def test_a_question_with_a_box_is_listed_before_anyone_writes():
    assert summarise(BOXES, []).comments == {"who": [], "views": []}


def test_an_option_not_counted_is_reported_but_kept_out_of_the_percentages():
    questionnaire = load_text(textwrap.dedent("""\
        id: prefer
        title: Prefer not to say
        organisation: Test Council
        sections:
          - id: only
            questions:
              - id: who
                type: single_choice
                text: Who are you?
                options:
                  - {id: yp, label: A young person in care}
                  - {id: cl, label: A care leaver}
                  - {id: pnts, label: I'd prefer not to say, counted: false}
        """), "prefer.yaml")
    picks = ["yp", "yp", "cl", "pnts", "pnts"]
    responses = [StoredResponse(i, "2026-01-01T10:00Z", answers={("who", ""): (p,)})
                 for i, p in enumerate(picks, 1)]
    choice = summarise(questionnaire, responses).choices["who"]
    # 5 answered; 2 preferred not to say, so the base is 3: 2/3 = 66.7%, 1/3 = 33.3%.
    assert choice.answered == 5 and choice.base == 3
    assert [n for _, _, n in choice.counts] == [2, 1, 2]
    assert choice.percents[0] == pytest.approx(66.6667, abs=1e-3)
    assert choice.percents[1] == pytest.approx(33.3333, abs=1e-3)
    assert choice.percents[2] is None
