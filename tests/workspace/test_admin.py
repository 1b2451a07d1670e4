"""Staff accounts, the audit log and changing one's own password, through the pages an admin and
a member of staff use."""
from __future__ import annotations

import re
import sqlite3

import pytest
from conftest import STAFF_PASSWORD, hidden_fields

from survey.store import audit
from survey.workspace.admin import NO_ROLE, NOT_YOURSELF
from survey.workspace.account import CHANGED, NOT_THE_SAME, UNCHANGED, WRONG_CURRENT
from survey.workspace.sign_in import WRONG_DETAILS
from survey.store.users import add_user, check_user_password

NEW_PASSWORD = "purple elephant dancing"


def sign_in(client, username: str, password: str = STAFF_PASSWORD):
    page = client.get("/staff/sign-in")
    return client.post("/staff/sign-in", data={**hidden_fields(page.text), "username": username,
                                               "password": password})


def token(client, path: str = "/staff/account/password") -> str:
    return hidden_fields(client.get(path).text)["csrf_token"]


def page_ok(html: str) -> None:
    """One h1, the title starts with it, no id used twice, no password hash anywhere."""
    assert html.count("<h1") == 1
    heading = re.sub(r"<[^>]+>", "", re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S).group(1)).strip()
    title = re.search(r"<title>(.*?)</title>", html, re.S).group(1).removeprefix("Error: ")
    assert title.startswith(heading[:20]), (title, heading)
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids)), "duplicate ids"
    assert "$argon2" not in html


@pytest.fixture
def admin(app, db):
    """A client signed in as an admin, user 1."""
    add_user(db, "admin1", STAFF_PASSWORD, "admin")
    client = app.test_client()
    assert sign_in(client, "admin1").status_code == 302
    return client


def last(db, action: str) -> audit.Entry:
    return audit.entries(db, limit=1, action=action)[0]


def test_admin_adds_a_user_with_a_random_password_shown_once(admin, app, db):
    page = admin.get("/staff/admin/users/new")
    page_ok(page.text)
    response = admin.post("/staff/admin/users/new", data={
        "csrf_token": token(admin, "/staff/admin/users/new"), "username": "jsmith",
        "roles": ["officer", "manager"], "password": ""})
    assert response.status_code == 200
    page_ok(response.text)
    password = re.search(r"<code>([^<]+)</code>", response.text).group(1)
    entry = last(db, "user added")
    assert (entry.username, entry.target, entry.detail) == (
        "admin1", "jsmith", "roles: officer, manager")
    assert password not in entry.detail
    # the new user can sign in with it, and holds both roles
    other = app.test_client()
    assert sign_in(other, "jsmith", password).status_code == 302
    assert other.get("/staff/").status_code == 200
    assert other.get("/staff/admin/").status_code == 403
    # the list shows them; no page shows the password again
    listing = admin.get("/staff/admin/")
    page_ok(listing.text)
    assert "jsmith" in listing.text and "officer, manager" in listing.text
    assert password not in listing.text


def test_admin_adds_a_user_with_a_typed_password(admin, app, db):
    response = admin.post("/staff/admin/users/new", data={
        "csrf_token": token(admin, "/staff/admin/users/new"), "username": "typed",
        "roles": "officer", "password": NEW_PASSWORD})
    assert NEW_PASSWORD not in response.text
    assert sign_in(app.test_client(), "typed", NEW_PASSWORD).status_code == 302


@pytest.mark.parametrize("form, message", [
    ({"username": "", "roles": "officer"}, "Enter a user name"),
    ({"username": "x"}, NO_ROLE),
    ({"username": "x", "roles": "superuser"}, "Select one of the roles shown"),
    ({"username": "x", "roles": "officer", "password": "short"},
     "The password must be at least 8 characters"),
    ({"username": "x", "roles": "officer", "password": "password1"},
     "That password is one of the most common ones: choose another"),
    ({"username": "admin1", "roles": "officer"}, "There is already a user called admin1"),
])
def test_adding_a_user_is_refused_with_a_clear_message(admin, db, form, message):
    before = db.execute("SELECT count(*) FROM users").fetchone()[0]
    response = admin.post("/staff/admin/users/new",
                          data={"csrf_token": token(admin, "/staff/admin/users/new"), **form})
    assert response.status_code == 200
    page_ok(response.text)
    assert response.text.count(message.replace("'", "&#39;")) == 2  # summary and field
    assert "<title>Error: " in response.text
    assert db.execute("SELECT count(*) FROM users").fetchone()[0] == before
    assert audit.entries(db, action="user added") == []


