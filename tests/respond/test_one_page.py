"""The young person's form, through the real app on a real SQLite file."""
from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from conftest import TRAFFORD_FORM, TRAFFORD, hidden_fields, trafford_answers

from survey.definition import load_file
from survey.respond.one_page import RESULTS_BY


def stored(db) -> list[tuple]:
    return db.execute(
        "SELECT question_id, item_id, value FROM answers ORDER BY question_id, item_id").fetchall()


def response_count(db) -> int:
    return db.execute("SELECT count(*) FROM responses").fetchone()[0]


def test_home_lists_open_consultations(client):
    page = client.get("/")
    assert page.status_code == 200
    assert "Corporate Parenting Strategy Review 2018-20" in page.text
    assert f'href="/c/{TRAFFORD}"' in page.text


def test_form_renders_every_question_and_statement(client, questionnaires):
    questionnaire = load_file(questionnaires / f"{TRAFFORD}.yaml")
    page = client.get(TRAFFORD_FORM)
    assert page.status_code == 200
    text = page.text.replace("&#39;", "'").replace("&amp;", "&")
    for question in questionnaire.questions:
        assert question.text in text
    for statement in questionnaire.question("q2").statements:
        assert statement.text in text
        assert f'name="q2-{statement.id}"' in page.text
    # each statement is its own fieldset with a legend, so screen readers announce it, inside
    # its question's fieldset, so they announce the question too
    assert page.text.count("<legend") == 1 + 1 + 7
    assert page.text.count('type="radio"') == 6 + 7 * 5
    # no script but the character count's and the Listen button's own files, which the page
    # works without (test_browser, test_browser_listen)
    assert [re.search(r'src="([^"]*)"', tag).group(1)
            for tag in re.findall(r"<script[^>]*>", page.text)] == [
        "/static/character-count.js", "/static/listen.js"]


def test_valid_submit_stores_exactly_the_answers(submit, db):
    response = submit(trafford_answers(q4="Drop-in sessions", q1="other", **{"q1-other": "Advocate"}))
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/c/{TRAFFORD}/thanks")
    assert stored(db) == sorted([
        ("q1", "", "other"), ("q1", "other", "Advocate"),
        ("q2", "placement-stability", "very-well"), ("q2", "foster-families-closer-to-home", "quite"),
        ("q2", "education", "somewhat"), ("q2", "special-guardianship", "not-very"),
        ("q2", "services-working-together", "not-at-all"), ("q2", "early-help", "quite"),
        ("q2", "adoption", "very-well"),
        ("q3", "", "More help with college applications."), ("q4", "", "Drop-in sessions"),
    ])
    row = db.execute("SELECT consultation_id, channel, is_demo, submitted_at FROM responses").fetchone()
    assert row[:3] == (TRAFFORD, "online", 0)
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\dZ", row[3])


def test_confirmation_page(submit):
    page = submit(trafford_answers(), follow_redirects=True)
    assert "Thank you, your answers have been sent" in page.text


def test_other_text_is_not_stored_unless_other_is_chosen(submit, db):
    submit(trafford_answers(**{"q1-other": "Advocate"}))
    assert ("q1", "other", "Advocate") not in stored(db)


def test_missing_required_answers_store_nothing_and_link_each_error(submit, db):
    page = submit(trafford_answers(q1=None, **{"q2-education": None}, q3="I typed this"))
    assert page.status_code == 200
    assert response_count(db) == 0
    assert page.text.startswith("<!DOCTYPE html>")
    assert "<title>Error: " in page.text
    assert "There is a problem" in page.text
    assert '<a href="#q1">Choose an answer for question 1</a>' in page.text
    assert 'href="#q2-education"' in page.text
    # the statement is named in full, never cut short
    assert "Choose an answer for ‘Supporting children to do as well as they possibly can in their education.’" in page.text
    # the box that comes with "Other" says so
    assert "Tell us what ‘Other’ means for you" in page.text
    # what they typed and chose is kept
    assert "I typed this" in page.text
    assert re.search(r'value="very-well"[^>]*checked', page.text)


