"""The builder's Languages page: a file for a translator downloaded with no translation saved,
the translator's file uploaded back to add the language (refused, naming the row and key, while
a text is missing), marked as checked and no longer offered, each asked first and audited."""
from __future__ import annotations

import io
import re

import pytest
from conftest import TRAFFORD, hidden_fields
from openpyxl import load_workbook

from builder.test_settings import BASE, ID, served, stored, summary
from exports import translations as tr
from survey.builder import languages

PAGE = f"{BASE}/languages"


def audit_actions(db) -> list[str]:
    return [row[0] for row in db.execute("SELECT action FROM audit_log ORDER BY id")]


def translated(client, code: str = "cy", leave_out: int = 0) -> bytes:
    """The translator's spreadsheet downloaded from the page, filled in as a translator would."""
    response = client.get(f"{PAGE}/{code}.xlsx")
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.data))
    rows = list(workbook[tr.TABLE_SHEET].iter_rows(min_row=2))
    for row in rows[:len(rows) - leave_out]:
        row[2].value = f"{code.upper()} {row[1].value}"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def upload(client, data: bytes, code: str = "cy", form: str = "add", name: str = "cy.xlsx"):
    page = client.get(PAGE)
    return client.post(f"{PAGE}/upload", data={
        **hidden_fields(page.text), "form": form, "language": code,
        "translation": (io.BytesIO(data), name)}, content_type="multipart/form-data")


def test_the_page_offers_the_languages_in_the_officers_words(officer):
    page = officer.get(PAGE)
    assert page.status_code == 200
    assert "The language it is written in" in page.text
    assert '<option value="cy">Welsh (Cymraeg)</option>' in page.text
    assert "Arabic (العربية)" in page.text
    assert "Upload a translation" not in page.text  # nothing offered yet to replace
    # No id of the consultation's parts is shown.
    assert not re.search(r"about-you|questions\.|sections\.", page.text)
    # The builder's page for the consultation links to it.
    assert f'href="{PAGE}"' in officer.get(BASE).text


@pytest.mark.parametrize("kind", ["xlsx", "po"])
def test_a_file_for_a_translator_needs_no_saved_translation(officer, kind):
    response = officer.get(f"{PAGE}/cy.{kind}")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == f'attachment; filename="{ID}-cy.{kind}"'
    assert response.mimetype == tr.MEDIA_TYPES[kind]
    read = tr.read_file(response.data, "cy", stored_model(officer), f"cy.{kind}")
    assert read.texts == {} and read.places


def stored_model(client):
    return client.application.extensions["haveyoursay.catalogue"].get(ID)


def test_uploading_a_complete_file_adds_the_language_waiting_for_a_check(officer, app, db):
    response = upload(officer, translated(officer))
    assert response.status_code == 302, response.text
    welsh = stored(db).translation("cy")
    assert welsh.needs_review == "a Welsh speaker"
    assert welsh.texts["title"] == "CY Youth voice 2027"
    assert served(app).languages == ("en", "cy")
    assert audit_actions(db)[-1] == languages.ACTIONS["added"]
    page = officer.get(PAGE).text
    assert languages.ADDED.format(name="Welsh", reviewer="a Welsh speaker") in page
    assert "Complete, needs checking by a Welsh speaker" in page
    assert "Upload a translation" in page and "Mark as checked" in page


def test_a_file_with_a_gap_is_refused_naming_its_row_and_key(officer, db):
    before = stored(db)
    data = translated(officer, leave_out=1)
    last = load_workbook(io.BytesIO(data))[tr.TABLE_SHEET].max_row
    response = upload(officer, data)
    assert response.status_code == 200
    found = summary(response.text)
    assert f"cy.xlsx, row {last}: key" in found and "no Welsh yet for" in found
    assert 'href="#add-file"' in response.text
    assert languages.SEE_LIST in response.text
    assert stored(db) == before


@pytest.mark.parametrize("data, name, said", [
    (b"", "cy.xlsx", languages.NO_FILE),
    (b"a letter, not a file", "notes.docx", "notes.docx: this is not a spreadsheet (.xlsx) or a PO file"),
])
def test_a_file_that_cannot_be_read_is_refused_in_words(officer, db, data, name, said):
    before = stored(db)
    response = upload(officer, data, name=name)
    assert response.status_code == 200
    assert said in summary(response.text)
    assert "Traceback" not in response.text
    assert stored(db) == before


