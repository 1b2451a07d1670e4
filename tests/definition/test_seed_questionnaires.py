"""The four questionnaires transcribed from the seed documents (Sefton, Lancashire x2, North
Lanarkshire): they load, keep the seeds' words, and give hand-worked numbers in the workbook."""
from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from survey.cli import cli
from survey.definition import load_file, load_folder
from survey.definition.model import comment_item
from survey.results.reports import write_report
from survey.store.responses import save_response

REPO = Path(__file__).resolve().parents[2]
FOLDER = REPO / "questionnaires"
SEFTON = "sefton-pledge"
STRATEGY = "lancashire-corporate-parenting-strategy"
LANARKSHIRE = "north-lanarkshire-how-are-you-doing"
PARTNERSHIP = "lancashire-partnership-five-outcomes"
SEEDS = (SEFTON, STRATEGY, LANARKSHIRE, PARTNERSHIP)


def definition(consultation_id: str):
    return load_file(FOLDER / f"{consultation_id}.yaml")


def likerts(questionnaire):
    return [q for q in questionnaire.questions if q.type == "likert"]


def statements(questionnaire):
    return [s for q in likerts(questionnaire) for s in q.statements]


def everything_shown(questionnaire) -> str:
    """Every piece of text a respondent can see, to look for the seed's phrases in."""
    parts = [questionnaire.title, questionnaire.introduction]
    for section in questionnaire.sections:
        parts += [section.title, section.intro]
        for q in section.questions:
            parts += [q.text, q.hint] + [s.text for s in q.statements] + [c.label for c in q.options]
    return "\n".join(parts)


# -- loading and checking --------------------------------------------------------------------
def test_every_questionnaire_in_the_folder_loads():
    loaded, failures = load_folder(FOLDER)
    assert failures == []
    assert set(SEEDS) <= set(loaded)


def test_survey_check_accepts_every_file(questionnaires):
    result = CliRunner().invoke(cli, ["check", *map(str, sorted(questionnaires.glob("*.yaml")))])
    assert result.exit_code == 0, result.output
    for consultation_id in SEEDS:
        assert f"ok ({consultation_id}, " in result.output


# -- the seeds' words ------------------------------------------------------------------------
# (questionnaire, scales (by name), likert questions, statements, long_text questions)
SHAPES = [
    (SEFTON, "frequency", 10, 42, 1),
    (STRATEGY, "rating", 5, 9, 5),
    (LANARKSHIRE, "faces faces-safe-and-well", 2, 8, 1),
    (PARTNERSHIP, "agreement", 2, 10, 1),
]


@pytest.mark.parametrize("consultation_id, scale, questions, count, texts", SHAPES)
def test_shape(consultation_id, scale, questions, count, texts):
    q = definition(consultation_id)
    assert q.layout == "pages"
    assert q.breakdown_question.type == "single_choice" and q.breakdown_question.required
    assert {x.scale.id for x in likerts(q)} == set(scale.split())
    assert (len(likerts(q)), len(statements(q))) == (questions, count)
    assert sum(x.type == "long_text" for x in q.questions) == texts


# Phrases copied from the seed documents, word for word.
SEED_PHRASES = [
    (SEFTON, "We promise you will have a named social worker who you know how to contact and who "
             "will keep in touch with you"),
    (SEFTON, "We will try to do this within 24hrs"),
    (SEFTON, "every 4 weeks for the first six months and then at least every 6 weeks."),
    (SEFTON, "We will make sure that you have a leisure pass"),
    (SEFTON, "We will make sure you get regular health and dental checkups."),
    (SEFTON, "We will make sure you are involved in developing your pathway plan and you will be "
             "given a copy."),
    (SEFTON, "Do you feel we keep our promises?"),
    (SEFTON, "Don't make promises if you can't keep them."),
    (STRATEGY, "Children & young people have a voice in the way we deliver services"),
    (STRATEGY, "Feedback will be collected from young people's reviews, complaints and compliments"),
    (STRATEGY, "The health and wellbeing of our children and young people in care & care leavers "
               "will be priority for Lancashire County Council"),
    (STRATEGY, "Children and young people in our care and care leavers achievements are celebrated"),
    (LANARKSHIRE, "safe, healthy, active, nurtured, respected, responsible and included"),
    (PARTNERSHIP, "Children, young people and their families are safe, healthy and achieve their "
                  "full potential."),
    (PARTNERSHIP, "Vulnerable children and young people are safe from harm and build resilience."),
    (PARTNERSHIP, "Children and young people live in Lancashire where they can enjoy a good quality "
                  "of life, be happy and want to stay."),
    (PARTNERSHIP, "Prevent the need for children to become looked after, and with compassion, step "
                  "in when necessary to keep children and young people safe from harm."),
]


@pytest.mark.parametrize("consultation_id, phrase", SEED_PHRASES)
def test_keeps_the_seed_words(consultation_id, phrase):
    assert phrase in everything_shown(definition(consultation_id))