def test_over_long_text_is_refused_with_the_limit(submit, db):
    page = submit(trafford_answers(q3="x" * 2001))
    assert response_count(db) == 0
    assert "Your answer is too long. You can write up to 2,000 letters and spaces" in page.text
    assert submit(trafford_answers(q3="x" * 2000)).status_code == 302


def test_a_long_text_box_says_its_limit_in_words_a_child_knows(client, submit):
    """Under the box before anything is typed, and in the error after sending, the same words:
    letters and spaces, not characters; the count's words are on the box for the script."""
    page = client.get(TRAFFORD_FORM)
    assert "You can write up to 2,000 letters and spaces" in page.text
    assert "You can enter up to" not in page.text
    assert 'data-i18n.characters-under-limit.other="You have %{count} letters and spaces left"' in page.text
    assert 'data-i18n.characters-over-limit.one="You have 1 letter or space too many"' in page.text
    assert '<script src="/static/character-count.js" defer></script>' in page.text
    refused = submit(trafford_answers(q3="x" * 2001))
    assert "characters" not in re.sub(r'data-i18n[^"]*"', "", refused.text)
    assert "Your answer is too long. You can write up to 2,000 letters and spaces" in refused.text


def test_forged_option_value_is_refused(submit, db):
    page = submit(trafford_answers(q1="head-of-mi5", **{"q2-adoption": "=1+1"}))
    assert response_count(db) == 0
    assert "Choose one of the answers on the page" in page.text


def test_control_characters_are_removed_as_text_comes_in(submit, db):
    submit(trafford_answers(q3="line one\r\nline\x0btwo\x00"))
    assert ("q3", "", "line one\nlinetwo") in stored(db)


def test_csrf_token_is_required(client, db):
    page = client.get(TRAFFORD_FORM)
    fields = hidden_fields(page.text)
    del fields["csrf_token"]
    response = client.post(f"/c/{TRAFFORD}", data={**fields, **trafford_answers()})
    assert response.status_code == 200
    assert response_count(db) == 0
    assert "This page was open for too long. Your answers are still here: check them and send them again" in response.text
    # answers are kept so they only need to press send again
    assert "More help with college applications." in response.text


def test_double_submit_stores_one_response(client, db):
    page = client.get(TRAFFORD_FORM)
    data = {**hidden_fields(page.text), **trafford_answers()}
    first = client.post(f"/c/{TRAFFORD}", data=data)
    second = client.post(f"/c/{TRAFFORD}", data=data)
    assert first.status_code == second.status_code == 302
    assert first.headers["Location"] == second.headers["Location"]
    assert response_count(db) == 1


def test_two_visits_store_two_responses(submit, db):
    submit(trafford_answers())
    submit(trafford_answers())
    assert response_count(db) == 2


def test_forged_submission_id_stores_nothing(client, db):
    page = client.get(TRAFFORD_FORM)
    data = {**hidden_fields(page.text), **trafford_answers(), "submission_id": "'; DROP TABLE x"}
    response = client.post(f"/c/{TRAFFORD}", data=data)
    assert response.status_code == 200
    assert response_count(db) == 0
    assert "This page was open for too long" in response.text


def test_oversized_request_is_refused_with_a_page(client, db):
    response = client.post(f"/c/{TRAFFORD}", data={"q3": "x" * 600_000})
    assert response.status_code == 413
    assert "too big" in response.text
    assert "Traceback" not in response.text
    assert response_count(db) == 0


def test_unknown_consultation_is_a_friendly_404(client):
    page = client.get("/c/no-such-thing")
    assert page.status_code == 404
    assert "Page not found" in page.text


def test_closed_consultation_shows_a_closed_page_and_stores_nothing(tmp_path, questionnaires):
    from survey import create_app
    from survey.store.db import connect
    path = questionnaires / f"{TRAFFORD}.yaml"
    yesterday = (date.today() - timedelta(days=1)).isoformat()
    path.write_text(path.read_text() + f"opens: 2020-01-01\ncloses: {yesterday}\n")
    app = create_app({"TESTING": True, "SECRET_KEY": "x", "DATABASE": str(tmp_path / "c.db"),
                      "QUESTIONNAIRES": str(questionnaires)})
    client = app.test_client()
    assert TRAFFORD not in client.get("/").text
    page = client.get(TRAFFORD_FORM)
    assert "This survey is not open" in page.text
    client.post(f"/c/{TRAFFORD}", data=trafford_answers())
    assert connect(tmp_path / "c.db").execute("SELECT count(*) FROM responses").fetchone()[0] == 0


