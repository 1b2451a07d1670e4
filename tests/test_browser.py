"""End to end in a real headless Chromium (Debian's), driven by Playwright, checked by axe-core.

A young person fills in the Trafford form by its visible labels at phone width; every page they
see must pass axe-core's WCAG 2.2 AA rules with zero violations.
"""
from __future__ import annotations

import functools
import os
import shutil
import threading
from contextlib import contextmanager
from pathlib import Path

import pytest
from conftest import TRAFFORD_FORM, STAFF_PASSWORD, TRAFFORD
from werkzeug.serving import make_server

from survey import create_app
from survey.store.db import connect
from survey.definition import load_file
from survey.store.users import add_user

CHROMIUM = os.environ.get("HAVEYOURSAY_CHROMIUM", "/usr/bin/chromium")
PHONE = {"width": 320, "height": 640}
ZOOMED = {"width": 320, "height": 256}  # a 1280 by 1024 screen at 400% zoom
# A council's real address is long, with no hyphen to break at: the browser finds it at this
# machine (--host-resolver-rules), so the pages are served under it.
LONG_HOST = "haveyoursay.childrensservices.northlanarkshire.gov.uk"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

pytestmark = pytest.mark.browser

if not shutil.which(CHROMIUM):
    if os.environ.get("CI"):
        raise RuntimeError(f"{CHROMIUM} is missing: .ci/run must install Debian's chromium")
    pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)", allow_module_level=True)

from axe_playwright_python.sync_playwright import Axe  # noqa: E402
from playwright.sync_api import Error as PlaywrightError  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402


