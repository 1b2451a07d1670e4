"""A consultation's life: draft -> open -> closed -> archived, moved on by an officer and enforced
on every page a young person can reach, together with the file's opens/closes dates."""
from __future__ import annotations

import textwrap
from datetime import date, timedelta

import pytest
from conftest import TRAFFORD_FORM, STAFF_PASSWORD, TRAFFORD, hidden_fields, trafford_answers

from survey.store import lifecycle
from survey.workspace.lifecycle import DATES_APPLY, WHAT_HAPPENS
from survey.store.users import add_user

PAGED = textwrap.dedent("""\
    id: paged-life
    title: Paged life
    organisation: {name: Test Council}
    layout: pages
    sections:
      - id: one
        questions:
          - {id: q1, type: short_text, text: Anything?}
    """)


def dated(qid: str, opens: date | None, closes: date | None) -> str:
    lines = [f"id: {qid}", f"title: Dated {qid}", "organisation: {name: Test Council}"]
    lines += [f"opens: {opens.isoformat()}"] if opens else []
    lines += [f"closes: {closes.isoformat()}"] if closes else []
    lines += ["sections:", "  - id: one", "    questions:",
              "      - {id: q1, type: short_text, text: Anything?}"]
    return "\n".join(lines) + "\n"


@pytest.fixture(autouse=True)
def extra_questionnaires(questionnaires):
    today = date.today()
    (questionnaires / "paged-life.yaml").write_text(PAGED)
    (questionnaires / "dated-past.yaml").write_text(
        dated("dated-past", None, today - timedelta(days=1)))
    (questionnaires / "dated-future.yaml").write_text(
        dated("dated-future", today + timedelta(days=3), None))
    (questionnaires / "dated-now.yaml").write_text(
        dated("dated-now", today, today))


def move(client, consultation_id: str, state: str):
    """Press the consultation page's button for `state`, then "Yes" on the page that asks."""
    page = client.get(f"/staff/c/{consultation_id}")
    return client.post(f"/staff/c/{consultation_id}/state", data={
        **hidden_fields(page.text), "state": state, "confirmed": "yes"}, follow_redirects=True)


def count(db, table: str) -> int:
    return db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: S608 (fixed names)


def test_a_consultation_without_a_row_is_open(db, client):
    assert lifecycle.state_of(db, TRAFFORD) == "open"
    assert TRAFFORD in client.get("/").text


def test_an_officer_closes_it_and_it_is_audited(staff_client, db):
    page = move(staff_client, TRAFFORD, "closed")
    assert "The consultation is now closed" in page.text
    assert lifecycle.state_of(db, TRAFFORD) == "closed"
    entry = db.execute("SELECT username, action, target, detail FROM audit_log"
                       " WHERE action = 'state changed'").fetchall()
    assert entry == [("officer1", "state changed", TRAFFORD, "open to closed")]
    assert "Reopen it" in page.text and "Archive it" in page.text


def test_the_whole_path_and_the_moves_not_allowed(staff_client, db):
    with lifecycle.write(db):
        db.execute("INSERT INTO consultation_settings (consultation_id, state, updated_at)"
                   " VALUES (?, 'draft', 'now')", [TRAFFORD])
    assert "Draft" in staff_client.get("/staff/").text
    assert "cannot be moved to closed" in move(staff_client, TRAFFORD, "closed").text
    for state in ("open", "closed", "open", "closed", "archived"):
        move(staff_client, TRAFFORD, state)
        assert lifecycle.state_of(db, TRAFFORD) == state
    page = move(staff_client, TRAFFORD, "open")
    assert "A consultation that is archived cannot be moved to open" in page.text
    assert lifecycle.state_of(db, TRAFFORD) == "archived"
    assert count(db, "audit_log WHERE action = 'state changed'") == 5


def test_a_move_without_the_token_changes_nothing(staff_client, db):
    response = staff_client.post(f"/staff/c/{TRAFFORD}/state", data={"state": "closed"})
    assert response.status_code == 302
    assert lifecycle.state_of(db, TRAFFORD) == "open"


