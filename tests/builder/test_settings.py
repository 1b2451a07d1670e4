"""The builder's settings, scales and conditions pages: every change goes through the loader into
the stored definition, mistakes are named in plain words beside their field and store nothing,
and a changed request is refused, never a server error."""
from __future__ import annotations

import html
import io
import re
import textwrap
from datetime import date

import pytest
from conftest import TRAFFORD, hidden_fields

from survey.definition import BUILTIN_SCALES, load_text
from survey.definition.dump import own_scales
from survey.definition.model import Condition, StartPage
from survey.store.lifecycle import set_state

ID = "youth-voice-2027"
BASE = f"/staff/builder/c/{ID}"
DEFINITION = textwrap.dedent(f"""\
    id: {ID}
    title: Youth voice 2027
    organisation: {{name: Test Council}}
    sections:
      - id: about-you
        title: About you
        questions:
          - id: who
            number: 1
            type: single_choice
            text: Who are you?
            options:
              - {{id: in-care, label: A young person in care}}
              - {{id: care-leaver, label: A care leaver}}
          - {{id: mood, number: 2, type: likert, text: How do you feel?, scale: agreement, statements: [{{id: safe, text: I feel safe}}]}}
          - {{id: name-it, type: short_text, text: What is your favourite thing?}}
      - id: leaving
        title: Leaving care
        questions:
          - {{id: plan, number: 3, type: likert, text: Does this happen?, scale: frequency, statements: [{{id: pathway, text: I have a pathway plan}}]}}
          - {{id: home, number: 4, type: likert, text: And this?, scale: frequency, statements: [{{id: flat, text: I have a flat}}]}}
      - id: last
        title: Last words
        questions:
          - {{id: final, type: long_text, text: Anything else?}}
    """)


def upload(client, text: str, name: str):
    """`text` uploaded as a YAML file by the officer signed in: a draft saved in the app."""
    page = client.get("/staff/builder/upload")
    response = client.post("/staff/builder/upload", data={
        **hidden_fields(page.text), "file": (io.BytesIO(text.encode()), name)},
        content_type="multipart/form-data")
    assert response.status_code == 302, response.text
    return client


def post(client, path: str, data: dict, page: str | None = None):
    """Send a form as a browser does: with the CSRF token of the page it was on."""
    shown = client.get(page or path)
    assert shown.status_code == 200, shown.text
    return client.post(path, data={**hidden_fields(shown.text), **data})


def stored(db):
    """The consultation's current text, loaded: what is served after a restart."""
    text = db.execute("SELECT source FROM consultation_sources WHERE consultation_id = ?",
                      [ID]).fetchone()[0]
    return load_text(text, "stored.yaml")


def served(app):
    return app.extensions["haveyoursay.catalogue"].get(ID)


def summary(html: str) -> str:
    found = re.search(r'<div class="govuk-error-summary.*?</div>\s*</div>', html, re.S)
    assert found, "no error summary"
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", found.group(0))).replace("&#39;", "'")


SETTINGS = {
    "title": "Youth voice 2028", "introduction": "Two lines:\r\nthis is the second.",
    "organisation": "Sefton Council", "contact": "participation@example.org.uk",
    "privacy_url": "https://example.org.uk/privacy", "colour": "#1D4F91",
    "help_text": "Call us: 0800 0000", "help_url": "https://example.org.uk/help",
    "opens-day": "5", "opens-month": "1", "opens-year": "2027",
    "closes-day": "31", "closes-month": "3", "closes-year": "2027",
    "layout": "pages", "breakdown": "who", "about": "What we do for you.",
    "who_reads": "The participation team.", "time": "About 5 minutes.",
    "series": "youth-voice", "wave": "Spring 2027",
}


