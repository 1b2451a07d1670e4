"""Reaching young people: the short link, QR codes, the poster, invitation codes, and the
dashboard's response rate."""
from __future__ import annotations

import base64
import csv
import io
import re
import textwrap
import xml.etree.ElementTree as ET

import pytest
from conftest import TRAFFORD_FORM, TRAFFORD, hidden_fields, trafford_answers

from analysis.disclosure import HIDDEN
from survey.store import invitations
from survey.store import lifecycle
from survey.store import throttle
from survey.workspace import share
from survey.workspace.share import short_code
from survey.store.responses import save_many

PAGED = textwrap.dedent("""\
    id: paged-codes
    title: Paged codes
    organisation: {name: Test Council}
    layout: pages
    sections:
      - id: one
        questions:
          - {id: q1, type: short_text, text: Anything?}
    """)
CODE = re.compile(r"^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$")


@pytest.fixture(autouse=True)
def paged(questionnaires):
    (questionnaires / "paged-codes.yaml").write_text(PAGED)
    (questionnaires / "told.yaml").write_text(PAGED.replace("paged-codes", "told").replace(
        "layout: pages", "results_by: 2027-06-30"))


def make_codes(staff_client, n: int, consultation: str = TRAFFORD):
    page = staff_client.get(f"/staff/c/{consultation}/invitations")
    assert page.status_code == 200
    return staff_client.post(f"/staff/c/{consultation}/codes", data=codes_form(page.text, n))


def codes_form(html: str, n: int) -> dict[str, str]:
    """The codes form as a browser sends it: CSRF token, batch mark, how many."""
    batch = re.search(r'name="batch" value="([^"]*)"', html)
    assert batch and batch[1], "no batch mark on the codes form"
    return {**hidden_fields(html), "batch": batch[1], "how_many": str(n)}


DOWNLOAD = re.compile(r'href="data:text/csv;charset=utf-8;base64,([A-Za-z0-9+/=]+)" download="([^"]+)"')


def download_of(response) -> tuple[str, bytes]:
    """The file name and bytes of the codes' download link on the page answering a POST."""
    found = DOWNLOAD.search(response.text)
    assert found, "no download link for the codes"
    return found[2], base64.b64decode(found[1])


def codes_of(response) -> list[str]:
    _, data = download_of(response)
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == ["code", "link"]
    return [row[0] for row in rows[1:]]


def enter(client, code: str, consultation: str = TRAFFORD):
    page = client.get(f"/c/{consultation}")
    assert "Enter your invitation code" in page.text
    return client.post(f"/c/{consultation}",
                       data={**hidden_fields(page.text), "invitation_code": code})


def send_form(client):
    form = client.get(TRAFFORD_FORM)
    assert 'name="q1"' in form.text
    return client.post(f"/c/{TRAFFORD}", data={**hidden_fields(form.text), **trafford_answers()})


def count(db, sql: str = "SELECT count(*) FROM responses") -> int:
    return db.execute(sql).fetchone()[0]


# -- the short link, QR codes, the poster --

def test_the_short_link_is_stable_short_and_leads_to_the_form(client, staff_client):
    code = short_code(TRAFFORD)
    assert code == short_code(TRAFFORD) and len(code) == 6 and code == "evyctv"
    assert not set(code) & set("01ilo")
    response = client.get(f"/s/{code}")
    assert response.status_code == 302 and response.headers["Location"] == f"/c/{TRAFFORD}"
    assert client.get(f"/s/{code.upper()}").status_code == 302
    assert client.get("/s/zzzzzz").status_code == 404
    assert f"http://localhost/s/{code}" in staff_client.get(f"/staff/c/{TRAFFORD}").text


