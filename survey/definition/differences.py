"""What saving a new version of a definition will do, in the officer's words, and what it must not do.

Pure functions of two models (and the ids that already have answers, `Answered`, read by
survey.store.responses.answered): the builder shows `describe` before anything is saved, says
`describe(..., SAVED)` once it is, and refuses a save `refusals` finds a reason against.

Every sentence names a part by its words, never by its id: a question by its number and text
("Question 2 ‘How old are you?’", or "The question ‘…’" without a number), a statement or an
option by its words and its question, a section by its title. Ids are the app's, not the
officer's: answers are joined by them, so an officer never needs to know one. Words quoted in a
sentence are cut (at a space, with "…") only past `LONGEST` characters.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from survey.definition import Question, Questionnaire
from survey.definition.model import comment_item
from survey.definition.types import QUESTION_TYPES

KEPT = ("Answers already given stay with their questions, statements and answers to pick, even "
        "where the words change.")
NOTHING = "Nothing changes"
# Words quoted in a sentence longer than this are cut at a space, ending "…".
LONGEST = 60
# More changes of one kind than this to the parts of one question are said in one sentence.
MANY = 5
BOX = "\u201cTell us more\u201d box"
OTHER_BOX = "\u201cOther, please say\u201d option"
LAYOUTS = {"pages": "one page at a time, with a check page at the end",
           "one-page": "every question on one page"}
NUMBERING = {"automatic": "numbered in order, by the app", "as written": "numbered as written",
             "off": "not numbered"}


@dataclass(frozen=True)
class Answered:
    """What stored responses have answered: (question, item) pairs and (question, value) pairs
    of choice questions."""

    items: frozenset[tuple[str, str]]
    values: frozenset[tuple[str, str]]
    responses: int


@dataclass(frozen=True)
class Tense:
    """The verbs of a sentence: before a save (`WILL`) or after it (`SAVED`)."""

    be: str
    are: str
    have: str
    reads: str
    read: str       # several parts
    change: str
    removed: str
    gone: str       # several parts
    no_longer: str
    move: str


WILL = Tense("will be", "will be", "will have", "will read", "will read", "will change",
             "will be removed", "will be removed", "will no longer be", "will move to")
SAVED = Tense("is now", "are now", "now has", "now reads", "now read", "has changed",
              "has been removed", "have been removed", "is no longer", "has moved to")


def quoted(text: str) -> str:
    """‘text’, cut at a space before `LONGEST` characters if it is longer."""
    text = " ".join(text.split())
    if len(text) > LONGEST:
        cut = text[:LONGEST].rsplit(" ", 1)[0] if " " in text[:LONGEST] else text[:LONGEST]
        text = cut.rstrip(" ,;:.") + "\u2026"
    return f"\u2018{text}\u2019"


def named(question: Question) -> str:
    """"question 2 ‘How old are you?’", or "the question ‘How old are you?’" if it has no number."""
    if question.number:
        return f"question {question.number} {quoted(question.text)}"
    return f"the question {quoted(question.text)}"


def within(question: Question) -> str:
    """"in question 2", or "in the question ‘…’" if it has no number."""
    return f"in question {question.number}" if question.number else f"in {named(question)}"


def _cap(sentence: str) -> str:
    return sentence[:1].upper() + sentence[1:]


def _date(day: date | None) -> str:
    return f"{day.day} {day:%B %Y}"


def _breakdown(q: Questionnaire, t: Tense) -> str:
    split = q.breakdown_question
    return (f"Results {t.are} split by the answers to {named(split)}" if split
            else f"Each result {t.be} for everyone together, not split by a question")


# The council's details, each said apart: (attribute, what it is called).
ORGANISATION = (("name", "name"), ("contact", "contact details"),
                ("privacy_url", "privacy notice link"), ("colour", "colour"), ("logo", "logo"),
                ("help_text", "\u201cGet help now\u201d words"),
                ("help_url", "\u201cGet help now\u201d link"))

# The consultation's own settings: what each becomes, said for the new version.
SETTINGS = {
    "title": lambda q, t: f"The title {t.be} {quoted(q.title)}",
    "introduction": lambda q, t: f"The introduction {t.change}",
    "opens": lambda q, t: (f"The opening date {t.be} {_date(q.opens)}" if q.opens
                           else f"There {t.be} no opening date"),
    "closes": lambda q, t: (f"The closing date {t.be} {_date(q.closes)}" if q.closes
                            else f"There {t.be} no closing date"),
    "results_by": lambda q, t: (f"The date we tell young people what we did {t.be} "
                                f"{_date(q.results_by)}" if q.results_by
                                else f"There {t.be} no date for telling young people what we did"),
    "layout": lambda q, t: f"The layout {t.be} {LAYOUTS.get(q.layout, q.layout)}",
    "start": lambda q, t: f"The start page {t.change}",
    "breakdown": _breakdown,
    "series": lambda q, t: (f"The series {t.be} {quoted(q.series)}" if q.series
                            else f"It {t.be} in no series"),
    "wave": lambda q, t: (f"The wave {t.be} {quoted(q.wave)}" if q.wave
                          else f"It {t.have} no wave name"),
    "numbering": lambda q, t: f"Questions {t.are} {NUMBERING.get(q.numbering, q.numbering)}",
}


def _boxed(what: str, name: str, was: str, now: str, t: Tense) -> str:
    """A label that may be empty: a "Tell us more" box, an "Other" option."""
    if now and was:
        return f"The label of the {what} of {name} {t.reads} {quoted(now)}"
    if now:
        return _cap(f"{name} {t.have} a {what}: {quoted(now)}")
    return _cap(f"{name} {t.have} no {what}")


def _scale(was: Question, now: Question, name: str, t: Tense) -> str:
    labels = [p.label for p in now.scale.choices] if now.scale else []
    if was.scale and labels == [p.label for p in was.scale.choices]:
        return f"The scale of {name} {t.change}"
    return f"The answers to {name} {t.are}: {', '.join(labels)}"


# What changed in a question kept from the old version: (attribute, the sentence saying it).
QUESTION_CHANGES = (
    ("text", lambda was, now, name, t: _cap(f"{name} {t.reads} {quoted(now.text)}")),
    ("number", lambda was, now, name, t: _cap(f"{name} {t.be} numbered {now.number}" if now.number
                                              else f"{name} {t.have} no number")),
    ("hint", lambda was, now, name, t: (f"The hint of {name} {t.reads} {quoted(now.hint)}"
                                        if now.hint else _cap(f"{name} {t.have} no hint"))),
    ("type", lambda was, now, name, t: _cap(f"{name} {t.be} a different type of question: "
                                            f"{QUESTION_TYPES[now.type].description}")),
    ("required", lambda was, now, name, t: _cap(
        f"{name} {t.be} {'required' if now.required else 'optional'}")),
    ("comment", lambda was, now, name, t: _boxed(BOX, name, was.comment, now.comment, t)),
    ("other", lambda was, now, name, t: _boxed(OTHER_BOX, name, was.other, now.other, t)),
    ("show_if", lambda was, now, name, t: f"Who is asked {name} {t.change}"),
    ("max_length", lambda was, now, name, t: (
        f"The longest answer to {name} {t.be} {now.max_length:,} characters" if now.max_length
        else f"The longest answer to {name} {t.change}")),
    ("scale", _scale),
)


@dataclass(frozen=True)
class PartKind:
    """Statements or options: what they are called and which of their fields are words."""

    name: str
    key: str
    words: str
    asked: str  # "asked" or "offered"


PART_KINDS = (PartKind("statement", "statements", "text", "asked"),
              PartKind("option", "options", "label", "offered"))


def describe(old: Questionnaire, new: Questionnaire, tense: Tense = WILL) -> list[str]:
    """One sentence per change, in the officer's words: "Question 2 ‘How old are you?’ will
    read ‘How old are you now?’". With `SAVED`, said as done: "… now reads …"."""
    t = tense
    lines = [SETTINGS[name](new, t) for name in SETTINGS
             if getattr(old, name) != getattr(new, name)]
    lines += [f"The council\u2019s name {t.be} {quoted(new.organisation.name)}" if name == "name"
              else f"The council\u2019s {words} {t.change}" for name, words in ORGANISATION
              if getattr(old.organisation, name) != getattr(new.organisation, name)]
    lines += _sections(old, new, t)
    lines += _questions(old, new, t)
    return lines or [NOTHING]


