"""The way through a paged questionnaire, worked out from the answers given so far.

Pure functions over the validated model and a draft's answers ((question id, item) -> values):
which pages and questions are shown (conditions), which required answers are still missing, and
which answers are kept when the response is sent (never those of a question left hidden); and a
condition in an officer's words (paper entry and the builder show them).
"""
from __future__ import annotations

from dataclasses import dataclass

from survey.definition import Question, Questionnaire, Section
from survey.definition.numbering import numbered
from survey.definition.types import answer_items

Answers = dict[tuple[str, str], list[str]]
Answer = tuple[str, str, str]  # (question id, item id, value), as survey.store.responses keeps it


@dataclass(frozen=True)
class Page:
    number: int            # 1-based place among all the sections, shown or not: the page's URL
    section: Section
    questions: tuple[Question, ...]


def shown(part, answers: Answers) -> bool:
    return part.show_if is None or part.show_if.holds(answers)


def pages(questionnaire: Questionnaire, answers: Answers) -> list[Page]:
    """The pages a young person sees, given their answers so far. A condition only names a
    question on an earlier page, so answers on a page never change what that page shows.
    Questions are those asked now (retired ones left out); a page keeps its section's place
    among all the sections as its number, so retiring a page's questions moves no other page.
    With automatic numbering the questions shown are numbered 1, 2, 3... along this path, so a
    page left out leaves no gap; their ids, and so the answers kept, stay as they are."""
    result = []
    asked = {s.id: s for s in questionnaire.asked.sections}
    for number, section in enumerate(questionnaire.sections, start=1):
        section = asked.get(section.id)
        if section is None or not shown(section, answers):
            continue
        questions = tuple(q for q in section.questions if shown(q, answers))
        if questions:
            if questionnaire.numbering == "automatic":
                questions = numbered(questions, "automatic", first=1 + sum(
                    len(p.questions) for p in result))
            result.append(Page(number, section, questions))
    return result


def page(questionnaire: Questionnaire, answers: Answers, number: int) -> Page | None:
    return next((p for p in pages(questionnaire, answers) if p.number == number), None)


def required_items(question: Question) -> list[str]:
    if not question.required:
        return []
    return answer_items(question)


def unanswered(page_: Page, answers: Answers) -> list[Question]:
    return [q for q in page_.questions
            if any(not answers.get((q.id, item)) for item in required_items(q))]


def first_unfinished(questionnaire: Questionnaire, answers: Answers) -> Page | None:
    """The first page shown that still has a required answer missing."""
    return next((p for p in pages(questionnaire, answers) if unanswered(p, answers)), None)


def carry_on(questionnaire: Questionnaire, answers: Answers, reached: int) -> Page | None:
    """Where someone coming back goes: the first page still missing a required answer, or else
    the first page after the furthest they had reached; None: the check page."""
    unfinished = first_unfinished(questionnaire, answers)
    if unfinished is not None and unfinished.number <= reached:
        return unfinished
    return next((p for p in pages(questionnaire, answers) if p.number > reached), unfinished)


def neighbours(questionnaire: Questionnaire, answers: Answers,
               number: int) -> tuple[Page | None, Page | None]:
    shown_pages = pages(questionnaire, answers)
    before = [p for p in shown_pages if p.number < number]
    after = [p for p in shown_pages if p.number > number]
    return (before[-1] if before else None), (after[0] if after else None)


def place(questionnaire: Questionnaire, answers: Answers,
          here: Page) -> tuple[int, int, Page | None]:
    """Where `here` stands among the pages these answers show: (its step, of how many steps,
    the page Back goes to, or None for the first)."""
    shown = pages(questionnaire, answers)
    step = next(i for i, p in enumerate(shown, 1) if p.number == here.number)
    return step, len(shown), shown[step - 2] if step > 1 else None


def most_left(questionnaire: Questionnaire, answers: Answers, here: Page) -> int:
    """The most pages that can still come after `here`: those these answers show, and those
    whose condition names a question on this page or a later one, whose answer is still to come.
    Answering on from here can only lower it, so "up to N more" is never broken (a count of the
    pages shown now can grow: Sefton's "step 1 of 11" became "step 2 of 12" for a care leaver)."""
    page_of = {q.id: number for number, section in enumerate(questionnaire.sections, start=1)
               for q in section.questions}

    def may_show(part) -> bool:
        return (part.show_if is None or page_of.get(part.show_if.question, 0) >= here.number
                or part.show_if.holds(answers))

    asked = {s.id: s for s in questionnaire.asked.sections}
    later = (asked.get(s.id) for s in questionnaire.sections[here.number:])
    return sum(1 for section in later
               if section is not None and may_show(section)
               and any(may_show(q) for q in section.questions))


def kept(questionnaire: Questionnaire, answers: Answers) -> list[Answer]:
    """The answers sent: only those to questions shown, given the final answers."""
    asked = {q.id for p in pages(questionnaire, answers) for q in p.questions}
    return [(q, item, v) for (q, item), values in answers.items() if q in asked for v in values]


def _about(questionnaire, condition) -> tuple[str, list[str]]:
    """What a condition asks about (a question's heading, or a Likert statement's words) and
    the answers it needs, in words."""
    question = questionnaire.question(condition.question)
    if condition.statement:
        statement = next(s for s in question.statements if s.id == condition.statement)
        return statement.text, [question.scale.label_of(v) for v in condition.values]
    return question.heading, [question.label_of(v) for v in condition.values]


def condition_text(questionnaire, condition, done: str = "kept") -> str:
    """A condition as an officer reads it: "Only kept when the answer to ‘Which…’ is A care
    leaver" (on paper entry, where answers are kept or not; the builder says "asked")."""
    if condition is None:
        return ""
    about, labels = _about(questionnaire, condition)
    return f"Only {done} when the answer to ‘{about}’ is {' or '.join(labels)}"


def only_for(questionnaire, condition) -> str:
    """A condition in a few words, for a list of questions: "Only for: 16 or 17 (the answer to
    ‘1. How old are you?’)". Words only: never an id."""
    if condition is None:
        return ""
    about, labels = _about(questionnaire, condition)
    return f"Only for: {' or '.join(labels)} (the answer to ‘{about}’)"
