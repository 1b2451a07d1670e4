"""The "Get help now" box, large, after a young person picks an answer their questionnaire sends
to the safeguarding review: on the next page (and every page after, and the check page) of a
paged questionnaire, and on the thanks page of either kind; never for anyone who did not pick
it, and in words that do not say what was picked."""
from __future__ import annotations

import html

import pytest
from conftest import hidden_fields

from survey.respond.help_now import TALK, THANKS

PAGED = """\
id: {id}
title: Help test
organisation:
  name: Test Council
  help: {{text: "Call Childline on 0800 1111", url: "https://www.childline.org.uk/"}}
layout: {layout}
sections:
  - id: home
    title: Home
    questions:
      - id: feel
        type: single_choice
        text: Do you feel safe at home?
        required: true
        options:
          - {{id: "yes", label: "Yes"}}
          - {{id: not-always, label: "Not always", safeguarding: true}}
  - id: more
    title: Anything else
    questions:
      - {{id: anything, type: long_text, text: Anything else?}}
"""
BOX = 'class="app-help-now"'


@pytest.fixture
def consultations(questionnaires):
    (questionnaires / "paged.yaml").write_text(PAGED.format(id="paged", layout="pages"))
    (questionnaires / "single.yaml").write_text(PAGED.format(id="single", layout="one-page"))


def post(client, url: str, data: dict):
    page = client.get(url)
    return client.post(url, data={**hidden_fields(page.text), **data})


def offers_help(page_text: str) -> bool:
    """The large box, with its words, the council's help link and help words."""
    text = html.unescape(page_text)
    if BOX not in text:
        return False
    box = text.split(BOX, 1)[1].split("</aside>", 1)[0]
    assert THANKS in box and TALK in box
    assert 'href="https://www.childline.org.uk/">Get help now</a>' in box
    assert "Call Childline on 0800 1111" in box
    assert "Not always" not in box and "flag" not in box.lower()  # never says what was picked
    return True


def test_the_next_page_offers_help_after_picking_an_answer_sent_for_review(consultations, client):
    assert not offers_help(client.get("/c/paged/p/1").text)
    assert post(client, "/c/paged/p/1", {"feel": "not-always"}).status_code == 302
    assert offers_help(client.get("/c/paged/p/2").text)
    assert post(client, "/c/paged/p/2", {"anything": ""}).status_code == 302
    assert offers_help(client.get("/c/paged/check").text)


def test_no_box_for_a_young_person_who_did_not_pick_it(consultations, client):
    post(client, "/c/paged/p/1", {"feel": "yes"})
    page = client.get("/c/paged/p/2").text
    assert not offers_help(page) and 'class="app-help"' in page  # the small link, as ever
    post(client, "/c/paged/p/2", {"anything": ""})
    assert not offers_help(client.get("/c/paged/check").text)
    post(client, "/c/paged/check", {})
    assert not offers_help(client.get("/c/paged/thanks").text)


def test_changing_the_answer_takes_the_box_away(consultations, client):
    post(client, "/c/paged/p/1", {"feel": "not-always"})
    post(client, "/c/paged/p/1", {"feel": "yes"})
    assert not offers_help(client.get("/c/paged/p/2").text)


def test_the_thanks_page_offers_help_once_after_sending_a_paged_questionnaire(
        consultations, client, db):
    post(client, "/c/paged/p/1", {"feel": "not-always"})
    post(client, "/c/paged/p/2", {"anything": ""})
    assert post(client, "/c/paged/check", {}).headers["Location"].endswith("/c/paged/thanks")
    assert offers_help(client.get("/c/paged/thanks").text)
    assert not offers_help(client.get("/c/paged/thanks").text)  # nothing kept on the device
    assert db.execute("SELECT matched, kind FROM safeguarding_flags").fetchall() == [
        ("Not always", "answer")]


@pytest.mark.parametrize("feel, offered", [("not-always", True), ("yes", False)])
def test_the_one_page_thanks_page_offers_help_only_after_picking_it(consultations, client, feel,
                                                                    offered):
    sent = post(client, "/c/single", {"feel": feel})
    assert sent.headers["Location"].endswith("/c/single/thanks")
    page = client.get("/c/single/thanks").text
    assert "Thank you, your answers have been sent" in page
    assert offers_help(page) is offered


def test_a_page_kept_for_everyone_never_carries_one_young_persons_box(consultations, app):
    first, second, third = app.test_client(), app.test_client(), app.test_client()
    post(first, "/c/paged/p/1", {"feel": "yes"})
    assert not offers_help(first.get("/c/paged/p/2").text)   # the blank page, kept for everyone
    post(second, "/c/paged/p/1", {"feel": "not-always"})
    assert offers_help(second.get("/c/paged/p/2").text)
    post(third, "/c/paged/p/1", {"feel": "yes"})
    assert not offers_help(third.get("/c/paged/p/2").text)