def test_admin_changes_roles(admin, db):
    officer = add_user(db, "officer2", STAFF_PASSWORD, "officer")
    page = admin.get(f"/staff/admin/users/{officer.id}")
    page_ok(page.text)
    response = admin.post(f"/staff/admin/users/{officer.id}/roles", data={
        "csrf_token": token(admin), "roles": ["manager"]}, follow_redirects=True)
    assert "officer2’s roles are now: manager" in response.text
    assert {r for (r,) in db.execute("SELECT role FROM user_roles WHERE user_id = ?",
                                     [officer.id])} == {"manager"}
    entry = last(db, "roles changed")
    assert (entry.target, entry.detail) == ("officer2", "officer to manager")
    # no role at all is refused
    response = admin.post(f"/staff/admin/users/{officer.id}/roles",
                          data={"csrf_token": token(admin)})
    assert NO_ROLE in response.text and "<title>Error: " in response.text


def test_an_admin_cannot_remove_their_own_admin_role_or_disable_themselves(admin, db):
    response = admin.post("/staff/admin/users/1/roles",
                          data={"csrf_token": token(admin), "roles": "officer"})
    assert NOT_YOURSELF["admin"] in response.text
    assert db.execute("SELECT role FROM user_roles WHERE user_id = 1").fetchall() == [("admin",)]
    response = admin.post("/staff/admin/users/1/disable", data={"csrf_token": token(admin)},
                          follow_redirects=True)
    assert NOT_YOURSELF["disable"] in response.text
    assert db.execute("SELECT disabled FROM users WHERE id = 1").fetchone()[0] == 0
    response = admin.post("/staff/admin/users/1/reset-password", data={"csrf_token": token(admin)},
                          follow_redirects=True)
    assert NOT_YOURSELF["reset"] in response.text
    assert admin.get("/staff/admin/").status_code == 200  # still signed in, still admin
    # adding officer to their own roles, keeping admin, is fine
    admin.post("/staff/admin/users/1/roles",
               data={"csrf_token": token(admin), "roles": ["admin", "officer"]})
    assert admin.get("/staff/").status_code == 200


def officer_signed_in(app, db):
    officer = add_user(db, "officer2", STAFF_PASSWORD, "officer")
    client = app.test_client()
    sign_in(client, "officer2")
    assert client.get("/staff/").status_code == 200
    return officer, client


def copied(client, app):
    """Another browser holding a copy of this client's session cookie."""
    cookie = client.get_cookie("session")
    thief = app.test_client()
    thief.set_cookie("session", cookie.value)
    return thief


def test_disabling_ends_every_session_and_a_copied_cookie_is_refused(admin, app, db):
    officer, client = officer_signed_in(app, db)
    thief = copied(client, app)
    assert thief.get("/staff/").status_code == 200
    response = admin.post(f"/staff/admin/users/{officer.id}/disable",
                          data={"csrf_token": token(admin)}, follow_redirects=True)
    assert "officer2 is disabled and signed out everywhere" in response.text
    assert last(db, "user disabled").target == "officer2"
    for browser in (client, thief):
        assert browser.get("/staff/").status_code == 302
    assert WRONG_DETAILS in sign_in(app.test_client(), "officer2").text
    # enabled again: they sign in with the same password
    admin.post(f"/staff/admin/users/{officer.id}/enable", data={"csrf_token": token(admin)})
    assert last(db, "user enabled").target == "officer2"
    assert sign_in(app.test_client(), "officer2").status_code == 302


def test_a_reset_password_is_shown_once_and_ends_every_session(admin, app, db):
    officer, client = officer_signed_in(app, db)
    thief = copied(client, app)
    response = admin.post(f"/staff/admin/users/{officer.id}/reset-password",
                          data={"csrf_token": token(admin)})
    page_ok(response.text)
    password = re.search(r"<code>([^<]+)</code>", response.text).group(1)
    assert check_user_password(db, officer.id, password)
    assert not check_user_password(db, officer.id, STAFF_PASSWORD)
    assert last(db, "password reset").target == "officer2"
    for browser in (client, thief):
        assert browser.get("/staff/").status_code == 302
    assert password not in admin.get(f"/staff/admin/users/{officer.id}").text
    assert sign_in(app.test_client(), "officer2", password).status_code == 302