def test_the_qr_code_as_png_and_svg(staff_client):
    png = staff_client.get(f"/staff/c/{TRAFFORD}/qr.png")
    assert png.status_code == 200 and png.mimetype == "image/png"
    assert png.data.startswith(b"\x89PNG\r\n\x1a\n") and 200 < len(png.data) < 20_000
    width, height = int.from_bytes(png.data[16:20], "big"), int.from_bytes(png.data[20:24], "big")
    assert width == height and width >= 12 * 21  # at least version 1 at 12 px a module
    svg = staff_client.get(f"/staff/c/{TRAFFORD}/qr.svg")
    assert svg.status_code == 200 and svg.mimetype == "image/svg+xml"
    root = ET.fromstring(svg.data)  # well-formed
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert "Content-Disposition" not in svg.headers
    download = staff_client.get(f"/staff/c/{TRAFFORD}/qr.svg?download=1")
    assert download.headers["Content-Disposition"] == (
        f'attachment; filename="{TRAFFORD}-qr-code.svg"')
    assert staff_client.get(f"/staff/c/{TRAFFORD}/qr.gif").status_code == 404
    assert staff_client.get("/staff/c/nope/qr.png").status_code == 404


def test_the_poster_has_title_link_qr_code_and_closing_date(staff_client, app):
    page = staff_client.get(f"/staff/c/{TRAFFORD}/poster")
    assert page.status_code == 200
    text = page.text
    assert "Corporate Parenting Strategy Review 2018-20" in text
    assert f"localhost/s/{short_code(TRAFFORD)}" in text
    assert f"/staff/c/{TRAFFORD}/qr.svg" in text
    closes = app.extensions["haveyoursay.catalogue"].get(TRAFFORD).closes
    if closes:
        assert "Open until " + closes.strftime("%-d %B %Y") in text
    assert text.count("<h1") == 1
    assert "reach.css" in text
    css = staff_client.get("/static/reach.css").text
    printed = css[css.index("@media print"):]
    assert "size: A4" in printed and ".app-header" in printed and "display: none" in printed


def test_the_poster_says_when_young_people_will_hear_what_was_done_only_when_set(staff_client):
    poster = staff_client.get("/staff/c/told/poster").text
    assert "We will tell you what we did by 30 June 2027." in poster
    assert "2027-06-30" not in poster
    trafford = staff_client.get(f"/staff/c/{TRAFFORD}/poster").text
    assert "We will tell you what we did" not in trafford


# -- invitation codes --

def test_codes_are_made_as_csv_and_only_their_hashes_kept(staff_client, db):
    response = make_codes(staff_client, 50)
    assert response.status_code == 200 and response.mimetype == "text/html"
    assert download_of(response)[0] == f"{TRAFFORD}-codes-50.csv"
    codes = codes_of(response)
    assert len(codes) == len(set(codes)) == 50
    assert all(CODE.match(c) for c in codes)
    stored = {row[0] for row in db.execute("SELECT code_hash FROM invitation_codes")}
    assert len(stored) == 50
    assert not any(c.replace("-", "") in h for c in codes for h in stored)
    assert invitations.code_hash(TRAFFORD, codes[0]) in stored
    assert count(db, "SELECT count(*) FROM audit_log WHERE action = 'invitation codes made'") == 1


def test_the_page_counts_the_codes_as_made_as_soon_as_they_are_made(staff_client):
    before = staff_client.get(f"/staff/c/{TRAFFORD}/invitations").text
    assert "No codes have been made" in before
    response = make_codes(staff_client, 50)
    text = response.text
    assert "No codes have been made" not in text
    assert "50 codes have been made" in text and "50 codes have been made; 0 used" in text
    assert "Download the 50 codes (CSV)" in text and text.count("<h1") == 1
    assert len(codes_of(response)) == 50
    again = staff_client.get(f"/staff/c/{TRAFFORD}/invitations").text
    assert "50 codes have been made; 0 used" in again
    assert "data:text/csv" not in again  # the codes are in that one answer, and never again


def test_the_same_codes_form_sent_twice_makes_one_batch(staff_client, db):
    """A reload of the page the codes came back on asks the browser to send the form again:
    that makes no second batch, and the page says why."""
    page = staff_client.get(f"/staff/c/{TRAFFORD}/invitations")
    form = codes_form(page.text, 20)
    first = staff_client.post(f"/staff/c/{TRAFFORD}/codes", data=form)
    assert len(codes_of(first)) == 20
    again = staff_client.post(f"/staff/c/{TRAFFORD}/codes", data=form, follow_redirects=True)
    assert share.SENT_TWICE in again.text and "data:text/csv" not in again.text
    assert "20 codes have been made; 0 used" in again.text
    assert db.execute("SELECT count(*) FROM invitation_codes").fetchone()[0] == 20
    assert len(codes_of(make_codes(staff_client, 5))) == 5  # a new form makes a new batch
    assert db.execute("SELECT count(*) FROM invitation_codes").fetchone()[0] == 25


