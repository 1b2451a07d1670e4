"""The Versions page: versions for age bands added, changed and removed in the builder, and each
question asked, left out, worded and made one version's own; every change read back from the
saved definition and from what one young person of that version is asked (`variant`)."""
from __future__ import annotations

import html
import re
import textwrap

import pytest
from test_settings import upload
from test_structure import AGES, fill, registry, source, stored

from survey.builder import version_table
from survey.builder.versions import (BREAKDOWN, NAME_TAKEN, NO_CHOICE, NO_NAME, NONE_ASKS,
                                     OWN_QUESTIONS, REMOVE_LAST)
from survey.definition import load_text
from survey.definition.texts import variant

BANDS = "bands-draft"
PAGE = f"/staff/builder/c/{BANDS}/versions"
DEFINITION = textwrap.dedent(f"""\
    id: {BANDS}
    title: Your home
    organisation: {{name: Ourtown Council}}
    breakdown: who
    sections:
      - id: about
        title: About you
        questions:
          - id: who
            type: single_choice
            text: Who are you?
            options:
              - {{id: in-care, label: I live in care}}
              - {{id: leaver, label: I have left care}}
          - id: home
            type: likert
            text: How do you feel about your home?
            hint: Pick one answer for each.
            scale: agreement
            statements:
              - {{id: safe, text: I feel safe where I live.}}
              - {{id: listened, text: The adults who look after me listen to me.}}
          - id: plans
            type: long_text
            text: What plans are you making for when you leave care?
    versions:
      - id: band-8
        name: 8 to 12 year olds
        choice: I am 8 to 12
      - id: band-13
        name: 13 and over
        choice: I am 13 or older
    """)


@pytest.fixture
def bands(staff_client):
    return upload(staff_client, DEFINITION, "bands.yaml")


def saved(app, db, consultation_id: str = BANDS):
    """The consultation as saved: read back from its stored text, and as served."""
    text = source(db, consultation_id)
    served = registry(app).get(consultation_id)
    assert served.source == text and load_text(text).versions == served.versions
    return served


def visible(page_text: str) -> str:
    """The words on a page, without its markup (ids in links and field names are not seen)."""
    body = page_text.split('<main', 1)[1]
    return html.unescape(re.sub(r"<[^>]+>", " ", body))


def test_the_first_two_versions_are_added_together_then_one_more(app, ages, db):
    page = ages.get(f"/staff/builder/c/{AGES}/versions")
    assert page.status_code == 200 and "Add versions" in page.text
    response = fill(ages, f"/staff/builder/c/{AGES}/versions/new", name="Under 16s",
                    choice="I am under 16", **{"second-name": "16 and over",
                                               "second-choice": "I am 16 or older"})
    assert response.status_code == 302, response.text
    questionnaire = saved(app, db, AGES)
    assert [(v.name, v.choice) for v in questionnaire.versions] == [
        ("Under 16s", "I am under 16"), ("16 and over", "I am 16 or older")]
    assert [v.id for v in questionnaire.versions] == ["under-16s", "version-16-and-over"]
    assert fill(ages, f"/staff/builder/c/{AGES}/versions/new", name="Care leavers",
                choice="I have left care").status_code == 302
    questionnaire = saved(app, db, AGES)
    assert [v.name for v in questionnaire.versions] == ["Under 16s", "16 and over", "Care leavers"]
    third = questionnaire.versions[2]
    assert variant(questionnaire, version=third.id).in_version == third.id


def test_a_version_needs_a_name_of_its_own_and_the_words_young_people_pick(app, bands, db):
    before = stored(db, BANDS)
    empty = fill(bands, f"{PAGE}/new", name="", choice="")
    assert empty.status_code == 400
    assert NO_NAME in html.unescape(empty.text) and NO_CHOICE in html.unescape(empty.text)
    twice = fill(bands, f"{PAGE}/new", name="13 and over", choice="Me")
    assert NAME_TAKEN.format(name="13 and over") in html.unescape(twice.text)
    assert stored(db, BANDS) == before


def test_a_version_s_name_and_choice_change(app, bands, db):
    response = fill(bands, f"{PAGE}/v/band-8", name="8 to 11 year olds", choice="I am 8 to 11")
    assert response.status_code == 302, response.text
    young = saved(app, db).version_named("band-8")
    assert (young.name, young.choice) == ("8 to 11 year olds", "I am 8 to 11")


def test_a_question_and_a_statement_left_out_then_put_back(app, bands, db):
    response = fill(bands, f"{PAGE}/questions/plans", **{"ask-band-8": None})
    assert response.status_code == 302, response.text
    assert fill(bands, f"{PAGE}/questions/home", **{"ask-band-8-listened": None}).status_code == 302
    questionnaire = saved(app, db)
    assert questionnaire.version_named("band-8").leave_out == ("plans", "home.listened")
    young = variant(questionnaire, version="band-8")
    assert [q.id for q in young.questions] == ["who", "home"]
    assert [s.id for s in young.question("home").statements] == ["safe"]
    assert [q.id for q in variant(questionnaire, version="band-13").questions] == ["who", "home", "plans"]
    assert fill(bands, f"{PAGE}/questions/plans", **{"ask-band-8": "yes"}).status_code == 302
    questionnaire = saved(app, db)
    assert questionnaire.version_named("band-8").leave_out == ("home.listened",)
    assert [q.id for q in variant(questionnaire, version="band-8").questions] == ["who", "home", "plans"]


