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
