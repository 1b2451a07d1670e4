"""The builder: create, copy, upload, download and edit definitions in the browser, always
through the loader, never losing or misattributing an answer already given."""
from __future__ import annotations

import io
import html
import re
import textwrap

import pytest
from conftest import english_only, STAFF_PASSWORD, TRAFFORD, hidden_fields, trafford_answers

from survey.store.audit import entries
from survey.definition import load_text
from survey.store.lifecycle import set_state, state_of
from survey.results.reports import summary_of
from survey.store.users import add_user

GOOD = textwrap.dedent("""\
    id: youth-voice-2027
    title: Youth voice 2027
    organisation: {name: Test Council}
    sections:
      - id: one
        questions:
          - {id: q1, type: short_text, text: What is one thing we should change?}
    """)
BAD = GOOD.replace("type: short_text", "type: short_txt").replace("title: Youth", "titel: Youth")


def upload(client, text: str, name: str = "mine.yaml"):
    page = client.get("/staff/builder/upload")
    return client.post("/staff/builder/upload", data={
        **hidden_fields(page.text), "file": (io.BytesIO(text.encode()), name)},
        content_type="multipart/form-data")


def stored(db) -> list:
    return db.execute("SELECT consultation_id, version FROM consultation_sources").fetchall()


def one_h1(html: str) -> None:
    assert len(re.findall(r"<h1[ >]", html)) == 1


def test_uploading_a_good_file_creates_a_draft_served_by_the_app(app, staff_client, db):
    response = upload(staff_client, GOOD)
    assert response.status_code == 302
    assert stored(db) == [("youth-voice-2027", load_text(GOOD).version)]
    assert state_of(db, "youth-voice-2027") == "draft"
    assert {e.action for e in entries(db)} >= {"consultation created", "definition uploaded"}
    page = staff_client.get(response.headers["Location"])
    assert "Youth voice 2027" in page.text
    one_h1(page.text)
    download = staff_client.get("/staff/builder/c/youth-voice-2027.yaml")
    assert download.text == GOOD and "attachment" in download.headers["Content-Disposition"]
    # a draft: young people cannot answer it yet
    assert "Youth voice 2027" not in staff_client.get("/").text


def test_a_new_app_started_on_the_same_database_serves_it(app, staff_client, tmp_path, questionnaires):
    upload(staff_client, GOOD)
    from survey import create_app
    again = create_app({"TESTING": True, "SECRET_KEY": "x", "DATABASE": app.config["DATABASE"],
                        "QUESTIONNAIRES": str(questionnaires)})
    assert again.extensions["haveyoursay.catalogue"].get("youth-voice-2027") is not None


def test_uploading_a_bad_file_shows_the_loaders_messages_by_line_and_stores_nothing(staff_client, db):
    response = upload(staff_client, BAD)
    assert response.status_code == 200
    assert "govuk-error-summary" in response.text and "<title>Error: " in response.text
    assert "Line 2: " in response.text and "Line 7: " in response.text
    assert "did you mean" in response.text.lower()
    assert stored(db) == []
    assert db.execute("SELECT count(*) FROM definitions WHERE consultation_id = ?",
                      ["youth-voice-2027"]).fetchone()[0] == 0


def test_a_shipped_consultation_cannot_be_overwritten(staff_client, db, questionnaires):
    text = (questionnaires / f"{TRAFFORD}.yaml").read_text()
    response = upload(staff_client, text.replace("Corporate Parenting", "Changed"))
    assert "shipped with the app" in response.text and stored(db) == []
    page = staff_client.get(f"/staff/builder/c/{TRAFFORD}/source")
    response = staff_client.post(f"/staff/builder/c/{TRAFFORD}/source", data={
        **hidden_fields(page.text), "source": text})
    assert "shipped with the app" in response.text and stored(db) == []
    assert staff_client.post(f"/staff/builder/c/{TRAFFORD}/save", data={
        **hidden_fields(page.text), "source": text, "action": "definition saved"}).status_code == 404


def create(client, path: str, **fields):
    page = client.get(path)
    return client.post(path, data={**hidden_fields(page.text), **fields})


