"""A translator's file for one language of a consultation, and reading it back: a spreadsheet
(.xlsx) or a PO file, each text keyed as survey.definition.texts keys it, so that no id is lost.

The officer sends the file to a translator, who fills in one column (or each `msgstr`) and sends
it back; the command line (`survey translation import`) and the builder's Languages page read it
with `read_translation` and write the texts into the definition, which the loader then checks
for parity like any file. The spreadsheet says where each text is shown in the officer's words
(never an id alone) and keeps the key in a locked grey column; the PO file puts the key in
`msgctxt`, the working language in `msgid` and the translation so far in `msgstr`.

What must stay true:
- a round trip is exact: `read_translation(write_translation(q, code, kind), code, q)` gives
  the translation's texts as they were (an empty translation gives {}), for both formats. Every
  spreadsheet cell passes exports.safe.gate, which puts a `'` before text that starts like a
  formula; reading takes that `'` off again (`_unquoted`).
- a text counts only by its key: the order of the rows, the English column and `msgid` may be
  changed by a translator's tool without harm. An empty cell or `msgstr ""` is "not translated
  yet" and is left out, so the loader's parity check (or `gaps`) names it.
- reading never raises anything but TranslationFileError, whose problems read like a
  compiler's: the file, the row (or PO line), the key and what is wrong.
"""
from __future__ import annotations

import difflib
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.comments import Comment
from openpyxl.styles import PatternFill, Protection
from openpyxl.utils.exceptions import InvalidFileException

from exports.cells import BOLD, WRAP, Sheet, cell
from exports.safe import ERROR_CODES, FORMULA_STARTS
from survey.definition.languages import LANGUAGES, language as language_row
from survey.definition.model import Questionnaire
from survey.definition.shown import question_place
from survey.definition.texts import texts_of

FORMATS = {"xlsx": "spreadsheet", "po": "PO file"}
MEDIA_TYPES = {"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
               "po": "text/x-gettext-translation"}
README_SHEET = "Read me"
TABLE_SHEET = "Translation"
WHERE, KEY = "Where", "Key"
WIDTHS = [32, 48, 48, 34]
GREY = PatternFill("solid", fgColor="E6E6E6")
KEY_NOTE = ("Do not change this column: the key is how each text finds its place when the file "
            "is read back. It is locked.")
README = (
    "Please write the {language} for each row of the sheet called \u2018Translation\u2019, in "
    "the column headed {language}.",
    "The column headed {working} has the words to translate. \u2018Where\u2019 says where a "
    "young person sees them.",
    "Children and young people read these words, some of them only 8 years old: keep them "
    "short and plain.",
    "Do not change the Key column: it is how each text finds its place when the file is read "
    "back. It is locked and grey.",
    "Leave a cell empty if you have not translated it yet. Rows already filled in are the "
    "translation so far: change them if they are wrong.",
    "Words that start with = + - or @ are shown with a \u2019 in front, so that the "
    "spreadsheet does not treat them as a sum. The \u2019 is taken off when the file is read.",
    "When you have finished, save the file as a spreadsheet (.xlsx) and send it back.",
)
PO_HEADER = (
    "# {language} words for \u2018{title}\u2019 ({organisation}).\n"
    "# Write the {language} in each msgstr. Do not change msgctxt: it is the key, how each\n"
    "# text finds its place when the file is read back. An empty msgstr is not translated yet.")

# What reading a file can find wrong: each message follows "<file>, row 12: " or "<file>:12: ".
NOT_A_FILE = ("{name}: this is not a spreadsheet (.xlsx) or a PO file. Send back the file that "
              "was downloaded, saved as .xlsx or .po")
OLD_EXCEL = "{name}: this is an old Excel file (.xls). Save it as an Excel workbook (.xlsx) and try again"
NO_SHEET = "{name}: there is no sheet called \u2018{sheet}\u2019, so this is not a file made for translating"
WRONG_HEADER = ("{name}, row 1: the columns must be headed {wanted}; this file has {found}. "
                "Do not change the headings")
WRONG_LANGUAGE = "{name}: this file is for {found}, not for {wanted}"
UNKNOWN_KEY = ("{where}: the key \u2018{key}\u2019 is not a text of this consultation{hint}. "
               "Keys must not be changed; download the file again if it is out of date")
NO_KEY = "{where}: there is {language} here but no key. Keys must not be changed or deleted"
TWICE = "{where}: the key \u2018{key}\u2019 is there twice (first at {first}). Keep one of them"
EMPTY_TEXT = ("{where}: key \u2018{key}\u2019: the {language} has only spaces. Write the words, "
              "or leave it empty if it is not translated yet")