def test_sefton_asks_about_each_of_the_ten_promises():
    q = definition(SEFTON)
    promises = [x for x in likerts(q) if x.id.startswith("promise-")]
    assert [x.id.split("-")[1] for x in promises] == [str(n) for n in range(1, 11)]
    for n, promise in enumerate(promises, 1):
        assert promise.text == f"Promise {n}: does this happen for you?"
        assert promise.hint.startswith("We promise")
        assert promise.comment == "Tell us more"
    assert (q.series, q.wave) == ("sefton-pledge", "2026")
    assert q.start.about and q.start.time
    # Pathway plans and leaving care: a page shown to care leavers only.
    leaving = next(s for s in q.sections if any(x.id == "promise-9-moving-on" for x in s.questions))
    assert (leaving.show_if.question, leaving.show_if.values) == (q.breakdown, ("care-leaver",))
    assert {"pathway-plan", "leaving-care-team"} <= {s.id for s in leaving.questions[0].statements}
    assert "care-leaver" in [c.id for c in q.breakdown_question.options]
    assert q.questions[-2].text == "Do you feel we keep our promises?"


def test_lancashire_strategy_rates_the_nine_objectives_in_order():
    q = definition(STRATEGY)
    assert [s.id.split("-")[1] for s in statements(q)] == [str(n) for n in range(1, 10)]
    assert {x.text for x in likerts(q)} == {"How well are we doing this?"}
    options = [c.id for c in q.breakdown_question.options]
    assert {"young-person-in-care", "carer", "staff"} <= set(options)
    # Each objective group's page ends with its own open question.
    for section in q.sections[1:]:
        assert [x.type for x in section.questions] == ["likert", "long_text"]


def test_north_lanarkshire_asks_about_the_eight_wellbeing_indicators_with_faces():
    q = definition(LANARKSHIRE)
    assert [s.id for s in statements(q)] == [
        "safe", "healthy", "active", "nurtured", "respected", "responsible", "included", "achieving"]
    scale = likerts(q)[0].scale
    assert scale.faces and scale.dont_know.label == "Prefer not to say"
    assert statements(q)[0].comment == "Tell us more"
    assert q.breakdown == "age-group"


def test_north_lanarkshire_sends_really_bad_about_feeling_safe_to_the_safeguarding_review():
    first, second = likerts(definition(LANARKSHIRE))
    assert [p.id for p in first.scale.points if p.safeguarding] == ["really-bad"]
    assert [p.label for p in first.scale.points] == [p.label for p in second.scale.points]
    assert not any(p.safeguarding for p in second.scale.choices)  # school and belonging: words only


def test_partnership_has_five_outcomes_and_five_priorities():
    q = definition(PARTNERSHIP)
    assert [len(q.question(x).statements) for x in ("outcomes", "priorities")] == [5, 5]
    assert [s.id for s in statements(q)][::5] == ["outcome-safe", "priority-environment"]
    assert q.question("biggest-difference").type == "long_text"


# -- hand-made responses, read back from the workbook ----------------------------------------
# Each case: one statement's answers, one per response, as (breakdown group, value). Every
# response also has the breakdown answer; some have a "Tell us more" text, which is stored
# under its own item and must not change a count.
#
# Sefton, promise 1 "calls returned", 8 responses (5 young people in care, 3 care leavers):
#   Always 2, Usually 3, Sometimes 1, Never 1, Don't know 1. Base n = 7 (Don't know is out).
#   % Always 2/7 = 28.6%, % Usually 3/7 = 42.9%, % Always or usually 5/7 = 71.4%.
# Lancashire strategy, objective 1, 10 responses (4 young people, 3 carers, 3 staff):
#   Very good 1, Good 3, OK 2, Poor 1, Very poor 1, Don't know 2. n = 8.
#   % Good 3/8 = 37.5%, % Good or very good 4/8 = 50%, % Poor or very poor 2/8 = 25%.
# North Lanarkshire, "safe", 9 responses (4 aged 10-12, 5 aged 13-15):
#   Really good 3, Good 2, OK 1, Not good 1, Really bad 0, Prefer not to say 2. n = 7.
#   % Really good 3/7 = 42.9%, % Good or really good 5/7 = 71.4%.
# Partnership, outcome "voice", 14 responses (6 young people, 4 parents, 4 partners):
#   Strongly agree 2, Agree 4, Neither 3, Disagree 2, Strongly disagree 1, Don't know 2. n = 12.
#   % Agree 4/12 = 33.3%, % Agree (top 2) 6/12 = 50%, % Disagree (bottom 2) 3/12 = 25%.
def answers(group: str, values: str) -> list[tuple[str, str]]:
    return [(group, v) for v in values.split()]