def test_only_an_officer_may_move_it(app, db):
    client = app.test_client()
    add_user(db, "manager1", STAFF_PASSWORD, "manager")
    page = client.get("/staff/sign-in")
    client.post("/staff/sign-in", data={**hidden_fields(page.text), "username": "manager1",
                                        "password": STAFF_PASSWORD})
    page = client.get(f"/staff/c/{TRAFFORD}")
    assert page.status_code == 200 and "Close it" not in page.text
    response = client.post(f"/staff/c/{TRAFFORD}/state",
                           data={**hidden_fields(page.text), "state": "closed"})
    assert response.status_code == 403
    assert lifecycle.state_of(db, TRAFFORD) == "open"


@pytest.mark.parametrize("state", ["draft", "closed", "archived"])
def test_a_closed_consultation_stores_nothing_and_is_not_listed(client, staff_client, db, state):
    young = client.application.test_client()
    form = young.get(TRAFFORD_FORM)  # opened while it was open
    with lifecycle.write(db):
        db.execute("INSERT INTO consultation_settings (consultation_id, state, updated_at)"
                   " VALUES (?, ?, 'now')", [TRAFFORD, state])
    assert f"/c/{TRAFFORD}\"" not in young.get("/").text
    page = young.get(TRAFFORD_FORM)
    assert "This survey is not open" in page.text
    response = young.post(f"/c/{TRAFFORD}", data={**hidden_fields(form.text), **trafford_answers()})
    assert response.status_code == 200 and "This survey is not open" in response.text
    assert count(db, "responses") == 0
    assert young.get(f"/c/{TRAFFORD}/thanks").status_code == 200  # thanks is fine
    index = staff_client.get("/staff/").text
    assert "Dated dated-past" in index and lifecycle.LABELS[state] in index


def test_reopened_it_takes_answers_again(staff_client, submit, db):
    move(staff_client, TRAFFORD, "closed")
    move(staff_client, TRAFFORD, "open")
    assert submit(trafford_answers()).status_code == 302
    assert count(db, "responses") == 1


def test_a_closed_paged_consultation_keeps_no_draft_and_sends_nothing(app, db):
    young = app.test_client()
    start = young.get("/c/paged-life")
    assert "Start now" in start.text
    first = young.get("/c/paged-life/p/1")
    young.post("/c/paged-life/p/1", data={**hidden_fields(first.text), "q1": "hello"})
    assert count(db, "drafts") == 1
    check = young.get("/c/paged-life/check")
    assert check.status_code == 200
    lifecycle.set_state(db, "paged-life", "closed")
    for url in ("/c/paged-life", "/c/paged-life/p/1", "/c/paged-life/check",
                "/c/paged-life/resume"):
        assert "This survey is not open" in young.get(url).text, url
    young.post("/c/paged-life/p/1", data={**hidden_fields(first.text), "q1": "changed"})
    young.post("/c/paged-life/check", data=hidden_fields(check.text))
    young.post("/c/paged-life/resume", data={**hidden_fields(first.text), "code": "a b c d"})
    assert count(db, "responses") == 0
    assert db.execute("SELECT answers FROM drafts").fetchone()[0].count("changed") == 0


def test_the_dates_are_enforced_too(client, db, staff_client):
    home = client.get("/").text
    assert "/c/dated-now" in home
    assert "/c/dated-past" not in home and "/c/dated-future" not in home
    assert "It closed on" in client.get("/c/dated-past").text
    assert "It opens on" in client.get("/c/dated-future").text
    form = client.get("/c/dated-now")
    assert form.status_code == 200 and "Anything?" in form.text
    response = client.post("/c/dated-past", data={**hidden_fields(form.text), "q1": "late"})
    assert "This survey is not open" in response.text
    assert count(db, "responses") == 0
    index = staff_client.get("/staff/").text
    assert "Not open yet" in index


def test_a_draft_says_it_is_not_ready(client, db):
    lifecycle.set_state(db, TRAFFORD, "closed")  # from the command line, audited as such
    assert "It has closed" in client.get(TRAFFORD_FORM).text
    with lifecycle.write(db):
        db.execute("UPDATE consultation_settings SET state = 'draft'")
    assert "It is not ready yet" in client.get(TRAFFORD_FORM).text
    assert db.execute("SELECT username FROM audit_log").fetchone()[0] == "(command line)"