@contextmanager
def served(app):
    """The real app on a real port of this machine while the block lasts: its address."""
    httpd = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_port}"
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The real app on a real port, with its own database."""
    folder = tmp_path_factory.mktemp("browser")
    from conftest import REPO
    app = create_app({"SECRET_KEY": "browser-test", "DATABASE": str(folder / "b.db"),
                      "QUESTIONNAIRES": str(REPO / "questionnaires")})
    db = connect(app.config["DATABASE"])
    add_user(db, "manager1", STAFF_PASSWORD, "manager")
    SERVED["db"] = db
    SERVED["app"] = app
    with served(app) as base:
        yield base, db
    SERVED.clear()
    db.conn.close()


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--disable-quic", "--no-first-run",
            f"--host-resolver-rules=MAP {LONG_HOST} 127.0.0.1"])
        yield browser
        browser.close()


@pytest.fixture
def phone(browser):
    """A phone-sized page. The pages young people see have no scripts, so JavaScript being on
    changes nothing they show; it is on here only because axe-core runs as a script."""
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def phone_without_javascript(browser):
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def assert_accessible(page) -> None:
    # After a click that submits a form the new page may still be loading: its stylesheet not
    # yet applied, the visually hidden skip link is an ordinary small link to axe (target-size).
    page.wait_for_load_state("load")
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    violations = results.response["violations"]
    assert not violations, results.generate_report()


def assert_no_sideways_scroll(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def assert_page_invariants(page) -> None:
    headings = page.locator("h1")
    assert headings.count() == 1
    title = page.title()
    if page.locator(".govuk-error-summary").count():  # "Error: ", "Gwall: ", "خطأ: "
        title = title.split(": ", 1)[-1]
    assert title.startswith(headings.inner_text().strip().split("\n")[0][:20])
    ids = page.evaluate("[...document.querySelectorAll('[id]')].map(e => e.id)")
    assert len(ids) == len(set(ids)), "duplicate ids"
    if "/staff/" in page.url:
        assert_no_raw_ids(page)


def test_young_person_fills_in_trafford_on_a_phone(server, phone):
    base, db = server
    before = db.execute("SELECT count(*) FROM responses").fetchone()[0]
    phone.goto(base + "/")
    assert_accessible(phone)
    assert_page_invariants(phone)
    phone.get_by_role("link", name="Corporate Parenting Strategy Review 2018-20").click()
    # Trafford has a version for 8 to 12 year olds: the young person first picks theirs
    assert_accessible(phone)
    assert_no_sideways_scroll(phone)
    phone.get_by_role("button", name="I am 13 or older").click()
    assert_accessible(phone)
    assert_no_sideways_scroll(phone)
    assert_page_invariants(phone)

    # send it half done: the errors are listed at the top and link to each field
    phone.get_by_label("A care leaver").check()
    phone.get_by_role("button", name="Send my answers").click()
    assert phone.title().startswith("Error: ")
    summary = phone.locator(".govuk-error-summary")
    assert summary.get_by_role("link").count() == 7
    assert phone.get_by_label("A care leaver").is_checked()  # kept
    assert_accessible(phone)
    assert_no_sideways_scroll(phone)

    choices = ["Very well", "Quite", "Somewhat", "Not very", "Not at all", "Quite", "Very well"]
    groups = phone.locator(".app-likert fieldset")
    assert groups.count() == 7
    for group, choice in zip(groups.all(), choices):
        group.get_by_label(choice, exact=True).check()
    phone.get_by_label("3. Are there any areas you feel need to be improved? (optional)").fill(
        "More help finding a flat when you leave care.")
    phone.get_by_role("button", name="Send my answers").click()

    assert phone.get_by_role("heading", level=1).inner_text() == "Thank you, your answers have been sent"
    assert_accessible(phone)
    assert_no_sideways_scroll(phone)
    assert db.execute("SELECT count(*) FROM responses").fetchone()[0] == before + 1
    rows = dict(db.execute(
        "SELECT item_id, value FROM answers WHERE response_id = (SELECT max(id) FROM responses)"
        " AND question_id = 'q2'").fetchall())
    assert rows["placement-stability"] == "very-well"
    assert rows["services-working-together"] == "not-at-all"


SHIPPED = sorted(p.stem for p in (Path(__file__).resolve().parent.parent / "questionnaires").glob("*.yaml"))


def fill_shown_questions(page, questionnaire) -> None:
    """Answer every question on the page in view by its visible labels: the first option or
    scale point, and words in each "Tell us more" box."""
    for question in questionnaire.questions:
        if question.type == "likert":
            for statement in question.statements:
                name = f"{question.id}-{statement.id}"
                group = page.locator(f'.govuk-radios:has(input[name="{name}"])')
                if group.count():
                    group.get_by_label(question.scale.points[0].label, exact=True).check()
        elif question.type in ("single_choice", "multiple_choice"):
            group = page.locator(f'fieldset:has(input[name="{question.id}"])')
            if group.count():
                group.get_by_label(question.options[0].label, exact=True).check()
    for box in page.locator('textarea[name$="--comment"]').all():
        box.fill("Tell you more: it could be better.")


def check_page(page) -> None:
    assert_accessible(page)
    assert_no_sideways_scroll(page)
    assert_page_invariants(page)


@pytest.mark.parametrize("consultation_id", SHIPPED)
def test_every_shipped_consultation_can_be_answered_on_a_phone(server, phone, consultation_id):
    """Each definition renders accessibly at 320px on every page (start, each step, check your
    answers, thanks) and takes a full response, filled by label."""
    base, db = server
    questionnaire = load_file(Path(__file__).resolve().parent.parent / "questionnaires" / f"{consultation_id}.yaml")
    before = db.execute("SELECT count(*) FROM responses WHERE consultation_id = ?",
                        [consultation_id]).fetchone()[0]
    phone.goto(f"{base}/c/{consultation_id}")
    check_page(phone)
    assert phone.get_by_role("link", name="Get help now").count() == 1
    if questionnaire.versions:  # the last version: the words as written
        phone.get_by_role("button", name=questionnaire.versions[-1].choice).click()
        check_page(phone)
    if questionnaire.layout == "pages" and not questionnaire.versions:
        phone.get_by_role("button", name="Start now").click()
        steps = 0
        while "/p/" in phone.url:
            check_page(phone)
            fill_shown_questions(phone, questionnaire)
            phone.get_by_role("button", name="Continue").click()
            steps += 1
            assert steps <= len(questionnaire.sections), "went round in a loop"
        assert phone.get_by_role("heading", level=1).inner_text() == "Check your answers before sending them"
        check_page(phone)
    else:
        fill_shown_questions(phone, questionnaire)
    phone.get_by_role("button", name="Send my answers").click()
    assert phone.get_by_role("heading", level=1).inner_text() == "Thank you, your answers have been sent"
    check_page(phone)
    assert db.execute("SELECT count(*) FROM responses WHERE consultation_id = ?",
                      [consultation_id]).fetchone()[0] == before + 1


def test_the_form_works_without_javascript(server, phone_without_javascript):
    base, db = server
    page = phone_without_javascript
    before = db.execute("SELECT count(*) FROM responses").fetchone()[0]
    page.goto(f"{base}{TRAFFORD_FORM}")
    page.get_by_label("A young person in care").check()
    for group in page.locator(".app-likert fieldset").all():
        group.get_by_label("Somewhat", exact=True).check()
    page.get_by_role("button", name="Send my answers").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Thank you, your answers have been sent"
    assert db.execute("SELECT count(*) FROM responses").fetchone()[0] == before + 1


def test_staff_pages_are_accessible(server, browser):
    base, db = server
    context = browser.new_context(viewport={"width": 1024, "height": 800})
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(base + "/staff/")
    assert "/staff/sign-in" in page.url
    assert_accessible(page)
    page.get_by_label("User name").fill("manager1")
    page.get_by_label("Password").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Consultations"
    assert_accessible(page)
    page.get_by_role("link", name="Corporate Parenting Strategy Review 2018-20").click()
    assert_accessible(page)
    assert_page_invariants(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Results workbook (Excel)").click()
    assert download.value.suggested_filename == f"{TRAFFORD}-results.xlsx"
    context.close()


def test_save_and_come_back_later_without_javascript(server, browser):
    """A young person stops half way, keeps the four-word code, and carries on in another browser
    (another phone, or the same one after the session is gone), all without JavaScript."""
    base, db = server
    consultation_id = "north-lanarkshire-how-are-you-doing"
    questionnaire = load_file(Path(__file__).resolve().parent.parent / "questionnaires" / f"{consultation_id}.yaml")
    before = db.execute("SELECT count(*) FROM responses WHERE consultation_id = ?",
                        [consultation_id]).fetchone()[0]
    first = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = first.new_page()
    page.goto(f"{base}/c/{consultation_id}")
    page.get_by_role("button", name="Start now").click()
    fill_shown_questions(page, questionnaire)
    page.get_by_role("button", name="Continue").click()
    assert "step 2," in page.locator(".govuk-caption-l").inner_text()
    fill_shown_questions(page, questionnaire)
    page.get_by_role("button", name="Save and come back later").click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Your answers are saved")
    code = page.locator(".app-code").inner_text()
    first.close()

    second = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = second.new_page()
    page.goto(f"{base}/c/{consultation_id}")
    page.get_by_role("link", name="I have a code to carry on where I stopped").click()
    page.get_by_label("Carry on where you stopped").fill(code.replace("-", " "))
    page.get_by_role("button", name="Carry on").click()
    assert "step 3," in page.locator(".govuk-caption-l").inner_text()  # where they stopped
    while "/p/" in page.url:
        fill_shown_questions(page, questionnaire)
        page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Send my answers").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Thank you, your answers have been sent"
    second.close()
    assert db.execute("SELECT count(*) FROM responses WHERE consultation_id = ?",
                      [consultation_id]).fetchone()[0] == before + 1


BUILT = "e2e-check-in"


def copy_in_builder(page, base: str, source: str, new_id: str, title: str) -> None:
    """Copy a consultation in the builder, as an officer does, onto its builder page."""
    page.goto(f"{base}/staff/builder/copy?from={source}")
    page.get_by_label("Web address (optional)").fill(new_id)
    page.get_by_label("Title").fill(title)
    page.get_by_role("button", name="Create it").click()


def signed_in(browser, base, username, width=1024):
    context = browser.new_context(viewport={"width": width, "height": 900}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(base + "/staff/sign-in")
    page.get_by_label("User name").fill(username)
    page.get_by_label("Password").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    return context, page


def test_an_officer_builds_and_runs_a_consultation_and_a_manager_downloads_it(server, browser, tmp_path):
    """The whole path: build, open, a young person answers on a phone, a paper return, close,
    then the manager's workbook, which shows no figure of only two responses, and the officer's
    raw responses, which hold both as given. Every staff page on the way is axe-clean."""
    from openpyxl import load_workbook
    base, db = server
    add_user(db, "officer1", STAFF_PASSWORD, "officer")
    context, page = signed_in(browser, base, "officer1")
    page.goto(base + "/staff/builder/")
    check_page_staff(page)
    page.goto(base + "/staff/builder/new")
    check_page_staff(page)
    page.get_by_label("Web address (optional)").fill(BUILT)
    page.get_by_label("Title").fill("End to end check-in")
    page.get_by_label("Council or organisation").fill("Test Council")
    page.get_by_role("button", name="Create it").click()
    check_page_staff(page)
    # Built in the form pages, never seeing YAML: a new consultation starts with one long-text
    # question; it is reworded, and a Likert question on the agreement scale is added after it.
    page.get_by_role("button", name="Change questions and sections").click()
    check_page_staff(page)
    page.get_by_role("link", name="Change question 1", exact=True).click()
    check_page_staff(page)
    page.get_by_label("Question", exact=True).fill("What would make things better?")
    page.get_by_role("button", name="Save the question").click()
    page.get_by_role("button", name="Add a question to section 1").click()
    check_page_staff(page)
    page.get_by_label("A list of statements, each answered on the same scale").check()
    page.get_by_role("button", name="Continue").click()
    check_page_staff(page)
    page.get_by_label("Question", exact=True).fill("How much do you agree?")
    page.get_by_label("Yes", exact=True).check()
    page.get_by_label("Strongly agree, Agree, Neither agree nor disagree, Disagree, Strongly disagree",
                      exact=True).check()
    page.locator("#statement-1-text").fill("I am listened to")
    page.locator("#statement-2-text").fill("I know where to get help")
    page.get_by_role("button", name="Save the question").click()
    check_page_staff(page)  # the questions page, with both questions
    page.get_by_role("link", name="Preview as a young person sees it").click()
    check_page_staff(page)
    assert page.get_by_role("group", name="I know where to get help").count() == 1
    page.goto(f"{base}/staff/c/{BUILT}")
    check_page_staff(page)
    page.get_by_role("button", name="Open it to responses").click()
    check_page_staff(page)  # what opening does, asked once
    page.get_by_role("button", name="Yes, open it").click()

    phone_context = browser.new_context(viewport=PHONE)
    phone = phone_context.new_page()
    phone.goto(f"{base}/c/{BUILT}")
    check_page(phone)
    phone.locator('.govuk-radios:has(input[name="how-much-do-you-agree-i-am-listened-to"])').get_by_label("Agree", exact=True).check()
    phone.locator('.govuk-radios:has(input[name="how-much-do-you-agree-i-know-where-to-get-help"])').get_by_label("Strongly agree", exact=True).check()
    phone.get_by_label("1. What would make things better? (optional)").fill("More trips out.")
    phone.get_by_role("button", name="Send my answers").click()
    assert phone.get_by_role("heading", level=1).inner_text() == "Thank you, your answers have been sent"
    phone_context.close()

    page.goto(f"{base}/staff/c/{BUILT}")
    page.get_by_role("link", name="Type in paper questionnaires").click()
    check_page_staff(page)
    page.locator('.govuk-radios:has(input[name="how-much-do-you-agree-i-am-listened-to"])').get_by_label("Agree", exact=True).check()
    page.locator('.govuk-radios:has(input[name="how-much-do-you-agree-i-know-where-to-get-help"])').get_by_label("Disagree", exact=True).check()
    page.get_by_label("Batch reference (optional)").fill("Post box 1")
    page.get_by_role("button", name="Save this paper return").click()
    check_page_staff(page)
    for link in ("Comments and themes", "When responses are deleted", "Erase a response on request",
                 "Safeguarding review", "Invitations and codes", "Poster to print (A4)"):
        page.goto(f"{base}/staff/c/{BUILT}")
        page.locator("#main-content").get_by_role("link", name=link, exact=True).click()
        check_page_staff(page)
    page.goto(f"{base}/staff/c/{BUILT}")
    page.get_by_role("button", name="Close it").click()
    check_page_staff(page)
    page.get_by_role("button", name="Yes, close it").click()
    assert "The consultation is now closed" in page.content()
    page.goto(f"{base}/staff/account/password")
    check_page_staff(page)
    context.close()
    assert db.execute("SELECT channel, batch FROM responses WHERE consultation_id = ? ORDER BY id",
                      [BUILT]).fetchall() == [("online", ""), ("paper", "Post box 1")]

    context, page = signed_in(browser, base, "manager1")
    page.goto(f"{base}/staff/c/{BUILT}")
    check_page_staff(page)
    assert page.get_by_role("link", name="Raw responses (Excel)").count() == 0
    with page.expect_download() as download:
        page.get_by_role("link", name="Results workbook (Excel)").click()
    path = tmp_path / "results.xlsx"
    download.value.save_as(path)
    context.close()
    # Two responses are fewer than 10: the managers' workbook says so and shows no figure.
    book = load_workbook(path)
    assert "Responses" not in book.sheetnames
    about = {r[0]: r[1] for r in book["About"].iter_rows(values_only=True) if r[0]}
    assert about["Responses"] == "fewer than 10 responses"
    assert not [v for ws in book.worksheets[1:] for r in ws.iter_rows(values_only=True)
                for v in r if isinstance(v, (int, float))]

    # The officer's raw responses hold both, as typed in: worked by hand, "I am listened to"
    # is Agree online and Agree on paper; "I know where to get help" Strongly agree online and
    # Disagree on paper.
    context, page = signed_in(browser, base, "officer1")
    page.goto(f"{base}/staff/c/{BUILT}")
    with page.expect_download() as download:
        page.get_by_role("link", name="Raw responses (Excel)").click()
    assert download.value.suggested_filename == f"{BUILT}-raw-responses-personal-data.xlsx"
    path = tmp_path / "raw.xlsx"
    download.value.save_as(path)
    context.close()
    raw = load_workbook(path)
    assert raw.sheetnames == ["Personal data", "Responses"]
    rows = list(raw["Responses"].iter_rows(values_only=True))
    heads = rows[0]
    listened = next(i for i, h in enumerate(heads) if h and "I am listened to" in h)
    help_ = next(i for i, h in enumerate(heads) if h and "I know where to get help" in h)
    assert [(r[2], r[listened], r[help_]) for r in rows[1:]] == [
        ("online", "Agree", "Strongly agree"), ("paper", "Agree", "Disagree")]


def test_admin_pages_are_accessible(server, browser):
    base, db = server
    add_user(db, "admin1", STAFF_PASSWORD, "admin")
    context, page = signed_in(browser, base, "admin1")
    for path in ("/staff/admin/", "/staff/admin/users/new", "/staff/admin/audit"):
        page.goto(base + path)
        check_page_staff(page)
    context.close()


def check_page_staff(page) -> None:
    assert_accessible(page)
    assert_page_invariants(page)  # with no raw ids on a staff page


# Where the suite's database is, for the ids of the consultations built in it.
SERVED: dict = {}
# Punctuation around a word in running text, not part of it.
AROUND = ".,;:!?()[]{}'\"\u2018\u2019\u201c\u201d"


def ids_of(questionnaire) -> set[str]:
    """The ids a consultation's parts have that no officer would write as a word: with a digit,
    hyphen or underscore in them ("q1", "your-views", "not_sure"), and "question/item" pairs."""
    parts = [*questionnaire.sections, *questionnaire.questions]
    for question in questionnaire.questions:
        parts += [*question.statements, *question.options]
        if question.scale:
            parts += [*question.scale.points]
    ids = {part.id for part in parts}
    ids |= {f"{q.id}/{item.id}" for q in questionnaire.questions
            for item in (*q.statements, *q.options)}
    return {i for i in ids if any(c.isdigit() or c in "-_/" for c in i)}


@functools.cache
def shipped_ids() -> frozenset[str]:
    from conftest import REPO
    from survey.definition import load_folder
    shipped, _ = load_folder(REPO / "questionnaires")
    return frozenset().union(*(ids_of(q) for q in shipped.values()))


def known_ids() -> set[str]:
    from survey.definition import load_text
    found = set(shipped_ids())
    if "db" in SERVED:
        for (text,) in SERVED["db"].execute("SELECT source FROM consultation_sources"):
            # A draft may hold an unfinished translation (survey.store.definitions.read_source).
            found |= ids_of(load_text(text, "built", unfinished_translations=True))
    return found


def assert_no_raw_ids(page) -> None:
    """Officer pages speak in the officer's words: no id of a question, section, statement or
    option in the visible text. The audit log is a record of what was done, ids and all."""
    if "/staff/admin/audit" in page.url:
        return
    words = {word.strip(AROUND) for word in page.evaluate("document.body.innerText").split()}
    shown = sorted(words & known_ids())
    assert not shown, f"{page.url} shows ids: {shown}"


def test_a_manager_prepares_the_workbook_and_watches_its_progress(server, browser, tmp_path,
                                                                  monkeypatch):
    """"Prepare the results workbook", then a progress page that never reloads itself: without
    JavaScript "Check progress" asks again; with it, progress.js puts the figures in place and
    loads the finished page by itself. The job is held at its start so the running page can be
    seen; axe checks the running and finished pages; the file opens."""
    from openpyxl import load_workbook

    from survey.results import reports
    base, db = server
    gate, real = threading.Event(), reports.write_report

    def held(*args, **kwargs):
        gate.wait(20)
        return real(*args, **kwargs)
    monkeypatch.setattr(reports, "write_report", held)

    plain = browser.new_context(viewport={"width": 1024, "height": 900}, java_script_enabled=False,
                                accept_downloads=True)
    scripted, checked = signed_in(browser, base, "manager1")
    try:
        page = plain.new_page()
        page.set_default_timeout(10_000)
        page.goto(base + "/staff/sign-in")
        page.get_by_label("User name").fill("manager1")
        page.get_by_label("Password").fill(STAFF_PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.goto(f"{base}/staff/c/{TRAFFORD}")
        page.get_by_role("button", name="Prepare the results workbook").click()
        assert page.get_by_role("heading", level=1).inner_text() == "Preparing the results workbook"
        assert page.locator('meta[http-equiv="refresh"]').count() == 0
        assert page.locator("progress").count() == 1
        running = page.url

        checked.goto(running)  # with JavaScript: progress.js is running on this page
        assert checked.get_by_role("heading", level=1).inner_text() == "Preparing the results workbook"
        check_page_staff(checked)

        gate.set()  # the job runs: the scripted page loads the finished page by itself
        checked.get_by_role("heading", name="The results workbook is ready").wait_for(
            timeout=20_000)
        check_page_staff(checked)
        page.get_by_role("button", name="Check progress").click()  # without: by hand
        link = page.get_by_role("link", name="Download the workbook")
        link.wait_for(timeout=20_000)
        with page.expect_download() as download:
            link.click()
        assert download.value.suggested_filename == f"{TRAFFORD}-results.xlsx"
        path = tmp_path / "prepared.xlsx"
        download.value.save_as(path)
    finally:
        gate.set()
        plain.close()
        scripted.close()
    workbook = load_workbook(path)
    assert "Summary" in workbook.sheetnames and "Responses" not in workbook.sheetnames


def test_a_workbook_started_again_or_given_up_after_restarts_reads_so_at_320px(server, browser,
                                                                               monkeypatch):
    """A job whose process was killed (its lease ran out) is started again when its page is
    shown, and says so; one started too many times reads as failed, plainly. Both pass axe at
    320px. The claimed job is held at its start so the running page can be seen."""
    import time

    from survey.results import reports
    from survey.store import jobs
    base, db = server
    gate, real = threading.Event(), reports.write_report

    def held(*args, **kwargs):
        gate.wait(20)
        return real(*args, **kwargs)
    monkeypatch.setattr(reports, "write_report", held)
    lapsed = time.time() - jobs.LEASE_FOR - 5
    again, given_up = (jobs.create(db, TRAFFORD, "manager1", False, now=lapsed, holder="killed")
                       for _ in range(2))
    db.execute("UPDATE jobs SET starts = ? WHERE id = ?", [jobs.MAX_STARTS, given_up])
    context, page = signed_in(browser, base, "manager1", width=320)
    try:
        page.goto(f"{base}/staff/c/{TRAFFORD}/results/{again}")
        assert page.get_by_role("heading", level=1).inner_text() == "Preparing the results workbook"
        assert "Started again after the server restarted." in page.locator("main").inner_text()
        check_page_staff(page)
        assert_no_sideways_scroll(page)
        page.goto(f"{base}/staff/c/{TRAFFORD}/results/{given_up}")
        assert page.get_by_role("heading", level=1).inner_text() == (
            "The results workbook could not be prepared")
        assert "The server restarted while it was being written" in page.locator("main").inner_text()
        check_page_staff(page)
        assert_no_sideways_scroll(page)
    finally:
        gate.set()
        context.close()
    assert jobs.find(db, again).starts == 2


def test_codes_are_counted_as_made_and_downloaded_from_the_page(server, browser, tmp_path):
    """Making codes answers with the invitations page, which counts them at once (no "No codes
    have been made" left to invite a second batch) and downloads them from a plain link (no
    script on the page); the page, at 320px, and the poster, which now says a code is needed,
    pass axe."""
    import csv

    from survey.respond.invitation_code import POSTER_NEEDS_CODE
    base, db = server
    add_user(db, "codes-officer", STAFF_PASSWORD, "officer")
    context, page = signed_in(browser, base, "codes-officer", width=PHONE["width"])
    copy_in_builder(page, base, "sefton-pledge", "codes-check", "Codes check")
    page.goto(f"{base}/staff/c/codes-check/invitations")
    assert "No codes have been made" in page.content()
    page.get_by_label("How many codes do you need?").fill("3")
    page.get_by_role("button", name="Make codes and download them").click()
    assert "No codes have been made" not in page.content()
    assert "3 codes have been made; 0 used" in page.content()
    assert page.locator("script").count() == 0
    check_page(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the 3 codes (CSV)").click()
    assert download.value.suggested_filename == "codes-check-codes-3.csv"
    path = tmp_path / "codes.csv"
    download.value.save_as(path)
    rows = list(csv.reader(path.open(encoding="utf-8-sig")))
    assert rows[0] == ["code", "link"] and len(rows) == 4
    page.goto(f"{base}/staff/c/codes-check/poster")
    assert page.get_by_text(POSTER_NEEDS_CODE).count() == 1
    check_page(page)
    context.close()


def test_settings_scales_and_conditions_pages_are_accessible_on_a_phone(server, browser, tmp_path):
    """An officer changes a copy of Sefton's pledge at 320px: the settings (with a refused logo,
    then with a logo), a scale and a condition page, each with its mistakes shown, pass axe-core
    and never scroll sideways."""
    from builder.test_logo import png
    base, db = server
    add_user(db, "settings-officer", STAFF_PASSWORD, "officer")
    context, page = signed_in(browser, base, "settings-officer", width=PHONE["width"])
    copy_in_builder(page, base, "sefton-pledge", "sefton-settings-check", "Sefton settings check")
    page.get_by_role("link", name="Settings", exact=True).click()
    check_page(page)
    page.get_by_label("Header colour (optional)").fill("#ffff00")
    page.get_by_role("button", name="Save the settings").click()
    assert "too light for white header text" in page.locator(".govuk-error-summary").inner_text()
    check_page(page)
    (tmp_path / "bad.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect/></svg>')
    (tmp_path / "logo.png").write_bytes(png())
    page.get_by_label("Upload a logo").set_input_files(tmp_path / "bad.svg")
    page.get_by_role("button", name="Upload the logo").click()
    assert "without event handlers" in page.locator(".govuk-error-summary").inner_text()
    check_page(page)
    page.get_by_label("Upload a logo").set_input_files(tmp_path / "logo.png")
    page.get_by_role("button", name="Upload the logo").click()
    shown = page.get_by_role("img", name="The logo now shown")
    shown.wait_for()
    assert shown.evaluate("image => image.complete && image.naturalWidth") == 120
    assert page.get_by_role("button", name="Remove the logo").count() == 1
    check_page(page)
    page.goto(f"{base}/staff/builder/c/sefton-settings-check/scales")
    check_page(page)
    page.get_by_role("link", name="See or copy the scale frequency").click()
    check_page(page)
    page.get_by_role("button", name="Make a copy to change").click()
    check_page(page)
    page.get_by_role("button", name="Add another point").click()
    check_page(page)
    page.get_by_label("Name").fill("frequency")  # a built-in scale's name
    page.get_by_role("button", name="Save the scale").click()
    assert page.title().startswith("Error: ")
    check_page(page)
    page.goto(f"{base}/staff/builder/c/sefton-settings-check/conditions")
    check_page(page)
    page.get_by_role("link", name="Change when the section Promise 9: moving on from care is asked").click()
    check_page(page)
    page.get_by_role("button", name="Continue").click()
    check_page(page)
    page.get_by_label("A young person in care").check()
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_url(f"{base}/staff/builder/c/sefton-settings-check")
    source = db.execute("SELECT source FROM consultation_sources WHERE consultation_id = ?",
                        ["sefton-settings-check"]).fetchone()[0]
    assert "show_if: {question: respondent, is: [young-person-in-care, care-leaver]}" in source
    context.close()


def test_a_results_date_set_on_a_phone_is_on_the_thanks_page_and_the_poster(server, browser):
    """An officer at 320px gives a new consultation a results date (a month in words first, named
    at its box), opens it, and a young person's thanks page and the poster say "We will tell you
    what we did by 30 June 2027"; each page passes axe-core and never scrolls sideways."""
    base, db = server
    add_user(db, "results-officer", STAFF_PASSWORD, "officer")
    context, page = signed_in(browser, base, "results-officer", width=PHONE["width"])
    page.goto(base + "/staff/builder/new")
    page.get_by_label("Web address (optional)").fill("results-date-check")
    page.get_by_label("Title").fill("Results date check")
    page.get_by_label("Council or organisation").fill("Test Council")
    page.get_by_role("button", name="Create it").click()
    page.get_by_role("link", name="Settings", exact=True).click()
    legend = "When will you tell young people what changed? (optional)"
    told = page.get_by_role("group", name=legend)
    told.get_by_label("Day").fill("30")
    told.get_by_label("Month").fill("June")
    told.get_by_label("Year").fill("2027")
    page.get_by_role("button", name="Save the settings").click()
    assert "Results date must be a real date" in page.locator(".govuk-error-summary").inner_text()
    check_page(page)
    page.get_by_role("group", name=legend).get_by_label("Month").fill("6")
    page.get_by_role("button", name="Save the settings").click()
    page.wait_for_url(f"{base}/staff/builder/c/results-date-check")
    page.goto(f"{base}/staff/c/results-date-check")
    page.get_by_role("button", name="Open it to responses").click()
    page.get_by_role("button", name="Yes, open it").click()
    page.goto(f"{base}/staff/c/results-date-check/poster")
    assert page.get_by_text("We will tell you what we did by 30 June 2027.").count() == 1
    check_page(page)
    context.close()

    phone_context = browser.new_context(viewport=PHONE)
    phone = phone_context.new_page()
    phone.goto(f"{base}/c/results-date-check")
    phone.get_by_role("button", name="Send my answers").click()
    assert phone.get_by_role("heading", level=1).inner_text() == "Thank you, your answers have been sent"
    assert phone.get_by_text("We will tell you what we did by 30 June 2027.").count() == 1
    check_page(phone)
    phone_context.close()


