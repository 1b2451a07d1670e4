"""Synthetic responses for trying out reports: plausible, skewed, and always marked as demo.

How each question type's answers are made up is the table GENERATORS, one entry for every type in
`survey.definition.types.QUESTION_TYPES`; the random numbers are drawn in the same order for the
same seed, so a seeded run gives the same answers every time.
"""
from __future__ import annotations

import random
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any, Callable, Iterator

from survey.definition import OTHER, Question, Questionnaire
from survey.definition.model import comment_item
from survey.definition.journey import kept
from survey.store.responses import Answer

COMMENTS = [
    "More activities in the holidays would help.",
    "I would like to see my social worker more often.",
    "Tell us about changes before they happen, not after.",
    "Help with money and finding a flat when you leave care.",
    "My foster carers are great, I want to stay with them.",
    "Sometimes nobody rings back when I call.",
    "Better help with school work and exams.",
    "Texts or WhatsApp would be better than letters.",
    "More people to talk to about how I feel.",
    "Keep brothers and sisters together where you can.",
    "A newsletter written by young people.",
    "Come to the Children in Care Council and ask us.",
]
OTHER_TEXTS = ["Youth worker", "Teacher", "Grandparent", "Advocate", "Independent visitor"]


def _weights(rng: random.Random, size: int) -> list[float]:
    """A plausible, skewed distribution: most answers near a randomly chosen point."""
    centre = rng.triangular(0, size - 1, size * 0.35)
    return [1.0 / (1.0 + (i - centre) ** 2) for i in range(size)]


def _likert_shape(question: Question, rng: random.Random) -> dict[str, list[float]]:
    """Per statement, how likely each point of the scale is."""
    size = len(question.scale.points)
    shape = {}
    for statement in question.statements:
        # "Don't know" is picked now and then, never most often.
        shape[statement.id] = _weights(rng, size) + ([0.08] if question.scale.dont_know else [])
    return shape


def _likert(question: Question, rng: random.Random, shape: dict) -> Iterator[Answer]:
    for statement in question.statements:
        yield (question.id, statement.id,
               rng.choices(question.scale.choices, shape[statement.id])[0].id)
        if statement.comment and rng.random() < 0.15:
            yield question.id, comment_item(statement.id), rng.choice(COMMENTS)


def _single_shape(question: Question, rng: random.Random) -> list[float]:
    """How likely each option is; "Other" less so."""
    return [rng.uniform(0.2, 1.0) * (0.3 if c.id == OTHER else 1.0) for c in question.choices]


def _single(question: Question, rng: random.Random, shape: list[float]) -> Iterator[Answer]:
    picked = rng.choices(question.choices, shape)[0].id
    yield question.id, "", picked
    if picked == OTHER:
        yield question.id, OTHER, rng.choice(OTHER_TEXTS)


def _multiple(question: Question, rng: random.Random, shape: None) -> Iterator[Answer]:
    for choice in question.choices:
        if rng.random() < 0.3:
            yield question.id, "", choice.id


def _text(question: Question, rng: random.Random, shape: None) -> Iterator[Answer]:
    if rng.random() < (0.5 if question.required else 0.25):
        yield question.id, "", rng.choice(COMMENTS)[: question.max_length]


def _no_shape(question: Question, rng: random.Random) -> None:
    return None


@dataclass(frozen=True)
class Generator:
    """How one type's answers are made up: `shape` once per run (how a question's answers lean,
    the same for every response, so the results look like a real consultation's), then `draw`
    for each response."""

    draw: Callable[[Question, random.Random, Any], Iterator[Answer]]
    shape: Callable[[Question, random.Random], Any] = _no_shape


# A question type's made-up answers, by type name: one entry for every type in QUESTION_TYPES.
GENERATORS: dict[str, Generator] = {
    "likert": Generator(_likert, _likert_shape),
    "single_choice": Generator(_single, _single_shape),
    "multiple_choice": Generator(_multiple),
    "short_text": Generator(_text),
    "long_text": Generator(_text),
}


def demo_responses(questionnaire: Questionnaire, count: int, seed: int | None = None,
                   now: datetime | None = None) -> Iterator[tuple[str, list[Answer], str]]:
    """(submission id, answers, submitted_at) for `count` synthetic responses over four weeks."""
    rng = random.Random(seed)  # nosec B311: made-up demo answers, not a secret; seeded to repeat
    questionnaire = questionnaire.asked  # as young people answer it now
    now = now or datetime.now(timezone.utc)
    shapes = {q.id: GENERATORS[q.type].shape(q, rng) for q in questionnaire.questions}
    for _ in range(count):
        stamp = now - timedelta(minutes=rng.randrange(28 * 24 * 60))
        answers = [a for q in questionnaire.questions
                   for a in GENERATORS[q.type].draw(q, rng, shapes[q.id])]
        answers += [(q.id, comment_item(), rng.choice(COMMENTS)) for q in questionnaire.questions
                    if q.comment and rng.random() < 0.2]
        # As a young person would: questions their answers leave out are never answered.
        grouped: dict[tuple[str, str], list[str]] = {}
        for question_id, item, value in answers:
            grouped.setdefault((question_id, item), []).append(value)
        answers = kept(questionnaire, grouped)
        yield (uuid.UUID(int=rng.getrandbits(128)).hex, answers, stamp.strftime("%Y-%m-%dT%H:%MZ"))
