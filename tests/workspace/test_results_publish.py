"""Publishing the young people's results page from "You said, we did" (results_publish)."""
from __future__ import annotations

from conftest import TRAFFORD, hidden_fields

from survey.store import audit, results_pages
from survey.workspace.results_publish import MOVES

SAID = f"/staff/c/{TRAFFORD}/you-said"
PUBLISH = f"{SAID}/results-page/publish"
TAKE_DOWN = f"{SAID}/results-page/take-down"


def yes(client, url):
    return client.post(url, data=hidden_fields(client.get(url).text))


def test_the_page_says_it_is_not_published_and_offers_the_button(staff_client):
    page = staff_client.get(SAID).text
    assert "Not published: young people cannot see it yet." in page
    assert f'href="{PUBLISH}"' in page and "Publish the results page" in page


def test_the_confirm_page_says_what_will_happen_and_a_get_changes_nothing(staff_client, db):
    page = staff_client.get(PUBLISH)
    assert page.status_code == 200
    assert "Young people with the link or QR code will see how many took part" in page.text
    assert "Yes, publish it" in page.text
    assert not results_pages.is_published(db, TRAFFORD)
    assert staff_client.get(f"{SAID}/results-page/sideways").status_code == 404


def test_publishing_and_taking_down_are_audited(staff_client, db):
    response = yes(staff_client, PUBLISH)
    assert response.status_code == 302 and response.headers["Location"] == SAID
    assert results_pages.is_published(db, TRAFFORD)
    page = staff_client.get(SAID).text
    assert MOVES["publish"][3] in page
    stamp = results_pages.published_at(db, TRAFFORD)
    day = f"{int(stamp[8:10])} "
    assert f"Published on {day}" in page and stamp[:4] in page and stamp not in page
    assert f'href="/c/{TRAFFORD}/results"' in page and "Take the results page down" in page
    yes(staff_client, TAKE_DOWN)
    assert not results_pages.is_published(db, TRAFFORD)
    assert [(e.action, e.target, e.username) for e in audit.entries(db)
            if e.action.startswith("results page")] == [
        ("results page taken down", TRAFFORD, "officer1"),
        ("results page published", TRAFFORD, "officer1")]


def test_publishing_twice_changes_nothing_the_second_time(staff_client, db):
    yes(staff_client, PUBLISH)
    yes(staff_client, PUBLISH)
    assert len(audit.entries(db, action="results page published")) == 1


def test_a_post_without_the_token_changes_nothing(staff_client, db):
    assert staff_client.post(PUBLISH, data={}).status_code == 400
    assert not results_pages.is_published(db, TRAFFORD)