def sentences(lines: list[str], most: int = 6) -> str:
    """The lines as sentences in one paragraph (a message after a save): past `most`, the
    first few and how many more."""
    shown = lines if len(lines) <= most else lines[:most - 1]
    text = " ".join(f"{line}." for line in shown)
    more = len(lines) - len(shown)
    return text + (f" And {more} other changes." if more else "")


def _title(section) -> str:
    return quoted(section.title) if section.title else "without a title"


def _sections(old: Questionnaire, new: Questionnaire, t: Tense) -> list[str]:
    before = {s.id: s for s in old.sections}
    after = {s.id: s for s in new.sections}
    lines = []
    for section_id, now in after.items():
        was = before.get(section_id)
        if was is None:
            lines.append(f"A new section: {_title(now)}")
            continue
        name = f"the section {_title(was)}"
        if now.title != was.title:
            lines.append(_cap(f"{name} {t.be} called {_title(now)}"))
        if now.intro != was.intro:
            lines.append(f"The introduction of {name} {t.change}")
        if now.show_if != was.show_if:
            lines.append(f"Who is shown {name} {t.change}")
    lines += [f"The section {_title(was)} {t.removed}" for i, was in before.items() if i not in after]
    if [i for i in before if i in after] != [i for i in after if i in before]:
        lines.append(f"The sections {t.are} in a new order")
    return lines


