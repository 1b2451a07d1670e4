"""Officers typing in paper returns and group sessions through the young person's own form."""
from __future__ import annotations

import csv
import io
import re

import pytest
from conftest import STAFF_PASSWORD, TRAFFORD, hidden_fields, trafford_answers

from survey.store import audit
from survey.store import lifecycle
from survey.workspace.paper_entry import NOTHING_GIVEN, TOOK_PART
from survey.respond.form import INVALID_CHOICE
from survey.store.users import add_user

SEFTON = "sefton-pledge"
CARE_LEAVERS_ONLY = "promise-9-moving-on-pathway-plan"   # a statement on the care leavers' page
PROMISE_1 = "promise-1-social-worker-contact-details"


def enter(client, consultation: str, answers: dict, kind: str = "paper", query: str = ""):
    page = client.get(f"/staff/c/{consultation}/{kind}{query}")
    assert page.status_code == 200
    return client.post(f"/staff/c/{consultation}/{kind}",
                       data={**hidden_fields(page.text), **answers})


def responses(db, consultation: str = SEFTON) -> list[tuple]:
    return db.execute("SELECT id, channel, batch, group_size FROM responses"
                      " WHERE consultation_id = ? ORDER BY id", [consultation]).fetchall()


def answers_of(db, response_id: int) -> set[tuple[str, str, str]]:
    return set(db.execute("SELECT question_id, item_id, value FROM answers WHERE response_id = ?",
                          [response_id]).fetchall())


def test_a_paper_return_is_stored_with_its_batch_and_the_next_form_is_blank(staff_client, db):
    page = staff_client.get(f"/staff/c/{SEFTON}/paper")
    assert page.text.count("<h1") == 1
    assert ("Only kept when the answer to ‘Which of these best describes you?’ is A care leaver"
            in page.text)
    response = enter(staff_client, SEFTON, {
        "Batch": "Riverside school, March", "respondent": "care-leaver", PROMISE_1: "always",
        CARE_LEAVERS_ONLY: "sometimes", "keep-promises-better": "Keep in touch more."})
    assert response.status_code == 302
    assert response.headers["Location"] == (
        f"/staff/c/{SEFTON}/paper?batch=Riverside+school,+March")
    [(response_id, channel, batch, group_size)] = responses(db)
    assert (channel, batch, group_size) == ("paper", "Riverside school, March", None)
    assert answers_of(db, response_id) == {
        ("respondent", "", "care-leaver"), ("promise-1-social-worker", "contact-details", "always"),
        ("promise-9-moving-on", "pathway-plan", "sometimes"),
        ("keep-promises-better", "", "Keep in touch more.")}
    # the confirmation, and a blank form with the batch kept for the next one
    after = staff_client.get(response.headers["Location"])
    assert f"Paper return saved as response {response_id}" in after.text
    assert 'value="Riverside school, March"' in after.text
    assert 'checked' not in after.text and "Keep in touch more." not in after.text
    entry = audit.entries(db, action="paper return entered")[0]
    assert (entry.username, entry.target) == ("officer1", SEFTON)
    assert "Keep in touch" not in entry.detail and "care-leaver" not in entry.detail


def test_answers_hidden_by_a_condition_are_not_stored(staff_client, db):
    response = enter(staff_client, SEFTON, {
        "respondent": "young-person-in-care", PROMISE_1: "usually", CARE_LEAVERS_ONLY: "never",
        "promise-9-moving-on--comment": "Not for me."})
    assert response.status_code == 302
    [(response_id, *_)] = responses(db)
    stored = answers_of(db, response_id)
    assert stored == {("respondent", "", "young-person-in-care"),
                      ("promise-1-social-worker", "contact-details", "usually")}
    page = staff_client.get(response.headers["Location"])
    assert "2 answers were not saved" in page.text
    # with no answer to who they are, the care leavers' page is left out too
    enter(staff_client, SEFTON, {PROMISE_1: "never", CARE_LEAVERS_ONLY: "always"})
    assert answers_of(db, responses(db)[-1][0]) == {("promise-1-social-worker", "contact-details",
                                                     "never")}


