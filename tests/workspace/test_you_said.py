"""The officers' "You said, we did" pages: what young people said, and the actions on it."""
from __future__ import annotations

from conftest import STAFF_PASSWORD, TRAFFORD, hidden_fields

from survey.store import actions, audit
from survey.store.actions import NO_REASON, NO_WE_WILL, About
from survey.store.demo import demo_responses
from survey.store.responses import save_many
from survey.store.users import add_user

PAGES = f"/staff/c/{TRAFFORD}/you-said"
STATEMENT = f"{PAGES}/q2.placement-stability"


def trafford(app):
    return app.extensions["haveyoursay.catalogue"].get(TRAFFORD)


def post(client, url: str, **data):
    return client.post(url, data={**hidden_fields(client.get(url).text), **data})


def new_action(client, url=STATEMENT, **data):
    fields = {"we_will": "We will ask every carer to plan a calm week.", "status": "planned",
              "team": "Fostering team", **data}
    return post(client, f"{url}/new-action", **fields)


def test_an_officer_adds_an_action_and_sees_it(staff_client, db):
    response = new_action(staff_client, due_day="30", due_month="6", due_year="2027")
    assert response.status_code == 302 and response.headers["Location"].endswith(STATEMENT)
    page = staff_client.get(STATEMENT)
    assert "We will ask every carer to plan a calm week." in page.text
    assert "30 June 2027" in page.text and "Fostering team" in page.text
    (entry,) = actions.entries(db, TRAFFORD).values()
    assert entry.about == About("q2", "placement-stability")
    (action,) = entry.actions
    assert action.status.id == "planned" and action.team == "Fostering team"
    assert staff_client.get(PAGES).text.count("We will ask every carer") == 1


def test_not_possible_without_a_reason_is_refused_naming_the_field(staff_client, db):
    response = new_action(staff_client, status="not-possible")
    assert response.status_code == 400
    assert NO_REASON in response.text
    assert 'href="#reason"' in response.text          # the error summary links to the field
    assert actions.entries(db, TRAFFORD) == {}
    assert new_action(staff_client, status="not-possible",
                      reason="The budget for this year is spent.").status_code == 302
    (entry,) = actions.entries(db, TRAFFORD).values()
    assert entry.actions[0].reason == "The budget for this year is spent."


def test_an_action_without_we_will_is_refused(staff_client, db):
    response = new_action(staff_client, we_will="  ")
    assert response.status_code == 400 and 'href="#we-will"' in response.text
    assert NO_WE_WILL in response.text


def test_a_statement_with_too_few_answers_gets_no_figure(app, staff_client, db):
    questionnaire = trafford(app)
    save_many(db, questionnaire, demo_responses(questionnaire, 5, seed=3))
    page = staff_client.get(STATEMENT)
    assert "Fewer than 10 people took part" in page.text
    assert " in 10 of you" not in page.text and "of you said" not in page.text


def test_enough_answers_give_a_suggested_you_said(app, staff_client, db):
    questionnaire = trafford(app)
    save_many(db, questionnaire, demo_responses(questionnaire, 30, seed=3))
    page = staff_client.get(STATEMENT)
    assert "of you said ‘Very well’ or ‘Quite’ to ‘Helping children stay" in page.text


def test_a_hidden_statement_gets_no_figure_even_when_the_consultation_has_enough(
        app, staff_client, db):
    """Thirty responses, but only three answered one statement: no figure for it."""
    questionnaire = trafford(app)
    made = [(sid, [a for a in answers if n < 3 or tuple(a[:2]) != ("q2", "placement-stability")],
             at) for n, (sid, answers, at) in enumerate(demo_responses(questionnaire, 30, seed=3))]
    save_many(db, questionnaire, made)
    page = staff_client.get(STATEMENT)
    assert "Fewer than 10 people answered this" in page.text
    assert "of you said" not in page.text