def test_every_setting_round_trips_into_the_stored_model(app, officer, db):
    response = post(officer, f"{BASE}/settings", SETTINGS)
    assert response.status_code == 302 and response.headers["Location"] == BASE
    for q in (stored(db), served(app)):
        assert q.title == "Youth voice 2028"
        assert q.introduction == "Two lines:\nthis is the second."
        org = q.organisation
        assert (org.name, org.contact, org.privacy_url, org.colour, org.help_text, org.help_url) == (
            "Sefton Council", "participation@example.org.uk", "https://example.org.uk/privacy",
            "#1d4f91", "Call us: 0800 0000", "https://example.org.uk/help")
        assert (q.opens, q.closes) == (date(2027, 1, 5), date(2027, 3, 31))
        assert (q.layout, q.breakdown) == ("pages", "who")
        assert q.start == StartPage("What we do for you.", "The participation team.", "About 5 minutes.")
        assert (q.series, q.wave) == ("youth-voice", "Spring 2027")
    page = officer.get(BASE)
    shown = html.unescape(page.text)
    assert "Saved. The title is now \u2018Youth voice 2028\u2019." in shown
    assert "other changes." in shown  # the first few, and how many more
    # the page shows what is stored, and sending it again changes nothing
    again = officer.get(f"{BASE}/settings").text
    assert 'value="31"' in again and 'value="Spring 2027"' in again
    assert post(officer, f"{BASE}/settings", SETTINGS).status_code == 302
    assert "Nothing was changed." in officer.get(BASE).text
    # emptied, the optional settings go back to none, and the help link to Childline
    cleared = {**{k: "" for k in SETTINGS}, "title": "T", "organisation": "O", "layout": "one-page"}
    assert post(officer, f"{BASE}/settings", cleared).status_code == 302
    q = stored(db)
    assert (q.opens, q.closes, q.breakdown, q.series, q.organisation.colour) == (None, None, None, "", "")
    assert q.organisation.help_url == "https://www.childline.org.uk/get-support/"


@pytest.mark.parametrize("change, field, message", [
    ({"colour": "#ffff00"}, "colour", "'colour' #ffff00 is too light for white header text"),
    ({"colour": "dark blue"}, "colour", "Enter the colour as # and 6 letters or numbers"),
    ({"opens-day": "30", "opens-month": "2"}, "opens-day", "Opening date must be a real date"),
    ({"opens-year": ""}, "opens-year", "Opening date must include a year"),
    ({"closes-day": "", "closes-month": ""}, "closes-day", "Closing date must include a day and a month"),
    ({"opens-year": "27"}, "opens-year", "The year of the opening date must include 4 numbers"),
    ({"closes-month": "one"}, "closes-month", "Closing date must be a real date, written in numbers"),
    ({"opens-day": "9" * 25}, "opens-day", "Opening date must be a real date, written in numbers"),
    ({"opens-month": "²"}, "opens-month", "Opening date must be a real date, written in numbers"),
    ({"closes-year": "2026"}, "closes-day", "Closing date must be the same as or after the opening date"),
    ({"results_by-day": "30", "results_by-month": "6"}, "results_by-year",
     "Results date must include a year"),
    ({"results_by-day": "31", "results_by-month": "6", "results_by-year": "2027"}, "results_by-day",
     "Results date must be a real date"),
    ({"results_by-day": "30", "results_by-month": "June", "results_by-year": "2027"},
     "results_by-month", "Results date must be a real date, written in numbers"),
    ({"results_by-day": "1", "results_by-month": "3", "results_by-year": "2027"}, "results_by-day",
     "Results date must be the same as or after the closing date"),
    ({"privacy_url": "http://example.org.uk"}, "privacy_url", "Enter a web address that starts with https://"),
    ({"help_url": ""}, "help_url", "Enter both the words and the link"),
    ({"title": " "}, "title", "Enter a title"),
    ({"series": "s", "wave": ""}, "wave", "Enter the name of this wave"),
])
def test_a_mistake_in_the_settings_is_named_at_its_field_and_nothing_is_stored(
        app, officer, db, change, field, message):
    before = stored(db)
    response = post(officer, f"{BASE}/settings", {**SETTINGS, **change})
    assert response.status_code == 200 and "<title>Error: " in response.text
    assert message in summary(response.text)
    assert f'href="#{field}"' in response.text
    assert stored(db) == before and served(app).version == before.version
    assert "value=\"Sefton Council\"" in response.text  # what was typed is kept