@pytest.mark.parametrize("start, state, says", [
    ("draft", "open", WHAT_HAPPENS[("draft", "open")]),
    ("open", "closed", WHAT_HAPPENS[("open", "closed")]),
    ("closed", "open", WHAT_HAPPENS[("closed", "open")]),
    ("closed", "archived", WHAT_HAPPENS[("closed", "archived")]),
])
def test_each_move_says_what_will_happen_and_asks_first(staff_client, db, start, state, says):
    if start != "open":
        with lifecycle.write(db):
            db.execute("INSERT INTO consultation_settings (consultation_id, state, updated_at)"
                       " VALUES (?, ?, 'now')", [TRAFFORD, start])
    page = staff_client.get(f"/staff/c/{TRAFFORD}")
    audited = count(db, "audit_log")
    asks = f'href="/staff/c/{TRAFFORD}/state/{state}"'
    assert asks in page.text and 'name="state"' not in page.text  # a link, not a button that moves
    asked = staff_client.get(f"/staff/c/{TRAFFORD}/state/{state}")
    assert asked.status_code == 200
    assert says in asked.text.replace("&#39;", "'") and 'name="confirmed" value="yes"' in asked.text
    assert lifecycle.state_of(db, TRAFFORD) == start  # a GET changes nothing
    assert count(db, "audit_log") == audited
    # A POST without the confirmation only goes to the page that asks.
    unasked = staff_client.post(f"/staff/c/{TRAFFORD}/state",
                                data={**hidden_fields(page.text), "state": state})
    assert unasked.headers["Location"] == f"/staff/c/{TRAFFORD}/state/{state}"
    assert lifecycle.state_of(db, TRAFFORD) == start and count(db, "audit_log") == audited
    done = staff_client.post(f"/staff/c/{TRAFFORD}/state", data={
        **hidden_fields(asked.text), "state": state, "confirmed": "yes"}, follow_redirects=True)
    assert lifecycle.state_of(db, TRAFFORD) == state
    assert f"The consultation is now {lifecycle.LABELS[state].lower()}" in done.text


def test_opening_says_the_dates_still_apply(staff_client, db):
    with lifecycle.write(db):
        db.execute("INSERT INTO consultation_settings (consultation_id, state, updated_at)"
                   " VALUES ('dated-future', 'draft', 'now')")
    opens = (date.today() + timedelta(days=3)).strftime("%-d %B %Y")
    asked = staff_client.get("/staff/c/dated-future/state/open")
    assert DATES_APPLY.format(between=f"from {opens}") in asked.text


def test_a_move_not_allowed_is_not_asked_about(staff_client, db):
    asked = staff_client.get(f"/staff/c/{TRAFFORD}/state/archived", follow_redirects=True)
    assert "cannot be moved to archived" in asked.text and "Yes, archive it" not in asked.text
    assert lifecycle.state_of(db, TRAFFORD) == "open"


def test_a_draft_with_an_unfinished_translation_is_not_opened(app, staff_client, db):
    """A question added in the builder to a draft offered in Welsh has no Welsh yet: the draft
    is saved with the gap (Translation.missing), served again after a restart, and opening it
    is refused, naming what is missing in the officer's words, until the Welsh is there."""
    import html

    from builder.test_settings import upload
    from builder.test_structure import fill
    from definition.test_unfinished_translations import COMPLETE, DRAFT

    from survey.store.catalogue import Catalogue
    from survey.workspace.lifecycle import ADD_THEM, UNFINISHED

    upload(staff_client, DRAFT + COMPLETE, "draft.yaml")
    added = fill(staff_client, "/staff/builder/c/draft/edit/sections/about/new-question/short_text",
                 text="Who helps you?")
    assert added.status_code == 302, added.text
    served = app.extensions["haveyoursay.catalogue"].get("draft")
    assert served.translation("cy").missing == ("questions.who-helps-you.text",)
    again = Catalogue.load(app.config["QUESTIONNAIRES"], db).get("draft")  # as after a restart
    assert again is not None and again.translation("cy").missing == ("questions.who-helps-you.text",)
    said = UNFINISHED.format(language="Welsh", count="1 text",
                             texts="the words of the question ‘Who helps you?’")
    asked = staff_client.get("/staff/c/draft/state/open", follow_redirects=True)
    assert said in html.unescape(asked.text) and ADD_THEM in html.unescape(asked.text)
    page = move(staff_client, "draft", "open")
    assert said in html.unescape(page.text)
    assert lifecycle.state_of(db, "draft") == "draft"