def test_admin_pages_refuse_other_roles_and_csrf(app, db, staff_client, admin):
    """An officer gets 403 on every admin page and button; a post without the token changes
    nothing."""
    for path in ("/staff/admin/", "/staff/admin/users/new", "/staff/admin/users/1",
                 "/staff/admin/audit"):
        assert staff_client.get(path).status_code == 403
    officer_id = db.execute("SELECT id FROM users WHERE username = 'officer1'").fetchone()[0]
    csrf = token(staff_client)
    for action in ("disable", "reset-password", "roles"):
        response = staff_client.post(f"/staff/admin/users/1/{action}",
                                     data={"csrf_token": csrf, "roles": "officer"})
        assert response.status_code == 403
    for action in ("disable", "reset-password", "roles"):
        admin.post(f"/staff/admin/users/{officer_id}/{action}", data={"roles": "admin"})
    assert admin.post("/staff/admin/users/new", data={
        "username": "sneaky", "roles": "admin"}).status_code == 200
    assert staff_client.get("/staff/").status_code == 200  # not disabled, not reset
    assert db.execute("SELECT role FROM user_roles WHERE user_id = ?", [officer_id]).fetchall() == [
        ("officer",)]
    assert db.execute("SELECT count(*) FROM users WHERE username = 'sneaky'").fetchone()[0] == 0
    assert admin.get("/staff/admin/users/999").status_code == 404


def test_sign_in_failed_sign_in_and_sign_out_are_audited(app, db):
    add_user(db, "officer2", STAFF_PASSWORD, "officer")
    client = app.test_client()
    sign_in(client, "officer2", "wrong password here")
    failed = last(db, "sign-in failed")
    assert failed.username == "officer2"
    assert "wrong password here" not in repr(audit.entries(db))
    sign_in(client, "officer2")
    assert last(db, "signed in").username == "officer2"
    client.post("/staff/sign-out", data={"csrf_token": token(client, "/staff/")})
    assert last(db, "signed out").username == "officer2"


def test_the_audit_log_pages_back_and_filters(admin, db):
    for number in range(60):
        audit.record(db, "state changed", f"consultation-{number}", "open to closed",
                     username="someone")
    page = admin.get("/staff/admin/audit")
    page_ok(page.text)
    assert "consultation-59" in page.text and "consultation-9<" not in page.text
    older = re.search(r'href="(/staff/admin/audit\?before=\d+)"', page.text).group(1)
    back = admin.get(older)
    page_ok(back.text)
    assert "consultation-9<" in back.text and "consultation-59" not in back.text
    assert "Older entries" in back.text
    only = admin.get("/staff/admin/audit?action=signed+in")
    assert "consultation-" not in only.text and "admin1" in only.text
    assert admin.get("/staff/admin/audit?before=nonsense").status_code == 200


def test_the_audit_log_cannot_be_changed_through_sql(db):
    audit.record(db, "user added", "someone", username="admin1")
    with pytest.raises(sqlite3.DatabaseError, match="the audit log cannot be changed"):
        db.execute("UPDATE audit_log SET action = 'nothing'")
    with pytest.raises(sqlite3.DatabaseError, match="the audit log cannot be changed"):
        db.execute("DELETE FROM audit_log")
    assert [e.action for e in audit.entries(db)] == ["user added"]


def test_the_audit_log_has_no_route_that_changes_it(app):
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/staff/admin/audit"):
            assert rule.methods <= {"GET", "HEAD", "OPTIONS"}


def change(client, current: str, new: str, confirm: str | None = None):
    return client.post("/staff/account/password", data={
        "csrf_token": token(client), "current": current, "new": new,
        "confirm": new if confirm is None else confirm})


def test_staff_change_their_password_and_other_sessions_end(app, db, staff_client):
    page = staff_client.get("/staff/account/password")
    page_ok(page.text)
    other = copied(staff_client, app)  # the same session: ends too
    laptop = app.test_client()
    sign_in(laptop, "officer1")
    response = change(staff_client, STAFF_PASSWORD, NEW_PASSWORD)
    assert response.status_code == 200 and CHANGED in response.text
    page_ok(response.text)
    assert staff_client.get("/staff/").status_code == 200   # this browser carries on
    assert laptop.get("/staff/").status_code == 302         # every other one is signed out
    assert other.get("/staff/").status_code == 302
    assert sign_in(app.test_client(), "officer1", NEW_PASSWORD).status_code == 302
    entry = last(db, "password changed")
    assert entry.username == "officer1" and NEW_PASSWORD not in entry.detail


@pytest.mark.parametrize("current, new, confirm, field, message", [
    ("not my password", NEW_PASSWORD, None, "current", WRONG_CURRENT),
    (STAFF_PASSWORD, "short", None, "new", "The password must be at least 8 characters"),
    (STAFF_PASSWORD, "password1", None, "new", "That password is one of the most common ones"),
    (STAFF_PASSWORD, STAFF_PASSWORD, None, "new", UNCHANGED),
    (STAFF_PASSWORD, NEW_PASSWORD, "purple elephant", "confirm", NOT_THE_SAME),
    ("", NEW_PASSWORD, None, "current", "Enter your current password"),
])
def test_a_password_change_is_refused_with_a_clear_message(app, db, staff_client, current, new,
                                                           confirm, field, message):
    response = change(staff_client, current, new, confirm)
    assert response.status_code == 200
    page_ok(response.text)
    assert f'href="#{field}"' in response.text and message in response.text
    assert check_user_password(db, 1, STAFF_PASSWORD)
    assert staff_client.get("/staff/").status_code == 200