def test_the_questions_and_sections_pages_are_accessible_on_a_phone(server, browser):
    """An officer changes a copy of Trafford's consultation at 320px in the structure editor:
    the questions page, a Likert question's page (also after "Add another statement" and with
    its mistakes shown), the add-question pages, a new question on a scale made in its own form
    (with a mistake, then saved), a "Yes or no" question's page and the page saying what a change
    will do pass axe-core and never scroll sideways."""
    base, db = server
    add_user(db, "structure-officer", STAFF_PASSWORD, "officer")
    context, page = signed_in(browser, base, "structure-officer", width=PHONE["width"])
    copy_in_builder(page, base, TRAFFORD, "trafford-structure-check", "Trafford structure check")
    page.get_by_role("button", name="Change questions and sections").click()
    check_page(page)
    page.get_by_role("link", name="Change question 2", exact=True).click()
    check_page(page)
    page.get_by_role("button", name="Add another statement").click()
    check_page(page)
    page.get_by_label("Question", exact=True).fill("")
    page.get_by_role("button", name="Save the question").click()
    assert page.title().startswith("Error: ")
    check_page(page)
    page.goto(f"{base}/staff/builder/c/trafford-structure-check/edit")
    page.get_by_role("button", name="Add a question to section 1").click()
    check_page(page)
    page.get_by_label("A list of statements, each answered on the same scale").check()
    page.get_by_role("button", name="Continue").click()
    check_page(page)
    # A Likert question on a scale made in its own form: with a mistake in the groups, then saved.
    page.get_by_label("Question", exact=True).fill("How do you feel about family time?")
    page.locator("#statement-1-text").fill("Time with my family")
    page.get_by_label("Make a new scale").check()
    for n, words in enumerate(("Happy", "OK", "Not happy"), 1):
        page.locator(f"#new-scale-point-{n}-label").fill(words)
    page.get_by_label("An answer that is counted but kept out of the percentages (optional)").fill(
        "I don’t have family time")
    page.get_by_label("How many points from the top are in the top group").fill("2")
    page.get_by_label("How many points from the bottom are in the bottom group").fill("2")
    page.get_by_role("button", name="Save the question").click()
    assert page.title().startswith("Error: ")
    check_page(page)
    page.get_by_label("How many points from the top are in the top group").fill("")
    page.get_by_label("How many points from the bottom are in the bottom group").fill("")
    page.get_by_role("button", name="Save the question").click()
    assert not page.title().startswith("Error: ")
    check_page(page)
    # "Yes or no": a one-choice question that starts with Yes, No and Not sure.
    page.get_by_role("button", name="Add a question to section 1").click()
    page.get_by_label("Yes or no (pick one of Yes, No and Not sure)").check()
    page.get_by_role("button", name="Continue").click()
    check_page(page)
    assert page.locator("#option-3-label").input_value() == "Not sure"
    # What a change will do, in the officer's words, before it is saved.
    page.goto(f"{base}/staff/builder/c/trafford-structure-check/source")
    source = page.get_by_label("Definition (YAML)")
    source.fill(source.input_value().replace("Please identify whether you are", "Who are you?"))
    page.get_by_role("button", name="Check the change").click()
    assert page.get_by_role("heading", level=1).inner_text() == "What this change will do"
    assert ("Question 1 \u2018Please identify whether you are\u2019 will read \u2018Who are you?\u2019"
            in page.locator("main").inner_text())
    # Removing asks first, then the questions page offers to undo it.
    page.goto(f"{base}/staff/builder/c/trafford-structure-check/edit")
    page.get_by_role("button", name="Remove question 3", exact=True).click()
    check_page(page)
    page.get_by_role("button", name="Yes, remove it").click()
    check_page(page)
    page.get_by_role("button", name="Undo").click()
    check_page(page)
    context.close()


