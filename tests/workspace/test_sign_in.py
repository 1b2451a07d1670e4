"""The sign-in page under attack: guesses sent at once get no more tries than the limit, and
refused sign-ins are counted in the audit log per name and window, not one entry per try."""
from __future__ import annotations

import re
from datetime import datetime, timezone

import requests
from conftest import STAFF_PASSWORD, at_once, hidden_fields

from survey.store import audit
from survey.store import refusals
from survey.store import throttle
from survey.store.users import add_user
from survey.workspace.sign_in import TOO_MANY, WRONG_DETAILS

NOON = 1_800_000_000.0 - 1_800_000_000.0 % 900 + 900  # the start of a 15-minute window


def sign_in(client, username="officer1", password=STAFF_PASSWORD, **environ):
    page = client.get("/staff/sign-in", environ_base=environ)
    return client.post("/staff/sign-in", data={**hidden_fields(page.text), "username": username,
                                                "password": password}, environ_base=environ)


def rows(db) -> int:
    return db.execute("SELECT count(*) FROM audit_log").fetchone()[0]


def test_thirty_wrong_passwords_at_once_get_five_password_checks(db, live):
    add_user(db, "officer1", STAFF_PASSWORD, "officer")
    browsers = [requests.Session() for _ in range(30)]
    tokens = [hidden_fields(b.get(f"{live}/staff/sign-in", timeout=60).text) for b in browsers]

    def guess(number: int):
        return lambda: browsers[number].post(f"{live}/staff/sign-in", timeout=300, data={
            **tokens[number], "username": "officer1", "password": f"wrong guess {number}"}).text
    pages = at_once([guess(number) for number in range(30)])
    checked = sum(WRONG_DETAILS in page for page in pages)
    refused = sum(TOO_MANY in page for page in pages)
    assert (checked, refused) == (throttle.RULES["account"].most, 30 - checked)
    # The right password is refused too, until the window ends.
    assert TOO_MANY in browsers[0].post(f"{live}/staff/sign-in", timeout=60, data={
        **hidden_fields(browsers[0].get(f"{live}/staff/sign-in", timeout=60).text),
        "username": "officer1", "password": STAFF_PASSWORD}).text


def test_two_hundred_names_from_one_address_add_a_few_audit_rows(client, db, monkeypatch):
    monkeypatch.setattr(throttle, "now", lambda: NOON + 60)
    before = rows(db)
    for number in range(200):
        page = sign_in(client, f"{'x' * 90} name {number}", "wrong password!",
                       REMOTE_ADDR="10.9.9.9")
        assert WRONG_DETAILS in page.text or TOO_MANY in page.text
    assert rows(db) - before == refusals.NAMES_PER_ADDRESS + 1
    # Every try is counted, in words.
    counted = refusals.counts(db, [entry.id for entry in audit.entries(db)])
    assert sum(c.wrong + c.too_many for c in counted.values()) == 200
    other = [c for c in counted.values() if c.name is refusals.OTHER_NAMES][0]
    assert other.words().startswith("195 refused sign-ins for other names typed by visitors")


def test_the_audit_page_says_what_a_visitor_typed_and_what_a_real_account_met(
        app, client, db, monkeypatch):
    monkeypatch.setattr(throttle, "now", lambda: NOON + 60)
    add_user(db, "officer1", STAFF_PASSWORD, "officer")
    add_user(db, "admin1", STAFF_PASSWORD, ("admin",))
    for _ in range(3):
        sign_in(client, "Officer1", "wrong password!", REMOTE_ADDR="10.1.1.1")
        sign_in(client, "signed in as admin1", "wrong password!", REMOTE_ADDR="10.2.2.2")
    for _ in range(4):  # the account's limit: the 6th and 7th are refused unchecked
        sign_in(client, "officer1", "wrong password!", REMOTE_ADDR="10.3.3.3")
    admin = app.test_client()
    assert sign_in(admin, "admin1").status_code == 302
    page = admin.get("/staff/admin/audit").text
    window = "between {:%H:%M} and {:%H:%M} UTC".format(
        *(datetime.fromtimestamp(t, timezone.utc) for t in (NOON, NOON + 900)))
    assert re.search(r"officer1</td>\s*<td[^>]*>sign-in failed</td>\s*<td[^>]*></td>\s*"
                     rf"<td[^>]*>7 refused sign-ins to this account {window} \(5 with a wrong "
                     r"password, 2 refused for too many tries\)", page)
    assert re.search(r"<td[^>]*>–</td>\s*<td[^>]*>sign-in failed</td>\s*"
                     r"<td[^>]*>name typed by a visitor: ‘signed in as admin1’</td>\s*"
                     rf"<td[^>]*>3 refused sign-ins for this name, which is not an account, "
                     rf"{window} \(3 with a wrong password\)", page)
    assert "10.1.1.1" not in "\n".join(db.conn.iterdump())


def test_the_address_is_kept_only_while_its_window_lasts(client, db, monkeypatch):
    clock = [NOON + 60]
    monkeypatch.setattr(throttle, "now", lambda: clock[0])
    sign_in(client, "nobody", "wrong password!", REMOTE_ADDR="10.9.9.9")
    assert db.execute("SELECT count(address) FROM refused_sign_ins").fetchone()[0] == 1
    clock[0] += 900
    sign_in(client, "nobody", "wrong password!", REMOTE_ADDR="10.8.8.8")
    assert db.execute("SELECT count(address) FROM refused_sign_ins").fetchone()[0] == 1
    assert db.execute("SELECT count(*) FROM refused_sign_ins").fetchone()[0] == 2