def test_nothing_about_the_device_is_stored(submit, db):
    submit(trafford_answers())
    columns = {c.name for t in ("responses", "answers") for c in db[t].columns}
    assert columns == {"id", "consultation_id", "version", "submission_id", "submitted_at",
                       "channel", "is_demo", "batch", "group_size",  # paper batch, group session
                       "language", "age_version",  # the language and version answered in
                       "response_id", "question_id", "item_id", "value"}
    dump = "\n".join(db.conn.iterdump())
    assert "127.0.0.1" not in dump and "Werkzeug" not in dump


def test_response_records_the_definition_version(submit, db, questionnaires):
    submit(trafford_answers())
    version = load_file(questionnaires / f"{TRAFFORD}.yaml").version
    assert db.execute("SELECT version FROM responses").fetchone()[0] == version
    source = db.execute("SELECT source FROM definitions WHERE version = ?", [version]).fetchone()[0]
    assert source == (questionnaires / f"{TRAFFORD}.yaml").read_text()


def test_security_headers(client):
    response = client.get(TRAFFORD_FORM)
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Cache-Control"] == "no-store"


def test_an_unexpected_error_shows_no_traceback(app, client):
    @app.get("/boom")
    def boom():
        raise RuntimeError("secret internals")
    app.config["PROPAGATE_EXCEPTIONS"] = False
    page = client.get("/boom")
    assert page.status_code == 500
    assert "secret internals" not in page.text and "Traceback" not in page.text


def test_blank_forms_come_from_one_render_but_each_visitor_gets_their_own_tokens(app):
    first, second = app.test_client(), app.test_client()
    page_one, page_two = first.get(TRAFFORD_FORM), second.get(TRAFFORD_FORM)
    one, two = hidden_fields(page_one.text), hidden_fields(page_two.text)
    assert one["csrf_token"] != two["csrf_token"] and one["submission_id"] != two["submission_id"]
    assert page_one.text.replace(one["csrf_token"], "").replace(one["submission_id"], "") == \
        page_two.text.replace(two["csrf_token"], "").replace(two["submission_id"], "")
    assert "HYS-" not in page_two.text  # no marker is ever left in a page
    # The page from the stored render is a working form for its own visitor.
    response = second.post(f"/c/{TRAFFORD}", data={**two, **trafford_answers()})
    assert response.status_code == 302


def draft_count(db) -> int:
    return db.execute("SELECT count(*) FROM drafts").fetchone()[0]


def test_a_one_page_form_is_saved_for_later_and_comes_back_filled_in(app, client, db):
    """"Save and come back later" on a one-page form: half the answers are kept as a draft with
    a four-word code, nothing is a response yet; the code brings the form back filled in, in
    another browser, and sending it stores one response and deletes the draft."""
    page = client.get(TRAFFORD_FORM)
    assert "Save and come back later" in page.text
    assert f'href="/c/{TRAFFORD}/resume?age=older"' in page.text  # "I have a code", for 13 and over
    half = {"q1": "care-leaver", "q2-education": "quite", "q3": "More help with money."}
    saved = client.post(f"/c/{TRAFFORD}", data={**hidden_fields(page.text), **half,
                                                  "action": "save"})
    assert saved.status_code == 200 and "Your answers are saved" in saved.text
    code = re.search(r'<strong class="app-code">([a-z-]+)</strong>', saved.text).group(1)
    assert f"/c/{TRAFFORD}/resume?code={code}" in saved.text
    assert response_count(db) == 0 and draft_count(db) == 1
    again = client.get(TRAFFORD_FORM)  # the same browser sees its answers
    assert re.search(r'value="care-leaver"\s+checked', again.text)

    other = app.test_client()
    form = other.get(f"/c/{TRAFFORD}/resume")
    assert form.status_code == 200
    resumed = other.post(f"/c/{TRAFFORD}/resume", data={
        **hidden_fields(form.text), "code": code.replace("-", " ")})
    assert resumed.headers["Location"].endswith(f"/c/{TRAFFORD}")
    filled = other.get(TRAFFORD_FORM)
    assert re.search(r'value="care-leaver"\s+checked', filled.text)
    assert re.search(r'value="quite"\s+checked', filled.text)
    assert "More help with money.</textarea>" in filled.text
    assert response_count(db) == 0

    sent = other.post(f"/c/{TRAFFORD}", data={**hidden_fields(filled.text),
                                              **trafford_answers(q3="More help with money.")})
    assert sent.headers["Location"].endswith(f"/c/{TRAFFORD}/thanks")
    assert response_count(db) == 1 and draft_count(db) == 0
    assert ("q3", "", "More help with money.") in stored(db)
    assert "More help with money." not in other.get(TRAFFORD_FORM).text  # starts afresh