def _section_of(questionnaire: Questionnaire, question_id: str):
    return next(s for s in questionnaire.sections if any(q.id == question_id for q in s.questions))


def _questions(old: Questionnaire, new: Questionnaire, t: Tense) -> list[str]:
    # Numbered by the app in order both before and after: a new number is no change of its own.
    renumbered = old.numbering == new.numbering == "automatic"
    before = {q.id: q for q in old.questions}
    after = {q.id: q for q in new.questions}
    lines = []
    for question_id, now in after.items():
        was = before.get(question_id)
        if was is None:
            lines.append(f"A new question: {quoted(now.text)}")
            continue
        name = named(was)
        lines += [say(was, now, name, t) for attribute, say in QUESTION_CHANGES
                  if getattr(was, attribute) != getattr(now, attribute)
                  and not (attribute == "number" and renumbered)]
        if now.retired != was.retired:
            lines.append(_cap(f"{name} {t.no_longer} asked (its answers stay in the results)"
                              if now.retired else f"{name} {t.be} asked again"))
        moved_to = _section_of(new, question_id)
        if moved_to.id != _section_of(old, question_id).id:
            lines.append(_cap(f"{name} {t.move} the section {_title(moved_to)}"))
        for kind in PART_KINDS:
            lines += _parts(kind, was, now, t)
    lines += [_cap(f"{named(was)} {t.removed}") for i, was in before.items() if i not in after]
    if [i for i in before if i in after] != [i for i in after if i in before]:
        lines.append(f"The questions {t.are} in a new order")
    return lines