def test_an_officer_walks_a_paged_preview_on_a_phone(server, browser):
    """The builder's preview of Sefton's pledge (layout: pages) at 320px: the start page, each
    step (with an error, Back, and the care leavers' page its first answer shows), save for
    later, check your answers and the thanks page. Each is the young person's page under the
    preview banner, passes axe-core and never scrolls sideways, and nothing is stored."""
    base, db = server
    consultation_id = "sefton-pledge"
    questionnaire = load_file(Path(__file__).resolve().parent.parent / "questionnaires" / f"{consultation_id}.yaml")
    add_user(db, "preview-officer", STAFF_PASSWORD, "officer")
    context, page = signed_in(browser, base, "preview-officer", width=PHONE["width"])
    tables = [t for t in db.table_names() if t != "staff_sessions"]

    def counts() -> dict[str, int]:
        return {t: db.execute(f"SELECT count(*) FROM [{t}]").fetchone()[0] for t in tables}  # nosec B608
    before = counts()

    def check_preview(page) -> None:
        banner = page.get_by_role("region", name="Preview")
        assert "Nothing you enter here is stored or sent" in banner.inner_text()
        assert banner.get_by_role("link", name="Back to the builder").get_attribute("href") == (
            f"/staff/builder/c/{consultation_id}")
        check_page(page)

    page.goto(f"{base}/staff/builder/c/{consultation_id}")
    page.get_by_role("button", name="Preview as a young person sees it").click()
    assert page.get_by_role("heading", level=1).inner_text() == questionnaire.title
    check_preview(page)
    page.get_by_role("button", name="Start now").click()
    assert "step 1, up to 11 more" in page.locator(".govuk-caption-l").inner_text()
    page.get_by_role("button", name="Continue").click()  # the one required answer is missing
    assert page.title().startswith("Error: ")
    assert page.locator(".govuk-error-summary").get_by_role("link").count() == 1
    check_preview(page)
    page.get_by_label("A care leaver").check()
    page.get_by_role("button", name="Continue").click()
    # promise 9 shown: the most steps to follow goes down by one, as it does for everyone
    assert "step 2, up to 10 more" in page.locator(".govuk-caption-l").inner_text()
    page.get_by_role("link", name="Back", exact=True).click()
    assert page.get_by_label("A care leaver").is_checked()
    page.get_by_role("button", name="Continue").click()
    headings = []
    while "/preview/p/" in page.url:
        check_preview(page)
        headings.append(page.get_by_role("heading", level=1).inner_text())
        fill_shown_questions(page, questionnaire)
        page.get_by_role("button", name="Continue").click()
        assert len(headings) <= len(questionnaire.sections), "went round in a loop"
    assert "Promise 9: moving on from care" in headings and len(headings) == 11
    assert page.get_by_role("heading", level=1).inner_text() == "Check your answers before sending them"
    check_preview(page)

    page.get_by_role("link", name="Change Which of these best describes you?").click()
    page.get_by_role("button", name="Save and come back later").click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Your answers are saved")
    check_preview(page)
    page.locator("main").get_by_role("link", name="/resume?code=").click()
    check_preview(page)
    page.get_by_role("button", name="Carry on").click()
    assert page.title().startswith("Error: ")  # no code works in the preview
    check_preview(page)

    page.goto(f"{base}/staff/builder/c/{consultation_id}/preview/check")
    page.get_by_role("button", name="Send my answers").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Thank you, your answers have been sent"
    check_preview(page)
    context.close()
    assert counts() == before


