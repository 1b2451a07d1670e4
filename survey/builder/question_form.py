"""The change-question page's form: one page for every question type, and its rows of options and
statements edited without JavaScript.

What the page shows for a type comes from the keys the type takes (`QUESTION_TYPES`): a type
with "options" gets option rows, one with "scale" a choice of scale, one with "max_length" a
longest answer, and so on; nothing here names a question type. "Add another", "Move up", "Move
down" and "Remove" are submit buttons that send the whole form back and get the page again with
the rows changed: nothing is saved until "Save". Ids of existing options and statements travel in
hidden fields and must be the question's own: answers are joined to them, so they never change,
and an id the question does not have (stale, or forged) is never taken as a new part: the page
comes back as the question is now (`Stale`).

A question on a scale picks one of the scales it can use, or "Make a new scale" (`scales.NEW`),
whose boxes are on the same page: the question is saved using the new scale in one go, and the
scale is kept with it (a scale lives in the questions that use it). A new question can also
start from a preset (`PRESETS`): an existing type with its options filled in, which the officer
changes like any others.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Callable

from flask import abort

from survey.definition.differences import Answered
from survey.definition import BUILTIN_SCALES, OTHER, Choice, Question, Questionnaire, Scale, Statement
from survey.definition.dump import own_scales
from survey.definition.types import MAX_TEXT_LENGTH, QuestionType
from survey.builder import scales as scale_form
from survey.builder.ids import free_id, slug
from survey.store.definitions import UsedIds
from survey.web.form_errors import FieldError, clean_text

# Enough for any real question, and within the app's limit on the parts of one form.
MOST_ROWS = 50
# Blank rows a new question starts with.
START_ROWS = 3  # most questions have three or more answers: no reload needed for them
# A row button: "add-option", "option-up-3", "statement-remove-2" (rows count from 1).
ACTION = re.compile(
    r"^(?:add-(?P<added>[a-z]+)|(?P<kind>[a-z]+)-(?P<move>up|down|remove)-(?P<n>[0-9]{1,3}))$")
WHOLE_NUMBER = re.compile(r"^[0-9]{1,6}$")
# An option's or a scale point's box (survey.builder.scales uses the same words).
SAFEGUARDING = scale_form.SAFEGUARDING
SAFEGUARDING_ADVICE = scale_form.SAFEGUARDING_ADVICE


@dataclass(frozen=True)
class Cell:
    """One field of a row: its name in the form (`option-3-label`) and the attribute it sets."""

    name: str
    attribute: str
    label: str
    flag: bool = False     # a checkbox
    inverse: bool = False  # ticked sets the attribute False: "not counted" is counted: false

    def shown(self, part) -> str | bool:
        value = getattr(part, self.attribute)
        return not value if self.inverse else value

    def model(self, value: str | bool) -> str | bool:
        return not value if self.inverse else value


@dataclass(frozen=True)
class RowKind:
    """Options or statements: how their rows are named, shown and made into the model's parts."""

    name: str            # "option": the rows' names in the form and in messages
    key: str             # "options": the type key and the Question attribute
    title: str           # the heading over the rows
    make: Callable       # Choice or Statement
    cells: tuple[Cell, ...]  # the first is the row's words: a new row without them is left out
    new_id: Callable[[str, set[str]], str]
    answers: str         # which set of `changes.Answered` says a part has answers
    advice: str          # shown once above the rows
    reserved: frozenset[str] = frozenset()  # ids a new part may never take

    @property
    def words(self) -> Cell:
        return self.cells[0]

    def field(self, n: int, cell: Cell | str) -> str:
        return f"{self.name}-{n}-{getattr(cell, 'name', cell)}"

    def flag_items(self, n: int, row: "Row") -> list[dict]:
        """The row's checkboxes, as the GOV.UK checkboxes component takes them."""
        return [{"name": self.field(n, c), "value": "yes", "text": c.label,
                 "checked": bool(row.values[c.name])}
                for c in self.cells if c.flag]


