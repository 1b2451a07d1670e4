"""An officer's first consultation, as the officers' guide (docs/officers.md) tells it, in a real
browser: built through the forms from sign-in to preview in few page loads, every officer page
axe-clean and free of ids, and the guide's pictures taken on the way.

The pictures are written to a temporary folder, or, with HAVEYOURSAY_GUIDE_PICTURES set to a
folder (docs/officers), there, to bring the guide up to date:

    HAVEYOURSAY_GUIDE_PICTURES=docs/officers python -m pytest tests/test_officer_guide.py

`test_the_guide_shows_exactly_the_pictures_these_tests_take` keeps the guide and these tests
naming the same pictures.
"""
from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from conftest import REPO, STAFF_PASSWORD

from survey.definition import load_text
from survey.store.demo import demo_responses
from survey.store.responses import save_many
from survey.store.users import add_user
from test_browser import browser, check_page_staff, server  # noqa: F401 (fixtures)

pytestmark = pytest.mark.browser

GUIDE = REPO / "docs" / "officers.md"
MOST_PAGE_LOADS = 35
BUILD_PICTURES = {"new-consultation", "questions", "question-scale", "preview"}
RUN_PICTURES = {"consultation", "safeguarding", "results"}
TITLE = "Your views on family time"


def guide_pictures() -> set[str]:
    return set(re.findall(r"\]\(officers/([a-z0-9-]+)\.png\)", GUIDE.read_text(encoding="utf-8")))


def test_the_guide_shows_exactly_the_pictures_these_tests_take():
    assert guide_pictures() == BUILD_PICTURES | RUN_PICTURES
    assert all((GUIDE.parent / "officers" / f"{name}.png").is_file() for name in guide_pictures())


class Camera:
    """Takes the guide's pictures: into the docs when asked, else somewhere thrown away."""

    def __init__(self, tmp_path: Path):
        wanted = os.environ.get("HAVEYOURSAY_GUIDE_PICTURES")
        self.folder = Path(wanted) if wanted else tmp_path
        self.taken: set[str] = set()

    def shoot(self, page, name: str, top=None) -> None:
        """What the officer sees in the window, scrolled so that `top` (a locator) is at its top."""
        if top is not None:
            top.first.evaluate("element => element.scrollIntoView()")
        page.screenshot(path=str(self.folder / f"{name}.png"))
        self.taken.add(name)


