"""The versions for age bands side by side, in the officer's words: one row per text that some
version words differently, leaves out or asks alone, one cell per version.

Pure: made from the model (survey.definition.model Version, Question.versions), read by the
Versions page (survey.builder.versions). What must stay true: a row names its text as the
officer sees it (question numbers and words, survey.definition.texts.place_of), never by an
id, and a text every version shows in the consultation's own words has no row.
"""
from __future__ import annotations

from dataclasses import dataclass

from survey.definition import differences
from survey.definition.model import Question, Questionnaire, Version
from survey.definition.shown import question_place
from survey.definition.texts import place_of, texts_of

# What a cell says when the version does not show the text in words of its own.
SAME = "Same words"
LEFT_OUT = "Left out"
NOT_ASKED = "Not asked"
ONLY_HERE = "Only in this version"


@dataclass(frozen=True)
class Cell:
    words: str         # the version's own words, or "" when `said` describes it
    said: str = ""     # SAME, LEFT_OUT, NOT_ASKED or ONLY_HERE

    @property
    def differs(self) -> bool:
        return self.said != SAME


@dataclass(frozen=True)
class Row:
    place: str                 # "Question 4’s words"
    text: str                  # the consultation's own words for it
    question: str              # the question's id, for the link to change it ("" for none)
    cells: tuple[Cell, ...]    # one per version, in order


def _question_of(questionnaire: Questionnaire, key: str) -> Question | None:
    parts = key.split(".")
    if parts[0] != "questions" or len(parts) < 3:
        return None
    return next((q for q in questionnaire.questions if q.id == parts[1]), None)


def asks(version: Version, question: Question) -> bool:
    """Whether a version asks the question at all (its own, or everyone's, and not left out)."""
    return (not question.versions or version.id in question.versions) \
        and question.id not in version.leave_out


def _cell(version: Version, key: str, question: Question | None) -> Cell:
    if question is not None:
        parts = key.split(".")
        if question.versions and version.id not in question.versions:
            return Cell("", NOT_ASKED)
        if question.id in version.leave_out:
            return Cell("", LEFT_OUT)
        if parts[2] == "statements" and f"{question.id}.{parts[3]}" in version.leave_out:
            return Cell("", LEFT_OUT)
    if key in version.words:
        return Cell(version.words[key])
    if question is not None and key.endswith(".text") and question.versions:
        return Cell("", ONLY_HERE)
    return Cell("", SAME)


def rows(questionnaire: Questionnaire) -> list[Row]:
    """Every text some version shows differently, in page order."""
    found = []
    for key, text in texts_of(questionnaire).items():
        if key.startswith("versions."):
            continue
        question = _question_of(questionnaire, key)
        if question is not None and question.retired:
            continue
        cells = tuple(_cell(v, key, question) for v in questionnaire.versions)
        if any(c.differs and c.said != NOT_ASKED for c in cells) or (
                question is not None and key.endswith(".text") and question.versions):
            place = place_of(questionnaire, key)
            found.append(Row(place[:1].upper() + place[1:], text,
                             question.id if question else "", cells))
    return found


def asked_in(questionnaire: Questionnaire, question: Question) -> str:
    """Which versions ask a question, in words: "Every version", "Only 8 to 12 year olds",
    "Left out of 13 and over"."""
    versions = questionnaire.versions
    asking = [v.name for v in versions if asks(v, question)]
    if len(asking) == len(versions):
        return "Every version"
    if not asking:
        return "No version"
    if question.versions:
        return "Only " + " and ".join(asking)
    return "Left out of " + " and ".join(v.name for v in versions if not asks(v, question))


def name_of(question: Question) -> str:
    """A question in the officer's words, capitalised for the start of a line."""
    place = question_place(question)
    return place[:1].upper() + place[1:]


def changes(old: Questionnaire, new: Questionnaire, t) -> list[str]:
    """What a save does to the versions and to which versions ask each question, in the
    officer's words, for the lines survey.definition.differences gives (which does not look at
    versions): "A new version: ‘8 to 12 year olds’", "The version ‘13 and over’ will change".
    `t` is its Tense (WILL or SAVED)."""
    before = {v.id: v for v in old.versions}
    after = {v.id: v for v in new.versions}
    lines = [f"A new version: \u2018{v.name}\u2019" for i, v in after.items() if i not in before]
    lines += [f"The version \u2018{v.name}\u2019 {t.removed}" for i, v in before.items() if i not in after]
    lines += [f"The version \u2018{before[i].name}\u2019 {t.change}" for i, v in after.items()
              if i in before and v != before[i]]
    was = {q.id: q.versions for q in old.questions}
    lines += [f"{name_of(q)} {t.be} asked in: {asked_in(new, q).lower()}" for q in new.questions
              if q.id in was and q.versions != was[q.id] and not q.retired]
    if not lines and old.translations != new.translations:
        lines.append(f"The translations {t.change}")
    return lines


def describe(old: Questionnaire, new: Questionnaire, tense=differences.WILL) -> list[str]:
    """differences.describe, with what a save changes in the versions for age bands: what the
    builder's form pages and its confirm page say."""
    lines = [line for line in differences.describe(old, new, tense) if line != differences.NOTHING]
    lines += changes(old, new, tense)
    return lines or [differences.NOTHING]
