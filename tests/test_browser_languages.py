"""Trafford's review answered in Welsh by an 8 to 12 year old and in Arabic by someone older, on
a 320px phone, in a real headless Chromium: every page in the chosen language (a test fails on
any English button, message or sentence of the consultation left on it), Arabic right to left,
axe clean, nothing wider than the phone, and each response stored with its language and its
version, so that the two add up in the results.
"""
from __future__ import annotations

import shutil
import sqlite3

import pytest

import test_browser
from conftest import REPO, STAFF_PASSWORD, TRAFFORD
from interface_words import english_left_on_page
from survey import create_app
from survey.definition import load_file
from survey.definition.texts import texts_of, variant, version_choice
from survey.store.db import connect
from survey.store.responses import save_response
from survey.store.users import add_user
from test_browser import (PHONE, assert_accessible, assert_no_sideways_scroll, assert_page_invariants,
                          served, signed_in)

browser = test_browser.browser  # the same Chromium fixture, one per module

pytestmark = pytest.mark.browser

QUESTIONNAIRE = load_file(REPO / "questionnaires" / f"{TRAFFORD}.yaml")
# The consultation's own English sentences: none may be left on a Welsh or an Arabic page.
ENGLISH = sorted({text for text in texts_of(QUESTIONNAIRE).values() if len(text.split()) >= 3},
                 key=len)


@pytest.fixture(scope="module")
def languages_server(tmp_path_factory):
    root = tmp_path_factory.mktemp("languages")
    folder = root / "questionnaires"
    folder.mkdir()
    shutil.copy(REPO / "questionnaires" / f"{TRAFFORD}.yaml", folder)
    app = create_app({"SECRET_KEY": "browser-test-languages", "DATABASE": str(root / "languages.db"),
                      "QUESTIONNAIRES": str(folder)})
    with served(app) as base:
        yield base, str(root / "languages.db")


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def in_language(page, code: str, direction: str = "ltr") -> None:
    """The page is all in `code`: its lang and dir, none of the product's English words and none
    of the consultation's English sentences; and it is accessible at 320px."""
    assert page.evaluate("[document.documentElement.lang, document.documentElement.dir]") == [code, direction]
    text = page.inner_text("body")
    assert english_left_on_page(text, code) == [], page.url
    assert [sentence for sentence in ENGLISH if sentence in text] == [], page.url
    assert_accessible(page)
    assert_no_sideways_scroll(page)
    assert_page_invariants(page)


def fill(page, shown) -> None:
    """Answer the first question (who you are), each statement, and one box, by the words the
    young person sees in their language."""
    who = shown.question("q1")
    page.locator("fieldset:has(input[name=q1])").get_by_label(who.options[1].label, exact=True).check()
    likert = shown.question("q2")
    for statement in likert.statements:
        page.locator(f'.govuk-radios:has(input[name="q2-{statement.id}"])').get_by_label(
            likert.scale.points[1].label, exact=True).check()
    page.locator("textarea[name=q3]").fill("Mwy o help / مساعدة أكثر")


def stored(database: str) -> list[tuple[str, str]]:
    with sqlite3.connect(database) as db:
        return db.execute("SELECT language, age_version FROM responses ORDER BY id").fetchall()


def test_an_8_to_12_year_old_answers_trafford_in_welsh_on_a_phone(languages_server, phone):
    base, database = languages_server
    welsh = variant(QUESTIONNAIRE, "cy", "younger")
    phone.goto(base + "/")
    phone.locator(f'a[href="/c/{TRAFFORD}?lang=cy"]').click()
    in_language(phone, "cy")
    assert phone.get_by_role("heading", level=1).inner_text() == variant(QUESTIONNAIRE, "cy").title
    phone.get_by_role("button", name="Rydw i rhwng 8 a 12 oed").click()
    in_language(phone, "cy")
    # Sent with nothing chosen: the errors are Welsh too.
    phone.locator("button[value=send]").click()
    in_language(phone, "cy")
    assert phone.locator(".govuk-error-summary").count() == 1
    fill(phone, welsh)
    phone.locator("button[value=send]").click()
    in_language(phone, "cy")
    assert "/thanks" in phone.url
    assert ("cy", "younger") in stored(database)


def test_someone_older_answers_trafford_in_arabic_right_to_left_on_a_phone(languages_server, phone):
    base, database = languages_server
    arabic = variant(QUESTIONNAIRE, "ar", "older")
    phone.goto(f"{base}/c/{TRAFFORD}?lang=ar")
    in_language(phone, "ar", "rtl")
    phone.get_by_role("button", name=version_choice(QUESTIONNAIRE, QUESTIONNAIRE.versions[1], "ar")).click()
    in_language(phone, "ar", "rtl")
    # Each radio at the right of its words, as Arabic reads.
    first = phone.locator("fieldset:has(input[name=q1]) .govuk-radios__item").first
    box = first.locator("input").bounding_box()
    words = first.locator("label").evaluate(
        "l => { const r = document.createRange(); r.selectNodeContents(l);"
        " return [...r.getClientRects()].filter(x => x.width > 0).map(x => x.right); }")
    assert box["x"] >= max(words) - 1
    fill(phone, arabic)
    phone.locator("button[value=send]").click()
    in_language(phone, "ar", "rtl")
    assert "/thanks" in phone.url
    assert ("ar", "older") in stored(database)


def test_answers_in_two_languages_and_two_versions_add_up_for_the_officer(languages_server, browser):
    """Answers in Welsh from 8 to 12 year olds and in Arabic from someone older are counted
    together, and the officer reads the splits by language and by age group in English."""
    base, database = languages_server
    db = connect(database)
    add_user(db, "languages-officer", STAFF_PASSWORD, "officer")
    for n, (language, version) in enumerate((("cy", "younger"), ("ar", "older"))):
        save_response(db, QUESTIONNAIRE, [("q1", "", "care-leaver")], f"languages{n:023d}",
                      language=language, version=version)
    db.conn.close()
    context, page = signed_in(browser, base, "languages-officer")
    page.goto(f"{base}/staff/c/{TRAFFORD}")
    total = len(stored(database))
    assert page.evaluate("[document.documentElement.lang, document.documentElement.dir]") == ["en", "ltr"]
    assert page.get_by_role("table", name="By language").count() == 1
    assert page.get_by_role("table", name="By age group").count() == 1
    by_language = page.get_by_role("table", name="By language").inner_text()
    by_age = page.get_by_role("table", name="By age group").inner_text()
    # Officers read the languages and versions in English.
    assert "Welsh" in by_language and "Arabic" in by_language
    assert "8 to 12 year olds" in by_age and "13 and over" in by_age
    assert total >= 2
    assert_accessible(page)
    context.close()
