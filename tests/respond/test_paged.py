"""A paged questionnaire: Continue and Back keep answers on the server, conditions leave pages
out, nothing counts until sent from the check page, and a resume code brings answers back."""
from __future__ import annotations

import hashlib
import re

import pytest
import requests
from conftest import at_once, hidden_fields

from survey.app import create_app
from survey.store import drafts
from survey.store import throttle

PAGED = """\
id: paged
title: Paged test
organisation:
  name: Test Council
  colour: "#1d4f91"
  help: {text: "Call Childline on 0800 1111", url: "https://www.childline.org.uk/"}
layout: pages
start: {about: What this is about., who_reads: The participation team., time: About 3 minutes.}
sections:
  - id: you
    title: About you
    questions:
      - id: who
        type: single_choice
        text: Who are you?
        required: true
        options:
          - {id: in-care, label: A young person in care}
          - {id: care-leaver, label: A care leaver}
  - id: leaving
    title: Leaving care
    show_if: {question: who, is: care-leaver}
    questions:
      - id: pathway
        type: likert
        text: Does this happen for you?
        scale: frequency
        required: true
        comment: Tell us more
        statements:
          - {id: plan, text: I have a pathway plan}
          - {id: adviser, text: I can reach my personal adviser, comment: Tell us more about your adviser}
  - id: feelings
    title: How you feel
    questions:
      - id: safe
        type: likert
        text: How do you feel about where you live?
        scale: faces
        required: true
        statements:
          - {id: home, text: I feel safe where I live}
      - id: more
        type: long_text
        text: Anything else?
"""
BASE = "/c/paged"


@pytest.fixture
def paged(questionnaires):
    (questionnaires / "paged.yaml").write_text(PAGED)


def post(client, url: str, data: dict, **kwargs):
    page = client.get(url)
    return client.post(url, data={**hidden_fields(page.text), **data}, **kwargs)


def stored(db) -> list[tuple]:
    return db.execute(
        "SELECT a.question_id, a.item_id, a.value FROM answers a JOIN responses r"
        " ON r.id = a.response_id WHERE r.consultation_id = 'paged' ORDER BY a.rowid").fetchall()


def test_start_page_says_what_happens_with_the_answers(paged, client):
    page = client.get(BASE)
    assert page.status_code == 200
    for words in ("What this is about.", "The participation team.", "About 3 minutes.",
                  "You do not have to give your name", "not safe", "Start now",
                  "Call Childline on 0800 1111", "Get help now"):
        assert words in page.text, words
    assert f'href="{BASE}/theme.css"' in page.text
    assert client.get(f"{BASE}/theme.css").text.strip() == ".app-header { background: #1d4f91; }"


def test_care_leaver_goes_through_every_page_and_sends_once(paged, client, db):
    response = post(client, f"{BASE}/p/1", {"who": "care-leaver"})
    assert response.headers["Location"].endswith(f"{BASE}/p/2")
    page = client.get(f"{BASE}/p/2")
    assert "step 2, up to 1 more" in page.text and f'href="{BASE}/p/1"' in page.text  # Back
    response = post(client, f"{BASE}/p/2", {"pathway-plan": "always", "pathway-adviser": "never",
                                           "pathway-adviser--comment": "She left.",
                                           "pathway--comment": "More help with money."})
    assert response.headers["Location"].endswith(f"{BASE}/p/3")
    response = post(client, f"{BASE}/p/3", {"safe-home": "good"})
    assert response.headers["Location"].endswith(f"{BASE}/check")
    assert stored(db) == []  # a draft is never a response
    check = client.get(f"{BASE}/check")
    for words in ("Check your answers", "A care leaver", "Always", "Never", "She left.",
                  "More help with money.", "Good", f'href="{BASE}/p/2#pathway-adviser"'):
        assert words in check.text, words
    fields = hidden_fields(check.text)
    sent = client.post(f"{BASE}/check", data=fields)
    assert sent.headers["Location"].endswith(f"{BASE}/thanks")
    again = client.post(f"{BASE}/check", data=fields)  # a second click
    assert again.status_code == 302
    assert sorted(stored(db)) == sorted([
        ("who", "", "care-leaver"), ("pathway", "plan", "always"), ("pathway", "adviser", "never"),
        ("pathway", "adviser#comment", "She left."), ("pathway", "#comment", "More help with money."),
        ("safe", "home", "good")])
    assert db.execute("SELECT count(*) FROM responses").fetchone()[0] == 1
    assert db.execute("SELECT count(*) FROM drafts").fetchone()[0] == 0