def test_required_questions_are_not_required_but_choices_are_still_checked(staff_client, db):
    # Trafford's q1 and q2 are required online; a paper form with only q3 is kept
    response = enter(staff_client, TRAFFORD, {"q3": "Only this was filled in."})
    assert response.status_code == 302
    [(response_id, channel, _, _)] = responses(db, TRAFFORD)
    assert channel == "paper"
    assert answers_of(db, response_id) == {("q3", "", "Only this was filled in.")}
    # an answer that is not one of the options is refused, and nothing is stored
    response = enter(staff_client, TRAFFORD, {"q1": "made-up", "q2-education": "hacked"})
    assert response.status_code == 200
    assert response.text.count(INVALID_CHOICE) >= 2 and 'href="#q1"' in response.text
    assert "<title>Error: " in response.text
    assert len(responses(db, TRAFFORD)) == 1
    # a form with nothing on it is refused
    response = enter(staff_client, TRAFFORD, {"q3": "   "})
    assert NOTHING_GIVEN in response.text
    assert len(responses(db, TRAFFORD)) == 1


def test_a_group_session_is_stored_with_how_many_took_part(staff_client, db):
    page = staff_client.get(f"/staff/c/{TRAFFORD}/group")
    assert page.text.count("<h1") == 1 and "How many young people took part" in page.text
    response = enter(staff_client, TRAFFORD, {**trafford_answers(), "TookPart": "12"}, "group")
    assert response.status_code == 302
    [(response_id, channel, batch, group_size)] = responses(db, TRAFFORD)
    assert (channel, batch, group_size) == ("group", "", 12)
    assert ("q1", "", "care-leaver") in answers_of(db, response_id)
    assert "Group session saved" in staff_client.get(response.headers["Location"]).text
    entry = audit.entries(db, action="group session entered")[0]
    assert entry.target == TRAFFORD and "12 took part" in entry.detail


@pytest.mark.parametrize("took_part", ["", "1", "501", "twelve", "2.5", "-3", "1e2"])
def test_a_group_size_must_be_a_whole_number_from_2_to_500(staff_client, db, took_part):
    response = enter(staff_client, TRAFFORD, {**trafford_answers(), "TookPart": took_part}, "group")
    assert response.status_code == 200
    assert TOOK_PART in response.text and 'href="#TookPart"' in response.text
    assert responses(db, TRAFFORD) == []


def test_a_double_submit_stores_one_response(staff_client, db):
    page = staff_client.get(f"/staff/c/{TRAFFORD}/paper")
    data = {**hidden_fields(page.text), **trafford_answers(), "Batch": "B1"}
    first = staff_client.post(f"/staff/c/{TRAFFORD}/paper", data=data)
    second = staff_client.post(f"/staff/c/{TRAFFORD}/paper", data=data)
    assert first.status_code == second.status_code == 302
    assert len(responses(db, TRAFFORD)) == 1
    assert "already saved" in staff_client.get(second.headers["Location"]).text
    assert len(audit.entries(db, action="paper return entered")) == 1
    # the next blank form has a new submission id
    again = hidden_fields(staff_client.get(f"/staff/c/{TRAFFORD}/paper").text)
    assert again["submission_id"] != data["submission_id"]


def test_entry_is_for_officers_only_and_needs_the_csrf_token(app, db, staff_client):
    anonymous = app.test_client()
    assert anonymous.get(f"/staff/c/{TRAFFORD}/paper").status_code == 302
    add_user(db, "manager1", STAFF_PASSWORD, "manager")
    manager = app.test_client()
    page = manager.get("/staff/sign-in")
    manager.post("/staff/sign-in", data={**hidden_fields(page.text), "username": "manager1",
                                         "password": STAFF_PASSWORD})
    for kind in ("paper", "group"):
        assert manager.get(f"/staff/c/{TRAFFORD}/{kind}").status_code == 403
        response = manager.post(f"/staff/c/{TRAFFORD}/{kind}", data=trafford_answers())
        assert response.status_code == 403
    response = staff_client.post(f"/staff/c/{TRAFFORD}/paper",
                                 data={**trafford_answers(), "submission_id": "a" * 32})
    assert response.status_code == 200 and "open for too long" in response.text
    assert responses(db, TRAFFORD) == []
    assert staff_client.get("/staff/c/no-such-consultation/paper").status_code == 404


