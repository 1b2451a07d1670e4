"""Invitation codes in the less travelled paths: the same response sent twice, a saved draft
carried on from another device, a draft that expires unsent, and two submissions with one code at
the same moment."""
from __future__ import annotations

import re
import textwrap
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from conftest import TRAFFORD_FORM, TRAFFORD, at_once, hidden_fields, trafford_answers
from workspace.test_share import codes_of, make_codes

from survey import create_app
from survey.store import drafts
from survey.store import invitations
from survey.store import throttle

PAGED = textwrap.dedent("""\
    id: two-pages
    title: Two pages
    organisation: {name: Test Council}
    layout: pages
    sections:
      - id: one
        questions:
          - {id: q1, type: short_text, text: What do you like?}
      - id: two
        questions:
          - {id: q2, type: short_text, text: What would you change?, required: true}
    """)
BASE = "/c/two-pages"
THANKS = "/thanks"


@pytest.fixture(autouse=True)
def two_pages(questionnaires):
    (questionnaires / "two-pages.yaml").write_text(PAGED)


def count(db, sql: str = "SELECT count(*) FROM responses", params=()) -> int:
    return db.execute(sql, params).fetchone()[0]


def used(db) -> int:
    return count(db, "SELECT count(used_at) FROM invitation_codes")


def one_code(staff_client, consultation: str = TRAFFORD) -> str:
    return codes_of(make_codes(staff_client, 1, consultation))[0]


def enter_code(client, code: str, consultation: str = TRAFFORD):
    page = client.get(f"/c/{consultation}")
    assert "Enter your invitation code" in page.text
    return client.post(f"/c/{consultation}",
                       data={**hidden_fields(page.text), "invitation_code": code})


def post(client, url: str, data: dict):
    page = client.get(url)
    return client.post(url, data={**hidden_fields(page.text), **data})


def session_cookie(client) -> str:
    return client.get_cookie("session").value


def with_cookie(app, value: str):
    """Another request from the same browser before it saw the answer to the first (a double
    click): a client holding the session cookie as it was."""
    client = app.test_client()
    client.set_cookie("session", value)
    return client


def saved_words(page) -> str:
    assert "Your answers are saved" in page.text
    return re.search(r'<strong class="app-code">([a-z-]+)</strong>', page.text).group(1)


# -- the same response sent again after an invitation code --

def test_the_one_page_form_sent_again_says_thanks_and_stores_nothing_more(staff_client, app, db):
    young = app.test_client()
    assert enter_code(young, one_code(staff_client)).status_code == 302
    form = young.get(TRAFFORD_FORM)
    data = {**hidden_fields(form.text), **trafford_answers()}
    before_send = session_cookie(young)
    first = young.post(f"/c/{TRAFFORD}", data=data)
    assert first.headers["Location"].endswith(THANKS)
    # Back, then Send again: the code has been let go from this session.
    again = young.post(f"/c/{TRAFFORD}", data=data)
    assert again.headers["Location"].endswith(THANKS)
    # A double click: the second request still carries the code, used by now.
    double = with_cookie(app, before_send).post(f"/c/{TRAFFORD}", data=data)
    assert double.headers["Location"].endswith(THANKS)
    assert (count(db), used(db)) == (1, 1)


def test_a_new_submission_without_a_code_is_still_asked_for_one(staff_client, app, db):
    young = app.test_client()
    enter_code(young, one_code(staff_client))
    form = young.get(TRAFFORD_FORM)
    data = {**hidden_fields(form.text), **trafford_answers()}
    young.post(f"/c/{TRAFFORD}", data=data)
    fresh = young.post(f"/c/{TRAFFORD}", data={**data, "submission_id": "b" * 32})
    assert fresh.status_code == 200 and "Enter your invitation code" in fresh.text
    assert (count(db), used(db)) == (1, 1)


def test_a_response_with_no_code_is_refused_in_its_own_transaction(staff_client, app, db):
    one_code(staff_client)
    questionnaire = app.extensions["haveyoursay.catalogue"].get(TRAFFORD)
    with app.test_request_context():
        with pytest.raises(invitations.CodeUsed) as refused:
            invitations.save_with_code(db, questionnaire, [("q3", "", "hi")], "c" * 32)
    assert refused.value.message is None  # the code page just asks for a code
    assert count(db) == 0