def officer_page(browser, base: str, width: int = 1024):  # noqa: F811
    """A new officer's browser, counting every page it loads (a form sent and the page it
    leads to count once, as the officer sees one new page)."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    loads: list[str] = []
    page.on("load", lambda: loads.append(page.url))
    return context, page, loads


def sign_in(page, base: str, username: str) -> None:
    page.goto(base + "/staff/sign-in")
    page.get_by_label("User name").fill(username)
    page.get_by_label("Password").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_an_officer_builds_the_family_time_consultation_in_few_page_loads(server, browser,  # noqa: F811
                                                                          tmp_path):
    """Age (pick one), a question on the officer's own scale Happy / OK / Not happy with "I don't
    have family time" kept out of the percentages, a yes or no question, a page only for 16 and
    17 year olds, and a last free-text box; then the preview, as a 16 year old."""
    base, db = server
    add_user(db, "newofficer", STAFF_PASSWORD, "officer")
    camera = Camera(tmp_path)
    context, page, loads = officer_page(browser, base)
    sign_in(page, base, "newofficer")
    check_page_staff(page)

    page.goto(base + "/staff/builder/new")
    page.get_by_label("Title").fill(TITLE)
    page.get_by_label("Council or organisation").fill("Test Council")
    check_page_staff(page)
    camera.shoot(page, "new-consultation")
    page.get_by_role("button", name="Create it").click()
    check_page_staff(page)
    page.get_by_role("button", name="Change questions and sections").click()
    check_page_staff(page)

    # How old are you? Three answers.
    page.get_by_role("button", name="Add a question to section 1").click()
    page.locator("input[name=type][value=single_choice]").check()
    page.get_by_role("button", name="Continue").click()
    check_page_staff(page)
    page.get_by_label("Question", exact=True).fill("How old are you?")
    for n, words in enumerate(("11 or under", "12 to 15", "16 or 17"), 1):
        page.locator(f"#option-{n}-label").fill(words)
    page.get_by_role("button", name="Save the question").click()
    check_page_staff(page)

    # Family time on the officer's own scale, made in the question form.
    page.get_by_role("button", name="Add a question to section 1").click()
    page.get_by_label("A list of statements, each answered on the same scale").check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Question", exact=True).fill("How do you feel about family time?")
    page.locator("#statement-1-text").fill("Where you meet")
    page.locator("#statement-2-text").fill("How long it lasts")
    page.get_by_label("Make a new scale").check()
    for n, words in enumerate(("Happy", "OK", "Not happy"), 1):
        page.locator(f"#new-scale-point-{n}-label").fill(words)
    page.get_by_label("An answer that is counted but kept out of the percentages (optional)").fill(
        "I don\u2019t have family time")
    check_page_staff(page)
    camera.shoot(page, "question-scale", page.get_by_label("Make a new scale"))
    page.get_by_role("button", name="Save the question").click()
    check_page_staff(page)

    # Yes or no.
    page.get_by_role("button", name="Add a question to section 1").click()
    page.get_by_label("Yes or no (pick one of Yes, No and Not sure)").check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Question", exact=True).fill("Do you get a say in when you see your family?")
    page.get_by_role("button", name="Save the question").click()
    check_page_staff(page)

    # The starter question goes: asked once, then it can be undone.
    page.get_by_role("button", name="Remove question 1", exact=True).click()
    check_page_staff(page)
    page.get_by_role("button", name="Yes, remove it").click()
    check_page_staff(page)
    assert page.get_by_role("button", name="Undo").count() == 1

    # A page only for 16 and 17 year olds, and a last page for anything else.
    for title, words in (("Getting ready to leave care",
                          "What help would you like with family time after you leave care?"),
                         ("Anything else", "Is there anything else you want to tell us?")):
        page.get_by_role("button", name="Add a section").click()
        page.get_by_label("A longer text answer in a box").check()
        page.get_by_role("button", name="Continue").click()
        check_page_staff(page)
        page.get_by_label("Section title").fill(title)
        page.get_by_label("Question", exact=True).fill(words)
        page.get_by_role("button", name="Save the question").click()
        check_page_staff(page)
        if title == "Anything else":
            break
        page.goto(f"{base}/staff/builder/c/your-views-on-family-time/conditions")
        check_page_staff(page)
        page.get_by_role("link", name="Change when the section Getting ready to leave care is asked").click()
        check_page_staff(page)
        page.get_by_label("How old are you?").check()
        page.get_by_role("button", name="Continue").click()
        check_page_staff(page)
        page.get_by_label("16 or 17").check()
        page.get_by_role("button", name=re.compile("Save")).click()
        check_page_staff(page)
        page.goto(f"{base}/staff/builder/c/your-views-on-family-time/edit")

    page.goto(f"{base}/staff/builder/c/your-views-on-family-time/edit")
    check_page_staff(page)
    overview = page.locator("#main-content").inner_text()
    assert "Happy, OK, Not happy" in overview
    assert "Only for" in overview and "16 or 17" in overview
    camera.shoot(page, "questions", page.get_by_role("heading", name="2. How do you feel about family time?"))

    # The preview, as a 16 year old: the page for 16 and 17 year olds is shown.
    page.get_by_role("link", name="Preview as a young person sees it").click()
    check_page_staff(page)
    page.get_by_role("button", name="Start now").click()
    page.get_by_label("16 or 17").check()
    check_page_staff(page)
    camera.shoot(page, "preview")
    page.get_by_role("button", name="Continue").click()
    assert page.get_by_label("What help would you like with family time after you leave care?"
                             ).count() == 1
    check_page_staff(page)
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Continue").click()
    check_page_staff(page)
    assert page.get_by_role("heading", level=1).inner_text().startswith("Check your answers")
    print(f"\n{len(loads)} page loads from sign-in to the preview's check page")
    assert len(loads) <= MOST_PAGE_LOADS, f"{len(loads)} page loads: {loads}"
    context.close()

    (source,) = db.execute("SELECT source FROM consultation_sources WHERE consultation_id = ?",
                           ["your-views-on-family-time"]).fetchone()
    built = load_text(source, "built")
    questions = [q.text for q in built.questions]
    assert questions == ["How old are you?", "How do you feel about family time?",
                         "Do you get a say in when you see your family?",
                         "What help would you like with family time after you leave care?",
                         "Is there anything else you want to tell us?"]
    scale = next(q.scale for q in built.questions if q.scale)
    assert [p.label for p in scale.points] == ["Happy", "OK", "Not happy"]
    assert scale.dont_know.label == "I don\u2019t have family time"
    assert [o.label for o in built.questions[2].options] == ["Yes", "No", "Not sure"]
    assert built.layout == "pages" and [s.show_if is not None for s in built.sections] == [
        False, True, False]
    assert [q.number for q in built.questions] == ["1", "2", "3", "4", "5"]
    assert camera.taken == BUILD_PICTURES


def test_an_officer_opens_a_consultation_reviews_a_worry_and_reads_the_results(server, browser,  # noqa: F811
                                                                              tmp_path):
    """A copy of Sefton's pledge: opened after saying what that does, 40 responses (one with
    a comment that may show a child is not safe), the review with the whole response and a
    note, and the results with a chart for every question with answers to pick."""
    base, db = server
    add_user(db, "runofficer", STAFF_PASSWORD, "officer")
    camera = Camera(tmp_path)
    context, page, _ = officer_page(browser, base)
    sign_in(page, base, "runofficer")
    page.goto(f"{base}/staff/builder/copy?from=sefton-pledge")
    page.get_by_label("Title").fill("Our pledge to you: 2027")
    page.get_by_role("button", name="Create it").click()
    check_page_staff(page)
    page.goto(f"{base}/staff/c/our-pledge-to-you-2027")
    page.get_by_role("button", name="Open it to responses").click()
    check_page_staff(page)
    assert "Young people with the link can answer" in page.locator("#main-content").inner_text()
    page.get_by_role("button", name="Yes, open it").click()
    check_page_staff(page)
    camera.shoot(page, "consultation")

    (source,) = db.execute("SELECT source FROM consultation_sources WHERE consultation_id = ?",
                           ["our-pledge-to-you-2027"]).fetchone()
    pledge = load_text(source, "copied")
    made_up = list(demo_responses(pledge, 40, seed=7))
    submission, answers, stamp = made_up[0]
    made_up[0] = (submission, [a for a in answers if a[0] != "keep-promises-better"] + [
        ("keep-promises-better", "", "Sometimes I am scared to go home after family time.")],
        stamp)
    assert save_many(db, pledge, made_up) == 40

    page.get_by_role("link", name=re.compile("^Safeguarding review")).first.click()
    check_page_staff(page)
    assert "scared to go home" in page.locator("#main-content").inner_text()
    page.get_by_role("link", name=re.compile("^See every answer in this response")).first.click()
    check_page_staff(page)
    page.go_back()
    page.get_by_label("Your notes (optional)").fill("Spoke to the young person's social worker.")
    camera.shoot(page, "safeguarding", page.locator("#main-content h2"))
    page.locator("input[name=decision][value=referred]").check()
    page.get_by_label("Safeguarding team's reference").fill("MASH-2027-014")
    page.get_by_role("button", name="Record what was done").click()
    check_page_staff(page)

    page.goto(f"{base}/staff/c/our-pledge-to-you-2027")
    check_page_staff(page)
    charts = page.locator("#main-content img")
    assert charts.count() >= len([q for q in pledge.questions if q.type != "long_text"]) - 1
    page.wait_for_load_state("networkidle")  # the charts' pictures
    camera.shoot(page, "results", page.get_by_role("heading", name="Charts", exact=True))
    assert "scared to go home" not in page.content()
    context.close()
    assert camera.taken == RUN_PICTURES