ROW_KINDS: dict[str, RowKind] = {kind.key: kind for kind in (
    RowKind("option", "options", "Options", Choice, (
        Cell("label", "label", "Words young people see"),
        Cell("not-counted", "counted", "Not counted in percentages", flag=True, inverse=True),
        Cell("retired", "retired", "No longer offered", flag=True),
        Cell("safeguarding", "safeguarding", SAFEGUARDING, flag=True)),
        lambda words, taken: free_id(slug(words, "option"), taken), "values",
        "Tick \u201cNot counted in percentages\u201d for an answer such as \u201cI\u2019d prefer "
        "not to say\u201d: it is counted and reported, but left out of the percentages. Tick "
        "\u201cNo longer offered\u201d to stop offering an option: answers already given stay in "
        "the results. An option with answers cannot be removed. " + SAFEGUARDING_ADVICE,
        frozenset({OTHER})),
    RowKind("statement", "statements", "Statements", Statement, (
        Cell("text", "text", "Statement"),
        Cell("comment", "comment", "\u201cTell us more\u201d box label (optional)"),
        Cell("retired", "retired", "No longer asked", flag=True)),
        lambda words, taken: free_id(slug(words, "statement"), taken), "items",
        "A \u201cTell us more\u201d label adds an optional box under that statement; leave it "
        "empty for none. Tick \u201cNo longer asked\u201d to stop asking a statement: answers "
        "already given stay in the results. A statement with answers cannot be removed."),
)}


@dataclass(frozen=True)
class Box:
    """A text field of the question itself; `key`: the type key it belongs to ("" for all)."""

    name: str
    label: str
    hint: str = ""
    key: str = ""
    classes: str = ""
    rows: int = 0  # a box of this many lines; 0: one line


LONGEST_NUMBER = 10  # "12b" or "3.1": a number is a short label, never a paragraph

BOXES = (
    Box("text", "Question", rows=2),
    Box("number", "Number (optional)", "Shown before the question, for example 3 or 3a",
        classes="govuk-input--width-5"),
    Box("hint", "Hint (optional)", "A few words under the question to help young people answer"),
    Box("other", "\u201cOther, please say\u201d option (optional)",
        "Adds a last option with a box to say more, for example \u201cOther\u201d. Leave it "
        "empty for none.", key="other"),
    Box("max_length", "Longest answer, in characters",
        f"A whole number, at most {MAX_TEXT_LENGTH:,}", key="max_length",
        classes="govuk-input--width-5"),
    Box("comment", "\u201cTell us more\u201d box label (optional)",
        "Adds an optional box under the question for anything else. Leave it empty for none."),
)


@dataclass
class Row:
    id: str                          # "" for a row not saved yet
    values: dict[str, str | bool]
    answered: bool = False           # it has answers: it can be retired, not removed


@dataclass
class Draft:
    """The page as typed: the question's own fields, its rows by kind key, and the boxes of
    "Make a new scale" (for a type on a scale)."""

    values: dict[str, str]
    rows: dict[str, list[Row]]
    scale: scale_form.Draft | None = None


@dataclass(frozen=True)
class Preset:
    """A choice on the "what type of question" page that is an existing type started with its
    options filled in: nothing after that page knows it was a preset."""

    name: str                  # in the page's address, in place of a type's name
    text: str                  # on the type page and the question page
    type: str                  # the question type it makes
    options: tuple[str, ...] = field(default=())


# A yes/no question is answered, summed up, split by and asked about as any single choice, so it
# is one (a new type would add nothing the model or the results need).
PRESETS: dict[str, Preset] = {p.name: p for p in (
    Preset("yes_no", "Yes or no (pick one of Yes, No and Not sure)", "single_choice",
           ("Yes", "No", "Not sure")),
)}


def plain(qtype: QuestionType) -> str:
    """The type in plain words: its description, as a sentence."""
    return qtype.description[:1].upper() + qtype.description[1:]


def new_question(questionnaire: Questionnaire, qtype: QuestionType) -> Question:
    """A blank question of this type with the next number. Its id is "" until it is saved:
    `question_from` makes it from the question's words."""
    numbers = [q.number for q in questionnaire.questions if q.number]
    number = str(max(map(int, numbers)) + 1) if numbers and all(
        n.isascii() and n.isdigit() for n in numbers) else ""
    return Question("", qtype.name, "", number=number, max_length=qtype.default_max_length)


def boxes_for(qtype: QuestionType) -> list[Box]:
    return [box for box in BOXES if not box.key or box.key in qtype.keys]


def kinds_for(qtype: QuestionType) -> list[RowKind]:
    return [kind for key, kind in ROW_KINDS.items() if key in qtype.keys]


def scales_for(questionnaire: Questionnaire) -> dict[str, Scale]:
    """The scales a question can use: the built-in ones, then the questionnaire's own."""
    return {**BUILTIN_SCALES, **own_scales(questionnaire)}


