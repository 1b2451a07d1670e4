"""The words a consultation shows a young person, each with where it is shown, in page order.

One walk over the model, read by whatever needs the council's own words rather than the
product's: the reading level that `survey check` and the builder report (analysis.readability).
It walks the consultation as it is asked now (retired questions, statements and options left
out) and leaves out the product's fixed words (buttons, messages), which are tested apart.
"""
from __future__ import annotations

from typing import Iterator, NamedTuple

from survey.definition.model import Question, Questionnaire


class Shown(NamedTuple):
    where: str   # "title", "section 2 title", "question 3, a statement", ...
    text: str


# Words of a question's text that name it where it has no number.
NAMING_WORDS = 8


def question_place(question: Question) -> str:
    """How an officer finds a question, in the words they see on its pages (never an id): its
    number, or the start of its words."""
    if question.number:
        return f"question {question.number}"
    words = question.text.split()
    named = " ".join(words[:NAMING_WORDS]) + ("\u2026" if len(words) > NAMING_WORDS else "")
    return f"the question \u2018{named}\u2019"


def _question(question: Question) -> Iterator[Shown]:
    place = question_place(question)
    yield Shown(place, question.text)
    if question.hint:
        yield Shown(f"{place}, its hint", question.hint)
    for statement in question.statements:
        yield Shown(f"{place}, a statement", statement.text)
        if statement.comment:
            yield Shown(f"{place}, a statement\u2019s \u201cTell us more\u201d box", statement.comment)
    for choice in question.choices:
        yield Shown(f"{place}, an answer to pick", choice.label)
    if question.scale:
        for point in question.scale.choices:
            yield Shown(f"{place}, a point of its scale", point.label)
    if question.comment:
        yield Shown(f"{place}, its \u201cTell us more\u201d box", question.comment)


def shown_text(questionnaire: Questionnaire) -> Iterator[Shown]:
    """Every piece of the consultation's own text a young person can be shown, in page order:
    title, introduction, start page, then each section's title and introduction and its
    questions (text, hint, statements, options, scale points, "Tell us more" labels). Empty
    pieces are skipped."""
    asked = questionnaire.asked
    start = asked.start
    pieces = [Shown("title", asked.title), Shown("introduction", asked.introduction),
              Shown("start page: about", start.about), Shown("start page: who reads", start.who_reads),
              Shown("start page: time", start.time)]
    for number, section in enumerate(asked.sections, 1):
        pieces += [Shown(f"section {number}, its title", section.title),
                   Shown(f"section {number}, its introduction", section.intro)]
        for question in section.questions:
            pieces += _question(question)
    yield from (piece for piece in pieces if piece.text and piece.text.strip())
