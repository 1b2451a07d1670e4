"""A young person's language and version for their age: picked on the start of the consultation
with plain links, carried in every address after, and what they are asked follows it."""
from __future__ import annotations

import re

import pytest

from conftest import hidden_fields
from bands_example import TWO_BANDS, WELSH

BANDS = "bands"


@pytest.fixture
def questionnaires(questionnaires):
    (questionnaires / "bands.yaml").write_text(TWO_BANDS + WELSH, encoding="utf-8")
    return questionnaires


def _address(href: str) -> tuple[str, frozenset]:
    """An address as its path and its query's pairs, in any order."""
    path, _, query = href.replace("&amp;", "&").partition("?")
    return path, frozenset(pair for pair in query.split("&") if pair)


def _hrefs(html: str) -> set[tuple[str, frozenset]]:
    return {_address(href) for href in re.findall(r'href="([^"]+)"', html)}


def test_the_start_asks_which_version_fits_and_offers_each_language_by_its_own_name(client):
    page = client.get(f"/c/{BANDS}")
    assert page.status_code == 200
    assert 'name="csrf_token"' not in page.text          # no questions before the choice
    assert "I am 8 to 12" in page.text and "I am 13 or older" in page.text
    hrefs = _hrefs(page.text)
    assert _address(f"/c/{BANDS}?age=younger") in hrefs and _address(f"/c/{BANDS}?age=older") in hrefs
    welsh = re.search(r'<a [^>]*hreflang="cy"[^>]*>([^<]+)</a>', page.text)
    assert welsh and welsh.group(1) == "Cymraeg" and 'lang="cy"' in welsh.group(0)
    assert f'href="/c/{BANDS}?lang=cy"' in welsh.group(0)
    # English is the page's own language: named, not a link.
    assert re.search(r'<span [^>]*lang="en"[^>]*aria-current="true"[^>]*>English</span>', page.text)


def test_the_choice_follows_the_young_person_to_the_questions_and_the_thanks_page(client):
    start = client.get(f"/c/{BANDS}?lang=cy")
    assert "Rwy rhwng 8 a 12" in start.text                 # the versions' words in Welsh
    assert _address(f"/c/{BANDS}?lang=cy&age=younger") in _hrefs(start.text)
    form = client.get(f"/c/{BANDS}?lang=cy&age=younger")
    assert "Sut mae dy gartref?" in form.text               # the younger version, in Welsh
    assert 'name="draw"' in form.text and 'name="plans"' not in form.text
    assert 'name="home-listened"' not in form.text          # a statement it leaves out
    # Switching language keeps the version.
    assert _address(f"/c/{BANDS}?age=younger") in _hrefs(form.text)
    sent = client.post(f"/c/{BANDS}?lang=cy&age=younger", data={
        **hidden_fields(form.text), "who": "in-care", "home-safe": "agree", "draw": "The park"})
    assert sent.status_code == 303 or sent.status_code == 302
    assert _address(sent.headers["Location"]) == _address(f"/c/{BANDS}/thanks?lang=cy&age=younger")
    thanks = client.get(sent.headers["Location"])
    assert "Dy gartref" in thanks.text


def test_the_older_version_in_english_asks_its_own_questions(client):
    form = client.get(f"/c/{BANDS}?age=older")
    assert "How do you feel about your home?" in form.text
    assert 'name="plans"' in form.text and 'name="draw"' not in form.text


@pytest.mark.parametrize("address", [f"/c/{BANDS}?lang=xx", f"/c/{BANDS}?lang=ps&age=nobody"])
def test_a_choice_the_consultation_does_not_offer_reads_as_none(client, address):
    page = client.get(address)
    assert page.status_code == 200
    assert "I am 8 to 12" in page.text                       # English, and still asked to pick


def test_the_list_of_surveys_links_each_other_language_by_its_own_name(client):
    home = client.get("/")
    link = re.search(rf'<a [^>]*href="/c/{BANDS}\?lang=cy"[^>]*>([^<]+)</a>', home.text)
    assert link and link.group(1) == "Cymraeg"
    assert 'lang="cy"' in link.group(0) and 'hreflang="cy"' in link.group(0)


def test_officers_get_a_link_and_a_qr_code_for_each_language_and_age_group(staff_client):
    page = staff_client.get(f"/staff/c/{BANDS}")
    assert page.status_code == 200
    links = dict(re.findall(r"<li>([^<:]+): <code class=\"app-link-to-copy\">([^<]+)</code>", page.text))
    assert set(links) == {"Welsh (Cymraeg)", "8 to 12 year olds", "13 and over"}
    short = links["Welsh (Cymraeg)"].split("localhost", 1)[1]
    assert short.endswith("?lang=cy")
    opened = staff_client.get(short.replace("?", "?age=younger&"))
    assert _address(opened.headers["Location"]) == _address(f"/c/{BANDS}?lang=cy&age=younger")
    plain = staff_client.get(f"/staff/c/{BANDS}/qr.png").data
    welsh = staff_client.get(f"/staff/c/{BANDS}/qr.png?lang=cy").data
    unknown = staff_client.get(f"/staff/c/{BANDS}/qr.png?lang=xx").data
    assert welsh != plain and unknown == plain


@pytest.fixture
def paged(questionnaires):
    text = (TWO_BANDS + WELSH).replace("id: bands\n", "id: bands-paged\nlayout: pages\n")
    (questionnaires / "bands-paged.yaml").write_text(text, encoding="utf-8")


def test_a_paged_survey_starts_with_a_button_for_each_age_and_keeps_the_choice_to_the_end(paged, client):
    start = client.get("/c/bands-paged?lang=cy")
    assert _address("/c/bands-paged/p/1?lang=cy&age=younger") in _hrefs(start.text)
    assert "Start now" not in start.text
    first = client.get("/c/bands-paged/p/1?lang=cy&age=younger")
    assert "Sut mae dy gartref?" in first.text and 'name="plans"' not in first.text
    sent = client.post("/c/bands-paged/p/1?lang=cy&age=younger", data={
        **hidden_fields(first.text), "who": "leaver", "home-safe": "agree", "draw": "The park"})
    assert _address(sent.headers["Location"]) == _address("/c/bands-paged/check?lang=cy&age=younger")
    check = client.get(sent.headers["Location"])
    assert "Rwyf wedi gadael gofal" in check.text and "Dywed wrthym am dy hoff le." in check.text


def test_the_officers_preview_asks_the_same_choice_and_stays_in_the_preview(paged, staff_client):
    start = staff_client.get(f"/staff/builder/c/{BANDS}/preview")
    assert start.status_code == 200
    younger = _address(f"/staff/builder/c/{BANDS}/preview?age=younger")
    assert younger in _hrefs(start.text)
    form = staff_client.get(f"/staff/builder/c/{BANDS}/preview?age=younger&lang=cy")
    assert "Sut mae dy gartref?" in form.text
    assert _address(f"/staff/builder/c/{BANDS}/preview?age=younger") in _hrefs(form.text)  # English
    paged_start = staff_client.get("/staff/builder/c/bands-paged/preview")
    assert _address("/staff/builder/c/bands-paged/preview/p/1?age=older") in _hrefs(paged_start.text)


def test_the_preview_banner_stays_english_on_a_welsh_preview(staff_client):
    form = staff_client.get(f"/staff/builder/c/{BANDS}/preview?age=younger&lang=cy").text
    assert '<html lang="cy"' in form
    banner = re.search(r'<div class="govuk-notification-banner[^>]*>', form).group(0)
    assert 'lang="en"' in banner and 'dir="ltr"' in banner