# Example values for every staff route's parts, so that each GET page is reached with real data:
# Trafford for the results pages, a copy of Sefton's pledge (paged, saved in the app) for the
# builder's, and a workbook the walker prepared itself.
WALKED = "axe-walk"
# What reaches past a 320px screen's right edge: the last few, which are the innermost.
WIDER_THAN_PHONE = """[...document.querySelectorAll('body *')]
    .filter(e => e.getBoundingClientRect().right > 320.5).slice(-3)
    .map(e => e.tagName + '.' + e.className + ': ' + (e.textContent || '').trim().slice(0, 30))"""
WALK_EXAMPLE = {"name": "q2", "fmt": "png", "user_id": "1", "scale_id": "frequency",
                "kind": "question", "part_id": "promise-1-social-worker", "int:number": "1",
                "section_id": "about-you", "question_id": "respondent", "question_type": "likert",
                "int:flag_id": "1",   # the flagged comment saved in the walk below
                "state": "closed", "picture": "questions.png",
                "about": "q2.placement-stability",
                "move": "publish",  # the results page's confirm page (nothing changes on a GET)
                "version_id": "younger"}  # the walked copy's versions (added in the walk)
WALK_EXAMPLE["language"] = "cy"  # the walked copy is offered in Welsh (offer_welsh, below)


def offer_welsh(page, base: str, db, consultation_id: str, tmp_path) -> None:
    """Add Welsh to a consultation built in the browser, as an officer does: the translator's
    spreadsheet, filled in, uploaded on its Languages page."""
    from dataclasses import replace
    from exports.translations import write_translation
    from survey.definition import load_text
    from survey.definition.model import Translation
    from survey.definition.texts import texts_of
    source = db.execute("SELECT source FROM consultation_sources WHERE consultation_id = ?",
                        [consultation_id]).fetchone()[0]
    model = load_text(source)
    welsh = Translation("cy", {key: f"Cy: {text}" for key, text in texts_of(model).items()})
    path = tmp_path / "cy.xlsx"
    path.write_bytes(write_translation(replace(model, translations=(welsh,)), "cy", "xlsx"))
    page.goto(f"{base}/staff/builder/c/{consultation_id}/languages")
    page.locator("#add-language").select_option("cy")
    page.locator("#add-file").set_input_files(str(path))
    page.get_by_role("button", name="Add the language").click()
    assert "Complete, needs checking by a Welsh speaker" in page.locator("#offered").inner_text()


