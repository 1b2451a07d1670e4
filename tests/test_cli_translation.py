"""`survey translation export | import | status`, run as a user would on real files: a file for a
translator out, its texts back into the definition with the rest of the file kept byte for
byte, and nothing written when a text is missing."""
from __future__ import annotations

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from definition.test_texts import TWO_BANDS, WELSH
from exports import translations as tr
from survey.cli import cli
from survey.definition import load_file, load_text

# A hand-written file: its comments and layout must survive an import.
COMMENTED = "# Our consultation, kept in git.\n" + TWO_BANDS.replace(
    "breakdown: who\n", "breakdown: who   # split the results by who answered\n")


def run(*args):
    return CliRunner().invoke(cli, ["translation", *map(str, args)])


@pytest.fixture
def english(tmp_path):
    path = tmp_path / "bands.yaml"
    path.write_text(COMMENTED, encoding="utf-8")
    return path


def welsh_sheet(path, tmp_path, leave_out: int = 0):
    """The Welsh spreadsheet of `path`, filled in with the worked example's Welsh (all but the
    last `leave_out` texts), as a translator sends it back."""
    out = tmp_path / "cy.xlsx"
    result = run("export", path, "--language", "cy", "--out", out)
    assert result.exit_code == 0, result.output
    welsh = load_text(TWO_BANDS + WELSH).translation("cy").texts
    workbook = load_workbook(out)
    sheet = workbook[tr.TABLE_SHEET]
    rows = list(sheet.iter_rows(min_row=2))
    for row in rows[:len(rows) - leave_out]:
        row[2].value = welsh[row[3].value]
    workbook.save(out)
    return out


def test_export_writes_every_text_for_a_language_not_offered_yet(english, tmp_path):
    out = tmp_path / "cy.po"
    result = run("export", english, "--language", "cy", "--out", out)
    assert result.exit_code == 0, result.output
    count = len(tr.texts_of(load_file(english)))
    assert result.output == f"Wrote {out}: {count} texts, {count} of them still to translate\n"
    assert out.read_text().count("msgctxt ") == count


def test_export_refuses_an_unknown_extension_naming_out(english, tmp_path):
    result = run("export", english, "--language", "cy", "--out", tmp_path / "cy.docx")
    assert result.exit_code == 1
    assert f"--out {tmp_path / 'cy.docx'}: a file for a translator is written as .xlsx" in result.output


@pytest.mark.parametrize("code, said", [("en", "is the language it is written in"),
                                        ("ps", "is not a language it can be offered in yet")])
def test_export_refuses_a_language_it_cannot_be_offered_in(english, tmp_path, code, said):
    result = run("export", english, "--language", code, "--out", tmp_path / "x.xlsx")
    assert result.exit_code == 1
    assert f"--language {code}: {said}. Languages: cy (Welsh), ar (Arabic)" in result.output


def test_import_writes_the_translation_and_keeps_the_rest_byte_for_byte(english, tmp_path):
    sheet = welsh_sheet(english, tmp_path)
    result = run("import", english, "--language", "cy", "--from", sheet)
    assert result.exit_code == 0, result.output
    assert result.output.endswith("; they need checking by a Welsh speaker\n")
    written = english.read_text(encoding="utf-8")
    assert written.startswith(COMMENTED)
    assert written[len(COMMENTED):].startswith("translations:\n  cy:\n    needs_review: a Welsh speaker\n    title: Dy gartref\n")
    loaded = load_file(english)
    assert loaded.translation("cy").texts == load_text(TWO_BANDS + WELSH).translation("cy").texts
    # Status says it is complete and waits for a Welsh speaker.
    status = run("status", english)
    assert status.output.splitlines() == [
        "English (en): the language it is written in",
        "Welsh (cy): Complete, needs checking by a Welsh speaker"]


def test_import_replaces_the_block_in_place_keeping_what_follows(tmp_path):
    path = tmp_path / "bands.yaml"
    welsh = WELSH.replace("    needs_review: true\n", "")
    tail = "# Versions are agreed with the participation team.\n"
    path.write_text(COMMENTED + welsh + tail, encoding="utf-8")
    assert run("status", path).output.splitlines()[1] == "Welsh (cy): Checked"
    sheet = tmp_path / "cy.xlsx"
    run("export", path, "--language", "cy", "--out", sheet)
    workbook = load_workbook(sheet)
    workbook[tr.TABLE_SHEET]["C2"] = "Ein cartref"
    workbook.save(sheet)
    result = run("import", path, "--language", "cy", "--from", sheet)
    assert result.exit_code == 0, result.output
    written = path.read_text(encoding="utf-8")
    assert written.startswith(COMMENTED + "translations:\n") and written.endswith("\n" + tail)
    assert load_file(path).translation("cy").texts["title"] == "Ein cartref"
    assert run("status", path).output.splitlines()[1] == "Welsh (cy): Complete, needs checking by a Welsh speaker"


def test_importing_the_same_texts_keeps_the_check(tmp_path):
    path = tmp_path / "bands.yaml"
    path.write_text(TWO_BANDS + WELSH.replace("    needs_review: true\n", ""), encoding="utf-8")
    run("export", path, "--language", "cy", "--out", tmp_path / "cy.po")
    result = run("import", path, "--language", "cy", "--from", tmp_path / "cy.po")
    assert result.exit_code == 0, result.output
    assert result.output.endswith("; nothing changed\n")
    assert load_file(path).translation("cy").needs_review == ""


def test_import_with_a_gap_names_its_row_and_key_and_writes_nothing(english, tmp_path):
    sheet = welsh_sheet(english, tmp_path, leave_out=1)
    last_row = load_workbook(sheet)[tr.TABLE_SHEET].max_row
    result = run("import", english, "--language", "cy", "--from", sheet)
    assert result.exit_code == 1
    assert (f"cy.xlsx, row {last_row}: key \u2018versions.older.choice\u2019: no Welsh yet for "
            "\u2018I am 13 or older\u2019") in result.output
    assert f"nothing was written to {english}" in result.output
    assert english.read_text(encoding="utf-8") == COMMENTED


def test_import_of_another_languages_file_writes_nothing(english, tmp_path):
    sheet = welsh_sheet(english, tmp_path)
    result = run("import", english, "--language", "ar", "--from", sheet)
    assert result.exit_code == 1
    assert "cy.xlsx: this file is for Welsh, not for Arabic" in result.output
    assert english.read_text(encoding="utf-8") == COMMENTED


def test_status_of_a_file_with_no_other_language(english):
    result = run("status", english)
    assert result.exit_code == 0
    assert result.output.splitlines()[1].startswith("No other languages yet")


def test_round_trip_through_the_command_line_is_exact(tmp_path):
    path = tmp_path / "bands.yaml"
    path.write_text(TWO_BANDS + WELSH, encoding="utf-8")
    before = path.read_bytes()
    for kind in ("xlsx", "po"):
        run("export", path, "--language", "cy", "--out", tmp_path / f"cy.{kind}")
        result = run("import", path, "--language", "cy", "--from", tmp_path / f"cy.{kind}")
        assert result.exit_code == 0, result.output
        assert load_file(path).translation("cy") == load_text(before.decode()).translation("cy")
