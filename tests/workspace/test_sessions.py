"""Staff sessions end on the server; passwords and sign-in resist guessing."""
from __future__ import annotations

import pytest
from conftest import STAFF_PASSWORD, hidden_fields

from survey.store import throttle
from survey.workspace.sign_in import TOO_MANY, WRONG_DETAILS
from survey.store.users import UserError, add_user, set_disabled


def sign_in(client, username="officer1", password=STAFF_PASSWORD, **environ):
    page = client.get("/staff/sign-in", environ_base=environ)
    return client.post("/staff/sign-in", data={**hidden_fields(page.text), "username": username,
                                                "password": password}, environ_base=environ)


def session_cookie(client) -> str:
    return client.get_cookie("session").value


def test_session_changes_at_sign_in(client, db):
    add_user(db, "officer1", STAFF_PASSWORD, "officer")
    client.get("/staff/sign-in")
    before = session_cookie(client)
    sign_in(client)
    assert session_cookie(client) != before


def test_the_database_keeps_a_hash_not_the_token(staff_client, db):
    cookie = session_cookie(staff_client)
    [(token_hash,)] = db.execute("SELECT token_hash FROM staff_sessions").fetchall()
    assert token_hash not in cookie and len(token_hash) == 64


def test_a_copied_cookie_is_refused_after_sign_out(app, staff_client):
    copied = session_cookie(staff_client)
    staff_client.post("/staff/sign-out", data=hidden_fields(staff_client.get("/staff/").text))
    thief = app.test_client()
    thief.set_cookie("session", copied)
    assert thief.get("/staff/").status_code == 302


def test_idle_staff_are_signed_out_after_30_minutes(staff_client, db):
    assert staff_client.get("/staff/").status_code == 200
    db.execute("UPDATE staff_sessions SET last_seen = last_seen - 29 * 60")
    assert staff_client.get("/staff/").status_code == 200
    db.execute("UPDATE staff_sessions SET last_seen = last_seen - 31 * 60")
    assert staff_client.get("/staff/").status_code == 302
    assert db.execute("SELECT count(*) FROM staff_sessions").fetchone()[0] == 0


def test_disabling_a_user_ends_their_session(staff_client, db):
    assert staff_client.get("/staff/").status_code == 200
    set_disabled(db, "officer1")
    assert staff_client.get("/staff/").status_code == 302
    assert sign_in(staff_client).status_code == 200  # and they cannot sign in again


def test_cookies_are_httponly_and_samesite_lax(staff_client):
    cookie = staff_client.get_cookie("session")
    assert cookie.http_only and cookie.same_site == "Lax"


@pytest.mark.parametrize("username", ["officer1", "nobody-by-this-name"])
def test_sign_in_is_throttled_after_five_failures_for_an_account(client, db, username):
    add_user(db, "officer1", STAFF_PASSWORD, "officer")
    for attempt in range(5):
        assert WRONG_DETAILS in sign_in(client, username, "wrong password!").text
    page = sign_in(client, username, STAFF_PASSWORD if username == "officer1" else "x" * 9)
    assert TOO_MANY in page.text
    assert "/staff/sign-in" in client.get("/staff/").headers["Location"]


def test_sign_in_is_throttled_per_address(client, db):
    add_user(db, "officer1", STAFF_PASSWORD, "officer")
    for attempt in range(throttle.RULES["address"].most):
        sign_in(client, f"guess{attempt}", "wrong password!", REMOTE_ADDR="10.9.9.9")
    assert TOO_MANY in sign_in(client, "officer1", STAFF_PASSWORD, REMOTE_ADDR="10.9.9.9").text
    assert sign_in(client, "officer1", STAFF_PASSWORD, REMOTE_ADDR="10.1.1.1").status_code == 302
    stored = "\n".join(db.conn.iterdump())
    assert "10.9.9.9" not in stored  # only a keyed hash of the address


def test_a_successful_sign_in_clears_the_account_count(client, db):
    add_user(db, "officer1", STAFF_PASSWORD, "officer")
    for attempt in range(4):
        sign_in(client, "officer1", "wrong password!")
    assert sign_in(client).status_code == 302
    client.post("/staff/sign-out", data=hidden_fields(client.get("/staff/").text))
    assert WRONG_DETAILS in sign_in(client, "officer1", "wrong password!").text
    assert sign_in(client).status_code == 302


@pytest.mark.parametrize("password,message", [
    ("short", "at least 8 characters"),
    ("password1", "one of the most common"),
    ("Sunshine", "one of the most common"),
    ("x" * 1025, "1024 characters or fewer"),
])
def test_weak_passwords_are_refused(db, password, message):
    with pytest.raises(UserError, match=message):
        add_user(db, "someone", password, "manager")


def test_a_long_passphrase_without_symbols_is_fine(db):
    add_user(db, "someone", "purple elephants dance quietly", "manager")