def test_another_languages_file_is_refused(officer, db):
    response = upload(officer, translated(officer), code="ar")
    assert "cy.xlsx: this file is for Welsh, not for Arabic" in summary(response.text)
    assert stored(db).translations == ()


def test_a_new_upload_replaces_the_texts_and_needs_checking_again(officer, db):
    upload(officer, translated(officer))
    mark = f"{PAGE}/cy/checked"
    officer.post(mark, data=hidden_fields(officer.get(mark).text))
    assert stored(db).translation("cy").needs_review == ""
    # The same texts again change nothing, and keep the check.
    as_saved = officer.get(f"{PAGE}/cy.po").data   # the translation so far, as it is
    again = upload(officer, as_saved, form="update", name="cy.po")
    assert again.status_code == 302
    assert languages.SAME.format(name="Welsh") in officer.get(PAGE).text
    assert stored(db).translation("cy").needs_review == ""
    workbook = load_workbook(io.BytesIO(officer.get(f"{PAGE}/cy.xlsx").data))
    workbook[tr.TABLE_SHEET]["C2"] = "Llais ieuenctid"
    out = io.BytesIO()
    workbook.save(out)
    assert upload(officer, out.getvalue(), form="update").status_code == 302
    assert stored(db).translation("cy").texts["title"] == "Llais ieuenctid"
    assert stored(db).translation("cy").needs_review == "a Welsh speaker"
    assert audit_actions(db)[-1] == languages.ACTIONS["updated"]


def test_marking_as_checked_is_asked_first_and_audited(officer, db):
    upload(officer, translated(officer))
    ask = officer.get(f"{PAGE}/cy/checked")
    assert ask.status_code == 200
    assert "Only do this once a Welsh speaker has read every text" in ask.text
    assert stored(db).translation("cy").needs_review == "a Welsh speaker"  # a GET changes nothing
    done = officer.post(f"{PAGE}/cy/checked", data=hidden_fields(ask.text))
    assert done.status_code == 302
    assert stored(db).translation("cy").needs_review == ""
    assert audit_actions(db)[-1] == languages.ACTIONS["checked"]
    page = officer.get(PAGE).text
    assert "<p class=\"govuk-body\">Checked</p>" in page and "Mark as checked" not in page


def test_stopping_a_language_is_asked_first_and_audited(officer, app, db):
    upload(officer, translated(officer))
    ask = officer.get(f"{PAGE}/cy/remove")
    assert "Young people will no longer be able to pick Welsh (Cymraeg)" in ask.text
    assert stored(db).languages == ("en", "cy")
    assert officer.post(f"{PAGE}/cy/remove", data={}).status_code == 400   # no token: nothing
    assert stored(db).languages == ("en", "cy")
    done = officer.post(f"{PAGE}/cy/remove", data=hidden_fields(ask.text))
    assert done.status_code == 302
    assert stored(db).translations == () and served(app).languages == ("en",)
    assert audit_actions(db)[-1] == languages.ACTIONS["removed"]
    assert languages.REMOVED.format(name="Welsh") in officer.get(PAGE).text


def test_a_language_not_offered_has_nothing_to_check_or_stop(officer):
    assert officer.get(f"{PAGE}/cy/checked").status_code == 404
    assert officer.get(f"{PAGE}/cy/remove").status_code == 404
    assert officer.get(f"{PAGE}/ps.xlsx").status_code == 404   # no interface words yet
    assert officer.get(f"{PAGE}/en.xlsx").status_code == 404   # the working language


def test_a_shipped_consultation_has_no_languages_page(staff_client):
    assert staff_client.get(f"/staff/builder/c/{TRAFFORD}/languages").status_code == 404


def test_a_file_too_big_to_send_is_refused_on_the_page(officer, db):
    before = stored(db)
    response = upload(officer, b"x" * (600 * 1024), name="cy.po")
    assert response.status_code == 413
    assert "The file must be 500 KB or less" in summary(response.text)
    assert stored(db) == before
