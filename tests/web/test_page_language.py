"""A page's fixed words in the language a view puts in `g.language` (survey.web.language), with
the real app: `<html lang dir>`, buttons, errors and dates in Welsh or Arabic, and the staff
pages in English whatever a young person chose.

A consultation's pages are in the language its address asks for (survey.respond.chosen sets
`g.language`); pages of no consultation (the list, the not-found page) take it from a
test-only hook that sets `g.language` before each request.
"""
from __future__ import annotations

from datetime import date

import pytest
from flask import g, render_template

from conftest import TRAFFORD, TRAFFORD_FORM, hidden_fields
from interface_words import english_left_on_page, visible_text
from survey.web.language import day

# Trafford's review (offered in Welsh and Arabic) laid out a page at a time.
PAGED = "trafford-paged"


@pytest.fixture
def questionnaires(questionnaires):
    text = (questionnaires / f"{TRAFFORD}.yaml").read_text(encoding="utf-8")
    text = text.replace(f"id: {TRAFFORD}\n", f"id: {PAGED}\nlayout: pages\n", 1)
    (questionnaires / f"{PAGED}.yaml").write_text(text, encoding="utf-8")
    return questionnaires


@pytest.fixture
def speaking(app):
    """Set the language every later request of this app is in: speaking("cy")."""
    chosen = {"code": None}

    @app.before_request
    def choose():
        if chosen["code"]:
            g.language = chosen["code"]

    def choose_language(code: str | None) -> None:
        chosen["code"] = code
    return choose_language


def html_tag(page: str) -> str:
    return page[page.index("<html"):page.index(">", page.index("<html")) + 1]


def test_a_welsh_page_says_lang_cy_and_has_welsh_words(client, speaking):
    speaking("cy")
    page = client.get("/").text
    assert 'lang="cy" dir="ltr"' in html_tag(page)
    text = visible_text(page)
    assert "Arolygon y gallwch chi eu llenwi nawr" in text
    assert "Neidio i'r prif gynnwys" in text
    assert "Surveys you can fill in now" not in text
    assert english_left_on_page(text, "cy") == []


def test_an_arabic_page_is_right_to_left_with_arabic_words(client):
    page = client.get(f"/c/{TRAFFORD}?lang=ar&age=older").text
    assert 'lang="ar" dir="rtl"' in html_tag(page)
    assert "أرسل إجاباتي" in page  # Send my answers
    assert "حوالي 8 دقائق." in page  # About 8 minutes: a plural form English does not have
    assert english_left_on_page(visible_text(page), "ar") == []


def test_a_start_page_in_welsh(client):
    text = visible_text(client.get(f"/c/{PAGED}?lang=cy").text)
    assert "Pa un sy'n wir i chi?" in text  # Which is true for you? (its versions for ages)
    assert english_left_on_page(text, "cy") == []


def test_without_a_language_a_page_is_english(client):
    page = client.get("/").text
    assert 'lang="en" dir="ltr"' in html_tag(page)
    assert "Surveys you can fill in now" in page


def test_a_language_without_a_catalogue_reads_as_english(client, speaking):
    speaking("ps")  # Pashto: a row, no catalogue yet
    page = client.get("/").text
    assert 'lang="en" dir="ltr"' in html_tag(page)
    assert "Surveys you can fill in now" in page


def test_staff_pages_stay_english(staff_client):
    page = staff_client.get("/staff/").text
    assert 'lang="en" dir="ltr"' in html_tag(page)


def test_the_not_found_page_is_in_the_chosen_language(client, speaking):
    speaking("cy")
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert "Heb ddod o hyd i&#39;r dudalen" in response.text
    assert 'lang="cy"' in html_tag(response.text)


def test_a_form_sent_empty_says_what_is_missing_in_welsh(client):
    form = client.get(f"/c/{TRAFFORD}?lang=cy&age=older").text
    response = client.post(f"/c/{TRAFFORD}?lang=cy&age=older", data={**hidden_fields(form), "action": "send"})
    text = visible_text(response.text)
    assert "Mae problem" in text                        # There is a problem
    assert "Dewiswch ateb ar gyfer cwestiwn 1" in text  # Choose an answer for question 1
    assert english_left_on_page(text, "cy") == []


def test_english_and_welsh_forms_are_kept_apart(client):
    """The blank form's HTML and the form class are kept per app: each per language."""
    english = client.get(TRAFFORD_FORM).text
    welsh = client.get(f"{TRAFFORD_FORM}&lang=cy").text
    assert "Send my answers" in english and "Anfon fy atebion" in welsh
    response = client.post(f"{TRAFFORD_FORM}&lang=cy", data={**hidden_fields(welsh), "action": "send"})
    assert "Dewiswch ateb ar gyfer cwestiwn 1" in response.text
    response = client.post(TRAFFORD_FORM, data={**hidden_fields(english), "action": "send"})
    assert "Choose an answer for question 1" in response.text


def test_a_paged_survey_step_counts_and_buttons_in_arabic(client):
    text = visible_text(client.get(f"/c/{PAGED}/p/1?lang=ar&age=older").text)
    assert "الخطوة 1" in text and "التالي" in text          # step 1, Continue
    assert english_left_on_page(text, "ar") == []


def test_a_wrong_resume_code_is_answered_in_welsh(client):
    page = client.get(f"/c/{PAGED}/resume?lang=cy").text
    response = client.post(f"/c/{PAGED}/resume?lang=cy",
                           data={**hidden_fields(page), "code": "tiger apple cloud river moon"})
    assert "Allen ni ddim dod o hyd i atebion" in response.text


def test_an_empty_resume_code_is_answered_in_welsh_though_the_form_is_made_once(client):
    """CodeForm's messages are lazy strings, made in the page's language as it is shown."""
    page = client.get(f"/c/{PAGED}/resume").text
    english = client.post(f"/c/{PAGED}/resume", data={**hidden_fields(page), "code": ""}).text
    welsh = client.post(f"/c/{PAGED}/resume?lang=cy", data={**hidden_fields(page), "code": ""}).text
    assert "Enter the words you were given" in english
    assert "Gwall:" in welsh and "Rhowch y geiriau a gawsoch chi" in welsh
    assert english_left_on_page(visible_text(welsh), "cy") == []


def test_dates_are_written_in_the_pages_language(app, speaking):
    with app.test_request_context():
        g.language = "cy"
        assert day(date(2027, 6, 30)) == "30 Mehefin 2027"
    with app.test_request_context():
        assert day(date(2027, 6, 30)) == "30 June 2027"


def test_a_template_rendered_with_arabic_chosen_is_arabic(app):
    with app.test_request_context():
        g.language = "ar"
        page = render_template("error.html", title="t", body="b")
    assert 'lang="ar" dir="rtl"' in html_tag(page)
    assert "اذهب إلى البداية" in page   # Go to the start


def test_the_helper_finds_english_left_on_a_page():
    text = "Cam 2 Back Check your answers before sending them. Choose an answer for question 4"
    assert english_left_on_page(text, "cy") == [
        "Check your answers before sending them", "Choose an answer for {name}"]