def test_the_check_page_sent_again_says_thanks_and_stores_nothing_more(staff_client, app, db):
    young = app.test_client()
    enter_code(young, one_code(staff_client, "two-pages"), "two-pages")
    post(young, f"{BASE}/p/1", {"q1": "football"})
    post(young, f"{BASE}/p/2", {"q2": "nothing"})
    check = young.get(f"{BASE}/check")
    before_send = session_cookie(young)
    first = young.post(f"{BASE}/check", data=hidden_fields(check.text))
    assert first.headers["Location"].endswith(THANKS)
    again = young.post(f"{BASE}/check", data=hidden_fields(check.text))
    assert again.headers["Location"].endswith(THANKS)
    double = with_cookie(app, before_send).post(f"{BASE}/check", data=hidden_fields(check.text))
    assert double.headers["Location"].endswith(THANKS)
    assert (count(db), used(db)) == (1, 1)
    # Starting again afterwards needs a new code.
    assert young.get(f"{BASE}/p/1").headers["Location"] == BASE


def test_the_check_page_sent_again_without_codes_says_thanks_too(app, db):
    young = app.test_client()
    post(young, f"{BASE}/p/1", {"q1": "football"})
    post(young, f"{BASE}/p/2", {"q2": "nothing"})
    check = young.get(f"{BASE}/check")
    for _ in range(2):
        sent = young.post(f"{BASE}/check", data=hidden_fields(check.text))
        assert sent.headers["Location"].endswith(THANKS)
    assert count(db) == 1
    # A new start forgets that it was sent: its Send stores a second response.
    post(young, f"{BASE}/p/1", {"q1": "swimming"})
    post(young, f"{BASE}/p/2", {"q2": "more"})
    assert post(young, f"{BASE}/check", {}).headers["Location"].endswith(THANKS)
    assert count(db) == 2


# -- a saved draft carried on from another device --

def save_for_later(app, code: str):
    first = app.test_client()
    assert enter_code(first, code, "two-pages").status_code == 302
    post(first, f"{BASE}/p/1", {"q1": "football"})
    return first, saved_words(post(first, f"{BASE}/p/2", {"q2": "", "action": "save"}))


def test_a_draft_carried_on_elsewhere_brings_its_invitation_code(staff_client, app, db):
    code = one_code(staff_client, "two-pages")
    _, words = save_for_later(app, code)
    other = app.test_client()  # another device: a new session, no code
    page = other.get(f"{BASE}/resume")
    assert page.status_code == 200 and "Carry on where you stopped" in page.text
    resumed = post(other, f"{BASE}/resume", {"code": words})
    assert resumed.headers["Location"].endswith(f"{BASE}/p/2")
    second = other.get(f"{BASE}/p/2")
    assert second.status_code == 200 and "What would you change?" in second.text
    assert used(db) == 0  # claimed only with the response
    post(other, f"{BASE}/p/2", {"q2": "more trips"})
    check = other.get(f"{BASE}/check")
    sent = other.post(f"{BASE}/check", data=hidden_fields(check.text))
    assert sent.headers["Location"].endswith(THANKS)
    assert (count(db), used(db)) == (1, 1)
    assert count(db, "SELECT count(*) FROM drafts") == 0


def test_the_draft_keeps_neither_the_code_nor_its_plain_hash(staff_client, app, db):
    code = one_code(staff_client, "two-pages")
    first, words = save_for_later(app, code)
    row = db.execute("SELECT answers, code_hash, invitation FROM drafts").fetchone()
    hashed = invitations.code_hash("two-pages", code)
    kept = " ".join(row)
    assert invitations.normalise(code) not in kept.upper() and hashed not in kept
    # The words open it again; and the session holds the hash, not the code.
    key = drafts.resume_key(app.secret_key)
    assert drafts.by_code(db, words, "two-pages", key).invitation == hashed
    with first.session_transaction() as session:
        assert invitations.normalise(code) not in str(dict(session))


def test_the_code_page_leads_to_carrying_on(staff_client, app):
    one_code(staff_client, "two-pages")
    page = app.test_client().get(BASE)
    assert "Enter your invitation code" in page.text
    assert f'href="{BASE}/resume"' in page.text


def test_a_draft_whose_code_was_used_meanwhile_says_so(staff_client, app, db):
    code = one_code(staff_client, "two-pages")
    _, words = save_for_later(app, code)
    elsewhere = app.test_client()  # the same code, answered and sent from scratch
    enter_code(elsewhere, code, "two-pages")
    post(elsewhere, f"{BASE}/p/1", {"q1": "a"})
    post(elsewhere, f"{BASE}/p/2", {"q2": "b"})
    post(elsewhere, f"{BASE}/check", {})
    assert (count(db), used(db)) == (1, 1)
    other = app.test_client()
    post(other, f"{BASE}/resume", {"code": words})
    page = other.get(f"{BASE}/p/2", follow_redirects=True)
    assert invitations.USED in page.text and "Error: " in page.text
    assert count(db) == 1