A_FORMULA = ("{where}: key \u2018{key}\u2019: the {language} is a formula, not words. Type the "
             "words, with a \u2019 in front if they start with =")
GAP = "{where}: key \u2018{key}\u2019: no {language} yet for \u2018{english}\u2019"


class TranslationFileError(Exception):
    """A translator's file that cannot be read back: every problem found, one per line."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Row:
    """One text to translate."""

    key: str
    where: str       # in the officer's words: "Question 3, a statement"
    english: str     # the working language's words (whatever language that is)
    translated: str  # the translation so far; "" where there is none


@dataclass
class Read:
    """What a translator's file holds: the texts by key, and where each key is in the file
    (translated or not), for messages about it."""

    texts: dict[str, str] = field(default_factory=dict)
    places: dict[str, str] = field(default_factory=dict)


# -- where each text is shown ---------------------------------------------------------------
START = {"title": "Title", "introduction": "Introduction",
         "start.about": "Start page: what it is about",
         "start.who_reads": "Start page: who reads the answers",
         "start.time": "Start page: how long it takes",
         "organisation.name": "The council\u2019s name",
         "organisation.help": "The words of the \u2018Get help now\u2019 link"}
BOX = "\u201cTell us more\u201d box"


def _places(questionnaire: Questionnaire) -> dict[str, str]:
    """Every key of `texts_of` with where a young person sees it, in the officer's words."""
    places = dict(START)
    for number, section in enumerate(questionnaire.asked.sections, 1):
        places[f"sections.{section.id}.title"] = f"Section {number}, its title"
        places[f"sections.{section.id}.intro"] = f"Section {number}, its introduction"
        for question in section.questions:
            place = question_place(question)
            place = place[0].upper() + place[1:]
            at = f"questions.{question.id}"
            places.update({f"{at}.text": place, f"{at}.hint": f"{place}, its hint",
                           f"{at}.other": f"{place}, its \u201cOther\u201d answer",
                           f"{at}.comment": f"{place}, its {BOX}"})
            for statement in question.statements:
                places[f"{at}.statements.{statement.id}"] = f"{place}, a statement"
                places[f"{at}.statement_comments.{statement.id}"] = f"{place}, a statement\u2019s {BOX}"
            for option in question.options:
                places[f"{at}.options.{option.id}"] = f"{place}, an answer to pick"
            if question.scale:
                for point in question.scale.choices:
                    places.setdefault(f"scales.{question.scale.id}.{point.id}",
                                      f"{place}, a point of its scale")
    for version in questionnaire.versions:
        mine = f"versions.{version.id}."
        places[f"{mine}choice"] = f"Start page: the choice for {version.name}"
        for key in version.words:
            places[mine + key] = f"{places.get(key, 'A text')}, as {version.name} read it"
    return places


def rows_of(questionnaire: Questionnaire, language: str) -> list[Row]:
    """One row per text of the consultation, in page order, with the translation so far."""
    translation = questionnaire.translation(language)
    done = translation.texts if translation else {}
    places = _places(questionnaire)
    return [Row(key, places.get(key, "Another text"), english, done.get(key, ""))
            for key, english in texts_of(questionnaire).items()]


# -- writing ---------------------------------------------------------------------------------
def write_translation(questionnaire: Questionnaire, language: str, kind: str) -> bytes:
    """The translator's file for `language` as `kind` ("xlsx" or "po"): every text, with the
    translation so far. It needs no saved translation: a language not offered yet gets the
    working language's texts and empty translations."""
    if kind not in FORMATS:
        raise ValueError(f"write_translation: kind {kind!r}, not one of {', '.join(FORMATS)}")
    rows = rows_of(questionnaire, language)
    return _xlsx(questionnaire, language, rows) if kind == "xlsx" else _po(questionnaire, language, rows)


def file_name(questionnaire: Questionnaire, language: str, kind: str) -> str:
    return f"{questionnaire.id}-{language}.{kind}"