def test_create_from_scratch_and_bad_ids(staff_client, db):
    response = create(staff_client, "/staff/builder/new", id="Not An Id", title="", organisation="X")
    assert "Enter a web address that starts with a small letter" in response.text
    assert "Enter a title" in response.text and stored(db) == []
    response = create(staff_client, "/staff/builder/new", id=TRAFFORD, title="T", organisation="X")
    assert "shipped with the app" in response.text and stored(db) == []
    response = create(staff_client, "/staff/builder/new", id="fresh", title="Fresh",
                      organisation="Test Council")
    assert response.status_code == 302 and stored(db)[0][0] == "fresh"
    response = create(staff_client, "/staff/builder/new", id="fresh", title="Again",
                      organisation="Test Council")
    assert "already a consultation" in response.text


def test_a_web_address_left_empty_is_made_from_the_title_and_never_one_used_before(staff_client,
                                                                                   db):
    response = create(staff_client, "/staff/builder/new", id="", title="Your views on family time!",
                      organisation="Test Council")
    assert response.headers["Location"] == "/staff/builder/c/your-views-on-family-time"
    response = create(staff_client, "/staff/builder/new", id="  ", title="Your views on family time",
                      organisation="Test Council")
    assert response.headers["Location"] == "/staff/builder/c/your-views-on-family-time-2"
    # A title with no letters or numbers still gives an address a young person's link can use.
    response = create(staff_client, "/staff/builder/new", id="", title="???",
                      organisation="Test Council")
    assert response.headers["Location"] == "/staff/builder/c/consultation"
    assert [row[0] for row in stored(db)] == [
        "your-views-on-family-time", "your-views-on-family-time-2", "consultation"]


def copy_trafford(client, db, new_id="trafford-2027"):
    response = create(client, "/staff/builder/copy", source=TRAFFORD, id=new_id,
                      title="Trafford review 2027")
    assert response.status_code == 302, response.text
    english_only(client, new_id)
    set_state(db, new_id, "open")
    return new_id


def test_copy_a_shipped_consultation_and_answer_it_through_the_public_form(staff_client, db, submit):
    new_id = copy_trafford(staff_client, db)
    assert ("consultation created" in {e.action for e in entries(db)})
    response = submit(trafford_answers(), consultation=new_id)
    assert response.status_code == 302 and response.headers["Location"] == f"/c/{new_id}/thanks"
    assert db.execute("SELECT count(*) FROM responses WHERE consultation_id = ?",
                      [new_id]).fetchone()[0] == 1
    assert db.execute("SELECT count(*) FROM responses WHERE consultation_id = ?",
                      [TRAFFORD]).fetchone()[0] == 0


def edit(client, consultation_id: str, change):
    page = client.get(f"/staff/builder/c/{consultation_id}/source")
    text = re.search(r'<textarea[^>]*>(.*?)</textarea>', page.text, re.S).group(1)
    import html
    text = change(html.unescape(text))
    return client.post(f"/staff/builder/c/{consultation_id}/source", data={
        **hidden_fields(page.text), "source": text})


def test_rewording_after_a_response_keeps_the_answer_under_the_new_wording(app, staff_client, db, submit):
    new_id = copy_trafford(staff_client, db)
    kept = db.execute("SELECT count(*) FROM definitions WHERE consultation_id = ?", [new_id]).fetchone()[0]
    submit(trafford_answers(), consultation=new_id)
    first_version = db.execute("SELECT version FROM responses").fetchone()[0]
    confirm = edit(staff_client, new_id, lambda t: t.replace(
        "Helping children stay in the same placement", "Staying in one home").replace(
        "  - id: q3\n", "  - id: extra\n        type: short_text\n        text: Anything else?\n      - id: q3\n", 1))
    assert confirm.status_code == 200, confirm.text
    said = html.unescape(confirm.text)
    assert ("The statement \u2018Helping children stay in the same placement for longer even\u2026\u2019 "
            "in question 2 will read \u2018Staying in one home for longer even when things get\u2026\u2019"
            in said)
    assert "A new question: \u2018Anything else?\u2019" in said
    assert "stay with their questions" in confirm.text
    saved = staff_client.post(f"/staff/builder/c/{new_id}/save", data=hidden_fields(confirm.text) | {
        "source": re.search(r'name="source" value="([^"]*)"', confirm.text, re.S).group(1)
        .replace("&#39;", "'").replace("&#34;", '"').replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">"),
        "action": "definition saved"})
    assert saved.status_code == 302, saved.text
    flashed = html.unescape(staff_client.get(saved.headers["Location"]).text)
    assert "Saved. The statement \u2018Helping children" in flashed
    assert "in question 2 now reads \u2018Staying in one home" in flashed
    current = app.extensions["haveyoursay.catalogue"].get(new_id)
    assert current.version != first_version
    assert db.execute("SELECT count(*) FROM definitions WHERE consultation_id = ?",
                      [new_id]).fetchone()[0] == kept + 1  # the answered version kept, and the new
    assert db.execute("SELECT version FROM responses").fetchone()[0] == first_version
    summary = summary_of(db, current)
    statement = summary.likert["q2"].statements[0]
    assert statement.statement.text.startswith("Staying in one home")
    assert sum(statement.counts) == 1  # the answer given before still counts, under the new words
    assert "definition saved" in {e.action for e in entries(db)}
    # and the public form now asks the new question
    assert "Anything else?" in staff_client.get(f"/c/{new_id}?age=older").text