def test_every_staff_page_passes_axe(server, browser, tmp_path):
    """Every GET route under /staff, filled in with real ids and visited by someone holding all
    three roles, is either a download or an HTML page with zero axe-core violations that is no
    wider than a 320px phone; a route added later is walked too, so no officer or manager page
    is left unchecked."""
    base, db = server
    add_user(db, "walker", STAFF_PASSWORD, ["admin", "officer", "manager"])
    # Enough responses for the results pages to hold figures and charts (under 10 they show none).
    from conftest import REPO
    from survey.definition import load_file
    from survey.store.demo import demo_responses
    from survey.store.responses import save_many
    trafford = load_file(REPO / "questionnaires" / f"{TRAFFORD}.yaml")
    save_many(db, trafford, demo_responses(trafford, 12, seed=7))
    # A comment flagged for safeguarding: the queue shows its form, and its whole response a page.
    from survey.store.responses import save_response
    save_response(db, trafford, [("q1", "", "other"), ("q1", "other", "A youth worker"),
                                 ("q2", "education", "quite"), ("q3", "", "I feel unsafe")],
                  "f" * 32)
    # An action on one of Trafford's statements: its change and remove pages are walked too.
    # (Not the statement test_an_officer_writes_you_said_we_did_on_a_phone writes about.)
    from survey.store.actions import About, ActionFields, add_action
    action_id = add_action(db, TRAFFORD, About("q2", "early-help"), "Early help", "",
               ActionFields("We will meet every month.", status="not-possible",
                            reason="The team is too small.", team="Leaving care team"))
    context, page = signed_in(browser, base, "walker")
    copy_in_builder(page, base, "sefton-pledge", WALKED, "Axe walk")
    # Two versions for age bands, so that the Versions pages have versions and questions to show.
    page.goto(f"{base}/staff/builder/c/{WALKED}/versions/new")
    for field, text in (("#name", "Younger"), ("#choice", "I am 8 to 12"),
                        ("#second-name", "Older"), ("#second-choice", "I am 13 or older")):
        page.locator(field).fill(text)
    page.get_by_role("button", name="Save").click()
    page.get_by_role("heading", name="Versions for age bands").wait_for()
    # One question worded its own way in one version: the page's table has a row to show.
    page.goto(f"{base}/staff/builder/c/{WALKED}/versions/questions/respondent")
    page.locator("#text-younger").fill("Who are you? Pick one.")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("heading", name="Versions for age bands").wait_for()
    offer_welsh(page, base, db, WALKED, tmp_path)
    page.goto(f"{base}/staff/c/{TRAFFORD}")
    page.get_by_role("button", name="Prepare the results workbook").click()
    job_id = page.url.rsplit("/", 1)[1]
    page.get_by_role("heading", name="The results workbook is ready").wait_for(timeout=20_000)

    app = create_app({"SECRET_KEY": "routes-only", "DATABASE": str(tmp_path / "routes.db")})
    rules = sorted(r.rule for r in app.url_map.iter_rules()
                   if r.rule.startswith("/staff") and "GET" in r.methods)
    files, too_wide = set(), []
    for rule in rules:
        example = {**WALK_EXAMPLE, "string(minlength=8):job_id": job_id,
                   "int:action_id": str(action_id),
                   "consultation_id": WALKED if rule.startswith("/staff/builder/c/") else TRAFFORD}
        url = rule
        for key, value in example.items():
            url = url.replace(f"<{key}>", value)
        assert "<" not in url, f"no example for a part of {rule}"
        with page.expect_response(lambda r: r.request.is_navigation_request()) as answer:
            try:
                page.goto(base + url)
            except PlaywrightError:  # a download: the navigation ends in a file, not a page
                pass
        response = answer.value
        assert response.status < 400, (rule, response.status)
        if not response.headers.get("content-type", "").startswith("text/html"):
            files.add(rule)
            continue
        try:
            check_page_staff(page)
        except AssertionError as problem:
            raise AssertionError(f"{rule} ({page.url}): {problem}") from None
        # The same page on a 320px phone: nothing may be wider than the screen.
        page.set_viewport_size({"width": PHONE["width"], "height": 900})
        if page.evaluate("document.documentElement.scrollWidth") > PHONE["width"]:
            too_wide.append((rule, page.evaluate(WIDER_THAN_PHONE)))
        page.set_viewport_size({"width": 1024, "height": 900})
    # The consultation's page as managers see it, which officers can ask for.
    page.goto(f"{base}/staff/c/{TRAFFORD}?view=managers")
    assert "as managers see it" in page.content()
    check_page_staff(page)
    # A one-choice question's chart and the words beside it (Trafford's one is its breakdown).
    sefton = load_file(REPO / "questionnaires" / "sefton-pledge.yaml")
    save_many(db, sefton, demo_responses(sefton, 12, seed=8))  # seed 7 gave Trafford its ids
    page.goto(f"{base}/staff/c/sefton-pledge", wait_until="domcontentloaded")  # charts draw slowly
    assert page.locator('img[src*="/charts/promises-kept.png"]').count() == 1
    check_page_staff(page)
    # The board report's job page, as prepared from the consultation's page (Word).
    page.goto(f"{base}/staff/c/{TRAFFORD}")
    page.get_by_role("button", name="Prepare the board report (Word)").click()
    page.get_by_role("heading", name="The board report (Word) is ready").wait_for(timeout=60_000)
    check_page_staff(page)
    context.close()
    # Every other route is a page, checked above.
    assert files == {"/staff/c/<consultation_id>/charts/<name>.<fmt>",
                     "/staff/c/<consultation_id>/qr.<fmt>",
                     "/staff/c/<consultation_id>/results.xlsx",
                     "/staff/c/<consultation_id>/raw-responses.csv",
                     "/staff/c/<consultation_id>/raw-responses.xlsx",
                     "/staff/c/<consultation_id>/results/<string(minlength=8):job_id>/file",
                     "/staff/builder/c/<consultation_id>.yaml", "/staff/builder/phone.css",
                     "/staff/builder/c/<consultation_id>/languages/<language>.xlsx",
                     "/staff/builder/c/<consultation_id>/languages/<language>.po",
                     "/staff/guide/officers/<picture>"}
    assert len(rules) - len(files) >= 35
    assert too_wide == [], "wider than a 320px phone (the page, then its widest parts)"


def assert_nothing_wider_than(page, width: int) -> None:
    """No element of the page reaches past the viewport's right edge (nor is cut off by it)."""
    wider = page.evaluate("""(width) => [...document.querySelectorAll('body *')]
        .filter(e => e.getBoundingClientRect().right > width + 0.5)
        .map(e => e.tagName + '.' + e.className + ': ' + Math.round(e.getBoundingClientRect().right))""",
                          width)
    assert not wider, wider


def test_the_saved_page_wraps_a_long_address_at_320px(server, phone):
    """"Save and come back later" shows the address to carry on at: under a council's long
    host name it wraps, and nothing on the page is wider than a 320px phone."""
    base, db = server
    port = base.rsplit(":", 1)[1]
    phone.goto(f"http://{LONG_HOST}:{port}/c/north-lanarkshire-how-are-you-doing/p/1")
    phone.get_by_role("button", name="Save and come back later").click()
    assert phone.get_by_role("heading", level=1).inner_text().startswith("Your answers are saved")
    link = phone.locator("main").get_by_role("link", name="/resume?code=")
    assert LONG_HOST in link.inner_text()
    assert_nothing_wider_than(phone, PHONE["width"])
    check_page(phone)


def test_a_long_text_box_counts_what_is_left_as_a_young_person_types(server, phone,
                                                                      phone_without_javascript):
    """GOV.UK's character count: the limit in words a child knows under the box, without
    JavaScript; with it, a count that goes down as they type, turns red past the limit, and is
    told to screen readers politely once typing stops. Both pass axe."""
    base, _ = server
    label = "3. Are there any areas you feel need to be improved? (optional)"
    plain = phone_without_javascript
    plain.goto(f"{base}{TRAFFORD_FORM}")
    limit = plain.locator(".govuk-character-count").filter(has=plain.get_by_label(label))
    assert limit.locator(".govuk-character-count__message").inner_text().strip() == (
        "You can write up to 2,000 letters and spaces")

    phone.goto(f"{base}{TRAFFORD_FORM}")
    box = phone.get_by_label(label)
    count = phone.locator(".govuk-character-count").filter(has=box)
    shown = count.locator(".govuk-character-count__status")
    heard = count.locator('[aria-live="polite"]')
    assert shown.inner_text() == "You have 2,000 letters and spaces left"
    described = box.get_attribute("aria-describedby").split()
    assert phone.locator(f"#{described[-1]}").inner_text().strip() == (
        "You can write up to 2,000 letters and spaces")  # still read out with the box
    box.fill("x" * 1990)
    assert shown.inner_text() == "You have 10 letters and spaces left"
    phone.wait_for_function(
        "e => e.textContent === 'You have 10 letters and spaces left'", arg=heard.element_handle())
    box.fill("x" * 2001)
    assert shown.inner_text() == "You have 1 letter or space too many"
    assert "govuk-error-message" in shown.get_attribute("class")
    assert_accessible(phone)
    assert_no_sideways_scroll(phone)


FIRST_QUESTION_TOP = """() => {
    const first = document.querySelector('main form .govuk-form-group, main form .app-likert');
    return first.getBoundingClientRect().top + window.scrollY;
}"""


@pytest.mark.parametrize("path", [
    "/c/lancashire-partnership-five-outcomes/p/1",  # a council with a long name, a paged step
    TRAFFORD_FORM,                                   # the one-page form (13 and over)
    f"/c/{TRAFFORD}?lang=cy&age=younger",            # in Welsh, for 8 to 12 year olds
])
def test_at_400_percent_zoom_the_first_question_is_near_the_top(server, browser, path):
    """A 1280 by 1024 screen at 400% zoom is a 320 by 256 window: the header, "Get help now"
    and Back must not fill it. "Get help now" is still on the first screen; the first question
    starts within one and a half screens."""
    base, _ = server
    context = browser.new_context(viewport=ZOOMED)
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(base + path)
    help_link = page.locator(".app-help__link")  # "Get help now", in the page's language
    assert help_link.bounding_box()["y"] + help_link.bounding_box()["height"] <= ZOOMED["height"]
    top = page.evaluate(FIRST_QUESTION_TOP)
    assert top <= 1.5 * ZOOMED["height"], f"the first question starts at {top}px"
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= ZOOMED["width"]
    context.close()