def test_one_code_is_counted_in_the_singular(staff_client):
    text = make_codes(staff_client, 1).text
    assert "1 code has been made" in text and "Download the 1 code (CSV)" in text


def test_the_poster_says_a_code_is_needed_only_when_one_is(staff_client):
    from survey.respond.invitation_code import POSTER_NEEDS_CODE
    assert POSTER_NEEDS_CODE == ("You need a code to answer. "
                                 "Your worker or carer will give you one.")
    before = staff_client.get(f"/staff/c/{TRAFFORD}/poster").text
    assert POSTER_NEEDS_CODE not in before and "code to answer" not in before
    make_codes(staff_client, 5)
    after = staff_client.get(f"/staff/c/{TRAFFORD}/poster").text
    assert POSTER_NEEDS_CODE in after


@pytest.mark.parametrize("how_many", ["0", "5001", "many", ""])
def test_a_number_of_codes_out_of_range_is_refused(staff_client, db, how_many):
    response = make_codes(staff_client, how_many)
    assert response.status_code == 200 and response.mimetype == "text/html"
    assert "There is a problem" in response.text
    assert "from 1 to 5,000" in response.text
    assert count(db, "SELECT count(*) FROM invitation_codes") == 0


def test_five_thousand_codes_are_all_different(staff_client):
    codes = codes_of(make_codes(staff_client, 5000))
    assert len(set(codes)) == 5000


def test_a_code_admits_exactly_one_response(staff_client, app, db):
    code = codes_of(make_codes(staff_client, 3))[0]
    young = app.test_client()
    # Without a code, the form is not shown, and answers posted anyway store nothing.
    page = young.get(TRAFFORD_FORM)
    assert "Enter your invitation code" in page.text and 'name="q1"' not in page.text
    young.post(f"/c/{TRAFFORD}", data={**hidden_fields(page.text), **trafford_answers(),
                                       "submission_id": "a" * 32})
    assert count(db) == 0
    assert enter(young, code.lower().replace("-", " ")).status_code == 302
    assert send_form(young).status_code == 302
    assert count(db) == 1
    assert count(db, "SELECT count(used_at) FROM invitation_codes") == 1
    # The same code again, in this browser or another, is refused.
    again = enter(app.test_client(), code)
    assert invitations.USED in again.text and "Error: " in again.text
    assert invitations.USED in enter(young, code).text
    assert count(db) == 1


def test_two_browsers_holding_one_code_store_one_response(staff_client, app, db):
    code = codes_of(make_codes(staff_client, 1))[0]
    first, second = app.test_client(), app.test_client()
    enter(first, code)
    enter(second, code)
    form_1, form_2 = first.get(TRAFFORD_FORM), second.get(TRAFFORD_FORM)
    assert first.post(f"/c/{TRAFFORD}", data={**hidden_fields(form_1.text),
                                               **trafford_answers()}).status_code == 302
    refused = second.post(f"/c/{TRAFFORD}", data={**hidden_fields(form_2.text),
                                                   **trafford_answers()})
    assert invitations.USED in refused.text
    assert count(db) == 1


def test_the_code_is_claimed_in_the_same_transaction_as_the_response(staff_client, app, db):
    code = codes_of(make_codes(staff_client, 1))[0]
    questionnaire = app.extensions["haveyoursay.catalogue"].get(TRAFFORD)
    from survey.store.responses import save_response
    save_response(db, questionnaire, [("q3", "", "hi")], "s" * 32,
                  before_insert=invitations.claim(TRAFFORD, code))
    with pytest.raises(invitations.CodeUsed):
        save_response(db, questionnaire, [("q3", "", "hi")], "t" * 32,
                      before_insert=invitations.claim(TRAFFORD, code))
    assert count(db) == 1 and count(db, "SELECT count(*) FROM answers") == 1


