"""What saving a new version of a definition will do, in plain words, and what it must not do.

Pure functions of two models (and the ids that already have answers, `Answered`, read by
survey.store.responses.answered): the builder shows `describe` before anything is saved, and
refuses a save `refusals` finds a reason against.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from survey.definition import Questionnaire
from survey.definition.model import comment_item
from survey.definition.numbering import numbered_sections

SETTINGS = (("title", "title"), ("introduction", "introduction"),
            ("organisation", "council's details"), ("opens", "opening date"),
            ("closes", "closing date"), ("layout", "layout"), ("start", "start page"),
            ("breakdown", "question results are split by"), ("series", "series"), ("wave", "wave"))
SETTINGS += (("numbering", "question numbering"),)
KEPT = "Answers already given stay attached to their questions by id."
NOTHING = "Nothing changes"


@dataclass(frozen=True)
class Answered:
    """What stored responses have answered: (question, item) pairs and (question, value) pairs
    of choice questions."""

    items: frozenset[tuple[str, str]]
    values: frozenset[tuple[str, str]]
    responses: int


def _count(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _listed(n: int, word: str, verb: str, ids: list[str]) -> str:
    return f"{_count(n, word)} {verb}: {', '.join(ids)}"


def describe(old: Questionnaire, new: Questionnaire) -> list[str]:
    """One sentence per kind of change, for example "2 questions reworded: q1, q3"."""
    if old.numbering == new.numbering == "automatic":  # numbers follow the order: not a rewording
        old, new = (replace(q, sections=numbered_sections(q.sections, "off")) for q in (old, new))
    lines = [f"The {label} changes" for name, label in SETTINGS
             if getattr(old, name) != getattr(new, name)]
    lines += _parts("section", {s.id: s for s in old.sections}, {s.id: s for s in new.sections},
                    lambda s: (s.title, s.intro), lambda s: (s.show_if,))
    old_q = {q.id: q for q in old.questions}
    new_q = {q.id: q for q in new.questions}
    lines += _parts("question", old_q, new_q, lambda q: (q.text, q.hint, q.number),
                    lambda q: (q.type, q.required, q.comment, q.show_if, q.max_length, q.other,
                               q.scale))
    lines += _retirements("question", [(qid, old_q[qid], new_q[qid]) for qid in new_q if qid in old_q])
    moved = [qid for qid in new_q if qid in old_q and _section_of(old, qid) != _section_of(new, qid)]
    if moved:
        lines.append(_listed(len(moved), "question", "moved to another section", moved))
    for kind, get in (("statement", lambda q: q.statements), ("option", lambda q: q.options)):
        added, removed, changed, kept = [], [], [], []
        for qid in set(old_q) & set(new_q):
            before = {p.id: p for p in get(old_q[qid])}
            after = {p.id: p for p in get(new_q[qid])}
            added += [f"{qid}/{i}" for i in after if i not in before]
            removed += [f"{qid}/{i}" for i in before if i not in after]
            changed += [f"{qid}/{i}" for i in after if i in before
                        and replace(after[i], retired=False) != replace(before[i], retired=False)]
            kept += [(f"{qid}/{i}", before[i], after[i]) for i in after if i in before]
        word = "reworded" if kind == "statement" else "relabelled"
        for ids, verb in ((changed, word), (added, "added"), (removed, "removed")):
            if ids:
                lines.append(_listed(len(ids), kind, verb, sorted(ids)))
        lines += _retirements(kind, sorted(kept, key=lambda k: k[0]))
    return lines or [NOTHING]


def _retirements(kind: str, pairs: list[tuple[str, object, object]]) -> list[str]:
    """ "1 statement retired (no longer asked; its answers stay in the results): q5/s3", and
    the same for parts asked again. `pairs`: (name, before, after) of parts in both versions."""
    lines = []
    retired = [name for name, before, after in pairs if after.retired and not before.retired]
    back = [name for name, before, after in pairs if before.retired and not after.retired]
    if retired:
        lines.append(_listed(len(retired), kind,
                             "retired (no longer asked; answers already given stay in the results)",
                             retired))
    if back:
        lines.append(_listed(len(back), kind, "asked again", back))
    return lines


def _section_of(questionnaire: Questionnaire, question_id: str) -> str:
    return next(s.id for s in questionnaire.sections if any(q.id == question_id for q in s.questions))


def _parts(kind, before: dict, after: dict, wording, settings) -> list[str]:
    lines = []
    reworded = [i for i in after if i in before and wording(after[i]) != wording(before[i])]
    changed = [i for i in after if i in before and settings(after[i]) != settings(before[i])]
    added = [i for i in after if i not in before]
    removed = [i for i in before if i not in after]
    common_before = [i for i in before if i in after]
    common_after = [i for i in after if i in before]
    for ids, verb in ((reworded, "reworded"), (changed, "with other settings changed"),
                      (added, "added"), (removed, "removed")):
        if ids:
            lines.append(_listed(len(ids), kind, verb, ids))
    if common_before != common_after:
        lines.append(f"The {kind}s are put in a new order")
    return lines


def refusals(old: Questionnaire, new: Questionnaire, done: Answered) -> list[str]:
    """Reasons the new version would lose or misattribute answers already given."""
    reasons = []
    if new.id != old.id:
        reasons.append(f"The id cannot change from '{old.id}' to '{new.id}'. To make another "
                       "consultation from this one, copy it")
    new_q = {q.id: q for q in new.questions}
    asked = {qid for qid, _ in done.items}
    for question in old.questions:
        if question.id not in asked:
            continue
        kept = new_q.get(question.id)
        if kept is None:
            reasons.append(f"Question '{question.id}' has answers, so it cannot be removed. "
                           "You can reword it, or retire it (add 'retired: true'): it is no "
                           "longer asked and its answers stay in the results")
            continue
        if kept.type != question.type:
            reasons.append(f"Question '{question.id}' has answers, so its type cannot change "
                           f"from {question.type} to {kept.type}")
        if question.comment and not kept.comment and (question.id, comment_item()) in done.items:
            reasons.append(f"Question '{question.id}' has answers in its \u201cTell us more\u201d "
                           "box, so the box cannot be taken away. You can change its label, or "
                           "retire the question (add 'retired: true')")
        statements = {s.id: s for s in kept.statements}
        for statement in question.statements:
            if (question.id, statement.id) in done.items and statement.id not in statements:
                reasons.append(f"Statement '{statement.id}' of question '{question.id}' has "
                               "answers, so it cannot be removed. You can reword it, or retire it "
                               "(add 'retired: true')")
            now = statements.get(statement.id)
            if (statement.comment and now is not None and not now.comment
                    and (question.id, comment_item(statement.id)) in done.items):
                reasons.append(f"Statement '{statement.id}' of question '{question.id}' has "
                               "answers in its \u201cTell us more\u201d box, so the box cannot be "
                               "taken away. You can change its label, or retire the statement "
                               "(add 'retired: true')")
        options = {c.id for c in kept.choices}
        for choice in question.choices:
            if (question.id, choice.id) in done.values and choice.id not in options:
                reasons.append(f"Option '{choice.id}' of question '{question.id}' has answers, "
                               "so it cannot be removed. You can change its label, or retire it "
                               "(add 'retired: true')")
        if kept.scale and question.scale:
            points = {c.id for c in kept.scale.choices}
            lost = sorted({c.id for c in question.scale.choices} - points)
            if lost:
                reasons.append(f"Question '{question.id}' has answers, so its scale cannot lose "
                               f"the answers {', '.join(lost)}")
    return reasons