CASES = {
    SEFTON: dict(
        question="promise-1-social-worker", statement="calls-returned",
        answers=answers("young-person-in-care", "always always usually usually sometimes")
        + answers("care-leaver", "usually never dont-know"),
        expected={"n": 7, "Always": 2, "Usually": 3, "Sometimes": 1, "Never": 1, "Don't know": 1,
                  "% Always": 2 / 7, "% Usually": 3 / 7, "% Always or usually": 5 / 7},
        groups={"A young person in care": 5, "A care leaver": 3}),
    STRATEGY: dict(
        question="objectives-1-2", statement="objective-1-voice",
        answers=answers("young-person-in-care", "very-good good good dont-know")
        + answers("carer", "good ok poor") + answers("staff", "ok very-poor dont-know"),
        expected={"n": 8, "Very good": 1, "Good": 3, "OK": 2, "Poor": 1, "Very poor": 1,
                  "Don't know": 2, "% Good": 3 / 8, "% Good or very good": 4 / 8,
                  "% Poor or very poor": 2 / 8},
        groups={"A young person in care": 4, "A foster carer or other carer": 3}),
    LANARKSHIRE: dict(
        question="wellbeing-1", statement="safe",
        answers=answers("age-10-12", "really-good really-good good prefer-not-to-say")
        + answers("age-13-15", "really-good good ok not-good prefer-not-to-say"),
        expected={"n": 7, "Really good": 3, "Good": 2, "OK": 1, "Not good": 1, "Really bad": 0,
                  "% Really good": 3 / 7, "% Good or really good": 5 / 7},
        groups={"10 to 12": 4, "13 to 15": 5}),
    PARTNERSHIP: dict(
        question="outcomes", statement="outcome-voice",
        answers=answers("young-person", "strongly-agree agree agree neither disagree dont-know")
        + answers("parent-carer", "strongly-agree agree neither strongly-disagree")
        + answers("partner", "agree neither disagree dont-know"),
        expected={"n": 12, "Strongly agree": 2, "Agree": 4, "Neither agree nor disagree": 3,
                  "Disagree": 2, "Strongly disagree": 1, "Don't know": 2, "% Agree": 4 / 12,
                  "% Agree (top 2)": 6 / 12, "% Disagree (bottom 2)": 3 / 12},
        groups={"A child or young person": 6, "A parent or carer": 4}),
}


def rows_of(ws) -> list[tuple]:
    return list(ws.iter_rows(values_only=True))


def table_row(ws, first_cell: str, header_first: str) -> dict:
    """The row starting with `first_cell`, keyed by the header of the table it is in."""
    rows = rows_of(ws)
    at = next(i for i, r in enumerate(rows) if r and r[0] == first_cell)
    header = next(rows[i] for i in range(at, -1, -1) if rows[i] and rows[i][0] == header_first)
    return {h: v for h, v in zip(header, rows[at]) if h is not None}


@pytest.mark.parametrize("consultation_id", SEEDS)
def test_workbook_numbers_match_the_hand_working(consultation_id, db, tmp_path):
    q, case = definition(consultation_id), CASES[consultation_id]
    for number, (group, value) in enumerate(case["answers"], 1):
        stored = [(q.breakdown, "", group), (case["question"], case["statement"], value)]
        if number % 3 == 0:  # "Tell us more" texts, for the question and for the statement
            stored += [(case["question"], comment_item(), "Nobody rang me back."),
                       (case["question"], comment_item(case["statement"]), "Only sometimes.")]
        save_response(db, q, stored, f"{consultation_id}-{number}", channel="paper")
    out = tmp_path / "results.xlsx"
    write_report(db, q, out, threshold=3)
    workbook = load_workbook(out)
    facts = {r[0]: r[1] for r in rows_of(workbook["About"]) if r}
    assert facts["Responses"] == len(case["answers"])
    statement = next(s for s in q.question(case["question"]).statements
                     if s.id == case["statement"])
    row = table_row(workbook["Summary"], statement.text, "Statement")
    for header, expected in case["expected"].items():
        assert row[header] == pytest.approx(expected), header
    for label, count in case["groups"].items():
        group = table_row(workbook["Summary"], label, "Answer")
        assert group["Responses"] == count
        assert group["% of those who answered"] == pytest.approx(count / len(case["answers"]))


@pytest.mark.parametrize("consultation_id", SEEDS)
def test_demo_responses_make_a_workbook(consultation_id, runner, tmp_path):
    result = runner.invoke("demo", consultation_id, "--responses", "50", "--seed", "1")
    assert result.exit_code == 0, result.output
    out = tmp_path / "x.xlsx"
    result = runner.invoke("report", consultation_id, "--out", str(out), "--include-demo")
    assert result.exit_code == 0, result.output
    assert "50 responses" in result.output
    about = load_workbook(out)["About"]
    assert ("Responses", 50) in about.iter_rows(values_only=True, max_col=2)