def test_the_check_page_shows_a_likert_questions_own_words_above_its_statements(paged, client):
    post(client, f"{BASE}/p/1", {"who": "care-leaver"})
    post(client, f"{BASE}/p/2", {"pathway-plan": "always", "pathway-adviser": "never",
                                 "pathway--comment": "More help with money."})
    post(client, f"{BASE}/p/3", {"safe-home": "good", "more": "No"})
    text = client.get(f"{BASE}/check").text
    headings = re.findall(r'<h3 class="govuk-heading-s">([^<]*)</h3>', text)
    assert headings == ["Does this happen for you?", "How do you feel about where you live?"]
    for heading, first, last in (("Does this happen for you?", "I have a pathway plan",
                                  "More help with money."),
                                 ("How do you feel about where you live?",
                                  "I feel safe where I live", "Good")):
        assert text.index(heading) < text.index(first) < text.index(last)
    # A question without statements is named by its own row: no heading above it.
    assert "Who are you?" in text and "Anything else?" in text
    assert text.index("I feel safe where I live") < text.index("Anything else?")
    assert text.count('class="govuk-summary-list"') == 4  # who; pathway; safe; more


def test_a_page_hidden_by_an_answer_is_skipped_and_its_answers_never_stored(paged, client, db):
    post(client, f"{BASE}/p/1", {"who": "care-leaver"})
    post(client, f"{BASE}/p/2", {"pathway-plan": "always", "pathway-adviser": "usually"})
    # They go back and change their answer: the leaving-care page is now left out.
    response = post(client, f"{BASE}/p/1", {"who": "in-care"})
    assert response.headers["Location"].endswith(f"{BASE}/p/3")
    assert client.get(f"{BASE}/p/2").headers["Location"].endswith(f"{BASE}/p/3")
    page = client.get(f"{BASE}/p/3")
    assert "step 2, the last one" in page.text and f'href="{BASE}/p/1"' in page.text
    post(client, f"{BASE}/p/3", {"safe-home": "ok"})
    check = client.get(f"{BASE}/check")
    assert "pathway plan" not in check.text
    client.post(f"{BASE}/check", data=hidden_fields(check.text))
    assert sorted(stored(db)) == [("safe", "home", "ok"), ("who", "", "in-care")]


def test_skipping_a_page_with_required_answers_stores_nothing_and_says_what_is_missing(paged, client, db):
    post(client, f"{BASE}/p/1", {"who": "care-leaver"})
    response = post(client, f"{BASE}/p/3", {"safe-home": "good"})  # page 2 never answered
    assert response.headers["Location"].endswith(f"{BASE}/p/2?unfinished=1")
    page = client.get(response.headers["Location"])
    assert "There is a problem" in page.text
    assert 'href="#pathway-plan"' in page.text and "I have a pathway plan" in page.text
    assert client.get(f"{BASE}/check").headers["Location"].endswith(f"{BASE}/p/2?unfinished=1")
    forged = client.post(f"{BASE}/check", data=hidden_fields(client.get(f"{BASE}/p/1").text))
    assert forged.status_code == 302 and "/p/2" in forged.headers["Location"]
    assert stored(db) == []


def test_missing_answers_on_a_page_give_the_error_summary_and_keep_what_was_typed(paged, client):
    post(client, f"{BASE}/p/1", {"who": "care-leaver"})
    page = post(client, f"{BASE}/p/2", {"pathway-plan": "always", "pathway--comment": "<b>kept</b>"})
    assert page.status_code == 200
    assert "There is a problem" in page.text and 'href="#pathway-adviser"' in page.text
    assert "&lt;b&gt;kept&lt;/b&gt;" in page.text and "<b>kept</b>" not in page.text


