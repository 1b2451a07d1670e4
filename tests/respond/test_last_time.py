""""Last time you said ..., we did ...": a later wave of Sefton's pledge shows the actions of
the wave before, only once that wave's results page is published and has actions.

The shipped `sefton-pledge` (wave 2026) gets two later waves in this test's questionnaires
folder: `sefton-pledge-2027` (paged, like the original: the start page) and
`sefton-pledge-2028` (one page: the top of the form, with promise 9 shown to everyone, as a
one-page form cannot hide a section). None has an opening date, so the waves
are in id order (analysis.waves.wave_order).
"""
from __future__ import annotations

import re

import pytest

from survey.respond import last_time as words
from survey.respond.last_time import last_time
from survey.results.reports import wave_before
from survey.store import actions, results_pages
from survey.store.catalogue import Catalogue

FIRST, PAGED, ONE_PAGE = "sefton-pledge", "sefton-pledge-2027", "sefton-pledge-2028"
CALLS = actions.About("promise-1-social-worker", "calls-returned")
VISITS = actions.About("promise-1-social-worker", "regular-visits")
SAME = actions.About("promise-1-social-worker", "same-social-worker")
CONTACT = actions.About("promise-1-social-worker", "contact-details")


@pytest.fixture
def questionnaires(questionnaires):
    """The shipped folder with two later waves of Sefton's pledge."""
    text = (questionnaires / f"{FIRST}.yaml").read_text(encoding="utf-8")
    (questionnaires / f"{PAGED}.yaml").write_text(
        text.replace(f"id: {FIRST}\n", f"id: {PAGED}\n").replace('wave: "2026"', 'wave: "2027"'),
        encoding="utf-8")
    (questionnaires / f"{ONE_PAGE}.yaml").write_text(
        text.replace(f"id: {FIRST}\n", f"id: {ONE_PAGE}\n").replace('wave: "2026"', 'wave: "2028"')
        .replace("layout: pages", "layout: one-page")
        .replace("    show_if: {question: respondent, is: [care-leaver]}\n", ""),  # pages only
        encoding="utf-8")
    return questionnaires


def act(db, consultation_id, about, said, we_will, status="planned", we_did="", reason=""):
    return actions.add_action(db, consultation_id, about, "a statement", said,
                              actions.ActionFields(we_will, status=status, we_did=we_did,
                                                   reason=reason))


def text_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_the_wave_before_is_found_in_the_series(app):
    registry = Catalogue.load(app.config["QUESTIONNAIRES"])
    assert wave_before(registry, registry.get(FIRST)) is None
    assert wave_before(registry, registry.get(PAGED)).id == FIRST
    assert wave_before(registry, registry.get(ONE_PAGE)).id == PAGED
    assert wave_before(registry, registry.get("trafford-corporate-parenting-review-2018")) is None


def test_nothing_until_the_earlier_results_page_is_published(client, db):
    act(db, FIRST, CALLS, "You want your calls returned.", "We will call back in a day.")
    assert words.HEADING not in client.get(f"/c/{PAGED}").get_data(as_text=True)
    results_pages.publish(db, FIRST)
    page = text_of(client.get(f"/c/{PAGED}").get_data(as_text=True))
    assert (f"{words.HEADING} {words.INTRO} You said: You want your calls returned. "
            "We will: We will call back in a day. We plan to do this "
            f"{words.SEE_MORE}") in page
    html = client.get(f"/c/{PAGED}").get_data(as_text=True)
    assert f'href="/c/{FIRST}">{words.SEE_MORE}</a>' in html
    results_pages.unpublish(db, FIRST)
    assert words.HEADING not in client.get(f"/c/{PAGED}").get_data(as_text=True)


def test_nothing_when_published_without_actions(client, db, app):
    results_pages.publish(db, FIRST)
    actions.save_said(db, FIRST, CALLS, "a statement", "You want your calls returned.")
    assert words.HEADING not in client.get(f"/c/{PAGED}").get_data(as_text=True)
    # An action on an entry with no "You said" words yet is not shown either.
    act(db, FIRST, VISITS, "", "We will visit more.")
    registry = Catalogue.load(app.config["QUESTIONNAIRES"])
    assert last_time(db, registry, registry.get(PAGED)) is None
    # The first wave has no wave before it: nothing, whatever is published.
    assert words.HEADING not in client.get(f"/c/{FIRST}").get_data(as_text=True)


def test_three_at_most_done_ones_first_with_young_peoples_words(db, app):
    results_pages.publish(db, FIRST)
    act(db, FIRST, CALLS, "Calls are slow.", "We will call back in a day.")
    act(db, FIRST, VISITS, "Visits are rare.", "We will visit every month.",
        status="done", we_did="We visit every month now.")
    act(db, FIRST, SAME, "Workers change.", "We will keep your worker.",
        status="not-possible", reason="Staff leave.")
    act(db, FIRST, CONTACT, "You need the number.", "We will give you a card.",
        status="done", we_did="Every child has a card.")
    registry = Catalogue.load(app.config["QUESTIONNAIRES"])
    shown = last_time(db, registry, registry.get(PAGED))
    assert shown.earlier_id == FIRST
    assert [(s.said, s.label, s.did, s.status) for s in shown.items] == [
        ("Visits are rare.", "We did", "We visit every month now.", "We did this"),
        ("You need the number.", "We did", "Every child has a card.", "We did this"),
        ("Calls are slow.", "We will", "We will call back in a day.", "We plan to do this"),
    ]


def test_the_one_page_form_shows_it_and_its_cache_moves_when_an_action_changes(client, db):
    results_pages.publish(db, PAGED)
    action = act(db, PAGED, CALLS, "Calls are slow.", "We will call back in a day.")
    first = client.get(f"/c/{ONE_PAGE}").get_data(as_text=True)
    assert "We will call back in a day." in first and "We plan to do this" in first
    assert f'href="/c/{PAGED}">{words.SEE_MORE}</a>' in first
    # Served again from the blank page's cache: the same words.
    assert "We plan to do this" in client.get(f"/c/{ONE_PAGE}").get_data(as_text=True)
    actions.change_action(db, PAGED, action, "a statement", actions.ActionFields(
        "We will call back in a day.", status="done", we_did="We call back the same day."))
    after = client.get(f"/c/{ONE_PAGE}").get_data(as_text=True)
    assert "We call back the same day." in after and "We did this" in after
    assert "We plan to do this" not in after
    # Taking the earlier results page down takes it away at once too.
    results_pages.unpublish(db, PAGED)
    assert "We call back the same day." not in client.get(f"/c/{ONE_PAGE}").get_data(
        as_text=True)


def test_the_cache_moves_when_an_action_is_removed(client, db):
    results_pages.publish(db, PAGED)
    act(db, PAGED, CALLS, "Calls are slow.", "We will call back in a day.")
    gone = act(db, PAGED, VISITS, "Visits are rare.", "We will visit every month.")
    assert "We will visit every month." in client.get(f"/c/{ONE_PAGE}").get_data(as_text=True)
    actions.remove_action(db, PAGED, gone, "a statement")
    page = client.get(f"/c/{ONE_PAGE}").get_data(as_text=True)
    assert "We will visit every month." not in page and "We will call back in a day." in page
