"""A consultation written right to left (Arabic), on a phone, in a real headless Chromium.

The pages must read as an Arabic page reads: each radio and checkbox at the right with its
words to its left, Back at the right pointing right, headings starting at the right,
Childline's number still 0800 1111, and nothing wider than 320px; axe-core finds nothing. A
left-to-right page keeps its radios on the left. Positions are measured with bounding boxes,
not read from the CSS, so a rule that stops applying fails here.

The "Listen" button (survey/static/listen.js) is tested in tests/test_browser_listen.py.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import REPO, TRAFFORD

import test_browser
from survey import create_app
from test_browser import (PHONE, assert_accessible, assert_no_sideways_scroll, assert_page_invariants,
                          served)

browser = test_browser.browser  # the same Chromium fixture, one per module

pytestmark = pytest.mark.browser

ARABIC = Path(__file__).resolve().parent / "respond" / "fixtures" / "arabic.yaml"
ONE_PAGE = "arabic-home"
PAGED = "arabic-home-pages"


def arabic_folder(folder: Path) -> Path:
    """A questionnaire folder with the Arabic consultation as one page and as pages, and
    Trafford (left to right) beside them."""
    folder.mkdir(exist_ok=True)
    text = ARABIC.read_text(encoding="utf-8")
    (folder / f"{ONE_PAGE}.yaml").write_text(text, encoding="utf-8")
    (folder / f"{PAGED}.yaml").write_text(
        text.replace(f"id: {ONE_PAGE}\n", f"id: {PAGED}\n").replace("layout: one-page", "layout: pages"),
        encoding="utf-8")
    shutil.copy(REPO / "questionnaires" / f"{TRAFFORD}.yaml", folder)
    return folder


@pytest.fixture(scope="module")
def rtl_server(tmp_path_factory):
    """The real app on a real port, serving the Arabic consultation."""
    root = tmp_path_factory.mktemp("rtl")
    app = create_app({"SECRET_KEY": "browser-test-rtl", "DATABASE": str(root / "rtl.db"),
                      "QUESTIONNAIRES": str(arabic_folder(root / "questionnaires"))})
    with served(app) as base:
        yield base


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


# Where each radio or checkbox is drawn, beside its words: the input (invisible, 44px, what a
# tap hits), the circle or box GOV.UK draws over it (the label's ::before, placed absolutely in
# the item), and the words themselves (a Range over the label's text, not its padded box).
CHOICES = """() => [...document.querySelectorAll(
        'main .govuk-radios__item, main .govuk-checkboxes__item')].map(item => {
    const input = item.querySelector('input').getBoundingClientRect();
    const label = item.querySelector('label');
    const words = document.createRange();
    words.selectNodeContents(label);
    const text = [...words.getClientRects()].filter(r => r.width > 0);
    const drawn = getComputedStyle(label, '::before');
    const box = item.getBoundingClientRect();
    const left = box.left + parseFloat(drawn.left);
    return {words: label.innerText.trim(),
            input: [input.left, input.right],
            drawn: [left, left + parseFloat(drawn.width)],
            text: [Math.min(...text.map(r => r.left)), Math.max(...text.map(r => r.right))]};
})"""

# Where a block of words starts and ends on the line: a Range over its text.
TEXT_SPAN = """element => {
    const range = document.createRange();
    range.selectNodeContents(element);
    const rects = [...range.getClientRects()].filter(r => r.width > 0);
    return [Math.min(...rects.map(r => r.left)), Math.max(...rects.map(r => r.right))];
}"""


def content_edges(page) -> tuple[float, float]:
    """The left and right edges of the page's content column."""
    box = page.locator("main").bounding_box()
    return box["x"], box["x"] + box["width"]


def assert_choices_read_right_to_left(page) -> None:
    choices = page.evaluate(CHOICES)
    assert choices, "no radios or checkboxes on the page"
    for choice in choices:
        # The circle or box is drawn over the input, both at the right of the words.
        assert choice["input"][0] <= sum(choice["drawn"]) / 2 <= choice["input"][1], choice
        assert choice["input"][0] >= choice["text"][1] - 1, choice
        assert choice["drawn"][0] >= choice["text"][1] - 1, choice


def assert_starts_at_the_right(page, locator) -> None:
    left, right = page.evaluate(TEXT_SPAN, locator.element_handle())
    column_left, column_right = content_edges(page)
    assert right >= column_right - 3, (left, right, column_right)
    assert left > column_left + 20, (left, right)  # short words: a gap at the left, not the right


def assert_lines_up_at_the_right(page, first, second) -> None:
    """Two blocks of words (a legend and its hint or error message) start at the same place."""
    one = page.evaluate(TEXT_SPAN, first.element_handle())
    two = page.evaluate(TEXT_SPAN, second.element_handle())
    assert abs(one[1] - two[1]) <= 1, (one, two)


def assert_back_points_right_at_the_right(page) -> None:
    back = page.locator(".govuk-back-link")
    box = back.bounding_box()
    assert box["x"] + box["width"] >= PHONE["width"] - 20 and box["x"] > PHONE["width"] / 2, box
    arrow = page.evaluate("""back => {
        const drawn = getComputedStyle(back, '::before');
        const box = back.getBoundingClientRect();
        return {left: box.left + parseFloat(drawn.left),
                turn: new DOMMatrix(drawn.transform).a};
    }""", back.element_handle())
    words_left, words_right = page.evaluate(TEXT_SPAN, back.element_handle())
    assert arrow["left"] >= words_right - 1, (arrow, words_right)   # after the words, at the right
    assert arrow["turn"] > 0, arrow  # rotate(45deg) points right; GOV.UK's 225deg points left