def test_an_archived_consultation_takes_no_more_entries(staff_client, db):
    for state in ("closed", "archived"):
        lifecycle.set_state(db, TRAFFORD, state)
    response = enter(staff_client, TRAFFORD, trafford_answers())
    assert "is archived, so no more answers can be added" in response.text
    assert responses(db, TRAFFORD) == []


def test_a_closed_consultation_still_takes_paper_returns(staff_client, db):
    lifecycle.set_state(db, TRAFFORD, "closed")
    assert enter(staff_client, TRAFFORD, trafford_answers()).status_code == 302
    assert len(responses(db, TRAFFORD)) == 1


def test_the_export_shows_each_response_s_channel(staff_client, db, submit):
    submit(trafford_answers())
    enter(staff_client, TRAFFORD, trafford_answers(), "paper")
    enter(staff_client, TRAFFORD, {**trafford_answers(), "TookPart": "5"}, "group")
    text = staff_client.get(f"/staff/c/{TRAFFORD}/raw-responses.csv").data.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text.split("\n", 1)[1])))   # after the notice
    channel = next(k for k in rows[0] if re.fullmatch(r"(?i)channel", k))
    assert [r[channel].lower() for r in rows] == ["online", "paper", "group"]


def test_a_paper_form_in_welsh_for_8_to_12_year_olds_is_stored_as_that(app, staff_client, db):
    from dataclasses import replace
    from survey.definition.model import Translation, Version
    registry = app.extensions["haveyoursay.catalogue"]
    registry.put(replace(registry.get(SEFTON), translations=(Translation("cy", {}),), versions=(
        Version("younger", "8 to 12 year olds", "I am 8 to 12"),
        Version("older", "13 to 18 year olds", "I am 13 or older"))))
    page = staff_client.get(f"/staff/c/{SEFTON}/paper").text
    # In the officers' words, never codes or ids; the working language and no version first.
    assert "Which language was the form in?" in page and "Which version of the form was it?" in page
    assert re.search(r'<option value="en" selected>English</option>\s*'
                     r'<option value="cy">Welsh</option>', page)
    assert re.search(r'<option value="" selected>Not for one age group</option>\s*'
                     r'<option value="younger">8 to 12 year olds</option>', page)
    enter(staff_client, SEFTON, {"Language": "cy", "AgeVersion": "younger",
                                 "respondent": "care-leaver"})
    enter(staff_client, SEFTON, {"respondent": "care-leaver"})   # left as they start
    assert db.execute("SELECT language, age_version, channel FROM responses ORDER BY id"
                      ).fetchall() == [("cy", "younger", "paper"), ("en", "", "paper")]


def test_a_language_the_consultation_does_not_offer_is_refused(app, staff_client, db):
    from dataclasses import replace
    from survey.definition.model import Translation
    registry = app.extensions["haveyoursay.catalogue"]
    registry.put(replace(registry.get(SEFTON), translations=(Translation("cy", {}),)))
    response = enter(staff_client, SEFTON, {"Language": "ar", "respondent": "care-leaver"})
    assert response.status_code == 200 and responses(db) == []
    assert "Which version" not in response.text      # no versions: no version select


def test_a_consultation_in_one_language_without_versions_asks_neither(app, staff_client):
    from dataclasses import replace
    registry = app.extensions["haveyoursay.catalogue"]
    registry.put(replace(registry.get(SEFTON), translations=(), versions=()))
    page = staff_client.get(f"/staff/c/{SEFTON}/paper").text
    assert "Which language" not in page and "Which version" not in page