@pytest.mark.parametrize("gone", [
    "UPDATE drafts SET expires_at = 0",    # expired after 14 days
    "DELETE FROM drafts",                  # deleted (expired and swept)
])
def test_a_code_stays_usable_when_its_draft_goes_unsent(staff_client, app, db, gone):
    code = one_code(staff_client, "two-pages")
    _, words = save_for_later(app, code)
    db.execute(gone)
    other = app.test_client()
    refused = post(other, f"{BASE}/resume", {"code": words})
    assert "could not find answers saved with those words" in refused.text
    assert used(db) == 0
    assert enter_code(other, code, "two-pages").status_code == 302
    post(other, f"{BASE}/p/1", {"q1": "a"})
    post(other, f"{BASE}/p/2", {"q2": "b"})
    sent = post(other, f"{BASE}/check", {})
    assert sent.headers["Location"].endswith(THANKS)
    assert (count(db), used(db)) == (1, 1)


# -- two submissions with one code at the same moment --

def ready_form(client, code: str) -> dict:
    """Enter the code and open the form: what a young person has before pressing Send."""
    assert enter_code(client, code).status_code == 302
    form = client.get(TRAFFORD_FORM)
    assert 'name="q1"' in form.text
    return {"url": f"/c/{TRAFFORD}", "data": {**hidden_fields(form.text), **trafford_answers()}}


def ready_check(client, code: str) -> dict:
    """Enter the code and answer both pages: the check page, one press from sending."""
    assert enter_code(client, code, "two-pages").status_code == 302
    post(client, f"{BASE}/p/1", {"q1": "a"})
    post(client, f"{BASE}/p/2", {"q2": "b"})
    check = client.get(f"{BASE}/check")
    assert "Check your answers" in check.text
    return {"url": f"{BASE}/check", "data": hidden_fields(check.text)}


@pytest.mark.parametrize("consultation, ready", [(TRAFFORD, ready_form),
                                                 ("two-pages", ready_check)])
def test_one_code_sent_twice_at_the_same_moment_stores_one_response(
        staff_client, app, db, consultation, ready):
    code = one_code(staff_client, consultation)
    # Two devices, as two server workers would see them: each its own app on the same file.
    devices = [app.test_client(), create_app(app.config).test_client()]
    sends = [ready(device, code) for device in devices]
    barrier = threading.Barrier(len(devices))

    def send(device, request):
        barrier.wait(timeout=10)
        return device.post(request["url"], data=request["data"])

    with ThreadPoolExecutor(len(devices)) as pool:
        answers = list(pool.map(send, devices, sends))
    thanked = [a for a in answers
               if a.status_code == 302 and a.headers["Location"].endswith(THANKS)]
    told = [a for a in answers if a.status_code == 200 and invitations.USED in a.text]
    assert (len(thanked), len(told)) == (1, 1), [a.status_code for a in answers]
    assert "Error: " in told[0].text and "Traceback" not in told[0].text
    assert count(db) == 1
    assert count(db, "SELECT count(used_at) FROM invitation_codes WHERE code_hash = ?",
                 [invitations.code_hash(consultation, code)]) == 1


def test_a_used_code_does_not_say_when_it_was_used(staff_client, client, db, submit):
    """The response is stored in the same transaction as the code is marked used: a time would
    match the code, and so a name on the officer's mailing list, to the answers."""
    code = one_code(staff_client)
    enter_code(client, code)
    assert submit(trafford_answers()).status_code == 302
    assert db.execute("SELECT used_at FROM invitation_codes").fetchall() == [(invitations.USED_MARK,)]


def test_a_one_page_form_saved_with_a_code_carries_it_to_another_device(staff_client, app, db):
    """Trafford's one-page form behind invitation codes: saved for later, it is carried on
    elsewhere with the resume words alone (no code asked again), and the code is claimed only
    when the response is sent."""
    code = one_code(staff_client)
    first = app.test_client()
    assert enter_code(first, code).status_code == 302
    page = first.get(TRAFFORD_FORM)
    saved = first.post(f"/c/{TRAFFORD}", data={**hidden_fields(page.text), "q1": "carer",
                                                "action": "save"})
    words = saved_words(saved)
    assert (count(db), used(db)) == (0, 0)
    other = app.test_client()
    resume = other.get(f"/c/{TRAFFORD}/resume")
    resumed = other.post(f"/c/{TRAFFORD}/resume", data={**hidden_fields(resume.text),
                                                        "code": words})
    assert resumed.headers["Location"].endswith(f"/c/{TRAFFORD}")
    form = other.get(TRAFFORD_FORM)
    assert "Enter your invitation code" not in form.text
    assert re.search(r'value="carer"\s+checked', form.text)
    sent = other.post(f"/c/{TRAFFORD}", data={**hidden_fields(form.text),
                                              **trafford_answers(q1="carer")})
    assert sent.headers["Location"].endswith(THANKS)
    assert (count(db), used(db)) == (1, 1)
    assert count(db, "SELECT count(*) FROM drafts") == 0