def assert_phone_number_reads_as_written(page) -> None:
    """Childline's number, inside Arabic words: 0800 to the left of 1111, as it is dialled."""
    places = page.evaluate("""() => {
        const span = document.querySelector('.app-help__text [dir="ltr"]');
        const node = span.firstChild;
        const at = (start, end) => {
            const range = document.createRange();
            range.setStart(node, start); range.setEnd(node, end);
            return range.getBoundingClientRect().left;
        };
        return {text: node.textContent, first: at(0, 4), second: at(5, 9)};
    }""")
    assert places["text"] == "0800 1111"
    assert places["first"] < places["second"], places


def check_rtl_page(page) -> None:
    assert page.evaluate("[document.documentElement.lang, document.documentElement.dir]") == ["ar", "rtl"]
    assert_accessible(page)
    assert_no_sideways_scroll(page)
    assert_page_invariants(page)
    assert_phone_number_reads_as_written(page)


def test_an_arabic_one_page_form_reads_right_to_left_at_320px(rtl_server, phone):
    phone.goto(f"{rtl_server}/c/{ONE_PAGE}")
    check_rtl_page(phone)
    assert_choices_read_right_to_left(phone)
    assert_starts_at_the_right(phone, phone.locator("main form legend").first)
    assert_starts_at_the_right(phone, phone.locator("h1"))
    helpers = phone.locator(".govuk-form-group").filter(has=phone.locator(".govuk-checkboxes"))
    assert_lines_up_at_the_right(phone, helpers.locator("legend"), helpers.locator(".govuk-hint"))
    # The help bar's blue line is on the right now (border-inline-start).
    bar = phone.evaluate("getComputedStyle(document.querySelector('.app-help'))"
                         ".getPropertyValue('border-right-width')")
    assert bar == "5px"

    # Sent with nothing picked: the error summary and each question's red bar, on the right.
    phone.get_by_role("button", name="أرسل إجاباتي").click()  # Send my answers, in Arabic
    assert phone.title().startswith("خطأ: ")
    check_rtl_page(phone)
    assert_choices_read_right_to_left(phone)
    group = phone.locator(".govuk-form-group--error").first
    widths = phone.evaluate("g => [getComputedStyle(g).borderRightWidth, getComputedStyle(g).borderLeftWidth]",
                            group.element_handle())
    assert widths == ["5px", "0px"]
    assert_lines_up_at_the_right(phone, group.locator("legend"), group.locator(".govuk-error-message"))


def test_an_arabic_paged_consultation_reads_right_to_left_at_320px(rtl_server, phone):
    phone.goto(f"{rtl_server}/c/{PAGED}")
    check_rtl_page(phone)
    phone.locator(".govuk-button--start").click()  # its words are not translated yet
    assert phone.url.endswith(f"/c/{PAGED}/p/1")
    check_rtl_page(phone)
    assert_choices_read_right_to_left(phone)
    assert_back_points_right_at_the_right(phone)
    assert_starts_at_the_right(phone, phone.locator("main form legend").first)
    # The buttons are full width on a phone, their words in the middle: they reach the right.
    button = phone.locator(".govuk-button-group .govuk-button").first.bounding_box()
    assert button["x"] + button["width"] >= content_edges(phone)[1] - 3, button

    phone.get_by_label("أعيش في الرعاية").check()
    phone.locator(".govuk-button-group .govuk-button").first.click()
    assert phone.url.endswith(f"/c/{PAGED}/p/2")
    check_rtl_page(phone)
    assert_choices_read_right_to_left(phone)  # the faces scale and the yes-no scale
    assert_back_points_right_at_the_right(phone)
    for statement in phone.locator(".app-faces").all():
        statement.get_by_label("جيد", exact=True).check()
    phone.locator(".govuk-button-group .govuk-button").first.click()

    assert phone.url.endswith(f"/c/{PAGED}/check")
    check_rtl_page(phone)
    assert_starts_at_the_right(phone, phone.locator("h1"))
    assert_starts_at_the_right(phone, phone.locator(".govuk-summary-list__key").first)


def test_a_left_to_right_page_keeps_its_radios_on_the_left(rtl_server, phone):
    phone.goto(f"{rtl_server}/c/{TRAFFORD}?age=older")
    assert phone.evaluate("[document.documentElement.lang, document.documentElement.dir]") == ["en", "ltr"]
    assert phone.locator('link[href$="rtl.css"]').count() == 0
    choices = phone.evaluate(CHOICES)
    assert choices
    for choice in choices:
        assert choice["input"][1] <= choice["text"][0] + 1, choice
        assert choice["input"][0] <= sum(choice["drawn"]) / 2 <= choice["input"][1], choice
    left, _ = phone.evaluate(TEXT_SPAN, phone.locator("main form legend").first.element_handle())
    assert left <= content_edges(phone)[0] + 3
    assert_no_sideways_scroll(phone)