def test_the_results_date_is_set_changed_and_cleared(app, officer, db):
    page = officer.get(f"{BASE}/settings").text
    assert "When will you tell young people what changed? (optional)" in page
    assert 'name="results_by-day"' in page and 'name="results_by-year"' in page
    told = {**SETTINGS, "results_by-day": "30", "results_by-month": "6", "results_by-year": "2027"}
    assert post(officer, f"{BASE}/settings", told).status_code == 302
    assert stored(db).results_by == served(app).results_by == date(2027, 6, 30)
    again = officer.get(f"{BASE}/settings").text
    assert 'id="results_by-month" name="results_by-month" type="text" value="6"' in again
    changed = {**told, "results_by-day": "1", "results_by-month": "7"}
    assert post(officer, f"{BASE}/settings", changed).status_code == 302
    assert stored(db).results_by == date(2027, 7, 1)
    assert ("Saved. The date we tell young people what we did is now 1 July 2027."
            in officer.get(BASE).text)
    cleared = {**told, "results_by-day": "", "results_by-month": "", "results_by-year": ""}
    assert post(officer, f"{BASE}/settings", cleared).status_code == 302
    assert stored(db).results_by is None
    assert "results_by" not in db.execute(
        "SELECT source FROM consultation_sources WHERE consultation_id = ?", [ID]).fetchone()[0]


def test_a_results_date_already_past_is_allowed(officer, db):
    past = {**SETTINGS, "opens-day": "", "opens-month": "", "opens-year": "", "closes-day": "",
            "closes-month": "", "closes-year": "",
            "results_by-day": "31", "results_by-month": "1", "results_by-year": "2020"}
    assert post(officer, f"{BASE}/settings", past).status_code == 302
    assert stored(db).results_by == date(2020, 1, 31)


def test_control_characters_pasted_into_a_setting_are_taken_out(officer, db):
    """A NUL or an escape pasted from another program cannot reach the loader, which would
    refuse the whole definition for it with a message about YAML escapes."""
    response = post(officer, f"{BASE}/settings", {**SETTINGS, "title": "Youth\x00 voice\x1b 2028"})
    assert response.status_code == 302
    assert stored(db).title == "Youth voice 2028"


def test_the_breakdown_offers_single_choice_questions_still_asked(officer):
    page = officer.get(f"{BASE}/settings").text
    options = re.findall(r'<option value="([^"]*)"', page)
    assert options == ["", "who"]
    assert post(officer, f"{BASE}/settings", {**SETTINGS, "breakdown": "mood"}).status_code == 400
    assert post(officer, f"{BASE}/settings", {**SETTINGS, "layout": "sideways"}).status_code == 400


def test_without_the_csrf_token_nothing_is_stored(officer, db):
    before = stored(db)
    response = officer.post(f"{BASE}/settings", data=SETTINGS)
    assert response.status_code == 200 and "This page timed out" in response.text
    assert stored(db) == before


def test_an_open_consultation_shows_what_the_change_will_do_first(app, officer, db):
    set_state(db, ID, "open")
    before = stored(db)
    response = post(officer, f"{BASE}/settings", {**SETTINGS, "layout": "one-page"})
    assert response.status_code == 200 and "What this change will do" in response.text
    assert "The title will be \u2018Youth voice 2028\u2019" in html.unescape(response.text)
    assert stored(db) == before


POINTS = {"point-1-label": "Really good", "point-1-face": "very-happy",
          "point-2-label": "OK", "point-2-face": "neutral",
          "point-3-label": "Really bad", "point-3-face": "very-sad", "point-4-label": "",
          "direction": "two-way", "top_count": "1", "top_label": "Good",
          "bottom_count": "1", "bottom_label": "Bad", "dont_know": "Not sure"}


def test_a_new_scale_with_faces_is_saved_and_answered(app, officer, db, client, submit):
    response = post(officer, f"{BASE}/scales/new", {**POINTS, "name": "feelings", "use": "mood",
                                                     "action": "save"})
    assert response.status_code == 302, response.text
    scale = stored(db).question("mood").scale
    assert scale.id == "feelings" and own_scales(stored(db)) == {"feelings": scale}
    assert [(p.id, p.label, p.face) for p in scale.points] == [
        ("really-good", "Really good", "very-happy"), ("ok", "OK", "neutral"),
        ("really-bad", "Really bad", "very-sad")]
    assert (scale.direction, scale.top_count, scale.top_label, scale.bottom_label) == (
        "two-way", 1, "Good", "Bad")
    assert (scale.dont_know.id, scale.dont_know.label) == ("dont-know", "Not sure")
    assert stored(db).question("plan").scale.id == "frequency"  # only the question chosen
    assert "feelings" in officer.get(f"{BASE}/scales").text
    # a young person answers on it
    set_state(db, ID, "open")
    form = client.get(f"/c/{ID}").text
    assert "faces/very-happy.svg" in form and "Really good" in form
    assert submit({"mood-safe": "really-good"}, consultation=ID).status_code == 302
    assert db.execute("SELECT value FROM answers WHERE question_id = 'mood'").fetchone()[0] == "really-good"