def test_guessing_codes_is_throttled(staff_client, app, db, monkeypatch):
    monkeypatch.setattr(throttle, "now", lambda: 1_800_000_000.0)  # the clock stands still
    code = codes_of(make_codes(staff_client, 1))[0]
    young = app.test_client()
    for _ in range(5):
        assert invitations.UNKNOWN in enter(young, "AAAA-AAAA").text
    slowed = enter(young, code)
    assert invitations.WAIT.format(seconds=2) in slowed.text
    assert count(db, "SELECT count(used_at) FROM invitation_codes") == 0


def test_a_paged_consultation_asks_for_the_code_first(staff_client, app, db):
    code = codes_of(make_codes(staff_client, 1, "paged-codes"))[0]
    young = app.test_client()
    assert young.get("/c/paged-codes/p/1").headers["Location"] == "/c/paged-codes"
    assert enter(young, code, "paged-codes").status_code == 302
    assert "Start now" in young.get("/c/paged-codes").text
    first = young.get("/c/paged-codes/p/1")
    young.post("/c/paged-codes/p/1", data={**hidden_fields(first.text), "q1": "hello"})
    check = young.get("/c/paged-codes/check")
    sent = young.post("/c/paged-codes/check", data=hidden_fields(check.text))
    assert sent.headers["Location"] == "/c/paged-codes/thanks"
    assert count(db) == 1
    assert count(db, "SELECT count(used_at) FROM invitation_codes") == 1
    assert young.get("/c/paged-codes/p/1").headers["Location"] == "/c/paged-codes"


def test_a_form_without_codes_needs_none(submit, db):
    assert submit(trafford_answers()).status_code == 302
    assert count(db) == 1


# -- the dashboard --

def add_responses(app, db, n: int, channel: str = "online", day: str = "2026-01-07"):
    questionnaire = app.extensions["haveyoursay.catalogue"].get(TRAFFORD)
    start = count(db)
    save_many(db, questionnaire, [(f"{channel}-{start + i}", [("q1", "", "care-leaver")],
                                   f"{day}T10:00Z") for i in range(n)], channel=channel)


def record_invited(staff_client, n):
    page = staff_client.get(f"/staff/c/{TRAFFORD}/invitations")
    return staff_client.post(f"/staff/c/{TRAFFORD}/invited",
                             data={**hidden_fields(page.text), "invited": str(n)},
                             follow_redirects=True)


def test_the_response_rate_26_of_164(staff_client, app, db):
    add_responses(app, db, 26)
    assert "The number invited has been saved" in record_invited(staff_client, 164).text
    assert lifecycle.invited_of(db, TRAFFORD) == 164
    page = staff_client.get(f"/staff/c/{TRAFFORD}").text
    assert "26 of 164 invited took part (15.9%): 26 online." in page   # 26 / 164 = 0.15853...
    channel_row = re.search(r"Online</th>\s*<td[^>]*>([^<]*)</td>\s*<td[^>]*>([^<]*)</td>", page)
    assert channel_row.groups() == ("26", "15.9%")
    assert count(db, "SELECT count(*) FROM audit_log WHERE action = 'invited recorded'") == 1


def test_without_a_recorded_number_the_codes_are_the_invited(staff_client, app, db):
    make_codes(staff_client, 40)
    add_responses(app, db, 10)
    assert "10 of 40 invited took part (25.0%): 10 online." in staff_client.get(
        f"/staff/c/{TRAFFORD}").text


def test_a_bad_invited_number_is_refused(staff_client, db):
    page = record_invited(staff_client, -3)
    assert share.NOT_WHOLE in page.text
    assert lifecycle.invited_of(db, TRAFFORD) is None


def manager_client(app, db):
    from conftest import STAFF_PASSWORD
    from survey.store.users import add_user
    add_user(db, "manager1", STAFF_PASSWORD, "manager")
    client = app.test_client()
    page = client.get("/staff/sign-in")
    client.post("/staff/sign-in", data={**hidden_fields(page.text), "username": "manager1",
                                        "password": STAFF_PASSWORD})
    return client


