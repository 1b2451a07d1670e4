"""Shared fixtures: each test gets its own app, SQLite file and questionnaire folder."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from survey.app import create_app
from survey.cli import cli
from survey.store.db import connect
from survey.store.users import add_user

REPO = Path(__file__).resolve().parent.parent
TRAFFORD = "trafford-corporate-parenting-review-2018"
# Trafford's form for 13 and over: it has a version for 8 to 12 year olds too, so its own link
# first asks which fits (survey.respond.chosen).
TRAFFORD_FORM = f"/c/{TRAFFORD}?age=older"
STAFF_PASSWORD = "correct horse battery"


@pytest.fixture
def questionnaires(tmp_path) -> Path:
    folder = tmp_path / "questionnaires"
    shutil.copytree(REPO / "questionnaires", folder)
    return folder


@pytest.fixture
def app(tmp_path, questionnaires):
    return create_app({
        "TESTING": True,
        "SECRET_KEY": "test-only-secret",
        "DATABASE": str(tmp_path / "test.db"),
        "QUESTIONNAIRES": str(questionnaires),
    })


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def db(app):
    database = connect(app.config["DATABASE"])
    yield database
    database.conn.close()


@pytest.fixture
def runner(app):
    """Runs the `survey` command against this test's database and questionnaire folder."""
    class Runner:
        def invoke(self, *args, input=None):
            extra = []
            command = args[0] if args else ""
            if command in ("report", "export", "demo"):
                extra = ["--db", app.config["DATABASE"], "--questionnaires", app.config["QUESTIONNAIRES"]]
            elif command == "user":
                extra = ["--db", app.config["DATABASE"]]
            return CliRunner().invoke(cli, [*args, *extra], input=input, catch_exceptions=False)
    return Runner()


def hidden_fields(html: str) -> dict[str, str]:
    """The CSRF token and submission id a real browser would send back."""
    fields = {}
    for tag in re.findall(r"<input[^>]*>", html):
        name = re.search(r'name="([^"]*)"', tag)
        value = re.search(r'value="([^"]*)"', tag)
        if name and value and name.group(1) in ("csrf_token", "submission_id"):
            fields[name.group(1)] = value.group(1)
    return fields


def trafford_answers(**overrides) -> dict:
    """A complete, valid Trafford response as the browser posts it."""
    answers = {
        "q1": "care-leaver",
        "q2-placement-stability": "very-well",
        "q2-foster-families-closer-to-home": "quite",
        "q2-education": "somewhat",
        "q2-special-guardianship": "not-very",
        "q2-services-working-together": "not-at-all",
        "q2-early-help": "quite",
        "q2-adoption": "very-well",
        "q3": "More help with college applications.",
    }
    answers.update(overrides)
    return {k: v for k, v in answers.items() if v is not None}


@pytest.fixture
def submit(client):
    """Open the Trafford form as a young person would, then send `answers` with its tokens."""
    def send(answers: dict, consultation: str = TRAFFORD, follow_redirects: bool = False):
        page = client.get(f"/c/{consultation}")
        assert page.status_code == 200
        if 'name="csrf_token"' not in page.text:  # it asks first which version fits: the last
            versions = re.findall(r'href="(/c/[^"]*age=[^"]*)"', page.text)
            page = client.get(versions[-1].replace("&amp;", "&"))
        return client.post(f"/c/{consultation}", data={**hidden_fields(page.text), **answers},
                           follow_redirects=follow_redirects)
    return send


@pytest.fixture
def staff_client(app, client, db):
    """A client signed in as an officer."""
    add_user(db, "officer1", STAFF_PASSWORD, "officer")
    page = client.get("/staff/sign-in")
    response = client.post("/staff/sign-in", data={
        **hidden_fields(page.text), "username": "officer1", "password": STAFF_PASSWORD})
    assert response.status_code == 302, response.text
    return client


# The builder's tests (tests/builder): a signed-in officer's client with a consultation of its
# own made through the builder's pages.
@pytest.fixture
def built(staff_client):
    """A consultation created from scratch in the builder: one section with one long_text
    question (test_structure.STARTER)."""
    from builder.test_structure import NEW, fill
    response = fill(staff_client, "/staff/builder/new", id=NEW, title="Youth voice",
                    organisation="Test Council")
    assert response.status_code == 302, response.text
    return staff_client


@pytest.fixture
def officer(staff_client):
    """test_settings' consultation uploaded as a draft (saved in the app)."""
    from builder.test_settings import DEFINITION, upload
    return upload(staff_client, DEFINITION, "mine.yaml")


@pytest.fixture
def ages(staff_client):
    """A draft of five questions in three sections, numbered automatically (test_structure)."""
    from builder.test_structure import upload_ages
    return upload_ages(staff_client)


@pytest.fixture
def live(app):
    """The test's app served over HTTP by a threaded server on a loopback port, for requests
    sent at the same moment (the throttle tests); gives its base URL."""
    import threading

    from werkzeug.serving import make_server
    httpd = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()
    httpd.server_close()


def at_once(posts: list) -> list[str]:
    """Send every post (a function of no arguments giving a page's text) from its own thread,
    all released at the same moment; the pages in the same order."""
    import threading
    from concurrent.futures import ThreadPoolExecutor
    start = threading.Barrier(len(posts))

    def send(post):
        start.wait(timeout=60)
        return post()
    with ThreadPoolExecutor(len(posts)) as pool:
        return list(pool.map(send, posts))


def english_only(client, consultation_id: str) -> None:
    """Stop offering a consultation built in the browser in any language but English, as an
    officer does on its Languages page: for tests of changes that add words (a new question
    in an open consultation needs its words in every language it is offered in)."""
    while True:
        page = client.get(f"/staff/builder/c/{consultation_id}/languages")
        found = re.search(rf'/staff/builder/c/{consultation_id}/languages/([a-z]+)/remove', page.text)
        if not found:
            return
        ask = client.get(found.group(0))
        done = client.post(found.group(0), data=hidden_fields(ask.text))
        assert done.status_code == 302, done.text