def test_removing_an_answered_question_is_refused_with_a_way_forward(staff_client, db, submit):
    new_id = copy_trafford(staff_client, db)
    submit(trafford_answers(), consultation=new_id)
    before = stored(db)
    confirm = edit(staff_client, new_id, lambda t: re.sub(r"\n      - id: q3\n(.*\n)*", "\n", t))
    assert ("Question 3 \u2018Are there any areas you feel need to be improved?\u2019 has answers, so "
            "it cannot be removed") in html.unescape(confirm.text)
    assert "You can reword it, or retire it (add &#39;retired: true&#39;)" in confirm.text
    assert "Save this version" not in confirm.text and stored(db) == before


def test_an_edit_with_a_mistake_shows_the_line_and_saves_nothing(staff_client, db):
    new_id = copy_trafford(staff_client, db)
    before = stored(db)
    response = edit(staff_client, new_id, lambda t: t.replace("scale: informed", "scale: informd"))
    assert "Line " in response.text and "informd" in response.text and stored(db) == before


def test_preview_shows_the_young_persons_form_and_stores_nothing(staff_client, db):
    new_id = copy_trafford(staff_client, db)
    page = staff_client.get(f"/staff/builder/c/{new_id}/preview?age=older")
    one_h1(page.text)
    assert "Preview" in page.text and "Send my answers" in page.text
    assert "phone.css" in page.text
    sent = staff_client.post(f"/staff/builder/c/{new_id}/preview",
                             data={**hidden_fields(page.text), **trafford_answers(q1=None)})
    assert sent.status_code == 200 and "There is a problem" in sent.text
    assert db.execute("SELECT count(*) FROM responses").fetchone()[0] == 0


@pytest.mark.parametrize("role", ["manager", "admin"])
def test_only_officers_use_the_builder(app, db, role):
    client = app.test_client()
    add_user(db, role, STAFF_PASSWORD, role)
    page = client.get("/staff/sign-in")
    client.post("/staff/sign-in", data={**hidden_fields(page.text), "username": role,
                                        "password": STAFF_PASSWORD})
    assert client.get("/staff/builder/").status_code == 403
    assert upload(client, GOOD).status_code == 403
    assert stored(db) == []
    assert app.test_client().get("/staff/builder/").status_code == 302  # anyone else signs in


def test_the_consultation_page_gives_each_version_s_reading_level(staff_client):
    """Each version's reading level, in the working language, as `survey check` gives it; and
    the languages the grade does not measure."""
    from definition.test_unfinished_translations import COMPLETE, DRAFT
    from test_settings import upload

    from analysis.readability import consultation_reading, level_words, not_measured
    from survey.definition.texts import variant
    upload(staff_client, DRAFT + COMPLETE, "draft.yaml")
    page = html.unescape(staff_client.get("/staff/builder/c/draft").text)
    questionnaire = load_text(DRAFT + COMPLETE)
    for version in questionnaire.versions:
        reading = consultation_reading(variant(questionnaire, version=version.id))
        assert level_words(reading, version.name) in page
    assert not_measured(questionnaire) in page
