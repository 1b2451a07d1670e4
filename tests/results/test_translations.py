"""A translator's file (spreadsheet or PO) for one language, and reading it back: the round trip
is exact, the spreadsheet guides a translator in words, and every mistake a returned file can
hold is named with its file, row (or line) and key."""
from __future__ import annotations

import io
from dataclasses import replace

import pytest
from openpyxl import load_workbook

from definition.test_texts import TWO_BANDS, WELSH
from exports import translations as tr
from exports.translations import TranslationFileError, read_file, read_translation, write_translation
from survey.definition import load_text
from survey.definition.model import Translation


@pytest.fixture
def welsh():
    return load_text(TWO_BANDS + WELSH, "bands.yaml")


@pytest.fixture
def english_only():
    return load_text(TWO_BANDS, "bands.yaml")


@pytest.mark.parametrize("kind", ["xlsx", "po"])
def test_a_full_welsh_translation_comes_back_exactly(welsh, kind):
    data = write_translation(welsh, "cy", kind)
    assert read_translation(data, "cy", welsh, f"bands-cy.{kind}") == dict(welsh.translation("cy").texts)


@pytest.mark.parametrize("kind", ["xlsx", "po"])
def test_a_language_not_offered_yet_comes_back_empty(english_only, kind):
    data = write_translation(english_only, "cy", kind)
    read = read_file(data, "cy", english_only, f"bands-cy.{kind}")
    assert read.texts == {}
    # Every text has its place in the file, to say where each missing one belongs.
    assert list(read.places) == list(tr.texts_of(english_only))
    gaps = tr.gaps(english_only, "cy", read, f"bands-cy.{kind}")
    assert len(gaps) == len(read.places)


@pytest.mark.parametrize("kind", ["xlsx", "po"])
def test_texts_that_start_like_a_formula_come_back_as_typed(welsh, kind):
    texts = {**welsh.translation("cy").texts, "title": "=Dy gartref", "introduction": "-Dywed",
             "questions.who.text": "#N/A"}
    changed = replace(welsh, translations=(Translation("cy", texts),))
    data = write_translation(changed, "cy", kind)
    assert read_translation(data, "cy", changed, "f") == texts
    if kind == "xlsx":
        sheet = load_workbook(io.BytesIO(data))[tr.TABLE_SHEET]
        assert sheet["C2"].value == "'=Dy gartref" and sheet["C2"].data_type == "s"


def test_the_spreadsheet_says_where_each_text_is_and_locks_the_keys(welsh):
    workbook = load_workbook(io.BytesIO(write_translation(welsh, "cy", "xlsx")))
    assert workbook.sheetnames == [tr.README_SHEET, tr.TABLE_SHEET]
    readme = " ".join(str(row[0]) for row in workbook[tr.README_SHEET].iter_rows(values_only=True) if row[0])
    assert "Translating \u2018Your home\u2019 into Welsh" in readme and "Do not change the Key column" in readme
    sheet = workbook[tr.TABLE_SHEET]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("Where", "English", "Welsh", "Key")
    assert sheet.freeze_panes == "A2"
    assert sheet.protection.sheet
    assert sheet["D1"].comment.text == tr.KEY_NOTE
    by_key = {row[3]: row for row in rows[1:]}
    assert by_key["questions.home.statements.safe"][:3] == (
        "The question \u2018How do you feel about your home?\u2019, a statement",
        "I feel safe where I live.", "Rwy'n teimlo'n ddiogel lle rwy'n byw.")
    assert by_key["scales.agreement.agree"][0].endswith(", a point of its scale")
    assert by_key["versions.younger.choice"][0] == "Start page: the choice for 8 to 12 year olds"
    assert by_key["versions.younger.questions.home.text"][0] == (
        "The question \u2018How do you feel about your home?\u2019, as 8 to 12 year olds read it")
    # Words guide the translator: no place is an id alone.
    assert all(row[0] and row[3] not in row[0] and row[0] != "Another text" for row in rows[1:])
    # Only the translation column can be typed in; the keys are grey.
    assert sheet["C2"].protection.locked is False
    assert sheet["D2"].protection.locked is not False and sheet["B2"].protection.locked is not False
    assert sheet["D2"].fill.fgColor.rgb.endswith("E6E6E6")
    assert sheet["C2"].alignment.wrap_text


def test_the_po_file_keys_each_text_by_msgctxt(welsh):
    text = write_translation(welsh, "cy", "po").decode()
    assert '"Language: cy\\n"' in text
    assert ('#. The question \u2018Who are you?\u2019, an answer to pick\nmsgctxt "questions.who.options.leaver"\n'
            'msgid "I have left care"\nmsgstr "Rwyf wedi gadael gofal"') in text


