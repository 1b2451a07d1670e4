"""The council's logo on the settings page of a consultation built in the browser: a PNG or a
safe SVG is kept in the database and served by the logo route with its own type; anything else
is refused with a message naming what is wrong, and nothing is stored."""
from __future__ import annotations

import io
import struct
import zlib

import pytest
from conftest import hidden_fields

from builder.test_settings import BASE, ID, served, stored
from survey.builder import logo
from survey.store import logos

SETTINGS = f"{BASE}/settings"
SVG = (b'<?xml version="1.0" encoding="UTF-8"?>\n'
       b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
       b'viewBox="0 0 100 40" width="100" height="40"><defs><linearGradient id="g">'
       b'<stop offset="0" stop-color="#fff"/></linearGradient></defs>'
       b'<rect width="100" height="40" fill="url(#g)"/><use xlink:href="#g"/>'
       b'<text x="5" y="25" fill="#fff">Council</text></svg>')



def png(width: int = 120, height: int = 40) -> bytes:
    """A real, small PNG: white, `width` by `height`."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    rows = b"".join(b"\x00" + b"\xff" * width * 3 for _ in range(height))
    return (logo.PNG_SIGNATURE + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def upload(client, data: bytes, name: str = "logo.png", token: bool = True):
    page = client.get(SETTINGS)
    fields = hidden_fields(page.text) if token else {}
    return client.post(f"{SETTINGS}/logo", data={**fields, "logo": (io.BytesIO(data), name)},
                       content_type="multipart/form-data")


def count(db) -> int:
    return db.execute("SELECT count(*) FROM logos").fetchone()[0]


def test_a_png_logo_is_kept_named_in_the_definition_and_served_as_a_png(officer, app, db, client):
    data = png()
    response = upload(officer, data)
    assert response.status_code == 302, response.text
    assert response.headers["Location"].endswith("/settings#the-logo")
    assert logos.get(db, ID) == logos.Logo("image/png", data)
    assert stored(db).organisation.logo == served(app).organisation.logo == "uploaded-logo.png"
    served_logo = client.get(f"/c/{ID}/logo")
    assert served_logo.status_code == 200 and served_logo.mimetype == "image/png"
    assert served_logo.data == data
    assert served_logo.headers["X-Content-Type-Options"] == "nosniff"
    page = officer.get(SETTINGS).text
    assert f'src="/c/{ID}/logo"' in page and "Remove the logo" in page
    assert f'src="/c/{ID}/logo"' in client.get(f"/c/{ID}").text  # every page shows it
    assert db.execute("SELECT count(*) FROM audit_log WHERE action = 'logo uploaded'"
                      ).fetchone()[0] == 1


def test_a_safe_svg_logo_is_served_with_a_policy_that_runs_nothing(officer, db, client):
    assert upload(officer, SVG, "logo.svg").status_code == 302
    response = client.get(f"/c/{ID}/logo")
    assert response.status_code == 200 and response.mimetype == "image/svg+xml"
    assert response.data == SVG
    policy = response.headers["Content-Security-Policy"]
    assert policy.startswith("default-src 'none'") and "script-src" not in policy
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_a_new_logo_takes_the_place_of_the_old_one(officer, app, db, client):
    upload(officer, png())
    upload(officer, png(60, 20))
    assert count(db) == 1 and client.get(f"/c/{ID}/logo").data == png(60, 20)
    upload(officer, SVG, "logo.svg")
    assert served(app).organisation.logo == "uploaded-logo.svg"
    assert client.get(f"/c/{ID}/logo").mimetype == "image/svg+xml"


def test_the_logo_is_removed(officer, app, db, client):
    upload(officer, png())
    page = officer.get(SETTINGS)
    response = officer.post(f"{SETTINGS}/logo/remove", data=hidden_fields(page.text))
    assert response.status_code == 302
    assert count(db) == 0
    assert stored(db).organisation.logo == served(app).organisation.logo == ""
    assert client.get(f"/c/{ID}/logo").status_code == 404
    text = officer.get(SETTINGS).text
    assert "Remove the logo" not in text and "There is no logo" in text
    assert f"/c/{ID}/logo" not in client.get(f"/c/{ID}").text


def refused(client, db, data: bytes, name: str, message: str):
    response = upload(client, data, name)
    assert response.status_code == 200
    assert "There is a problem" in response.text and message in response.text
    assert 'href="#logo"' in response.text  # the error summary leads to the file box
    assert count(db) == 0 and stored(db).organisation.logo == ""


def test_a_logo_over_200_kb_is_refused_with_its_size(officer, db):
    big = png() + b"\x00" * (350 * 1024 - len(png()))
    refused(officer, db, big, "big.png",
            "The logo must be a PNG or SVG file of 200 KB or less; this one is 350 KB")


def test_a_logo_over_what_the_app_takes_at_all_is_refused_on_the_settings_page(officer, db):
    """Over 512 KB the upload is refused before it is read: the officer still sees why."""
    big = png() + b"\x00" * (900 * 1024 - len(png()))
    response = upload(officer, big, "huge.png")
    assert response.status_code == 413
    assert "<h1" in response.text and "Settings" in response.text
    assert "The logo must be a PNG or SVG file of 200 KB or less; this one is 90" in response.text
    assert "answers were too long" not in response.text and count(db) == 0


@pytest.mark.parametrize("data, name", [
    (b"GIF89a\x01\x00\x01\x00", "logo.gif"),
    (b"%PDF-1.7 not a logo", "logo.png"),
    (b"<html><body>hello</body></html>", "logo.svg"),
    (b"\x89PNG\r\n\x1a\nnot really", "logo.png"),
    (SVG.decode().replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16"), "logo.svg"),
])
def test_a_file_that_is_not_a_png_or_svg_is_refused(officer, db, data, name):
    refused(officer, db, data, name, "this one is neither")


@pytest.mark.parametrize("svg, message", [
    (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
     "The logo must be an SVG without scripts; this one has a &lt;script&gt; element"),
    (b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect/></svg>',
     "The logo must be an SVG without event handlers; this one has onload= on &lt;svg&gt;"),
    (b'<svg xmlns="http://www.w3.org/2000/svg"><rect onclick="x()"/></svg>',
     "without event handlers; this one has onclick= on &lt;rect&gt;"),
    (b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:x="http://www.w3.org/1999/xlink">'
     b'<image x:href="https://tracker.example/p.png"/></svg>',
     "without external references; this one has href=&#34;https://tracker.example/p.png&#34;"),
    (b'<svg xmlns="http://www.w3.org/2000/svg"><rect style="fill: url(https://x.example/a#b)"/>'
     b'</svg>', "without external references; this one has url(https://x.example/a#b)"),
    (b'<svg xmlns="http://www.w3.org/2000/svg"><style>@import "https://x.example/a.css";</style>'
     b'</svg>', "without external references; this one has an @import in &lt;style&gt;"),
    (b'<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><div xmlns="http://www.w3.org/1999/'
     b'xhtml">hi</div></foreignObject></svg>',
     "without foreign objects; this one has a &lt;foreignObject&gt; element"),
    (b'<svg xmlns="http://www.w3.org/2000/svg"><a href="javascript:alert(1)"><rect/></a></svg>',
     "without external references; this one has href=&#34;javascript:alert(1)&#34;"),
    (b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaa">]>'
     b'<svg xmlns="http://www.w3.org/2000/svg"><text>&a;</text></svg>',
     "without a DOCTYPE; this one has a &lt;!DOCTYPE&gt; declaration"),
])
def test_an_svg_that_could_run_or_fetch_is_refused_saying_what_it_has(officer, db, svg, message):
    refused(officer, db, svg, "logo.svg", message)


def test_no_file_is_refused(officer, db):
    refused(officer, db, b"", "", logo.NO_FILE)


def test_without_the_csrf_token_no_logo_is_stored(officer, db):
    response = upload(officer, png(), token=False)
    assert response.status_code == 200 and count(db) == 0


def test_a_consultation_shipped_as_a_file_has_no_logo_upload(staff_client, db):
    from conftest import TRAFFORD
    page = staff_client.get(f"/staff/builder/c/{TRAFFORD}/settings")
    assert page.status_code == 404
    assert staff_client.post(f"/staff/builder/c/{TRAFFORD}/settings/logo").status_code == 404
