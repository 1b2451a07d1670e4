"""Conditions: "Only ask this when..." for a section or a question, in steps that need no
JavaScript.

Which answers can be picked depends on the question picked, so the officer first picks the
earlier question (or "Always ask", which removes the condition), then its answers: the second
step is the same page with `?question=` in the link and the question in a hidden field. Only
questions the loader accepts are offered: a single choice, multiple choice or Likert question,
still asked, in an earlier section, since without JavaScript the answer must be sent on an
earlier page. That is also why a condition needs one section per page: setting one on a
consultation shown all on one page changes it to one section per page, and the page says so
before the officer chooses. Which types can be picked
from, and whether a statement must be chosen first, is the type's row (`QUESTION_TYPES`).
"""
from __future__ import annotations

from dataclasses import replace

from flask import abort, redirect, render_template, request, url_for

from survey.definition.model import Condition, Question, Questionnaire
from survey.definition.types import QUESTION_TYPES, answer_choices, type_of
from survey.builder.editing import token_problems
from survey.builder.settings import apply, bp
from survey.web.catalogue import editable_or_404
from survey.definition.journey import condition_text
from survey.web.form_errors import FieldError

KINDS = ("section", "question")
# The types a condition can depend on (answered by picking), with their words for officers.
TYPES = {name: t.label for name, t in QUESTION_TYPES.items() if t.picked}
ALWAYS = "always"


def _find(current: Questionnaire, kind: str, part_id: str):
    """(the section or question, the index of its section), or 404."""
    for index, section in enumerate(current.sections):
        if kind == "section" and section.id == part_id:
            return section, index
        for question in section.questions:
            if kind == "question" and question.id == part_id:
                return question, index
    abort(404)


def earlier(current: Questionnaire, index: int) -> list[Question]:
    """The questions a part in section `index` may depend on: in an earlier section, still
    asked, and answered by picking."""
    return [q for s in current.sections[:index] for q in s.questions
            if type_of(q).picked and not q.retired]


def answers(question: Question) -> list:
    """The answers a condition on `question` can name: the scale's points, or the options still
    offered."""
    if type_of(question).on_scale:
        return list(answer_choices(question))
    return [c for c in answer_choices(question) if not c.retired]


def statements(question: Question) -> list:
    return [s for s in question.statements if not s.retired]


def _with_condition(current: Questionnaire, kind: str, part_id: str,
                    condition: Condition | None) -> Questionnaire:
    sections = []
    for section in current.sections:
        if kind == "section" and section.id == part_id:
            section = replace(section, show_if=condition)
        sections.append(replace(section, questions=tuple(
            replace(q, show_if=condition) if kind == "question" and q.id == part_id else q
            for q in section.questions)))
    return replace(current, sections=tuple(sections))


@bp.get("/conditions")
def conditions(consultation_id: str):
    current = editable_or_404(consultation_id)
    return render_template("builder/conditions/conditions.html", q=current, errors=[],
                           said=lambda part: condition_text(current, part.show_if, "asked"))


@bp.route("/conditions/<kind>/<part_id>", methods=["GET", "POST"])
def condition(consultation_id: str, kind: str, part_id: str):
    current = editable_or_404(consultation_id)
    if kind not in KINDS:
        abort(404)
    part, index = _find(current, kind, part_id)
    offered = {q.id: q for q in earlier(current, index)}
    page = {"q": current, "kind": kind, "part": part, "offered": offered, "types": TYPES,
            "now": part.show_if, "said": condition_text(current, part.show_if, "asked")}
    if not offered:
        return render_template("builder/conditions/condition.html", errors=[], **page)
    if request.method == "GET":
        picked = offered.get(request.args.get("question", ""))
        return _step(page, picked, [])
    errors = token_problems()
    if request.form.get("step") != "answers":
        choice = request.form.get("question", "")
        if choice not in (ALWAYS, "", *offered):
            abort(400)  # a question the page never offered
        if not choice:
            errors.append(FieldError("question", "Select when this is asked"))
        if errors:
            return _step(page, None, errors)
        if choice != ALWAYS:
            return redirect(url_for(".condition", consultation_id=current.id, kind=kind,
                                    part_id=part_id, question=choice), 303)
        chosen = None
    else:
        picked = offered.get(request.form.get("question", "")) or abort(400)
        chosen, problems = _posted(picked)
        errors += problems
        if errors:
            return _step(page, picked, errors)
    changed = _with_condition(current, kind, part_id, chosen)
    if chosen is not None and changed.layout != "pages":
        changed = replace(changed, layout="pages")  # the answer must be sent before the page
    result = apply(current, changed)
    return _step(page, None if chosen is None else offered[chosen.question], result) \
        if isinstance(result, list) else result


def _posted(picked: Question) -> tuple[Condition, list[FieldError]]:
    """The condition as sent on the answers step. Answers or statements the page never offered
    are a changed request: 400."""
    errors = []
    statement = request.form.get("statement", "")
    if type_of(picked).by_statement:
        if statement not in ("", *(s.id for s in statements(picked))):
            abort(400)
        if not statement:
            errors.append(FieldError("statement", "Select the statement whose answer decides it"))
    elif statement:
        abort(400)
    values = request.form.getlist("values")
    ids = [c.id for c in answers(picked)]
    if not set(values) <= set(ids):
        abort(400)
    if not values:
        errors.append(FieldError("values", "Select at least one answer"))
    return Condition(picked.id, tuple(i for i in ids if i in values), statement), errors


def _step(page: dict, picked: Question | None, errors: list):
    """The first step (which question), or the second (which answers) for `picked`."""
    now = page["now"]
    if picked is not None:
        kept = now is not None and now.question == picked.id
        chosen = request.form.getlist("values") if request.method == "POST" else (
            list(now.values) if kept else [])
        statement = request.form.get("statement", "") if request.method == "POST" else (
            now.statement if kept else "")
        return render_template("builder/conditions/condition.html", errors=errors,
                               picked=picked, by_statement=type_of(picked).by_statement,
                               answers=answers(picked),
                               statements=statements(picked), chosen=chosen,
                               statement=statement, **page)
    checked = request.form.get("question") if request.method == "POST" else (
        now.question if now else "")
    return render_template("builder/conditions/condition.html", errors=errors, picked=None,
                           checked=checked, **page)
