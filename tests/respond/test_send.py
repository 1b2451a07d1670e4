"""Nothing a young person sends is lost without them being told: when the database fails, the
one-page form and the paged check page both say NOT_SAVED (one message), with status 503 and the
answers still there, and sending again once it works stores exactly one response."""
from __future__ import annotations

import sqlite3

import pytest
from conftest import TRAFFORD_FORM, TRAFFORD, hidden_fields, trafford_answers
from test_invitation_code import PAGED as TWO_PAGES, enter_code, one_code, post

from survey.respond.paged import NOT_KEPT
from survey.respond.send import NOT_SAVED
from survey.store import invitations

PAGED = """\
id: paged
title: Paged test
organisation: {name: Test Council}
layout: pages
sections:
  - id: you
    title: About you
    questions:
      - id: who
        type: single_choice
        text: Who are you?
        required: true
        options:
          - {id: in-care, label: A young person in care}
          - {id: care-leaver, label: A care leaver}
"""
BASE = "/c/paged"


@pytest.fixture
def paged(questionnaires):
    (questionnaires / "paged.yaml").write_text(PAGED)


@pytest.fixture
def broken(monkeypatch):
    """Storing a response fails as on a locked or full database, until `broken.mend()`."""
    class Broken:
        def mend(self):
            monkeypatch.undo()

    def fail(*args, **kwargs):
        raise sqlite3.OperationalError("database is locked")
    monkeypatch.setattr("survey.store.responses._insert", fail)
    return Broken()


def count(db, table: str) -> int:
    return db.execute(f"SELECT count(*) FROM [{table}]").fetchone()[0]  # nosec B608


def test_the_one_page_form_says_its_answers_were_not_sent_and_keeps_them(client, db, broken):
    page = client.get(TRAFFORD_FORM)
    data = {**hidden_fields(page.text), **trafford_answers()}
    refused = client.post(f"/c/{TRAFFORD}", data=data)
    assert refused.status_code == 503 and NOT_SAVED in refused.text
    assert "More help with college applications." in refused.text  # still on the page
    assert count(db, "responses") == 0
    broken.mend()
    sent = client.post(f"/c/{TRAFFORD}", data={**data, **hidden_fields(refused.text)})
    assert sent.headers["Location"].endswith("/thanks")
    assert count(db, "responses") == 1


def test_the_check_page_says_its_answers_were_not_sent_and_keeps_the_draft(paged, client, db,
                                                                          broken):
    page = client.get(f"{BASE}/p/1")
    client.post(f"{BASE}/p/1", data={**hidden_fields(page.text), "who": "care-leaver"})
    check = client.get(f"{BASE}/check")
    refused = client.post(f"{BASE}/check", data=hidden_fields(check.text))
    assert refused.status_code == 503 and NOT_SAVED in refused.text
    assert "A care leaver" in refused.text
    assert (count(db, "responses"), count(db, "drafts")) == (0, 1)
    broken.mend()
    sent = client.post(f"{BASE}/check", data=hidden_fields(refused.text))
    assert sent.headers["Location"].endswith(f"{BASE}/thanks")
    assert (count(db, "responses"), count(db, "drafts")) == (1, 0)


def test_a_draft_that_cannot_be_deleted_after_sending_is_never_sent_twice(paged, client, db,
                                                                          monkeypatch):
    def fail(*args, **kwargs):
        raise sqlite3.OperationalError("disk I/O error")
    page = client.get(f"{BASE}/p/1")
    client.post(f"{BASE}/p/1", data={**hidden_fields(page.text), "who": "in-care"})
    check = client.get(f"{BASE}/check")
    monkeypatch.setattr("survey.store.drafts.delete", fail)
    told = client.post(f"{BASE}/check", data=hidden_fields(check.text))
    assert told.status_code == 503 and NOT_SAVED in told.text  # stored, but told the safe way
    monkeypatch.undo()
    again = client.post(f"{BASE}/check", data=hidden_fields(check.text))
    assert again.headers["Location"].endswith(f"{BASE}/thanks")
    assert count(db, "responses") == 1


def test_a_page_that_cannot_be_kept_says_so(paged, client, db, monkeypatch):
    def fail(*args, **kwargs):
        raise sqlite3.OperationalError("database is locked")
    monkeypatch.setattr("survey.store.drafts.save", fail)
    page = client.get(f"{BASE}/p/1")
    refused = client.post(f"{BASE}/p/1", data={**hidden_fields(page.text), "who": "in-care"})
    assert refused.status_code == 503 and NOT_KEPT in refused.text
    assert 'value="in-care" checked' in refused.text
    assert count(db, "drafts") == 0


@pytest.fixture
def two_pages(questionnaires):
    (questionnaires / "two-pages.yaml").write_text(TWO_PAGES)


def test_send_with_a_code_used_meanwhile_on_another_device_says_so(two_pages, staff_client,
                                                                   app, db):
    """Two devices with one code, the other sending first: the check page's Send is answered
    by the response's own transaction (the code page, saying the code was used), as it is when
    both send at the same moment, not by a look at the code beforehand."""
    code = one_code(staff_client, "two-pages")
    devices = [app.test_client(), app.test_client()]
    for device in devices:
        enter_code(device, code, "two-pages")
        post(device, "/c/two-pages/p/2", {"q2": "b"})
    checks = [device.get("/c/two-pages/check") for device in devices]
    first = devices[0].post("/c/two-pages/check", data=hidden_fields(checks[0].text))
    assert first.headers["Location"].endswith("/thanks")
    told = devices[1].post("/c/two-pages/check", data=hidden_fields(checks[1].text))
    assert told.status_code == 200 and invitations.USED in told.text and "Error: " in told.text
    assert count(db, "responses") == 1
