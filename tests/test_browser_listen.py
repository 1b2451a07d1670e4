"""The "Listen" button (survey/static/listen.js) in a real headless Chromium at 320px.

Headless Chromium has no voices of its own, so the speech is a stand-in put in place before
the page's scripts run (`add_init_script`): it reports voices (after the page has loaded, as
real browsers do, with `voiceschanged`) and records what it is asked to say. Without
JavaScript, without speech, or without a voice for the page's language, there is no button.
"""
from __future__ import annotations

import json

import pytest
from conftest import TRAFFORD

import test_browser
import test_browser_rtl
from test_browser import PHONE, assert_accessible, assert_no_sideways_scroll
from test_browser_rtl import ONE_PAGE, PAGED

# The same fixtures as there: Chromium, and the app serving the Arabic consultation.
browser = test_browser.browser
rtl_server = test_browser_rtl.rtl_server

pytestmark = pytest.mark.browser

# The browser's speech, as far as listen.js uses it. No voice until 50ms after the script
# starts; then `voices`. Nothing it is given ever finishes on its own: the test says when.
FAKE_SPEECH = """(() => {
    const voices = %s;
    const listeners = [];
    const fake = {
        spoken: [], cancelled: 0, ready: false, queue: [],
        getVoices: () => fake.ready ? voices : [],
        addEventListener: (name, listener) => { if (name === 'voiceschanged') listeners.push(listener); },
        speak: utterance => {
            fake.queue.push(utterance);
            fake.spoken.push({text: utterance.text, lang: utterance.lang,
                              voice: utterance.voice && utterance.voice.lang});
        },
        cancel: () => { fake.cancelled += 1; fake.queue = []; },
        finish: () => { const last = fake.queue.pop(); fake.queue = []; if (last && last.onend) last.onend(); },
    };
    Object.defineProperty(window, 'speechSynthesis', {value: fake, configurable: true});
    window.SpeechSynthesisUtterance = class { constructor(text) { this.text = text; this.lang = ''; this.voice = null; } };
    setTimeout(() => { fake.ready = true; listeners.forEach(l => l(new Event('voiceschanged'))); }, 50);
})();"""

NO_SPEECH = """Object.defineProperty(window, 'speechSynthesis', {value: undefined, configurable: true});"""


def voice(lang: str) -> dict:
    return {"lang": lang, "name": f"Fake {lang}", "voiceURI": f"fake-{lang}", "default": True,
            "localService": True}


@pytest.fixture
def phone_with_speech(browser):
    """A phone whose browser can speak in the languages given."""
    contexts = []

    def open_with(*languages: str, script: str | None = None):
        context = browser.new_context(viewport=PHONE)
        context.add_init_script(script or FAKE_SPEECH % json.dumps([voice(lang) for lang in languages]))
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        return page
    yield open_with
    for context in contexts:
        context.close()


def settled(page) -> None:
    """Wait until the stand-in has reported its voices and the script has had its turn."""
    page.wait_for_load_state("load")
    page.wait_for_function("!window.speechSynthesis || window.speechSynthesis.ready")
    page.wait_for_timeout(100)


def listen_buttons(page):
    return page.locator("button.app-listen")


def spoken(page) -> list[dict]:
    return page.evaluate("window.speechSynthesis.spoken")


def test_there_is_no_listen_button_without_javascript(rtl_server, browser):
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{rtl_server}/c/{ONE_PAGE}")
    assert page.locator("button", has_text="Listen").count() == 0
    context.close()


@pytest.mark.parametrize("languages, script", [
    ((), NO_SPEECH),          # a browser that cannot speak
    ((), None),               # one that can, with no voices at all
    (("en-GB",), None),       # an English voice only, on an Arabic page
])
def test_there_is_no_listen_button_without_a_voice_for_the_page(rtl_server, phone_with_speech,
                                                                languages, script):
    page = phone_with_speech(*languages, script=script)
    page.goto(f"{rtl_server}/c/{ONE_PAGE}")
    settled(page)
    assert listen_buttons(page).count() == 0