def test_rows_are_added_moved_and_removed_without_saving(officer, db):
    before = stored(db)
    path = f"{BASE}/scales/new"
    page = post(officer, path, {**POINTS, "name": "feelings", "action": "add"})
    assert page.status_code == 200 and 'name="point-5-label"' in page.text
    page = post(officer, path, {**POINTS, "action": "up-2"})
    labels = re.findall(r'name="point-\d+-label" type="text" value="([^"]*)"', page.text)
    assert labels == ["OK", "Really good", "Really bad", ""]
    page = post(officer, path, {**POINTS, "action": "remove-1"})
    assert re.findall(r'name="point-\d+-label" type="text" value="([^"]*)"', page.text) == [
        "OK", "Really bad", ""]
    assert stored(db) == before


@pytest.mark.parametrize("change, message", [
    ({"name": "informed"}, "‘informed’ is the name of a built-in scale"),
    ({"name": "Feelings!"}, "Enter a name that starts with a small letter"),
    ({"use": []}, "Select at least one question to use this scale"),
    ({"point-2-label": "", "point-3-label": ""}, "Give the scale at least 2 points"),
    ({"top_count": "2", "bottom_count": "2"}, "The top and bottom groups together can have at most the 3 points"),
    ({"top_count": "none"}, "Enter how many points are in the top group"),
    ({"bottom_count": "0"}, "Enter how many points are in the bottom group"),
])
def test_a_scale_with_a_mistake_is_not_saved(officer, db, change, message):
    before = stored(db)
    response = post(officer, f"{BASE}/scales/new", {**POINTS, "name": "feelings", "use": "mood",
                                                     "action": "save", **change})
    assert response.status_code == 200 and message in summary(response.text)
    assert stored(db) == before


def test_changing_an_own_scale_changes_it_in_every_question_using_it(officer, db):
    assert post(officer, f"{BASE}/scales/new", {**POINTS, "name": "often", "use": ["plan", "home"],
                                                 "action": "save"}).status_code == 302
    page = officer.get(f"{BASE}/scales/often").text
    assert "Used by: 3. Does this happen?; 4. And this?" in page
    assert 'name="point-1-id" value="really-good"' in page and 'name="name"' not in page
    response = post(officer, f"{BASE}/scales/often", {
        "point-1-id": "really-good", "point-1-label": "Brilliant", "point-1-face": "very-happy",
        "point-2-id": "ok", "point-2-label": "OK",
        "point-3-id": "really-bad", "point-3-label": "Bad",
        "point-4-label": "Awful", "direction": "one-way", "top_count": "2", "top_label": "Good",
        "bottom_count": "2", "bottom_label": "Bad", "dont_know": "", "action": "save"})
    assert response.status_code == 302, response.text
    q = stored(db)
    assert q.question("plan").scale == q.question("home").scale
    assert [(p.id, p.label) for p in q.question("home").scale.points] == [
        ("really-good", "Brilliant"), ("ok", "OK"), ("really-bad", "Bad"), ("awful", "Awful")]
    assert q.question("home").scale.dont_know is None and q.question("mood").scale.id == "agreement"


def test_a_built_in_scale_is_shown_and_copied_under_a_new_name(officer, db):
    page = officer.get(f"{BASE}/scales/agreement").text
    assert "Strongly agree" in page and "Make a copy to change" in page
    assert 'method="post"' not in page.split('id="main-content"')[1]  # shown, not changed
    copy = officer.get(f"{BASE}/scales/new?copy=agreement").text
    assert 'value="agreement-2"' in copy and 'name="point-1-id" value="strongly-agree"' in copy
    assert re.search(r'value="mood" checked', copy)  # the questions on the built-in one
    data = {"name": "agreement-2", "use": "mood", "direction": "two-way", "top_count": "2",
            "top_label": "Agree", "bottom_count": "2", "bottom_label": "Disagree",
            "dont_know": "Don't know", "action": "save"}
    for n, point in enumerate(BUILTIN_SCALES["agreement"].points, 1):
        data |= {f"point-{n}-id": point.id, f"point-{n}-label": point.label}
    data["point-1-label"] = "Agree a lot"
    response = post(officer, f"{BASE}/scales/new", data, page=f"{BASE}/scales/new?copy=agreement")
    assert response.status_code == 302, response.text
    scale = stored(db).question("mood").scale
    assert scale.id == "agreement-2" and scale.points[0].label == "Agree a lot"
    assert BUILTIN_SCALES["agreement"].points[0].label == "Strongly agree"


