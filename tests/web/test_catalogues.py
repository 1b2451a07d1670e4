"""The gettext catalogues of survey/translations against the code and against each other.

A catalogue that has fallen behind the code shows English on a Welsh page; a compiled .mo that
is not its .po shows last month's words; a translation that lost a placeholder fails on the
page. Each promise has its test, and docs/translating.md says how to put each right.
"""
from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from babel.messages.frontend import CommandLineInterface
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po

from survey.definition.languages import LANGUAGES, interface_languages, language

REPO = Path(__file__).resolve().parent.parent.parent
TRANSLATIONS = REPO / "survey" / "translations"
TEMPLATE = TRANSLATIONS / "messages.pot"
# The languages whose catalogues a native speaker has checked. Add a code here in the same
# commit that removes its catalogue's NEEDS REVIEW line, and say who checked it.
REVIEWED: set[str] = set()
# What docs/translating.md tells a developer to run: the same options, so the same msgids.
EXTRACT = ["-F", "babel.cfg", "-k", "lazy_gettext", "--no-location", "--sort-output",
           "--width=100", "--add-comments=Translators:", "--project=Have Your Say",
           "--version=0.1.0", "--copyright-holder=Have Your Say contributors"]
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%\{\w+\}|\{\w*(?:[:!][^{}]*)?\}")
CATALOGUES = sorted(code for code in interface_languages() if code != "en")


def read(path: Path):
    with open(path, "rb") as handle:
        return read_po(handle)


def po(code: str) -> Path:
    return TRANSLATIONS / code / "LC_MESSAGES" / "messages.po"


def ids(catalogue) -> set:
    return {message.id for message in catalogue if message.id}


def test_every_interface_language_but_english_has_a_catalogue_and_no_other_does():
    folders = {path.name for path in TRANSLATIONS.iterdir() if path.is_dir()}
    assert folders == set(CATALOGUES)
    assert all(code in LANGUAGES for code in folders)


def test_the_template_holds_every_message_of_the_code_and_no_other(tmp_path, monkeypatch):
    monkeypatch.chdir(REPO)  # babel.cfg names its files from the repository's root
    fresh = tmp_path / "messages.pot"
    CommandLineInterface().run(["pybabel", "-q", "extract", *EXTRACT, "-o", str(fresh), "."])
    made, committed = ids(read(fresh)), ids(read(TEMPLATE))
    assert sorted(map(str, made - committed)) == [], "not in messages.pot: run pybabel extract"
    assert sorted(map(str, committed - made)) == [], "in messages.pot, no longer in the code"


@pytest.mark.parametrize("code", CATALOGUES)
def test_every_message_is_translated_in_every_plural_form_and_none_is_fuzzy(code):
    catalogue = read(po(code))
    assert ids(catalogue) == ids(read(TEMPLATE)), "run pybabel update (docs/translating.md)"
    assert catalogue.num_plurals == 6 if code in ("cy", "ar") else catalogue.num_plurals >= 1
    untranslated, fuzzy = [], []
    for message in catalogue:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.pluralizable and len(strings) != catalogue.num_plurals or not all(
                s and s.strip() for s in strings):
            untranslated.append(message.id)
        if message.fuzzy:
            fuzzy.append(message.id)
    assert untranslated == [] and fuzzy == [] and not catalogue.obsolete


def messages(catalogue) -> dict:
    """msgid -> msgstr, plural ones as tuples (read_mo gives lists)."""
    def flat(value):
        return tuple(value) if isinstance(value, (list, tuple)) else value
    return {flat(m.id): flat(m.string) for m in catalogue if m.id}


@pytest.mark.parametrize("code", CATALOGUES)
def test_each_compiled_catalogue_is_what_its_po_compiles_to(code):
    compiled = io.BytesIO()
    write_mo(compiled, read(po(code)))
    compiled.seek(0)
    with open(po(code).with_suffix(".mo"), "rb") as handle:
        committed = read_mo(handle)
    fresh = read_mo(compiled)
    assert messages(committed) == messages(fresh), "run pybabel compile -d survey/translations"
    assert committed.plural_forms == fresh.plural_forms


def placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text))


@pytest.mark.parametrize("code", CATALOGUES)
def test_every_translation_keeps_the_placeholders_of_its_english(code):
    wrong = []
    for message in read(po(code)):
        if not message.id:
            continue
        if isinstance(message.id, tuple):
            # Each form has the plural's placeholders (%(num)s may be said in words in one form).
            wanted = set(placeholders(message.id[1]))
            wrong += [(message.id, form) for form in message.string
                      if not set(placeholders(form)) <= wanted
                      or wanted - set(placeholders(form)) - {"%(num)s", "%(people)s"}]
        elif placeholders(message.string) != placeholders(message.id):
            wrong.append((message.id, message.string))
    assert wrong == []


def test_the_placeholder_check_sees_each_kind():
    assert placeholders("%(day)s, {name}, {limit:,}, %{count}") == [
        "%(day)s", "%{count}", "{limit:,}", "{name}"]


@pytest.mark.parametrize("code", CATALOGUES)
def test_a_catalogue_says_it_needs_review_until_a_native_speaker_has_checked_it(code):
    header = read(po(code)).header_comment
    line = f"NEEDS REVIEW by {language(code).reviewer}: machine-assisted draft, not yet checked"
    if code in REVIEWED:
        assert "NEEDS REVIEW" not in header
    else:
        assert line in header, f"{po(code)} must say: {line}"


@pytest.mark.parametrize("code", CATALOGUES)
def test_childlines_number_stays_as_it_is(code):
    assert all("0800 1111" in message.string for message in read(po(code))
               if message.id and "0800 1111" in str(message.id))