def scale_items(questionnaire: Questionnaire, chosen: str) -> list[dict]:
    """The scales a question can use as GOV.UK radios take them: each one's answers in plain
    words, and the one kept out of the percentages. The page adds "Make a new scale" after."""
    items = []
    for name, scale in scales_for(questionnaire).items():
        hint = "Built in" if name in BUILTIN_SCALES else "Made for this consultation"
        if scale.dont_know:
            hint += f". \u2018{scale.dont_know.label}\u2019 is counted but kept out of the percentages"
        items.append({"value": name, "text": ", ".join(p.label for p in scale.points),
                      "hint": {"text": hint}, "checked": name == chosen})
    return items


def _blank(kind: RowKind) -> Row:
    return Row("", {cell.name: False if cell.flag else "" for cell in kind.cells})


def draft_of(question: Question, qtype: QuestionType, done: Answered, new: bool,
             preset: Preset | None = None) -> Draft:
    """The page for a question as it is now (or a new one, with blank rows to fill in, or the
    preset's options as new rows)."""
    values = {box.name: str(getattr(question, box.name) or "") for box in boxes_for(qtype)}
    values["required"] = "yes" if question.required else "no"
    values["scale"] = question.scale.id if question.scale else ""
    rows = {}
    for kind in kinds_for(qtype):
        answered = getattr(done, kind.answers)
        rows[kind.key] = [Row(part.id, {c.name: c.shown(part) for c in kind.cells},
                              (question.id, part.id) in answered)
                          for part in getattr(question, kind.key)]
        if new and preset and kind.key == "options":
            rows[kind.key] += [Row("", {**_blank(kind).values, kind.words.name: words})
                               for words in preset.options]
        elif new:
            rows[kind.key] += [_blank(kind) for _ in range(START_ROWS)]
    return Draft(values, rows, scale_form.for_question() if "scale" in qtype.keys else None)


class Stale(Exception):
    """The page names a row the question no longer has: changed in another window or tab."""


def read_draft(form, qtype: QuestionType, question: Question, done: Answered) -> Draft:
    """The page as sent back. A row count the page could not have sent: 400. A row id that is
    not the question's (any more), or sent twice: Stale."""
    values = {box.name: clean_text(form.get(box.name, "")) for box in boxes_for(qtype)}
    values["required"] = "yes" if form.get("required") == "yes" else "no"
    values["scale"] = form.get("scale", "")
    rows = {}
    for kind in kinds_for(qtype):
        number = form.get(f"{kind.name}-count", "")
        if not number.isascii() or not number.isdigit() or int(number) > MOST_ROWS:
            abort(400)
        own = {part.id for part in getattr(question, kind.key)}
        answered = getattr(done, kind.answers)
        found, seen = [], set()
        for n in range(1, int(number) + 1):
            part_id = form.get(kind.field(n, "id"), "")
            if part_id and (part_id not in own or part_id in seen):
                raise Stale(part_id)
            seen.add(part_id)
            typed = {c.name: kind.field(n, c) in form if c.flag
                     else clean_text(form.get(kind.field(n, c), "")) for c in kind.cells}
            found.append(Row(part_id, typed, bool(part_id) and (question.id, part_id) in answered))
        rows[kind.key] = found
    new_scale = (scale_form.posted(form, "", scale_form.IN_QUESTION) if "scale" in qtype.keys
                 else None)
    return Draft(values, rows, new_scale)


def moved(items: list, index: int, step: int) -> list:
    """`items` with the one at `index` swapped with its neighbour; a move off the end is 400."""
    other = index + step
    if not (0 <= index < len(items) and 0 <= other < len(items)):
        abort(400)
    items = list(items)
    items[index], items[other] = items[other], items[index]
    return items


STEPS = {"up": -1, "down": 1}
NEW_POINT = "add-point"  # "Add another point" to the new scale


def act(draft: Draft, action: str) -> list[FieldError]:
    """Do what a row button asks to the draft's rows. An unknown button or row is 400."""
    if action == NEW_POINT and draft.scale is not None:
        return scale_form.add_point(draft.scale)
    found = ACTION.match(action or "")
    name = found and (found["added"] or found["kind"])
    kind = next((k for k in ROW_KINDS.values() if k.name == name and k.key in draft.rows), None)
    if kind is None:
        abort(400)
    rows = draft.rows[kind.key]
    if found["added"]:
        if len(rows) >= MOST_ROWS:
            return [FieldError(kind.key, f"A question can have at most {MOST_ROWS} {kind.key}")]
        rows.append(_blank(kind))
        return []
    index = int(found["n"]) - 1
    if found["move"] == "remove":
        if not 0 <= index < len(rows):
            abort(400)
        del rows[index]
    else:
        draft.rows[kind.key] = moved(rows, index, STEPS[found["move"]])
    return []