def _xlsx(questionnaire: Questionnaire, language: str, rows: list[Row]) -> bytes:
    names = {"language": language_row(language).english,
             "working": language_row(questionnaire.language).english}
    workbook = Workbook(write_only=True)
    workbook.properties.language = language
    workbook.properties.title = f"{questionnaire.title}: {names['language']}"
    readme = Sheet(workbook, README_SHEET, [100])
    readme.title(f"Translating \u2018{questionnaire.title}\u2019 into {names['language']}")
    readme.blank()
    for line in README:
        readme.append([cell(readme.ws, line.format(**names), alignment=WRAP)])
    sheet = Sheet(workbook, TABLE_SHEET, WIDTHS, freeze="A2")
    # Locked but for the translation column; columns and rows may still be resized.
    sheet.ws.protection.sheet = True
    sheet.ws.protection.formatColumns = sheet.ws.protection.formatRows = False
    key_header = _cell(sheet, KEY, font=BOLD, fill=GREY)
    key_header.comment = Comment(KEY_NOTE, "Have Your Say")
    sheet.append([_cell(sheet, WHERE, font=BOLD), _cell(sheet, names["working"], font=BOLD),
                  _cell(sheet, names["language"], font=BOLD), key_header])
    for row in rows:
        sheet.append([_cell(sheet, row.where), _cell(sheet, row.english),
                      _cell(sheet, row.translated, locked=False), _cell(sheet, row.key, fill=GREY)])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _cell(sheet: Sheet, value: str, font=None, fill=None, locked: bool = True) -> WriteOnlyCell:
    made = cell(sheet.ws, value, font=font, alignment=WRAP)
    if fill is not None:
        made.fill = fill
    if not locked:
        made.protection = Protection(locked=False)
    return made


def _po(questionnaire: Questionnaire, language: str, rows: list[Row]) -> bytes:
    catalog = Catalog(locale=language, project=questionnaire.title, version=questionnaire.version,
                      fuzzy=False, header_comment=PO_HEADER.format(
                          language=language_row(language).english, title=questionnaire.title,
                          organisation=questionnaire.organisation.name))
    for row in rows:
        catalog.add(row.english, row.translated, auto_comments=[row.where], context=row.key)
    out = io.BytesIO()
    write_po(out, catalog, width=0, no_location=True)
    return out.getvalue()


# -- reading ---------------------------------------------------------------------------------
def read_translation(source: bytes | str | Path, language: str, questionnaire: Questionnaire,
                     name: str = "") -> dict[str, str]:
    """The texts of a translator's file for `language` (a spreadsheet or a PO file, known by its
    contents), by key; TranslationFileError naming every problem. Texts not translated yet are
    left out: whether every text is there is the loader's question (or `gaps`')."""
    return read_file(source, language, questionnaire, name).texts


def read_file(source: bytes | str | Path, language: str, questionnaire: Questionnaire,
              name: str = "") -> Read:
    """`read_translation`, with where each key is in the file."""
    if isinstance(source, (str, Path)):
        name = name or Path(source).name
        source = Path(source).read_bytes()
    name = name or "the file"
    if source.startswith(b"PK\x03\x04"):
        return _read_xlsx(source, language, questionnaire, name)
    if source.startswith(b"\xd0\xcf\x11\xe0"):
        raise TranslationFileError([OLD_EXCEL.format(name=name)])
    try:
        text = source.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise TranslationFileError([NOT_A_FILE.format(name=name)]) from None
    if not re.search(r"^msgid ", text, re.MULTILINE):
        raise TranslationFileError([NOT_A_FILE.format(name=name)])
    return _read_po(text, language, questionnaire, name)


def _unquoted(text: str) -> str:
    """A spreadsheet text as it was before exports.safe.neutralise put a `'` before it."""
    rest = text[1:]
    if text.startswith("'") and rest and (rest[0] in FORMULA_STARTS
                                          or (rest[0] == "#" and rest.strip().upper() in ERROR_CODES)):
        return rest
    return text


class _Reader:
    """Collects texts and problems, whichever the format."""

    def __init__(self, language: str, questionnaire: Questionnaire):
        self.english = language_row(language).english
        self.known = texts_of(questionnaire)
        self.read, self.problems = Read(), []

    def add(self, where: str, key: str, text: str) -> None:
        language = self.english
        if not key:
            if text.strip():
                self.problems.append(NO_KEY.format(where=where, language=language))
            return
        if key not in self.known:
            close = difflib.get_close_matches(key, list(self.known), n=1, cutoff=0.6)
            self.problems.append(UNKNOWN_KEY.format(
                where=where, key=key, hint=f" (did you mean \u2018{close[0]}\u2019?)" if close else ""))
            return
        if key in self.read.places:
            self.problems.append(TWICE.format(where=where, key=key, first=self.read.places[key]))
            return
        self.read.places[key] = where
        if text and not text.strip():
            self.problems.append(EMPTY_TEXT.format(where=where, key=key, language=language))
        elif text:
            self.read.texts[key] = text.strip()

    def done(self) -> Read:
        if self.problems:
            raise TranslationFileError(self.problems)
        # In page order, whatever order the file had.
        self.read.texts = {key: self.read.texts[key] for key in self.known if key in self.read.texts}
        return self.read


def _language_named(header: str) -> str | None:
    return next((row.english for row in LANGUAGES.values() if row.english == header), None)