def test_a_one_page_form_is_saved_and_carried_on_without_javascript(server, browser):
    """Trafford's long one-page form: a young person answers some, saves for later, and in
    another browser carries on with the code into the form filled in as they left it, and
    sends. No JavaScript; nothing is a response until sent; every page passes axe."""
    base, db = server
    before = db.execute("SELECT count(*) FROM responses WHERE consultation_id = ?",
                        [TRAFFORD]).fetchone()[0]
    first = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = first.new_page()
    page.set_default_timeout(10_000)
    page.goto(f"{base}{TRAFFORD_FORM}")
    page.get_by_label("A care leaver").check()
    page.get_by_label("3. Are there any areas you feel need to be improved? (optional)").fill(
        "Somewhere to meet.")
    page.get_by_role("button", name="Save and come back later").click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Your answers are saved")
    code = page.locator(".app-code").inner_text()
    assert_no_sideways_scroll(page)
    first.close()
    assert db.execute("SELECT count(*) FROM responses WHERE consultation_id = ?",
                      [TRAFFORD]).fetchone()[0] == before

    second = browser.new_context(viewport=PHONE)  # JavaScript on, for axe only
    page = second.new_page()
    page.set_default_timeout(10_000)
    page.goto(f"{base}{TRAFFORD_FORM}")
    check_page(page)
    page.get_by_role("link", name="I have a code to carry on where I stopped").click()
    check_page(page)
    page.get_by_label("Carry on where you stopped").fill(code.replace("-", " "))
    page.get_by_role("button", name="Carry on").click()
    assert page.get_by_label("A care leaver").is_checked()
    assert page.get_by_label("3. Are there any areas you feel need to be improved? (optional)"
                             ).input_value() == "Somewhere to meet."
    check_page(page)
    for group in page.locator(".app-likert fieldset").all():
        group.get_by_label("Somewhat", exact=True).check()
    page.get_by_role("button", name="Send my answers").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Thank you, your answers have been sent"
    second.close()
    assert db.execute("SELECT count(*) FROM responses WHERE consultation_id = ?",
                      [TRAFFORD]).fetchone()[0] == before + 1


def test_picking_really_bad_about_feeling_safe_offers_help_next_on_a_phone(server, browser):
    """North Lanarkshire sends "Really bad" about feeling safe to the safeguarding review: the
    next page, the check page and the thanks page show "Get help now" large, at 320px, with
    and without JavaScript (axe runs with it), and the officer's queue and the whole response
    say in words which answer was picked."""
    base, db = server
    consultation_id = "north-lanarkshire-how-are-you-doing"
    questionnaire = load_file(Path(__file__).resolve().parent.parent / "questionnaires"
                              / f"{consultation_id}.yaml")
    for javascript in (False, True):
        context = browser.new_context(viewport=PHONE, java_script_enabled=javascript)
        page = context.new_page()
        page.set_default_timeout(10_000)
        page.goto(f"{base}/c/{consultation_id}")
        page.get_by_role("button", name="Start now").click()
        fill_shown_questions(page, questionnaire)
        page.get_by_role("button", name="Continue").click()
        assert page.locator(".app-help-now").count() == 0  # nothing picked yet
        fill_shown_questions(page, questionnaire)
        page.locator('.govuk-radios:has(input[name="wellbeing-1-safe"])').get_by_label(
            "Really bad", exact=True).check()
        page.get_by_role("button", name="Continue").click()
        for _ in range(3):  # the next page, the last page, the check page
            box = page.get_by_role("complementary", name="Get help now")
            assert box.is_visible()
            assert "you can talk to someone now" in box.inner_text()
            assert box.get_by_role("link", name="Get help now").get_attribute("href") == \
                questionnaire.organisation.help_url
            assert "Really bad" not in box.inner_text()
            if javascript:
                check_page(page)
            else:
                assert_no_sideways_scroll(page)
            if "/p/" not in page.url:
                break
            fill_shown_questions(page, questionnaire)
            page.get_by_role("button", name="Continue").click()
        page.get_by_role("button", name="Send my answers").click()
        assert page.get_by_role("heading", level=1).inner_text() == \
            "Thank you, your answers have been sent"
        assert page.get_by_role("complementary", name="Get help now").is_visible()
        if javascript:
            check_page(page)
        context.close()

    flag_id = db.execute(
        "SELECT max(id) FROM safeguarding_flags WHERE kind = 'answer'").fetchone()[0]
    add_user(db, "review-officer", STAFF_PASSWORD, "officer")
    context, page = signed_in(browser, base, "review-officer")
    picked = ("Picked \u2018Really bad\u2019 for \u2018Feeling safe where I live\u2019 in the "
              "question \u2018How are things going for you?\u2019")
    page.goto(f"{base}/staff/safeguarding")
    assert picked in page.locator(f"#flag-{flag_id}").inner_text()
    check_page_staff(page)
    page.goto(f"{base}/staff/safeguarding/{flag_id}")
    assert picked in page.inner_text("main")
    check_page_staff(page)
    context.close()


def test_an_officer_writes_you_said_we_did_on_a_phone(server, browser):
    """At 320px: from the consultation's page to a statement's "You said,
    we did", a "You said" saved with a reading warning, an action refused for "not possible"
    without a reason, then saved, changed and removed after asking. Every page passes axe,
    never scrolls sideways and shows no ids."""
    from conftest import REPO
    from survey.definition import load_file
    from survey.store.demo import demo_responses
    from survey.store.responses import save_many
    base, db = server
    trafford = load_file(REPO / "questionnaires" / f"{TRAFFORD}.yaml")
    save_many(db, trafford, demo_responses(trafford, 12, seed=9))  # 7 and 8: other tests' ids
    add_user(db, "said-officer", STAFF_PASSWORD, "officer")
    # JavaScript is on only for axe-core: the pages have no script of their own that the flow
    # needs (tests/workspace/test_you_said.py posts the same forms with no browser at all).
    context, page = signed_in(browser, base, "said-officer", width=PHONE["width"])
    page.goto(f"{base}/staff/c/{TRAFFORD}")
    page.get_by_role("link", name="You said, we did").click()
    check_page(page)
    page.get_by_role("link", name="what was said and done about Helping children stay").click()
    check_page(page)
    assert "of you said ‘Very well’ or ‘Quite’" in page.get_by_label("You said").input_value()
    page.get_by_label("You said").fill("Many of you told us that moving home a lot is hard, "
                                       "particularly when circumstances are unpredictable.")
    page.get_by_role("button", name="Save ‘You said’").click()
    assert "may be hard for some young people to read" in page.content()
    check_page(page)
    page.get_by_role("button", name="Add an action").click()
    check_page(page)
    page.get_by_label("We will", exact=True).fill("We will help you stay in one home.")
    page.get_by_role("radio", name="Not possible").check()
    page.get_by_label("Team or role responsible").fill("Fostering team")
    page.get_by_role("button", name="Save the action").click()
    assert page.title().startswith("Error: ")
    assert "needs a reason" in page.locator(".govuk-error-summary").inner_text()
    check_page(page)
    page.get_by_label("Why it is not possible").fill("We do not have enough carers yet.")
    page.get_by_role("button", name="Save the action").click()
    assert "We could not do this" in page.content()
    check_page(page)
    page.get_by_role("link", name="Change action 1").click()
    check_page(page)
    page.get_by_role("radio", name="Done").check()
    page.get_by_role("button", name="Save the action").click()
    assert "We did this" in page.content()
    page.get_by_role("link", name="Remove action 1").click()
    check_page(page)
    page.get_by_role("button", name="Yes, remove it").click()
    assert "No actions yet." in page.content()
    check_page(page)
    context.close()


def test_the_you_said_poster_prints_on_one_a4_page(server, browser, tmp_path):
    """An officer gives a copy of Sefton's pledge a header colour and a logo, and seven things
    young people said get an action each, long enough that five fill the poster's lines. The
    poster shows those five, done first, and counts the rest with the link; at 320px it passes
    axe and never scrolls sideways; printed by Chromium it is one A4 page, the council's band
    in its colour and no navigation or officer's note on the paper."""
    import re
    from datetime import date

    from builder.test_logo import png
    from survey.store.actions import About, ActionFields, add_action
    from survey.workspace.you_said_poster import AND_MORE, LINES
    base, db = server
    add_user(db, "poster-officer", STAFF_PASSWORD, "officer")
    context, page = signed_in(browser, base, "poster-officer", width=PHONE["width"])
    copy_in_builder(page, base, "sefton-pledge", "poster-check", "Poster check")
    page.get_by_role("link", name="Settings", exact=True).click()
    page.get_by_label("Header colour (optional)").fill("#1d4f91")
    page.get_by_role("button", name="Save the settings").click()
    page.wait_for_url(f"{base}/staff/builder/c/poster-check")
    page.get_by_role("link", name="Settings", exact=True).click()
    (tmp_path / "logo.png").write_bytes(png())
    page.get_by_label("Upload a logo").set_input_files(tmp_path / "logo.png")
    page.get_by_role("button", name="Upload the logo").click()
    page.get_by_role("img", name="The logo now shown").wait_for()
    said = ("Many of you told us that you want to see your brothers and sisters more often, "
            "and that visits are too short. ")
    for n in range(1, 8):   # each 1 + 2 + 1 + 1 lines: five fill the poster
        done = n == 7
        add_action(db, "poster-check", About(f"promise-{n}"), f"Promise {n}", f"{said}({n})",
                   ActionFields(f"We will plan longer visits in the school holidays ({n}).",
                                status="done" if done else "planned",
                                we_did="We made every visit an hour longer." if done else "",
                                due=date(2027, 6, 30)))
    page.goto(f"{base}/staff/c/poster-check/you-said")
    page.get_by_role("link", name="“You said, we did” poster to print (A4)").click()
    entries = page.locator(".app-said-poster__entry")
    assert entries.count() == 5 and 5 * 5 <= LINES < 6 * 5
    assert "We made every visit an hour longer." in entries.first.inner_text()
    link = page.locator(".app-said-poster__link").inner_text()
    assert page.get_by_text(AND_MORE.format(count=2, link=link)).count() == 1
    assert page.get_by_text("The results page is not published yet").count() == 1
    check_page(page)
    pdf = page.pdf(format="A4", print_background=True)
    assert len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf)) == 1
    page.emulate_media(media="print")
    band = page.locator(".app-said-poster__band")
    assert band.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(29, 79, 145)"
    assert band.locator("img").count() == 1 and band.is_visible()
    assert not page.locator(".app-no-print").is_visible()
    assert not page.locator("nav").is_visible()
    context.close()