def test_changed_scale_requests_are_refused(officer, db):
    before = stored(db)
    assert officer.get(f"{BASE}/scales/nothing-like-it").status_code == 404
    assert officer.get(f"{BASE}/scales/new?copy=nothing-like-it").status_code == 404
    assert post(officer, f"{BASE}/scales/nothing-like-it", POINTS, page=f"{BASE}/scales").status_code == 404
    assert post(officer, f"{BASE}/scales/informed", POINTS, page=f"{BASE}/scales").status_code == 400
    path = f"{BASE}/scales/new"
    for forged in ({"use": "final"}, {"use": "no-such-question"}, {"point-1-face": "smiley"},
                   {"point-1-id": "Not An Id"}, {"point-1-id": "a", "point-2-id": "a"},
                   {"direction": "sideways"}, {"action": "up-9"}, {"action": "explode"},
                   {"point-1-id": "good", "dont_know_id": "good"}):
        data = {**POINTS, "name": "feelings", "use": "mood", "action": "save", **forged}
        assert post(officer, path, data).status_code == 400, forged
    assert stored(db) == before
    # "point-01-label" is not a row of the page, so it cannot become a second point 1
    data = {**POINTS, "name": "feelings", "use": "mood", "action": "save",
            "point-01-label": "Really good"}
    assert post(officer, path, data).status_code == 302
    assert [p.label for p in stored(db).question("mood").scale.points] == [
        "Really good", "OK", "Really bad"]


def condition_page(kind: str, part: str) -> str:
    return f"{BASE}/conditions/{kind}/{part}"


def test_a_condition_on_a_one_page_consultation_makes_it_one_section_per_page(app, officer, db):
    """Said before the officer chooses, done with the condition in one save."""
    assert stored(db).layout == "one-page"
    path = condition_page("section", "leaving")
    page = html.unescape(officer.get(path).text)
    assert "Setting a condition changes that to one section per page" in page
    assert 'name="question"' in page
    step = post(officer, path, {"step": "question", "question": "who"})
    response = post(officer, path, {"step": "answers", "question": "who", "values": "care-leaver"},
                    page=step.headers["Location"])
    assert response.status_code == 302, response.text
    saved = stored(db)
    assert saved.layout == "pages" and saved.sections[1].show_if.values == ("care-leaver",)
    said = html.unescape(officer.get(response.headers["Location"]).text)
    assert "The layout is now one page at a time" in said


def test_a_condition_is_set_in_steps_and_removed(app, officer, db):
    post(officer, f"{BASE}/settings", {**SETTINGS, "layout": "pages"})
    path = condition_page("section", "leaving")
    step = post(officer, path, {"step": "question", "question": "who"})
    assert step.status_code == 303 and step.headers["Location"] == f"{path}?question=who"
    page = officer.get(step.headers["Location"]).text
    assert 'name="question" value="who"' in page and "A care leaver" in page
    response = post(officer, path, {"step": "answers", "question": "who", "values": "care-leaver"},
                    page=step.headers["Location"])
    assert response.status_code == 302, response.text
    q = stored(db)
    assert q.sections[1].show_if == Condition("who", ("care-leaver",), line=q.sections[1].show_if.line)
    index = officer.get(f"{BASE}/conditions").text
    assert "Only asked when the answer to ‘1. Who are you?’ is A care leaver" in index
    # an answer of a likert statement, for a question
    path = condition_page("question", "final")
    response = post(officer, path, {"step": "answers", "question": "mood", "statement": "safe",
                                    "values": ["disagree", "strongly-disagree"]},
                    page=f"{path}?question=mood")
    assert response.status_code == 302, response.text
    shown_if = stored(db).question("final").show_if
    assert (shown_if.question, shown_if.statement, shown_if.values) == (
        "mood", "safe", ("disagree", "strongly-disagree"))
    # and "Always ask" takes it away
    assert post(officer, path, {"step": "question", "question": "always"}).status_code == 302
    assert stored(db).question("final").show_if is None
    assert stored(db).sections[1].show_if is not None
    # the layout cannot go back to one page while a condition is left
    response = post(officer, f"{BASE}/settings", {**SETTINGS, "layout": "one-page"})
    assert "Keep one section per page" in summary(response.text)