def _read_xlsx(data: bytes, language: str, questionnaire: Questionnaire, name: str) -> Read:
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError):
        raise TranslationFileError([NOT_A_FILE.format(name=name)]) from None
    try:
        if TABLE_SHEET not in workbook.sheetnames:
            raise TranslationFileError([NO_SHEET.format(name=name, sheet=TABLE_SHEET)])
        rows = workbook[TABLE_SHEET].iter_rows()
        reader = _Reader(language, questionnaire)
        header = [str(c.value or "").strip() for c in next(rows, ())][:4]
        wanted = [WHERE, language_row(questionnaire.language).english, reader.english, KEY]
        found_language = workbook.properties.language or ""
        if header[2:3] != wanted[2:3] and _language_named(header[2] if len(header) > 2 else ""):
            raise TranslationFileError([WRONG_LANGUAGE.format(
                name=name, found=header[2], wanted=reader.english)])
        if found_language and found_language != language and found_language in LANGUAGES:
            raise TranslationFileError([WRONG_LANGUAGE.format(
                name=name, found=LANGUAGES[found_language].english, wanted=reader.english)])
        if header != wanted:
            raise TranslationFileError([WRONG_HEADER.format(
                name=name, wanted=", ".join(wanted), found=", ".join(h or "(empty)" for h in header))])
        for number, row in enumerate(rows, 2):
            cells = list(row)[:4] + [None] * 4
            text_cell, key_cell = cells[2], cells[3]
            key = str(getattr(key_cell, "value", None) or "").strip()
            value = getattr(text_cell, "value", None)
            where = f"{name}, row {number}"
            if getattr(text_cell, "data_type", "") == "f":
                reader.problems.append(A_FORMULA.format(where=where, key=key, language=reader.english))
                continue
            text = "" if value is None else _unquoted(str(value))
            reader.add(where, key, text)
        return reader.done()
    finally:
        workbook.close()


MSGCTXT = re.compile(r'^msgctxt "(.*)"\s*$')


def _read_po(text: str, language: str, questionnaire: Questionnaire, name: str) -> Read:
    try:
        catalog = read_po(io.StringIO(text))
    except Exception:  # babel raises its own and plain errors alike on a broken file
        raise TranslationFileError([NOT_A_FILE.format(name=name)]) from None
    found = str(catalog.locale) if catalog.locale else ""
    if found and found != language:
        raise TranslationFileError([WRONG_LANGUAGE.format(
            name=name, found=language_row(found).english, wanted=language_row(language).english)])
    reader = _Reader(language, questionnaire)
    # The catalogue keeps one message per key: the lines of every msgctxt find a key twice.
    lines: dict[str, list[int]] = {}
    for number, line in enumerate(text.splitlines(), 1):
        match = MSGCTXT.match(line)
        if match:
            lines.setdefault(match.group(1), []).append(number)
    for message in catalog:
        if not message.id:
            continue  # the header
        key = (message.context or "").strip()
        at = lines.get(message.context or "", [message.lineno])
        value = message.string if isinstance(message.string, str) else ""
        reader.add(f"{name}:{at[0]}", key, value)
        for again in at[1:]:
            reader.problems.append(TWICE.format(where=f"{name}:{again}", key=key,
                                                first=f"{name}:{at[0]}"))
    return reader.done()


def gaps(questionnaire: Questionnaire, language: str, read: Read, name: str) -> list[str]:
    """The texts a file has no translation for, each with where it is in the file."""
    english = language_row(language).english
    return [GAP.format(where=read.places.get(key, name), key=key, language=english,
                       english=text if len(text) <= 50 else text[:49] + "\u2026")
            for key, text in texts_of(questionnaire).items() if key not in read.texts]


# -- how far a translation has come -------------------------------------------------------------
CHECKED = "Checked"
NEEDS_CHECK = "Complete, needs checking by {reviewer}"
MISSING = "{count} texts missing"
ONE_MISSING = "1 text missing"


def missing(questionnaire: Questionnaire, language: str) -> list[str]:
    """The keys of the texts `language` has no words for yet (all of them if not offered)."""
    translation = questionnaire.translation(language)
    done = translation.texts if translation else {}
    return [key for key in texts_of(questionnaire) if key not in done]


def state_words(questionnaire: Questionnaire, language: str) -> str:
    """Where a translation stands, in the officer's words: "12 texts missing", "Complete, needs
    checking by a Welsh speaker" or "Checked"."""
    count = len(missing(questionnaire, language))
    if count:
        return ONE_MISSING if count == 1 else MISSING.format(count=count)
    translation = questionnaire.translation(language)
    if translation is not None and translation.needs_review:
        return NEEDS_CHECK.format(reviewer=translation.needs_review)
    return CHECKED