def test_a_later_wave_shows_what_we_did_last_time_on_a_phone(server, phone,
                                                            phone_without_javascript):
    """Three waves of a copy of Sefton's pledge (a series of their own, stored as the builder
    stores them): each later wave's start page (paged) or form (one page, folded) shows the
    wave before's actions once that wave's results page is published, at 320px, axe clean,
    and folded open without JavaScript."""
    from conftest import REPO
    from survey.definition import load_text
    from survey.store import actions, definitions, lifecycle, results_pages
    base, db = server
    text = (REPO / "questionnaires" / "sefton-pledge.yaml").read_text(encoding="utf-8")
    for wave, layout in (("2026", "pages"), ("2027", "pages"), ("2028", "one-page")):
        made = (text.replace("id: sefton-pledge\n", f"id: last-time-{wave}\n")
                .replace("series: sefton-pledge", "series: last-time-check")
                .replace('wave: "2026"', f'wave: "{wave}"').replace("layout: pages", f"layout: {layout}")
                .replace("    show_if: {question: respondent, is: [care-leaver]}\n", ""))
        definitions.save_source(db, load_text(made), "browser-test", [], create=True)
        lifecycle.set_state(db, f"last-time-{wave}", "open")
    calls = actions.About("promise-1-social-worker", "calls-returned")
    for earlier in ("last-time-2026", "last-time-2027"):
        actions.add_action(db, earlier, calls, "Calls returned", "Calls are slow to come back.",
                           actions.ActionFields("We will call back within a day.", status="done",
                                                we_did="We now call back on the same day."))
        results_pages.publish(db, earlier)
    phone.goto(f"{base}/c/last-time-2027")
    heading = phone.get_by_role("heading", name="What we did after last time")
    assert heading.is_visible()
    assert "We now call back on the same day." in phone.locator("main").inner_text()
    assert phone.get_by_role("link", name="See what else we did").get_attribute("href") == (
        "/c/last-time-2026")
    check_page(phone)
    phone.goto(f"{base}/c/last-time-2028")
    check_page(phone)
    page = phone_without_javascript
    page.goto(f"{base}/c/last-time-2028")
    said = page.get_by_text("We now call back on the same day.")
    assert not said.is_visible()
    page.locator("summary", has_text="What we did after last time").click()
    assert said.is_visible()
    assert_no_sideways_scroll(page)


def test_a_young_person_opens_the_closed_consultations_link_and_sees_what_was_done(server,
                                                                                 browser):
    """An officer closes a consultation, writes an action on its "You said, we did" page and
    publishes the results page; then a young person at 320px opens the consultation's short
    link and lands on the results: how many took part, figures in words, the action and its
    status, the same with JavaScript off. Every page passes axe and never scrolls sideways.
    (axe-core is itself a script: with JavaScript off it never finishes, so the page without
    JavaScript is checked for its words, width and invariants, and axe runs with it on.)"""
    import re

    from conftest import REPO
    from survey.definition import load_file
    from survey.store.demo import demo_responses
    from survey.store.responses import save_many
    from survey.store.responses import count_responses
    from survey.workspace.share import short_code
    base, db = server
    consultation_id = "lancashire-corporate-parenting-strategy"  # no other test closes it
    lancashire = load_file(REPO / "questionnaires" / f"{consultation_id}.yaml")
    save_many(db, lancashire, demo_responses(lancashire, 20, seed=16))  # 7, 8, 9: other tests'
    add_user(db, "results-page-officer", STAFF_PASSWORD, "officer")
    context, page = signed_in(browser, base, "results-page-officer", width=PHONE["width"])
    page.goto(f"{base}/staff/c/{consultation_id}")
    page.get_by_role("button", name="Close it").click()
    page.get_by_role("button", name="Yes, close it").click()
    assert "The consultation is now closed" in page.content()
    page.get_by_role("link", name="You said, we did").click()
    assert "Not published: young people cannot see it yet." in page.content()
    check_page(page)
    page.get_by_role("link", name=re.compile("what was said and done about")).first.click()
    page.get_by_role("button", name="Add an action").click()
    page.get_by_label("We will", exact=True).fill("We will ask you before we change your home.")
    page.get_by_role("radio", name="In progress").check()
    page.get_by_label("Team or role responsible").fill("Children in Care Council")
    page.get_by_role("button", name="Save the action").click()
    page.goto(f"{base}/c/{consultation_id}/results")   # not published yet: a kind page
    assert "The results are not ready yet." in page.content()
    check_page(page)
    page.goto(f"{base}/staff/c/{consultation_id}/you-said")
    page.get_by_role("link", name="Publish the results page").click()
    assert "Young people with the link or QR code will see" in page.content()
    check_page(page)
    page.get_by_role("button", name="Yes, publish it").click()
    assert "The results page is published" in page.content()
    check_page(page)
    context.close()

    without_javascript = browser.new_context(viewport=PHONE, java_script_enabled=False)
    for young in (browser.new_context(viewport=PHONE), without_javascript):
        phone = young.new_page()
        phone.set_default_timeout(10_000)
        phone.goto(f"{base}/s/{short_code(consultation_id)}")
        assert phone.url.endswith(f"/c/{consultation_id}/results")
        text = phone.inner_text("main")
        # 20 here, and any that other tests on the shared server sent to Lancashire's form
        took_part = count_responses(db, consultation_id)
        assert took_part >= 20 and f"{took_part} people took part." in text
        assert re.search(r"(\d+ in 10|[Hh]alf|All|None|Nearly all) of you said", text)
        assert "We will ask you before we change your home." in text
        assert "We are doing this now" in text and "Children in Care Council" in text
        assert phone.get_by_role("link", name="Get help now").count() == 1
        assert_no_sideways_scroll(phone)
        assert_page_invariants(phone)
        if young is not without_javascript:
            assert_accessible(phone)
        young.close()


def test_pages_of_a_consultation_in_two_languages_and_two_versions_pass_axe(server, browser):
    """Paper entry with its language and version selects, and the results page's By language
    and By age group tables (as officers and as managers see them), for a consultation offered
    in Welsh too, in versions for two age groups: axe-clean, and no wider than a 320px phone."""
    from dataclasses import replace
    from survey.definition.model import Translation, Version
    from survey.store.responses import save_response
    base, db = server
    five = "lancashire-partnership-five-outcomes"
    registry = SERVED["app"].extensions["haveyoursay.catalogue"]
    original = registry.get(five)
    offered = replace(original, translations=(Translation("cy", {}),), versions=(
        Version("younger", "8 to 12 year olds", "I am 8 to 12"),
        Version("older", "13 to 18 year olds", "I am 13 or older")))
    registry.put(offered)
    try:
        # English 12, Welsh 11; 8 to 12 year olds 14, 13 to 18 year olds 9 (hidden for managers).
        cells = [("en", "younger")] * 7 + [("en", "older")] * 5 + [("cy", "younger")] * 7 + [
            ("cy", "older")] * 4
        for n, (language, version) in enumerate(cells):
            save_response(db, offered, [], f"split{n:027d}", language=language, version=version)
        add_user(db, "splitter", STAFF_PASSWORD, ["officer", "manager"])
        context, page = signed_in(browser, base, "splitter")
        for url in (f"/staff/c/{five}/paper", f"/staff/c/{five}",
                    f"/staff/c/{five}?view=managers"):
            page.goto(base + url, wait_until="domcontentloaded")
            check_page_staff(page)
            page.set_viewport_size({"width": PHONE["width"], "height": 900})
            assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], (
                url, page.evaluate(WIDER_THAN_PHONE))
            page.set_viewport_size({"width": 1024, "height": 900})
            if url.endswith("/paper"):
                assert page.get_by_label("Which language was the form in?").count() == 1
            else:
                assert page.get_by_role("table", name="By language").count() == 1
                assert page.get_by_role("table", name="By age group").count() == 1
        context.close()
    finally:
        registry.put(original)