def test_every_role_can_change_their_password_and_anonymous_cannot(app, db, admin, client):
    assert admin.get("/staff/account/password").status_code == 200
    assert client.get("/staff/account/password").status_code == 302
    response = change(admin, STAFF_PASSWORD, NEW_PASSWORD)
    assert CHANGED in response.text
    # without the CSRF token nothing changes
    admin.post("/staff/account/password", data={"current": NEW_PASSWORD, "new": "another one here",
                                                 "confirm": "another one here"})
    assert check_user_password(db, 1, NEW_PASSWORD)


CHROMIUM = "/usr/bin/chromium"


@pytest.mark.browser
@pytest.mark.skipif(not __import__("shutil").which(CHROMIUM), reason="needs Debian's chromium")
def test_admin_account_and_entry_pages_pass_axe(tmp_path):
    """Every page added here, with and without errors, in a real browser: axe-core's WCAG 2.2 AA
    rules find nothing."""
    import threading

    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import sync_playwright
    from werkzeug.serving import make_server

    from conftest import REPO
    from survey import create_app
    from survey.store.db import connect
    app = create_app({"SECRET_KEY": "axe", "DATABASE": str(tmp_path / "a.db"),
                      "QUESTIONNAIRES": str(REPO / "questionnaires")})
    db = connect(app.config["DATABASE"])
    add_user(db, "boss", STAFF_PASSWORD, ("admin", "officer"))
    add_user(db, "officer2", STAFF_PASSWORD, "officer")
    httpd = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_port}"
    tags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

    def check(page):
        results = Axe().run(page, options={"runOnly": {"type": "tag", "values": tags}})
        assert not results.response["violations"], (page.url, results.generate_report())
        assert page.locator("h1").count() == 1, page.url

    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=[
                "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run"])
            page = browser.new_context(viewport={"width": 1024, "height": 800}).new_page()
            page.set_default_timeout(10_000)
            page.goto(base + "/staff/sign-in")  # a refused sign-in, counted on the audit page
            page.get_by_label("User name").fill("a-name-typed-by-a-visitor-" * 3)
            page.get_by_label("Password").fill("not the password")
            page.get_by_role("button", name="Sign in").click()
            page.get_by_label("User name").fill("boss")
            page.get_by_label("Password").fill(STAFF_PASSWORD)
            page.get_by_role("button", name="Sign in").click()
            for path in ("/staff/admin/", "/staff/admin/users/new", "/staff/admin/users/1",
                         "/staff/admin/users/2", "/staff/admin/audit",
                         "/staff/account/password", f"/staff/c/{SEFTON_ID}/paper",
                         f"/staff/c/{SEFTON_ID}/group"):
                page.goto(base + path)
                check(page)
            page.goto(base + "/staff/admin/users/new")          # errors, then a password shown
            page.get_by_role("button", name="Add the user").click()
            check(page)
            page.get_by_label("User name").fill("newbie")
            page.get_by_label("Officer").check()
            page.get_by_role("button", name="Add the user").click()
            check(page)
            page.goto(base + "/staff/admin/users/2")             # a flash message, then a reset
            page.get_by_role("button", name="Save roles").click()
            check(page)
            page.get_by_role("button", name="Reset the password").click()
            check(page)
            page.goto(base + "/staff/account/password")
            page.get_by_role("button", name="Change my password").click()
            check(page)
            page.goto(base + f"/staff/c/{SEFTON_ID}/group")       # an error, then a saved one
            page.get_by_role("button", name="Save the group’s answers").click()
            check(page)
            page.get_by_label("How many young people took part").fill("8")
            page.get_by_label("A care leaver").check()
            page.get_by_role("button", name="Save the group’s answers").click()
            assert "Group session saved" in page.content()
            check(page)
            browser.close()
    finally:
        httpd.shutdown()
        db.conn.close()


SEFTON_ID = "sefton-pledge"


@pytest.mark.parametrize("user_id", ["999", "abc", "²", "-1", "1.0"])
def test_an_unknown_user_is_not_found(admin, user_id):
    assert admin.get(f"/staff/admin/users/{user_id}").status_code == 404