WEEK = re.compile(r"Week of ([^<]*)</th>\s*<td[^>]*>([^<]*)</td>")
CHANNEL = re.compile(r"(Online|Paper|Group session)</th>\s*<td[^>]*>([^<]*)</td>")


def test_the_officer_sees_every_count(staff_client, app, db):
    # A Children in Care Council of 8: 6 online, 2 on paper, in one week. The officer, who can
    # read every response anyway, sees every count; managers see none of them.
    add_responses(app, db, 6, "online", "2026-01-07")
    add_responses(app, db, 2, "paper", "2026-01-08")
    page = staff_client.get(f"/staff/c/{TRAFFORD}").text
    assert CHANNEL.findall(page) == [("Online", "6"), ("Paper", "2"), ("Group session", "0")]
    assert WEEK.findall(page) == [("5 January 2026", "8")]
    assert '<span class="app-big-number">8</span>' in page
    assert "See what managers see" in page
    # The same page as managers see it, which an officer can ask for to check.
    as_manager = staff_client.get(f"/staff/c/{TRAFFORD}?view=managers").text
    # 8 responses are fewer than 10: no table at all, not even which weeks or channels had any.
    assert CHANNEL.findall(as_manager) == [] and WEEK.findall(as_manager) == []
    assert '<span class="app-big-number">fewer than 10</span>' in as_manager
    assert "See every count" in as_manager
    manager = manager_client(app, db).get(f"/staff/c/{TRAFFORD}").text
    assert CHANNEL.findall(manager) == CHANNEL.findall(as_manager)
    assert "See every count" not in manager and "See what managers see" not in manager
    assert "Raw responses" not in manager


def test_a_group_session_counts_everyone_who_took_part(staff_client, app, db):
    # The example: 40 invited; 6 answered online, 1 on paper, and a group session of
    # 8 typed in as one response. 6 + 1 + 8 = 15 took part: 15 / 40 = 37.5%.
    record_invited(staff_client, 40)
    add_responses(app, db, 6, "online")
    add_responses(app, db, 1, "paper")
    questionnaire = app.extensions["haveyoursay.catalogue"].get(TRAFFORD)
    from survey.store.responses import save_response
    save_response(db, questionnaire, [("q1", "", "care-leaver")], "group-1", channel="group",
                  group_size=8)
    page = staff_client.get(f"/staff/c/{TRAFFORD}").text
    assert ("15 of 40 invited took part (37.5%): 6 online, 1 on paper, 8 in 1 group session."
            in page)
    # The group session's row: 1 response, 8 people, 8 / 40 = 20% of those invited.
    row = re.search(r"Group session</th>\s*<td[^>]*>([^<]*)</td>\s*<td[^>]*>([^<]*)</td>"
                    r"\s*<td[^>]*>([^<]*)</td>", page)
    assert row.groups() == ("1", "8", "20.0%")
    # Managers: 8 responses are fewer than 10, so no channel and no total is shown.
    manager = manager_client(app, db).get(f"/staff/c/{TRAFFORD}").text
    assert "There were fewer than 10 responses, from the 40 invited." in manager
    assert "37.5%" not in manager


def test_small_numbers_are_hidden_by_week_and_channel_for_managers(staff_client, app, db):
    add_responses(app, db, 30, "online", "2026-01-07")   # week of 5 January
    add_responses(app, db, 4, "paper", "2026-01-14")     # week of 12 January
    add_responses(app, db, 12, "online", "2026-01-21")   # week of 19 January
    page = manager_client(app, db).get(f"/staff/c/{TRAFFORD}").text
    week = WEEK
    # 4 is hidden, and 12 (the next smallest) too, so neither can be worked out from the total
    assert week.findall(page) == [("5 January 2026", "30"), ("12 January 2026", HIDDEN),
                                  ("19 January 2026", HIDDEN)]
    channel = re.compile(r"(Online|Paper|Group session)</th>\s*<td[^>]*>([^<]*)</td>")
    assert channel.findall(page) == [("Online", HIDDEN), ("Paper", HIDDEN),
                                     ("Group session", "0")]
    assert "<span class=\"app-big-number\">46</span>" in page