def test_save_and_come_back_later_with_the_code(paged, app, client, db):
    post(client, f"{BASE}/p/1", {"who": "care-leaver"})
    saved = post(client, f"{BASE}/p/2", {"pathway-plan": "sometimes", "action": "save"})
    assert saved.status_code == 200 and "Your answers are saved" in saved.text
    code = re.search(r'<strong class="app-code">([a-z-]+)</strong>', saved.text).group(1)
    assert len(code.split("-")) == 5
    # Another browser (the session is gone) carries on with the code, typed loosely.
    other = app.test_client()
    response = post(other, f"{BASE}/resume", {"code": code.replace("-", " ").upper()})
    assert response.headers["Location"].endswith(f"{BASE}/p/2")  # the first page not finished
    page = other.get(f"{BASE}/p/2")
    assert re.search(r'value="sometimes"\s+checked', page.text)
    assert db.execute("SELECT count(*) FROM responses").fetchone()[0] == 0
    row = db.execute("SELECT answers, code_hash FROM drafts").fetchone()
    assert code not in row[0] + row[1]  # only the code's hash is kept
    assert hashlib.sha256(code.encode()).hexdigest() not in row[1]  # keyed, not plain SHA-256


def saved_code(client) -> str:
    post(client, f"{BASE}/p/1", {"who": "care-leaver"})
    saved = post(client, f"{BASE}/p/2", {"pathway-plan": "sometimes", "action": "save"})
    return re.search(r'<strong class="app-code">([a-z-]+)</strong>', saved.text).group(1)


def test_the_database_without_the_secret_cannot_resume_a_code(paged, app, client, questionnaires):
    """A second app on the same database file with another secret key is someone holding the
    file without the secret: the right words open nothing."""
    code = saved_code(client)
    stolen = create_app({"TESTING": True, "SECRET_KEY": "not-the-servers-secret",
                         "DATABASE": app.config["DATABASE"], "QUESTIONNAIRES": str(questionnaires)})
    page = post(stolen.test_client(), f"{BASE}/resume", {"code": code})
    assert page.status_code == 200 and "could not find answers saved with those words" in page.text
    resumed = post(app.test_client(), f"{BASE}/resume", {"code": code})
    assert resumed.headers["Location"].endswith(f"{BASE}/p/2")


def test_a_draft_saved_before_the_keyed_hash_still_resumes(paged, app, db):
    """A code saved as plain SHA-256 of four words (before the key) opens its draft, which is
    hashed again with the key on the way."""
    draft = drafts.new("paged", "v1")
    draft.answers[("who", "")] = ["care-leaver"]
    draft.reached = 2
    drafts.save(db, draft, days=14)
    plain = hashlib.sha256(b"tiger-apple-cloud-river").hexdigest()
    db.execute("UPDATE drafts SET code_hash = ? WHERE id = ?", [plain, draft.id])
    db.conn.commit()
    resumed = post(app.test_client(), f"{BASE}/resume", {"code": "Tiger Apple Cloud River"})
    assert resumed.headers["Location"].endswith(f"{BASE}/p/2")
    stored = db.execute("SELECT code_hash FROM drafts WHERE id = ?", [draft.id]).fetchone()[0]
    assert stored != plain and stored.startswith(drafts.KEYED)


def test_a_wrong_code_is_refused_and_guessing_is_throttled(paged, client, monkeypatch):
    clock = [1_800_000_000.0]
    monkeypatch.setattr(throttle, "now", lambda: clock[0])
    for _ in range(5):
        page = post(client, f"{BASE}/resume", {"code": "tiger apple cloud river"})
        assert "could not find answers saved with those words" in page.text
    page = post(client, f"{BASE}/resume", {"code": "tiger apple cloud river"})
    assert "Please wait 2 seconds and try again" in page.text
    wrong, waits = 5, []
    for _ in range(60):  # waiting as long as asked each time: wrong, until the most is reached
        if wait := re.search(r"Please wait (\d+) seconds", page.text):
            waits.append(int(wait.group(1)))
            clock[0] += waits[-1]
        page = post(client, f"{BASE}/resume", {"code": "tiger apple cloud river"})
        if "tried too many codes" in page.text:
            break
        if "could not find answers saved with those words" in page.text:
            wrong += 1
    assert wrong == throttle.RULES["resume-browser"].most and "tried too many" in page.text
    assert waits[:7] == [2, 4, 8, 16, 32, 60, 60]


def test_thirty_wrong_resume_codes_at_once_from_one_browser_get_five_checks(paged, live):
    browser = requests.Session()
    fields = {**hidden_fields(browser.get(f"{live}{BASE}/resume", timeout=60).text),
              "code": "tiger apple cloud river"}
    first = browser.post(f"{live}{BASE}/resume", data=fields, timeout=60).text
    assert "could not find answers saved with those words" in first
    cookies = browser.cookies.get_dict()  # with this browser's id, as its next tries carry
    pages = at_once([lambda: requests.post(f"{live}{BASE}/resume", data=fields, cookies=cookies,
                                           timeout=300).text for _ in range(30)])
    checked = sum("could not find answers saved with those words" in page for page in pages)
    waiting = sum("Please wait" in page for page in pages)
    assert (checked, waiting) == (throttle.RULES["resume-browser"].free - 1, 30 - checked)


