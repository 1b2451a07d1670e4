"""Question numbers that look after themselves.

A questionnaire's `numbering` (survey.definition.model.NUMBERINGS) says where its numbers come
from. "as written" keeps each question's own `number` (a shipped file's "2a" stays); "off" shows
none; "automatic" numbers the questions asked 1, 2, 3... in order when the definition is loaded,
so moving or removing a question renumbers the rest, and the builder, the results and the
workbook all see the same numbers. A young person's pages go further (survey.definition.journey):
they number the questions along the path that person's answers take, so skipping a conditional
page leaves no gap.

What must stay true: only `number` changes, never an id, so stored answers stay joined to their
questions; a retired question is never asked, so it is never numbered.
"""
from __future__ import annotations

from dataclasses import replace
from typing import Iterable

from survey.definition.model import Question, Section


def numbered(questions: Iterable[Question], numbering: str, first: int = 1) -> tuple[Question, ...]:
    """`questions` with the numbers `numbering` gives them: with "automatic", `first`,
    `first` + 1... in the order given, retired ones left unnumbered; with "off", none; with
    "as written", as they are."""
    questions = tuple(questions)
    if numbering == "as written":
        return questions
    count, out = first - 1, []
    for question in questions:
        number = ""
        if numbering == "automatic" and not question.retired:
            count += 1
            number = str(count)
        out.append(question if question.number == number else replace(question, number=number))
    return tuple(out)


def numbered_sections(sections: Iterable[Section], numbering: str) -> tuple[Section, ...]:
    """The sections with their questions numbered across them as `numbering` says."""
    sections = tuple(sections)
    if numbering == "as written":
        return sections
    numbers = iter(numbered([q for s in sections for q in s.questions], numbering))
    return tuple(replace(s, questions=tuple(next(numbers) for _ in s.questions)) for s in sections)