def _parts(kind: PartKind, was: Question, now: Question, t: Tense) -> list[str]:
    """The statements or options of a question kept from the old version: reworded, added,
    removed, retired, asked again, put in a new order. Past `MANY` of one kind of change, one
    sentence lists them."""
    before = {p.id: p for p in getattr(was, kind.key)}
    after = {p.id: p for p in getattr(now, kind.key)}
    where = within(was)
    words = lambda part: getattr(part, kind.words)  # noqa: E731
    reworded = [(before[i], p) for i, p in after.items() if i in before
                and words(p) != words(before[i])]
    added = [p for i, p in after.items() if i not in before]
    removed = [p for i, p in before.items() if i not in after]
    lines = []
    if len(reworded) > MANY:
        lines.append(f"{len(reworded)} {kind.name}s {where} {t.read} differently: "
                     + "; ".join(f"{quoted(words(a))} instead of {quoted(words(b))}"
                                 for b, a in reworded))
    else:
        lines += [f"The {kind.name} {quoted(words(b))} {where} {t.reads} {quoted(words(a))}"
                  for b, a in reworded]
    if len(added) > MANY:
        lines.append(f"{len(added)} new {kind.name}s {where}: "
                     + ", ".join(quoted(words(p)) for p in added))
    else:
        lines += [f"A new {kind.name} {where}: {quoted(words(p))}" for p in added]
    if len(removed) > MANY:
        lines.append(f"{len(removed)} {kind.name}s {where} {t.gone}: "
                     + ", ".join(quoted(words(p)) for p in removed))
    else:
        lines += [f"The {kind.name} {quoted(words(p))} {where} {t.removed}" for p in removed]
    for part_id, part in after.items():
        old_part = before.get(part_id)
        if old_part is None:
            continue
        name = f"the {kind.name} {quoted(words(old_part))} {where}"
        if getattr(part, "comment", "") != getattr(old_part, "comment", ""):
            lines.append(_boxed(BOX, name, old_part.comment, part.comment, t))
        if getattr(part, "counted", True) != getattr(old_part, "counted", True):
            lines.append(_cap(f"{name} {t.be} counted in percentages" if part.counted
                              else f"{name} {t.be} left out of percentages (still counted and reported)"))
        if getattr(part, "safeguarding", False) != getattr(old_part, "safeguarding", False):
            lines.append(_cap(f"{name} {t.be} sent to the safeguarding review when picked"
                              if part.safeguarding
                              else f"{name} {t.no_longer} sent to the safeguarding review"))
        if part.retired != old_part.retired:
            lines.append(_cap(f"{name} {t.no_longer} {kind.asked} (its answers stay in the results)"
                              if part.retired else f"{name} {t.be} {kind.asked} again"))
    if [i for i in before if i in after] != [i for i in after if i in before]:
        lines.append(f"The {kind.name}s {where} {t.are} in a new order")
    return lines


def refusals(old: Questionnaire, new: Questionnaire, done: Answered) -> list[str]:
    """Reasons the new version would lose or misattribute answers already given, naming each
    part by its words."""
    reasons = []
    if new.id != old.id:
        reasons.append(f"The id cannot change from '{old.id}' to '{new.id}'. To make another "
                       "consultation from this one, copy it")
    new_q = {q.id: q for q in new.questions}
    asked = {qid for qid, _ in done.items}
    for question in old.questions:
        if question.id not in asked:
            continue
        name, where = _cap(named(question)), within(question)
        kept = new_q.get(question.id)
        if kept is None:
            reasons.append(f"{name} has answers, so it cannot be removed. You can reword it, or "
                           "retire it (add 'retired: true'): it is no longer asked and its "
                           "answers stay in the results")
            continue
        if kept.type != question.type:
            reasons.append(f"{name} has answers, so its type cannot change from "
                           f"{QUESTION_TYPES[question.type].description} to "
                           f"{QUESTION_TYPES[kept.type].description}")
        if question.comment and not kept.comment and (question.id, comment_item()) in done.items:
            reasons.append(f"{name} has answers in its {BOX}, so the box cannot be taken away. "
                           "You can change its label, or retire the question (add 'retired: true')")
        statements = {s.id: s for s in kept.statements}
        for statement in question.statements:
            said = f"The statement {quoted(statement.text)} {where}"
            if (question.id, statement.id) in done.items and statement.id not in statements:
                reasons.append(f"{said} has answers, so it cannot be removed. You can reword it, "
                               "or retire it (add 'retired: true')")
            now = statements.get(statement.id)
            if (statement.comment and now is not None and not now.comment
                    and (question.id, comment_item(statement.id)) in done.items):
                reasons.append(f"{said} has answers in its {BOX}, so the box cannot be taken "
                               "away. You can change its label, or retire the statement "
                               "(add 'retired: true')")
        options = {c.id for c in kept.choices}
        for choice in question.choices:
            if (question.id, choice.id) in done.values and choice.id not in options:
                reasons.append(f"The option {quoted(choice.label)} {where} has answers, so it "
                               "cannot be removed. You can change its label, or retire it "
                               "(add 'retired: true')")
        if kept.scale and question.scale:
            points = {c.id for c in kept.scale.choices}
            lost = [c.label for c in question.scale.choices if c.id not in points]
            if lost:
                reasons.append(f"{name} has answers, so its scale cannot lose the answers "
                               f"{', '.join(quoted(label) for label in lost)}")
    return reasons
