"""Trafford's review as shipped in Welsh and in Arabic, with a version for 8 to 12 year olds
(issue 18): it loads, offers three languages each waiting for a native speaker's review, the
younger words read at about age 9, and every language and version asks by the same ids, so
all their answers combine."""
from __future__ import annotations

import re

import pytest

from analysis.readability import consultation_reading, read
from survey.definition import load_file
from survey.definition.shown import shown_text
from survey.definition.texts import texts_of, variant

from conftest import REPO, TRAFFORD

TRAFFORD_FILE = REPO / "questionnaires" / f"{TRAFFORD}.yaml"
LANGUAGES = ("en", "cy", "ar")
VERSIONS = ("younger", "older")
# GOV.UK's reading age of 9 is about US grade 4 (analysis.readability.AIM_AGE).
YOUNGER_GRADE_AT_MOST = 4
# Texts a translation may keep exactly as the English has them: none today. A name or number
# that must stay (a phone number alone, say) would be listed here, by language and key.
SAME_AS_ENGLISH: dict[str, set[str]] = {"cy": set(), "ar": set()}
CHILDLINE_NUMBER = "0800 1111"
ARABIC_LETTER = re.compile(r"[\u0600-\u06FF]")


@pytest.fixture(scope="module")
def trafford():
    return load_file(TRAFFORD_FILE)


def test_trafford_offers_english_welsh_and_arabic_each_translation_needing_review(trafford):
    assert trafford.languages == LANGUAGES
    assert {t.language: t.needs_review for t in trafford.translations} == {
        "cy": "a Welsh speaker", "ar": "an Arabic speaker"}
    assert [v.id for v in trafford.versions] == list(VERSIONS)
    assert trafford.version_named("younger").name == "8 to 12 year olds"
    assert trafford.version_named("older").name == "13 and over"


def test_the_younger_version_reads_at_grade_4_or_below_and_easier_than_as_written(trafford):
    written = consultation_reading(trafford)
    younger = read(shown_text(variant(trafford, version="younger")))
    older = read(shown_text(variant(trafford, version="older")))
    assert younger.median <= YOUNGER_GRADE_AT_MOST
    assert younger.median < written.median
    # The older version keeps the words as written.
    assert older.median == written.median


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("version", VERSIONS)
def test_every_language_and_version_asks_by_the_consultations_ids(trafford, language, version):
    asked = variant(trafford, language, version)
    assert (asked.in_language, asked.in_version) == ("" if language == "en" else language, version)
    # No version leaves a question out, so each asks every question, in the same order.
    assert [q.id for q in asked.questions] == [q.id for q in trafford.questions]
    assert [s.id for s in asked.sections] == [s.id for s in trafford.sections]
    for question in asked.questions:
        own = trafford.question(question.id)
        assert [s.id for s in question.statements] == [s.id for s in own.statements]
        assert [o.id for o in question.options] == [o.id for o in own.options]
        if own.scale:
            assert [p.id for p in question.scale.choices] == [p.id for p in own.scale.choices]


@pytest.mark.parametrize("language", ("cy", "ar"))
def test_no_welsh_or_arabic_text_is_its_english_text(trafford, language):
    english = texts_of(trafford)
    translated = trafford.translation(language).texts
    assert set(translated) == set(english)
    same = {key for key in english if translated[key] == english[key]}
    assert same == SAME_AS_ENGLISH[language]


def test_every_arabic_text_is_written_in_arabic_letters(trafford):
    translated = trafford.translation("ar").texts
    assert [key for key, text in translated.items() if not ARABIC_LETTER.search(text)] == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_childlines_number_stays_in_western_digits(trafford, language):
    for version in VERSIONS:
        assert CHILDLINE_NUMBER in variant(trafford, language, version).organisation.help_text


@pytest.mark.parametrize("language", ("cy", "ar"))
def test_the_younger_version_has_its_own_words_in_each_language(trafford, language):
    younger = variant(trafford, language, "younger")
    older = variant(trafford, language, "older")
    translated = trafford.translation(language).texts
    assert younger.title == translated["versions.younger.title"] != older.title
    assert older.title == translated["title"]
    assert younger.question("q2").statements[0].text == translated[
        "versions.younger.questions.q2.statements.placement-stability"]