def test_a_condition_offers_only_earlier_questions_answered_by_picking(officer):
    post(officer, f"{BASE}/settings", {**SETTINGS, "layout": "pages"})
    page = officer.get(condition_page("question", "home")).text
    assert re.findall(r'name="question" type="radio" value="([^"]*)"', page) == ["always", "who", "mood"]
    page = officer.get(condition_page("question", "final")).text
    assert re.findall(r'name="question" type="radio" value="([^"]*)"', page) == [
        "always", "who", "mood", "plan", "home"]
    first = officer.get(condition_page("section", "about-you")).text
    assert "There is no question this can depend on" in first and 'name="question"' not in first


def test_a_condition_step_with_nothing_chosen_says_what_to_do(officer, db):
    post(officer, f"{BASE}/settings", {**SETTINGS, "layout": "pages"})
    before = stored(db)
    path = condition_page("question", "final")
    assert "Select when this is asked" in summary(post(officer, path, {"step": "question"}).text)
    response = post(officer, path, {"step": "answers", "question": "mood"}, page=f"{path}?question=mood")
    text = summary(response.text)
    assert "Select the statement whose answer decides it" in text and "Select at least one answer" in text
    assert stored(db) == before


def test_changed_condition_requests_are_refused(officer, db):
    post(officer, f"{BASE}/settings", {**SETTINGS, "layout": "pages"})
    before = stored(db)
    path = condition_page("question", "home")
    for forged in ({"step": "question", "question": "plan"},        # the same section
                   {"step": "question", "question": "no-such-question"},
                   {"step": "answers", "question": "final"},         # a later one
                   {"step": "answers", "question": "who", "values": "nobody"},
                   {"step": "answers", "question": "who", "values": "in-care", "statement": "safe"},
                   {"step": "answers", "question": "mood", "statement": "nope", "values": "agree"}):
        assert post(officer, path, forged).status_code == 400, forged
    assert officer.get(condition_page("question", "nothing")).status_code == 404
    assert officer.get(condition_page("page", "home")).status_code == 404
    assert stored(db) == before


def test_a_shipped_consultation_is_not_changed_here(staff_client):
    base = f"/staff/builder/c/{TRAFFORD}"
    for path in ("settings", "scales", "scales/new", "scales/informed", "conditions",
                 "conditions/question/q2"):
        assert staff_client.get(f"{base}/{path}").status_code == 404, path
    assert staff_client.get("/staff/builder/c/no-such-thing/settings").status_code == 404
    assert "Settings, scales and conditions" not in staff_client.get(base).text


def test_the_builder_page_links_to_each_page(officer):
    page = officer.get(BASE).text
    for name in ("settings", "scales", "conditions"):
        assert f'href="{BASE}/{name}"' in page


def test_the_officer_switches_question_numbers_on_the_settings_page(app, officer, db):
    """The upload keeps its written numbers (1, 2, none, 3, 4, none); automatic numbers all six
    in order; off shows none; back to "as written", the numbers are the officer's to type."""
    assert [q.number for q in served(app).questions] == ["1", "2", "", "3", "4", ""]
    page = officer.get(f"{BASE}/settings").text
    assert re.search(r'value="as written"\s+checked', page)
    every = {**SETTINGS, "breakdown": "", "layout": "one-page", "series": "", "wave": ""}
    assert post(officer, f"{BASE}/settings", {**every, "numbering": "automatic"}).status_code == 302
    for q in (stored(db), served(app)):
        assert q.numbering == "automatic"
        assert [x.number for x in q.questions] == ["1", "2", "3", "4", "5", "6"]
    assert post(officer, f"{BASE}/settings", {**every, "numbering": "off"}).status_code == 302
    assert [x.number for x in stored(db).questions] == [""] * 6
    assert "1. Who are you?" not in officer.get(f"{BASE}/edit").text
    assert "Who are you?" in officer.get(f"{BASE}/edit").text
    assert 'name="number"' not in officer.get(f"{BASE}/edit/questions/who").text
    assert post(officer, f"{BASE}/settings", {**every, "numbering": "as written"}).status_code == 302
    assert 'name="number"' in officer.get(f"{BASE}/edit/questions/who").text


def test_a_numbering_the_page_never_offered_is_refused(officer, db):
    before = stored(db)
    assert post(officer, f"{BASE}/settings", {**SETTINGS, "numbering": "roman"}).status_code == 400
    assert stored(db) == before