# -- guessing codes: limited per browser, with waits; a whole class behind one address gets in --

WRONG = "AAAA-AAAA"


def test_thirty_wrong_codes_at_once_from_one_browser_get_five_checks(staff_client, live):
    one_code(staff_client)
    browser = requests.Session()
    page = browser.get(f"{live}/c/{TRAFFORD}", timeout=60).text
    fields = {**hidden_fields(page), "invitation_code": WRONG}
    first = browser.post(f"{live}/c/{TRAFFORD}", data=fields, timeout=60).text
    assert invitations.UNKNOWN in first  # the browser now has its id in its session
    cookies = browser.cookies.get_dict()
    pages = at_once([lambda: requests.post(f"{live}/c/{TRAFFORD}", data=fields, cookies=cookies,
                                           timeout=300).text for _ in range(30)])
    checked = sum(invitations.UNKNOWN in page for page in pages)
    waiting = sum("Please wait" in page for page in pages)
    assert (checked, waiting) == (throttle.RULES["code-browser"].free - 1, 30 - checked)


def test_thirty_wrong_codes_at_once_from_one_address_meet_its_limit(
        staff_client, live, monkeypatch):
    monkeypatch.setitem(throttle.RULES, "code-address", throttle.Rule(5, 5, cleared=False))
    one_code(staff_client)
    browsers = [requests.Session() for _ in range(30)]
    fields = [{**hidden_fields(b.get(f"{live}/c/{TRAFFORD}", timeout=60).text),
               "invitation_code": WRONG} for b in browsers]
    pages = at_once([lambda b=b, f=f: b.post(f"{live}/c/{TRAFFORD}", data=f, timeout=300).text
                     for b, f in zip(browsers, fields)])
    assert sum(invitations.UNKNOWN in page for page in pages) == 5
    assert sum(invitations.TOO_MANY in page for page in pages) == 25


def test_three_hundred_young_people_behind_one_address_all_get_in(staff_client, app, db,
                                                                  monkeypatch):
    clock = [1_800_000_000.0]
    monkeypatch.setattr(throttle, "now", lambda: clock[0])
    codes = codes_of(make_codes(staff_client, 300))
    school = {"REMOTE_ADDR": "10.20.30.40"}
    for number, code in enumerate(codes):
        clock[0] += 2  # 300 in ten minutes
        young = app.test_client()
        young.environ_base.update(school)
        if number % 5 == 0:  # one in five types it wrong first
            assert invitations.UNKNOWN in enter_code(young, code[::-1].replace("-", "")).text
        assert enter_code(young, code).status_code == 302, number
        assert "Enter your invitation code" not in young.get(TRAFFORD_FORM).text
    # One browser's run of wrong codes is slowed; another browser there is not.
    guesser, classmate = app.test_client(), app.test_client()
    guesser.environ_base.update(school)
    classmate.environ_base.update(school)
    for _ in range(5):
        assert invitations.UNKNOWN in enter_code(guesser, WRONG).text
    assert invitations.WAIT.format(seconds=2) in enter_code(guesser, WRONG).text
    assert invitations.UNKNOWN in enter_code(classmate, WRONG).text
    clock[0] += 2
    assert invitations.UNKNOWN in enter_code(guesser, WRONG).text
    assert invitations.WAIT.format(seconds=4) in enter_code(guesser, WRONG).text


def test_sending_where_no_code_is_held_leaves_the_session_cookie_alone(submit):
    """Nothing to let go of, so the session is not signed and sent again with the thanks."""
    sent = submit(trafford_answers())
    assert sent.status_code == 302 and sent.location.endswith(f"/c/{TRAFFORD}/thanks")
    assert "Set-Cookie" not in sent.headers


@pytest.mark.parametrize("language, version, stored", [
    ("cy", "younger", ("cy", "younger")),
    ("", "", ("en", "")),     # the working language's words: its code is stored all the same
])
def test_a_response_keeps_the_language_and_version_it_was_answered_in(app, db, language,
                                                                       version, stored):
    from dataclasses import replace
    from survey.respond.invitation_code import save_with_held_code
    trafford = app.extensions["haveyoursay.catalogue"].get(TRAFFORD)
    # What the lead's views pass: the variant one young person answered.
    variant = replace(trafford, in_language=language, in_version=version)
    with app.test_request_context():
        save_with_held_code(db, variant, [("q3", "", "hi")], "v" * 32)
    assert db.execute("SELECT language, age_version FROM responses").fetchone() == stored
