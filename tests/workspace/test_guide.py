"""The officers' guide as a staff page: docs/officers.md in GOV.UK typography, its pictures
served beside it, for signed-in staff only."""
from __future__ import annotations

import re

import pytest
from conftest import STAFF_PASSWORD

from survey import create_app
from survey.store.users import add_user
from workspace.test_admin import page_ok, sign_in

GUIDE = """# Guide for testing

Some words with a [link](https://example.org).

## Build it

![The questions page](officers/questions.png)

<script>alert(1)</script>
"""
# The smallest PNG: a 1 by 1 transparent pixel.
PIXEL = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                      "1f15c4890000000d4944415478da63f8ffff3f0005fe02fea7d6a4c00000000049454e44ae426082")


@pytest.fixture
def guide(tmp_path):
    folder = tmp_path / "docs"
    (folder / "officers").mkdir(parents=True)
    (folder / "officers.md").write_text(GUIDE, encoding="utf-8")
    (folder / "officers" / "questions.png").write_bytes(PIXEL)
    return folder / "officers.md"


@pytest.fixture
def guided(app, guide, db):
    app.config["OFFICERS_GUIDE"] = str(guide)
    add_user(db, "officer1", STAFF_PASSWORD, "officer")
    return app


def test_the_guide_is_a_staff_page_with_its_headings_and_pictures(guided):
    client = guided.test_client()
    sign_in(client, "officer1")
    html = client.get("/staff/guide/").text
    page_ok(html)
    assert '<h1 class="govuk-heading-xl">Guide for testing</h1>' in html
    assert '<h2 class="govuk-heading-l">Build it</h2>' in html
    assert '<a href="https://example.org" class="govuk-link">link</a>' in html
    image = re.search(r"<img [^>]*>", html).group(0)
    assert 'src="officers/questions.png"' in image and 'alt="The questions page"' in image
    picture = client.get("/staff/guide/officers/questions.png")
    assert picture.status_code == 200 and picture.mimetype == "image/png"
    assert picture.data == PIXEL


def test_raw_html_in_the_guide_is_shown_as_text_never_run(guided):
    client = guided.test_client()
    sign_in(client, "officer1")
    html = client.get("/staff/guide/").text
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_every_staff_page_links_the_guide(guided):
    client = guided.test_client()
    sign_in(client, "officer1")
    assert 'href="/staff/guide/">Guide</a>' in client.get("/staff/").text


def test_the_guide_needs_a_signed_in_member_of_staff(guided):
    client = guided.test_client()
    page = client.get("/staff/guide/")
    assert page.status_code == 302 and "/staff/sign-in" in page.location
    assert client.get("/staff/guide/officers/questions.png").status_code == 302


@pytest.mark.parametrize("name", ["../officers.md", "questions.PNG", "missing.png", ".png"])
def test_only_the_guides_own_pictures_are_served(guided, name):
    client = guided.test_client()
    sign_in(client, "officer1")
    assert client.get(f"/staff/guide/officers/{name}").status_code == 404


def test_without_the_guide_file_there_is_no_link_and_no_page(app, db, tmp_path):
    app.config["OFFICERS_GUIDE"] = str(tmp_path / "no-such-guide.md")
    add_user(db, "officer1", STAFF_PASSWORD, "officer")
    client = app.test_client()
    sign_in(client, "officer1")
    assert "/staff/guide/" not in client.get("/staff/").text
    assert client.get("/staff/guide/").status_code == 404


def test_the_app_finds_the_repositorys_guide_by_default(tmp_path):
    app = create_app({"SECRET_KEY": "x", "DATABASE": str(tmp_path / "g.db")})
    assert app.config["OFFICERS_GUIDE"].endswith("docs/officers.md")