def test_each_question_gets_a_listen_button_that_reads_it_in_arabic(rtl_server, phone_with_speech):
    """On an Arabic page the button's words are Arabic too (survey/translations)."""
    page = phone_with_speech("en-GB", "ar-SA")
    page.goto(f"{rtl_server}/c/{ONE_PAGE}")
    settled(page)
    questions = page.locator("form .govuk-fieldset__legend--m, form .govuk-label--m")
    assert questions.count() == 5
    assert listen_buttons(page).count() == 5
    for number in range(1, 6):
        button = page.get_by_role("button", name=f"استمع إلى السؤال {number}", exact=True)
        assert button.inner_text() == "استمع"
        assert button.get_attribute("type") == "button"
    # Each button sits right under its question's heading.
    for heading, button in zip(questions.all(), listen_buttons(page).all()):
        assert heading.evaluate("h => h.nextElementSibling.classList.contains('app-listen')")
    assert_accessible(page)
    assert_no_sideways_scroll(page)

    page.get_by_role("button", name="استمع إلى السؤال 1", exact=True).click()
    assert spoken(page) == [{"text": text, "lang": "ar", "voice": "ar-SA"} for text in (
        "1. من أنت؟", "أعيش في الرعاية", "غادرت الرعاية")]
    # While it speaks, the same button stops it.
    stop = page.get_by_role("button", name="أوقف قراءة السؤال 1", exact=True)
    assert stop.inner_text() == "توقف"
    assert_accessible(page)
    cancelled = page.evaluate("window.speechSynthesis.cancelled")
    stop.click()
    assert page.evaluate("window.speechSynthesis.cancelled") == cancelled + 1
    assert page.get_by_role("button", name="استمع إلى السؤال 1", exact=True).inner_text() == "استمع"

    # A keyboard reaches it; the hint and the statements are read in the page's order.
    page.evaluate("window.speechSynthesis.spoken = []")
    page.get_by_role("button", name="استمع إلى السؤال 2", exact=True).focus()
    page.keyboard.press("Enter")
    assert [s["text"] for s in spoken(page)] == [
        "2. من يساعدك؟ (اختياري)", "اختر كل من يساعدك.",
        "أسرتي الحاضنة", "الأخصائي الاجتماعي", "مدرستي"]
    page.evaluate("window.speechSynthesis.spoken = []")
    page.get_by_role("button", name="استمع إلى السؤال 3", exact=True).click()
    faces = ["جيد جدًا", "جيد", "لا بأس", "ليس جيدًا", "سيئ جدًا", "أفضل ألا أقول"]
    assert [s["text"] for s in spoken(page)] == [
        "3. كيف تشعر في بيتك؟", "أشعر بالأمان", *faces, "أنام جيدًا", *faces]
    # Pressing another question's button stopped the one before.
    assert page.get_by_role("button", name="استمع إلى السؤال 2", exact=True).inner_text() == "استمع"
    # When the last words have been said, the button says Listen again.
    page.evaluate("window.speechSynthesis.finish()")
    assert page.get_by_role("button", name="استمع إلى السؤال 3", exact=True).inner_text() == "استمع"
    page.evaluate("window.speechSynthesis.spoken = []")
    page.get_by_role("button", name="استمع إلى السؤال 5", exact=True).click()
    assert [s["text"] for s in spoken(page)] == ["5. ماذا نغير؟ (اختياري)"]  # not the count


def test_a_paged_question_and_an_english_one_are_read_in_their_own_language(rtl_server,
                                                                           phone_with_speech):
    page = phone_with_speech("ar-EG", "en-GB")
    page.goto(f"{rtl_server}/c/{PAGED}/p/1")
    page.get_by_label("أعيش في الرعاية").check()
    page.locator(".govuk-button-group .govuk-button").first.click()
    assert page.url.endswith(f"/c/{PAGED}/p/2")
    settled(page)
    assert listen_buttons(page).count() == 3
    page.get_by_role("button", name="استمع إلى السؤال 4", exact=True).click()
    assert spoken(page) == [{"text": text, "lang": "ar", "voice": "ar-EG"} for text in (
        "4. هل يستمع إليك الكبار؟ (اختياري)", "من يعتنون بي", "نعم", "لا", "لست متأكدًا")]
    assert_accessible(page)
    assert_no_sideways_scroll(page)

    page.goto(f"{rtl_server}/c/{TRAFFORD}?age=older")  # Trafford asks for an age first
    settled(page)
    assert listen_buttons(page).count() == 8  # its eight questions
    page.get_by_role("button", name="Listen to question 1", exact=True).click()
    said = spoken(page)
    assert said[0]["text"].startswith("1. ") and {(s["lang"], s["voice"]) for s in said} == {("en", "en-GB")}
    assert "A care leaver" in [s["text"] for s in said]
    assert_accessible(page)
    assert_no_sideways_scroll(page)
