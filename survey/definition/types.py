"""The question types a definition can use, as data: one row each, read by every stage.

A row says what the loader accepts (the keys a type takes and needs) and what every later stage
needs to know about its answers: whether they are picked from the question's own options or from
a scale, once per statement or once for the question, one value or many, or written in the young
person's own words. The functions below work out from those facts which items a question's
answers are stored under and which values they can take, so the form (and paper entry, which
uses it), the way through the pages, the loader's conditions and the summary agree. Code
outside this module asks the row (`type_of(question).many`), never the type's name, except in
the per-layer tables keyed by it below.

Adding a type takes:
1. a row in QUESTION_TYPES here (its keys and the facts about its answers);
2. its own behaviour in each layer that shows or makes answers, one entry per table keyed by the
   type's name: the WTForms fields (`survey.respond.form.FIELD_TYPES`), the GOV.UK block the page
   shows (`survey.respond.render.BLOCK_TYPES`) and the made-up answers of a demo
   (`survey.store.demo.GENERATORS`). An entry is one line when the type is asked like an existing
   one (`_text(StringField)`), else one small function. tests/definition/test_question_types.py fails,
   naming the table, while one of them has no entry for a type;
3. its line in the README's table of question types (tests/test_docs.py checks it is there).
The loader, the builder (its question page, conditions, breakdown and scale pages), the
safeguarding check, the summary, the waves and the exports read only the row: they need nothing
more.
"""
from __future__ import annotations

from dataclasses import dataclass

from survey.definition.model import OTHER, Choice, Question, comment_item


@dataclass(frozen=True)
class QuestionType:
    name: str
    description: str
    # What officers see beside a question of this type, for example when picking the question a
    # condition depends on.
    label: str
    keys: frozenset[str] = frozenset()
    needs: frozenset[str] = frozenset()
    default_max_length: int | None = None
    # Several values stored under the question's one item (ticked boxes), not one.
    many: bool = False

    @property
    def free_text(self) -> bool:
        """Answered in the young person's own words (a text box), not by picking."""
        return self.default_max_length is not None

    @property
    def on_options(self) -> bool:
        """Answered by picking among the question's own options (and "Other", if it has one)."""
        return "options" in self.keys

    @property
    def on_scale(self) -> bool:
        """Answered on a scale: the scale's points are the values, summed up as on a scale."""
        return "scale" in self.keys

    @property
    def by_statement(self) -> bool:
        """Answered once per statement, each answer stored under the statement's id."""
        return "statements" in self.keys

    @property
    def picked(self) -> bool:
        """Answered by picking from a known list, so a condition can name the answers."""
        return self.on_options or self.on_scale

    @property
    def splits_results(self) -> bool:
        """One option picked for the whole question: results can be split by it (breakdown)."""
        return self.on_options and not self.many and not self.by_statement


# Every type takes these; "comment" adds a "Tell us more" box, "show_if" a condition,
# "retired: true" stops asking it while keeping its answers in the results.
COMMON_KEYS = frozenset({"id", "type", "text", "number", "hint", "required", "comment", "show_if",
                         "retired", "versions"})

QUESTION_TYPES: dict[str, QuestionType] = {
    t.name: t
    for t in (
        QuestionType(
            "single_choice",
            "pick one option (radios), optionally with 'Other, please say'",
            "Pick one answer",
            keys=frozenset({"options", "other"}),
            needs=frozenset({"options"}),
        ),
        QuestionType(
            "multiple_choice",
            "pick any number of options (checkboxes)",
            "Pick any answers",
            keys=frozenset({"options", "other"}),
            needs=frozenset({"options"}),
            many=True,
        ),
        QuestionType(
            "likert",
            "a list of statements, each answered on the same scale",
            "Statements on a scale",
            keys=frozenset({"scale", "statements"}),
            needs=frozenset({"scale", "statements"}),
        ),
        QuestionType(
            "short_text",
            "a one-line text answer",
            "A short written answer",
            keys=frozenset({"max_length"}),
            default_max_length=200,
        ),
        QuestionType(
            "long_text",
            "a longer text answer in a box",
            "A longer written answer",
            keys=frozenset({"max_length"}),
            default_max_length=2000,
        ),
    )
}

# Text answers are refused above this, far below Excel's 32,767-character cell limit.
MAX_TEXT_LENGTH = 10_000
# The "Other, please say" box.
OTHER_TEXT_LENGTH = 200



def type_of(question: Question) -> QuestionType:
    """The row of a validated question's type (the loader accepts no other)."""
    return QUESTION_TYPES[question.type]


def answer_items(question: Question) -> list[str]:
    """The items a question's own answer is stored under: each statement's id for a question
    answered by statement, else "" (the question's one item). "Other" texts and "Tell us more"
    comments come on top: `items_of`."""
    return [s.id for s in question.statements] if type_of(question).by_statement else [""]


def items_of(question: Question) -> list[str]:
    """Every item a question's answers can be stored under as it is defined now, in the order
    asked: its answers, "Other", then the statements' and the question's "Tell us more"."""
    items = answer_items(question)
    if question.other:
        items.append(OTHER)
    items += [comment_item(s.id) for s in question.statements if s.comment]
    if question.comment:
        items.append(comment_item())
    return items


def text_items(question: Question) -> list[str]:
    """Every item of a question that can hold words a young person wrote, in the order the
    comments are listed: its own text, "Other", "Tell us more", then each statement's. Whether
    the definition has the box now does not matter: an answer given under an earlier version
    keeps what was written."""
    qtype = type_of(question)
    items = [""] if qtype.free_text else []
    if "other" in qtype.keys:
        items.append(OTHER)
    items.append(comment_item())
    return items + [comment_item(s.id) for s in question.statements]


def answer_choices(question: Question) -> tuple[Choice, ...]:
    """The values a picked answer can take: the scale's points (with "Don't know") or the
    question's options (with "Other"); none for a written answer."""
    qtype = type_of(question)
    if qtype.on_scale:
        return question.scale.choices if question.scale else ()
    return question.choices if qtype.on_options else ()


def safeguarding_picks(questionnaire, rows) -> list[tuple[Question, str, Choice]]:
    """(question, item, choice) of every answer among `rows` ((question id, item id, value),
    as stored) that picked an option or scale point marked `safeguarding: true`, in the order
    given. Only a question's own answer items count: an "Other" text or a "Tell us more"
    comment that happens to equal a choice's id is words, not a pick. The store flags these
    for review (survey.store.flags) and the young person's next page offers help; both ask
    here, so they cannot disagree."""
    marked = {q.id: q for q in questionnaire.questions
              if any(c.safeguarding for c in answer_choices(q))}
    found = []
    for question_id, item_id, value in rows:
        question = marked.get(question_id)
        if question is None or item_id not in answer_items(question):
            continue
        choice = next((c for c in answer_choices(question) if c.id == value), None)
        if choice is not None and choice.safeguarding:
            found.append((question, item_id, choice))
    return found