def _edited_xlsx(questionnaire, change) -> bytes:
    workbook = load_workbook(io.BytesIO(write_translation(questionnaire, "cy", "xlsx")))
    change(workbook[tr.TABLE_SHEET])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _problems(data, questionnaire, name="bands-cy.xlsx", language="cy") -> list[str]:
    with pytest.raises(TranslationFileError) as error:
        read_translation(data, language, questionnaire, name)
    return error.value.problems


def test_a_changed_key_is_named_with_its_row(welsh):
    def change(sheet):
        sheet["D5"] = "questions.plan.text"
    data = _edited_xlsx(welsh, change)
    problem, = _problems(data, welsh)
    assert problem.startswith("bands-cy.xlsx, row 5: the key \u2018questions.plan.text\u2019 is not a text")
    assert "(did you mean \u2018questions.plans.text\u2019?)" in problem


def test_a_key_twice_an_empty_text_a_formula_and_a_text_without_a_key_are_each_named(welsh):
    def change(sheet):
        sheet["D3"] = sheet["D2"].value          # title again
        sheet["C4"] = "   "                      # only spaces
        sheet["C6"] = "=1+2"                     # a live formula
        sheet["D7"] = None                       # a text with no key
    problems = _problems(_edited_xlsx(welsh, change), welsh)
    keys = [row for row in load_workbook(io.BytesIO(write_translation(welsh, "cy", "xlsx")))[
        tr.TABLE_SHEET].iter_rows(values_only=True)]
    assert problems == [
        tr.TWICE.format(where="bands-cy.xlsx, row 3", key="title", first="bands-cy.xlsx, row 2"),
        tr.EMPTY_TEXT.format(where="bands-cy.xlsx, row 4", key=keys[3][3], language="Welsh"),
        tr.A_FORMULA.format(where="bands-cy.xlsx, row 6", key=keys[5][3], language="Welsh"),
        tr.NO_KEY.format(where="bands-cy.xlsx, row 7", language="Welsh")]


def test_another_languages_file_is_refused(welsh):
    problem, = _problems(write_translation(welsh, "cy", "xlsx"), welsh, language="ar")
    assert problem == "bands-cy.xlsx: this file is for Welsh, not for Arabic"
    problem, = _problems(write_translation(welsh, "cy", "po"), welsh, "bands-cy.po", language="ar")
    assert problem == "bands-cy.po: this file is for Welsh, not for Arabic"


@pytest.mark.parametrize("data, message", [
    (b"just some words", tr.NOT_A_FILE), (b"PK\x03\x04broken zip", tr.NOT_A_FILE),
    (b"\xd0\xcf\x11\xe0old", tr.OLD_EXCEL), (b"\xff\xfe\x00bin", tr.NOT_A_FILE)])
def test_a_file_that_is_neither_is_refused(welsh, data, message):
    assert _problems(data, welsh, "notes.xlsx") == [message.format(name="notes.xlsx")]


def test_a_po_file_names_the_line_of_a_key_twice_and_of_an_unknown_key(welsh):
    text = write_translation(welsh, "cy", "po").decode()
    text = text.replace('msgctxt "questions.plans.text"', 'msgctxt "questions.plan.text"')
    text += '\nmsgctxt "title"\nmsgid "Your home"\nmsgstr "Eto"\n'
    lines = text.splitlines()
    unknown = lines.index('msgctxt "questions.plan.text"') + 1
    first, again = [n for n, line in enumerate(lines, 1) if line == 'msgctxt "title"']
    problems = _problems(text.encode(), welsh, "bands-cy.po")
    assert problems[0] == tr.TWICE.format(where=f"bands-cy.po:{again}", key="title",
                                          first=f"bands-cy.po:{first}")
    assert problems[1].startswith(f"bands-cy.po:{unknown}: the key \u2018questions.plan.text\u2019")


def test_an_untranslated_text_is_named_with_its_row_as_a_gap(welsh):
    def change(sheet):
        sheet["C5"] = None
    data = _edited_xlsx(welsh, change)
    read = read_file(data, "cy", welsh, "bands-cy.xlsx")
    key = load_workbook(io.BytesIO(data))[tr.TABLE_SHEET]["D5"].value
    english = tr.texts_of(welsh)[key]
    assert tr.gaps(welsh, "cy", read, "bands-cy.xlsx") == [
        f"bands-cy.xlsx, row 5: key \u2018{key}\u2019: no Welsh yet for \u2018{english}\u2019"]


def test_a_path_is_read_as_its_bytes_named_by_its_file_name(welsh, tmp_path):
    path = tmp_path / "cy.po"
    path.write_bytes(write_translation(welsh, "cy", "po"))
    assert read_translation(path, "cy", welsh) == dict(welsh.translation("cy").texts)