def test_drafts_expire(paged, app, db):
    draft = drafts.new("paged", "v1")
    draft.answers[("who", "")] = ["in-care"]
    drafts.save(db, draft, days=0)
    db.execute("UPDATE drafts SET expires_at = expires_at - 1")
    assert drafts.load(db, draft.id, "paged") is None
    drafts.save(db, drafts.new("paged", "v1"), days=14)  # any save clears out expired drafts
    assert db.execute("SELECT count(*) FROM drafts WHERE id = ?", [draft.id]).fetchone()[0] == 0


PROGRESS = re.compile(r'<span class="govuk-caption-l">[^<]*: step (\d+), (?:up to (\d+) more|the last one)</span>')


def progress_through(client, first: dict, later: dict) -> list[tuple[int, int]]:
    """Continue from the first page to the check page; at each step, (the step shown, the most
    steps it says can follow)."""
    url, seen = f"{BASE}/p/1", []
    while "/p/" in url:
        page = client.get(url)
        found = PROGRESS.search(page.text)
        assert found, page.text
        assert re.search(r"step \d+ of \d+", page.text) is None  # no total that could grow
        seen.append((int(found.group(1)), int(found.group(2) or 0)))
        url = post(client, url, first if len(seen) == 1 else later).headers["Location"]
        assert len(seen) < 10, "went round in a loop"
    return seen


@pytest.mark.parametrize("who, shown", [("care-leaver", 3), ("in-care", 2)])
def test_the_progress_never_promises_a_number_an_answer_breaks(paged, client, who, shown):
    """Choosing "A care leaver" adds the leaving-care page. The steps say where the young person
    is and the most that can follow: that never grows, and it is never fewer than what follows."""
    later = {"pathway-plan": "always", "pathway-adviser": "never", "safe-home": "good"}
    seen = progress_through(client, {"who": who}, later)
    assert [step for step, _ in seen] == list(range(1, shown + 1))
    for step, most in seen:
        assert most >= shown - step  # "up to N more" holds
    totals = [step + most for step, most in seen]
    assert totals == sorted(totals, reverse=True)  # what it says can come never grows
    assert seen[0] == (1, 2) and seen[-1] == (shown, 0)


@pytest.fixture
def numbered_paged(questionnaires):
    (questionnaires / "paged.yaml").write_text(PAGED.replace(
        "layout: pages\n", "layout: pages\nnumbering: automatic\n"))


def test_numbers_follow_the_path_taken_and_the_answers_keep_their_ids(numbered_paged, client, db):
    """Worked by hand: with automatic numbering the model numbers who 1, pathway 2, safe 3,
    more 4. Someone in care skips the leaving-care page, so they see safe as 2 and more as 3,
    with no gap; a care leaver sees 1 to 4. The answers are stored under the same ids."""
    page = client.get(f"{BASE}/p/1")
    assert "1. Who are you?" in page.text
    post(client, f"{BASE}/p/1", {"who": "in-care"})
    page = client.get(f"{BASE}/p/3")
    assert "2. How do you feel about where you live?" in page.text
    assert "3. Anything else?" in page.text and "4." not in page.text
    post(client, f"{BASE}/p/3", {"safe-home": "ok", "more": "No"})
    check = client.get(f"{BASE}/check")
    assert "3. Anything else?" in check.text and "4. Anything else?" not in check.text
    client.post(f"{BASE}/check", data=hidden_fields(check.text))
    assert sorted(stored(db)) == [("more", "", "No"), ("safe", "home", "ok"), ("who", "", "in-care")]

    other = client.application.test_client()
    post(other, f"{BASE}/p/1", {"who": "care-leaver"})
    assert "2. Does this happen for you?" in other.get(f"{BASE}/p/2").text
    post(other, f"{BASE}/p/2", {"pathway-plan": "always", "pathway-adviser": "never"})
    page = other.get(f"{BASE}/p/3")
    assert "3. How do you feel about where you live?" in page.text and "4. Anything else?" in page.text