def test_a_question_s_words_hint_and_statement_reworded_in_one_version(app, bands, db):
    response = fill(bands, f"{PAGE}/questions/home", **{
        "text-band-8": "How is your home?", "hint-band-8": "Pick one.",
        "statement-band-8-safe": "I feel safe at home."})
    assert response.status_code == 302, response.text
    questionnaire = saved(app, db)
    assert dict(questionnaire.version_named("band-8").words) == {
        "questions.home.text": "How is your home?", "questions.home.hint": "Pick one.",
        "questions.home.statements.safe": "I feel safe at home."}
    home = variant(questionnaire, version="band-8").question("home")
    assert (home.text, home.hint, home.statements[0].text) == (
        "How is your home?", "Pick one.", "I feel safe at home.")
    assert variant(questionnaire, version="band-13").question("home").text == \
        "How do you feel about your home?"
    # Emptied, the version uses the consultation's words again.
    assert fill(bands, f"{PAGE}/questions/home", **{"text-band-8": ""}).status_code == 302
    assert "questions.home.text" not in saved(app, db).version_named("band-8").words


def test_a_question_made_one_version_s_own(app, bands, db):
    response = fill(bands, f"{PAGE}/questions/plans", whose="band-13")
    assert response.status_code == 302, response.text
    questionnaire = saved(app, db)
    assert questionnaire.question("plans").versions == ("band-13",)
    assert "plans" not in [q.id for q in variant(questionnaire, version="band-8").questions]
    assert "plans" in [q.id for q in variant(questionnaire, version="band-13").questions]
    # The question's own page leads here.
    question_page = bands.get(f"/staff/builder/c/{BANDS}/edit/questions/plans")
    assert f'href="{PAGE}/questions/plans"' in question_page.text
    assert fill(bands, f"{PAGE}/questions/plans", whose="every").status_code == 302
    assert saved(app, db).question("plans").versions == ()


def test_the_page_shows_the_versions_side_by_side_in_the_officer_s_words(app, bands, db):
    fill(bands, f"{PAGE}/questions/plans", **{"ask-band-8": None})
    fill(bands, f"{PAGE}/questions/home", **{"text-band-8": "How is your home?"})
    page = bands.get(PAGE)
    assert page.status_code == 200
    assert 'class="govuk-table app-table--stack"' in page.text
    words = visible(page.text)
    for said in ("8 to 12 year olds", "Young people pick: ‘I am 8 to 12’", "13 and over",
                 "‘How is your home?’", version_table.LEFT_OUT, version_table.SAME,
                 "Left out of 8 to 12 year olds", "Every version"):
        assert said in words, said
    for ident in ("band-8", "band-13", "home.listened", "in-care"):
        assert not re.search(rf"\b{re.escape(ident)}\b", words), ident
    fill(bands, f"{PAGE}/questions/plans", **{"ask-band-8": "yes"}, whose="band-13")
    assert version_table.ONLY_HERE in visible(bands.get(PAGE).text)
    consultation = bands.get(f"/staff/builder/c/{BANDS}")
    assert f'href="{PAGE}"' in consultation.text


def test_what_the_loader_would_refuse_is_said_in_the_officer_s_words(app, bands, db):
    before = stored(db, BANDS)
    breakdown = fill(bands, f"{PAGE}/questions/who", **{"ask-band-8": None})
    assert breakdown.status_code == 400
    assert BREAKDOWN.format(name="The question ‘Who are you?’") in html.unescape(breakdown.text)
    nobody = fill(bands, f"{PAGE}/questions/plans", whose="band-13", **{"ask-band-13": None})
    assert nobody.status_code == 400 and NONE_ASKS in html.unescape(nobody.text)
    assert stored(db, BANDS) == before


def test_removing_a_version_asks_first_and_one_of_two_takes_versions_away(app, bands, db):
    fill(bands, f"{PAGE}/questions/home", **{"text-band-8": "How is your home?"})
    asked = bands.get(f"{PAGE}/v/band-8/remove")
    assert asked.status_code == 200 and REMOVE_LAST in html.unescape(asked.text)
    assert saved(app, db).versions  # a GET removes nothing
    response = fill(bands, f"{PAGE}/v/band-8/remove")
    assert response.status_code == 302, response.text
    questionnaire = saved(app, db)
    assert questionnaire.versions == ()
    assert "versions:" not in source(db, BANDS)


def test_a_version_with_questions_of_its_own_is_not_removed(app, bands, db):
    fill(bands, f"{PAGE}/new", name="Care leavers",
         choice="I have left care")
    fill(bands, f"{PAGE}/questions/plans", whose="band-13")
    refused = bands.get(f"{PAGE}/v/band-13/remove")
    assert refused.status_code == 409
    assert OWN_QUESTIONS.format(version="13 and over", names="The question ‘What plans are you making for when you…’") \
        in html.unescape(refused.text)
    assert fill(bands, f"{PAGE}/v/care-leavers/remove").status_code == 302
    assert [v.id for v in saved(app, db).versions] == ["band-8", "band-13"]


def test_a_shipped_consultation_has_no_versions_page(staff_client):
    assert staff_client.get("/staff/builder/c/trafford-corporate-parenting-review-2018/versions").status_code == 404


def test_once_open_a_change_to_a_version_is_shown_before_it_is_saved(app, bands, db):
    from survey.store.lifecycle import set_state
    set_state(db, BANDS, "open")
    before = stored(db, BANDS)
    asked = fill(bands, f"{PAGE}/v/band-8", name="8 to 11 year olds", choice="I am 8 to 11")
    assert asked.status_code == 200
    assert "The version ‘8 to 12 year olds’ will change" in html.unescape(asked.text)
    assert stored(db, BANDS) == before