def test_saving_a_one_page_form_keeps_only_what_is_right(client, db):
    page = client.get(TRAFFORD_FORM)
    saved = client.post(f"/c/{TRAFFORD}", data={
        **hidden_fields(page.text), "q1": "head-of-mi5", "q3": "Fine.", "action": "save"})
    assert "Your answers are saved" in saved.text
    row = db.execute("SELECT answers FROM drafts").fetchone()[0]
    assert "Fine." in row and "head-of-mi5" not in row
    assert response_count(db) == 0


def test_a_stylesheet_opens_no_database_connection(client, monkeypatch):
    """Static files are most of a first visit's requests: neither who is signed in nor the
    builder's check for newly saved versions opens a connection for them."""
    import survey.web.per_request as per_request
    opened = []
    real = per_request.connect
    monkeypatch.setattr(per_request, "connect", lambda *a, **k: opened.append(a) or real(*a, **k))
    assert client.get("/static/app.css").status_code == 200
    assert opened == []
    assert client.get("/").status_code == 200
    assert len(opened) == 1


# -- the results date on the thanks page -----------------------------------------------------
TOLD = """\
id: {id}
title: Your club
organisation: {{name: Test Council}}
layout: {layout}
results_by: 2027-06-30
sections:
  - id: club
    title: The club
    questions:
      - {{id: best, type: short_text, text: What is best?}}
"""


@pytest.fixture
def told(questionnaires):
    """Two consultations with a results date, one on one page and one a page at a time, written
    before the app reads the folder."""
    (questionnaires / "told.yaml").write_text(TOLD.format(id="told", layout="one-page"))
    (questionnaires / "told-paged.yaml").write_text(TOLD.format(id="told-paged", layout="pages"))


def _send(client, url: str, data: dict):
    page = client.get(url)
    return client.post(url, data={**hidden_fields(page.text), **data})


def test_the_thanks_page_says_when_young_people_will_hear_what_was_done(told, client):
    sent = _send(client, "/c/told", {"best": "The games"})
    assert sent.headers["Location"].endswith("/c/told/thanks")
    page = client.get("/c/told/thanks").text
    assert RESULTS_BY.format(day="30 June 2027") in page
    assert "We will tell you what we did by 30 June 2027." in page
    assert "2027-06-30" not in page  # never the file's way of writing a date


def test_the_paged_thanks_page_says_it_too(told, client):
    assert _send(client, "/c/told-paged/p/1", {"best": "The games"}).status_code == 302
    sent = _send(client, "/c/told-paged/check", {})
    assert sent.headers["Location"].endswith("/c/told-paged/thanks")
    page = client.get("/c/told-paged/thanks").text
    assert "We will tell you what we did by 30 June 2027." in page


def test_the_thanks_page_promises_no_date_when_none_is_set(submit, client):
    submit(trafford_answers())
    page = client.get(f"/c/{TRAFFORD}/thanks").text
    assert "Thank you, your answers have been sent" in page
    assert "We will tell you what we did" not in page