def test_you_said_is_saved_with_a_reading_warning(staff_client, db):
    long = ("The participation team will commission an independent evaluation of contact "
            "arrangements, incorporating recommendations.")
    response = post(staff_client, STATEMENT, said=long)
    assert response.status_code == 302
    page = staff_client.get(STATEMENT)
    assert "may be hard for some young people to read" in page.text
    assert "evaluation" in page.text.split("may be hard")[1]
    (entry,) = actions.entries(db, TRAFFORD).values()
    assert entry.said == long
    assert post(staff_client, STATEMENT, said="You want to stay in one home.").status_code == 302
    assert "‘You said’ saved" in staff_client.get(STATEMENT).text


def test_status_change_and_removal_are_audited(staff_client, db):
    new_action(staff_client)
    (entry,) = actions.entries(db, TRAFFORD).values()
    action_id = entry.actions[0].id
    url = f"{PAGES}/actions/{action_id}"
    response = post(staff_client, url, we_will="We will ask every carer to plan a calm week.",
                    status="done", we_did="Every carer has a plan.", team="Fostering team")
    assert response.status_code == 302
    assert actions.action(db, TRAFFORD, action_id)[1].status.id == "done"
    confirm = staff_client.get(f"{url}/remove")
    assert "Remove this action?" in confirm.text
    assert post(staff_client, f"{url}/remove").status_code == 302
    assert actions.entries(db, TRAFFORD)[About("q2", "placement-stability")].actions == ()
    logged = [(e.action, e.username, e.detail) for e in audit.entries(db)]
    assert ("action added", "officer1", "about ‘Helping children stay in the same placement for"
            " longer even when things get difficult.’: Planned") in logged
    assert any(a == "action changed" and "Planned to Done" in d for a, _, d in logged)
    assert any(a == "action removed" and "(was Done)" in d for a, _, d in logged)


def test_a_bad_due_date_is_refused_naming_the_field(staff_client, db):
    response = new_action(staff_client, due_day="31", due_month="2", due_year="2027")
    assert response.status_code == 400 and 'href="#due-day"' in response.text
    assert actions.entries(db, TRAFFORD) == {}


def test_themes_and_text_questions_are_listed_in_words(staff_client, db):
    from survey.store.comments import create_theme
    theme_id = create_theme(db, TRAFFORD, "Seeing family")
    page = staff_client.get(PAGES)
    assert "Seeing family" in page.text and "Comment theme" in page.text
    assert "Are there any areas you feel need to be improved?" in page.text
    assert f"{PAGES}/theme.{theme_id}" in page.text
    assert staff_client.get(f"{PAGES}/theme.{theme_id}").status_code == 200
    assert staff_client.get(f"{PAGES}/no-such-question").status_code == 404


def test_managers_see_the_pages_but_cannot_change_them(app, client, db):
    actions.add_action(db, TRAFFORD, About("q2", "placement-stability"), "A statement", "",
                       actions.ActionFields("We will meet every month.", team="Leaving care team"))
    add_user(db, "manager1", STAFF_PASSWORD, "manager")
    page = client.get("/staff/sign-in")
    client.post("/staff/sign-in", data={**hidden_fields(page.text), "username": "manager1",
                                        "password": STAFF_PASSWORD})
    page = client.get(STATEMENT)
    assert page.status_code == 200 and "We will meet every month." in page.text
    assert "<form" not in page.text.split("<main")[1] and "Add an action" not in page.text
    token = hidden_fields(client.get("/staff/account/password").text)
    assert client.post(STATEMENT, data={**token, "said": "Changed"}).status_code == 403
    assert client.post(f"{STATEMENT}/new-action",
                       data={**token, "we_will": "More", "status": "planned"}).status_code == 403
    action_id = next(iter(actions.entries(db, TRAFFORD).values())).actions[0].id
    assert client.post(f"{PAGES}/actions/{action_id}/remove", data=token).status_code == 403
    assert len(next(iter(actions.entries(db, TRAFFORD).values())).actions) == 1


def test_the_consultation_page_links_to_you_said(staff_client):
    assert f'href="{PAGES}"' in staff_client.get(f"/staff/c/{TRAFFORD}").text
