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
    where: str   # "title", "section 'about-you' title", "question 3 (q3) statement s1", ...
    text: str


def question_place(question: Question) -> str:
    """How an officer finds a question: its number and id, or its id alone."""
    return f"question {question.number} ({question.id})" if question.number else f"question {question.id}"


def _question(question: Question) -> Iterator[Shown]:
    place = question_place(question)
    yield Shown(place, question.text)
    if question.hint:
        yield Shown(f"{place} hint", question.hint)
    for statement in question.statements:
        yield Shown(f"{place} statement {statement.id}", statement.text)
        if statement.comment:
            yield Shown(f"{place} statement {statement.id} comment box", statement.comment)
    for choice in question.choices:
        yield Shown(f"{place} option {choice.id}", choice.label)
    if question.scale:
        for point in question.scale.choices:
            yield Shown(f"{place} scale {question.scale.id}", point.label)
    if question.comment:
        yield Shown(f"{place} comment box", question.comment)


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
    for section in asked.sections:
        pieces += [Shown(f"section '{section.id}' title", section.title),
                   Shown(f"section '{section.id}' introduction", section.intro)]
        for question in section.questions:
            pieces += _question(question)
    yield from (piece for piece in pieces if piece.text and piece.text.strip())