def _text(draft: Draft, qtype: QuestionType, base: Question, scales, key: str, used: UsedIds):
    return draft.values[key], []


def _scale(draft: Draft, qtype: QuestionType, base: Question, scales, key: str, used: UsedIds):
    if draft.values["scale"] == scale_form.NEW and draft.scale is not None:
        return scale_form.made_in_question(draft.scale, scales)
    chosen = scales.get(draft.values["scale"])
    if chosen is None:
        return base.scale, [FieldError("scale", "Select the scale young people answer on")]
    return chosen, []


def _max_length(draft: Draft, qtype: QuestionType, base: Question, scales, key: str, used: UsedIds):
    typed = draft.values["max_length"].replace(",", "")
    if not typed:
        return qtype.default_max_length, []
    if not WHOLE_NUMBER.match(typed) or int(typed) < 1:
        return base.max_length, [FieldError("max_length", "Enter the longest answer as a whole "
                                            "number of characters, for example 500")]
    if int(typed) > MAX_TEXT_LENGTH:
        return base.max_length, [FieldError(
            "max_length", f"The longest answer can be at most {MAX_TEXT_LENGTH:,} characters")]
    return int(typed), []


def _parts(draft: Draft, qtype: QuestionType, base: Question, scales, key: str, used: UsedIds):
    """The rows as the model's options or statements: new ones get ids made from their words,
    never one the question has had in any version (`used`), blank new ones are left out,
    existing ones keep theirs."""
    kind = ROW_KINDS[key]
    before = {part.id: part for part in getattr(base, key)}
    rows = draft.rows[key]
    # The young person's form names a part's field "<question>-<part>": never one that is
    # another question's id.
    taken = (set(before) | {row.id for row in rows if row.id} | kind.reserved
             | {part for question, part in used.parts if question == base.id}
             | {other.removeprefix(f"{base.id}-") for other in used.questions
                if other.startswith(f"{base.id}-")})
    parts, errors = [], []
    for n, row in enumerate(rows, 1):
        words = row.values[kind.words.name]
        if not row.id and not words:
            continue
        if not words:
            errors.append(FieldError(kind.field(n, kind.words),
                                     f"Enter the words of {kind.name} {n}, or remove it"))
            continue
        made = {cell.attribute: cell.model(row.values[cell.name]) for cell in kind.cells}
        if row.id:
            parts.append(replace(before[row.id], **made))
        else:
            part_id = kind.new_id(words, taken)
            taken.add(part_id)
            parts.append(kind.make(id=part_id, **made))
    if not parts and not errors:
        errors.append(FieldError(kind.key, f"Enter at least one {kind.name}"))
    return tuple(parts), errors


# Type key -> how the page's fields become that attribute of the question, in the page's order.
READERS = {"scale": _scale, "options": _parts, "statements": _parts, "other": _text,
           "max_length": _max_length}


def question_from(draft: Draft, qtype: QuestionType, base: Question, scales: dict[str, Scale],
                  used: UsedIds) -> tuple[Question, list[FieldError]]:
    """The question the page describes, built on `base` (so its id, show_if and retired stay),
    and what must be fixed first. A new question (`base.id` is "") gets an id made from its
    words that no version of the consultation has used (`used`): a reworded question keeps
    its id, and a removed one's id is never given to another."""
    values = draft.values
    errors = [] if values["text"] else [FieldError("text", "Enter the question")]
    if not base.id:  # nor the name of another question's part's field (see `_parts`)
        taken = used.questions | {f"{question}-{part}" for question, part in used.parts}
        base = replace(base, id=free_id(slug(values["text"] or qtype.name, "question"), taken))
    if len(values["number"]) > LONGEST_NUMBER:
        errors.append(FieldError("number", f"The number can be at most {LONGEST_NUMBER} "
                                           "characters, for example 3 or 3a"))
    changed = {name: values[name] for name in ("text", "number", "hint", "comment")}
    changed["required"] = values["required"] == "yes"
    for key in (key for key in READERS if key in qtype.keys):
        changed[key], problems = READERS[key](draft, qtype, base, scales, key, used)
        errors += problems
    return replace(base, **changed), errors
