"""The structure editor: officers who do not write YAML add, change, reorder, retire and remove
sections and questions, with their options and statements, in plain forms.

Every change is a small edit of the model (`dataclasses.replace`) handed to `editing.apply`, the
one way a form page saves: the changed model goes through the loader, and once a consultation is
open or has answers the officer first sees what the change will do. Nothing needs JavaScript:
moves and retirements are buttons in small POST forms (a removal first asks, on its own page:
survey.builder.removal), and the rows of a question are
edited by sending its page back (`editor_rows`). Ids never change once made (answers are joined
by id), so new parts get new ids, made from their words and never one that any version of the
consultation used (`_used`), and a question with answers is retired, never removed. Pages and
messages name a question by its number or words and a section by its title, never by an id.
Consultations shipped as files are changed in the repository, so they are 404 here.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Callable

from flask import Blueprint, abort, g, redirect, render_template, request, session, url_for

from survey.definition import differences
from survey.builder import editing, ids
from survey.store import lifecycle
from survey.builder import question_form, scales
from survey.web.auth import role_required
from survey.web.per_request import get_db
from survey.definition import QUESTION_TYPES, Question, Questionnaire, Section
from survey.definition.journey import only_for
from survey.definition.types import QuestionType
from survey.web.form_errors import FieldError, clean_text
from survey.web.catalogue import editable_or_404
from survey.store.responses import answered
from survey.store.definitions import UsedIds, ids_in, used_ids

bp = Blueprint("editor", __name__, url_prefix="/staff/builder/c/<consultation_id>/edit")

NO_TITLE = "Enter the section\u2019s title"
NO_TYPE = "Select the type of question"
SECTION_ANSWERED = ("The section {name} cannot be removed: young people have answered "
                    "questions in it. Retire those questions instead: they are no longer asked "
                    "and their answers stay in the results")
LAST_SECTION = "This is the only section, so it cannot be removed. Add another section first"
QUESTION_ANSWERED = ("Question {name} has answers, so it cannot be removed. Retire it instead: it "
                     "is no longer asked and its answers stay in the results")
STALE = ("This question was changed in another window or tab after you opened this page, so "
         "nothing was saved. Here it is as it is now: make your change again")
ONLY_QUESTION = ("Question {name} is the only question in its section, so it cannot be {done}. "
                 "Add another question to the section first, or remove the whole section")
# The session key of the last removal an officer can undo (survey.builder.removal): the
# questions page shows its Undo button while the consultation is as the removal left it.
UNDO = "builder_undo"


@bp.before_request
@role_required("officer")
def guard():
    """Every page of the editor needs a signed-in officer."""


def _back(questionnaire: Questionnaire) -> str:
    return url_for(".questions", consultation_id=questionnaire.id)


def _section_at(questionnaire: Questionnaire, section_id: str) -> int:
    """Where the section a URL names is; an id the consultation does not have (now): 404."""
    ids = [section.id for section in questionnaire.sections]
    return ids.index(section_id) if section_id in ids else abort(404)


def _question_at(questionnaire: Questionnaire, question_id: str) -> tuple[int, int]:
    """(section, place in it) of the question a URL names; an unknown id: 404."""
    found = [(s, i) for s, section in enumerate(questionnaire.sections)
             for i, question in enumerate(section.questions) if question.id == question_id]
    return found[0] if found else abort(404)


def _with(questionnaire: Questionnaire, s: int, questions) -> Questionnaire:
    """The questionnaire with section `s` holding `questions`."""
    sections = list(questionnaire.sections)
    sections[s] = replace(sections[s], questions=tuple(questions))
    return replace(questionnaire, sections=tuple(sections))


def _name(question: Question) -> str:
    """How a message names a question: its number, or its words (never its id)."""
    return question.number or differences.quoted(question.text)


def _section_name(questionnaire: Questionnaire, index: int) -> str:
    """How a message names a section: its title, or its place (never its id)."""
    title = questionnaire.sections[index].title
    return differences.quoted(title) if title else f"number {index + 1}"


def _used(questionnaire: Questionnaire) -> UsedIds:
    """Every id the consultation has used, in any version: a new part never takes one. Every
    stored version is read to find them, so it is done once a request (a new section's page
    asks for its section id and its question's ids)."""
    known = g.setdefault("used_ids", {})
    key = (questionnaire.id, questionnaire.version)
    if key not in known:
        known[key] = used_ids(get_db(), questionnaire.id) | ids_in(questionnaire)
    return known[key]


def _answered_questions(questionnaire: Questionnaire,
                        done: differences.Answered | None = None) -> set[str]:
    return {qid for qid, _ in (done or answered(get_db(), questionnaire)).items}


@dataclass(frozen=True)
class Shown:
    """A question on the questions page, with the buttons it gets."""

    question: Question
    type: str
    answered: bool
    up: bool
    down: bool
    scale: str = ""     # "Scale: Always, Usually, Never": the points, in words
    only_for: str = ""  # "Only for: 16 or 17 (the answer to ‘How old are you?’)"


def _scale_words(question: Question) -> str:
    if question.scale is None:
        return ""
    return "Scale: " + ", ".join(point.label for point in question.scale.choices)


def _overview(questionnaire: Questionnaire,
              done: differences.Answered) -> list[tuple[Section, str, list[Shown]]]:
    """Each section, who it is only for (if it has a condition) and its questions, each with
    its scale and who it is only for, in words. A question moves within its section, or past
    its end into the next section; never out of a section it is alone in (a section needs a
    question)."""
    answered_ids = _answered_questions(questionnaire, done)
    last = len(questionnaire.sections) - 1
    out = []
    for s, section in enumerate(questionnaire.sections):
        alone = len(section.questions) == 1
        out.append((section, only_for(questionnaire, section.show_if), [Shown(
            q, question_form.plain(QUESTION_TYPES[q.type]), q.id in answered_ids,
            i > 0 or (s > 0 and not alone), i < len(section.questions) - 1 or (s < last and not alone),
            _scale_words(q), only_for(questionnaire, q.show_if))
            for i, q in enumerate(section.questions)]))
    return out


def _questions_page(questionnaire: Questionnaire, errors=(), status: int = 200):
    db = get_db()
    done = answered(db, questionnaire)
    undo = session.get(UNDO)
    if not (undo and undo["consultation"] == questionnaire.id
            and undo["after"] == questionnaire.version):
        undo = None  # changed again since: the removal can no longer be undone
    return render_template(
        "builder/structure/questions.html", q=questionnaire, sections=_overview(questionnaire, done),
        errors=list(errors), undo=undo,
        checked_first=bool(done.responses) or lifecycle.state_of(db, questionnaire.id) != "draft"
    ), status


@bp.get("")
def questions(consultation_id: str):
    return _questions_page(editable_or_404(consultation_id))


def _button(consultation_id: str, change: Callable[[Questionnaire], Questionnaire | str]):
    """A small form's button: check its token, make the change and save it, or say why not."""
    current = editable_or_404(consultation_id)
    if timed_out := editing.token_problems():
        return _questions_page(current, timed_out, 400)
    changed = change(current)
    if isinstance(changed, str):
        return _questions_page(current, [FieldError(None, changed)])
    result = editing.apply(current, changed, _back(current))
    return _questions_page(current, result) if isinstance(result, list) else result


def _step() -> int:
    step = question_form.STEPS.get(request.form.get("direction", ""))
    if step is None:
        abort(400)
    return step


@bp.post("/sections/<section_id>/move")
def move_section(consultation_id: str, section_id: str):
    def change(current):
        index = _section_at(current, section_id)
        moved = question_form.moved(list(current.sections), index, _step())
        return replace(current, sections=tuple(moved))
    return _button(consultation_id, change)


@bp.post("/questions/<question_id>/move")
def move_question(consultation_id: str, question_id: str):
    def change(current):
        s, i = _question_at(current, question_id)
        step, questions = _step(), list(current.sections[s].questions)
        if 0 <= i + step < len(questions):
            return _with(current, s, question_form.moved(questions, i, step))
        if not 0 <= s + step < len(current.sections):
            abort(400)  # the first question cannot go up, nor the last down
        if len(questions) == 1:
            return ONLY_QUESTION.format(name=_name(questions[i]), done="moved out of it")
        question = questions.pop(i)
        other = list(current.sections[s + step].questions)
        other = other + [question] if step < 0 else [question] + other
        return _with(_with(current, s, questions), s + step, other)
    return _button(consultation_id, change)


@bp.post("/questions/<question_id>/retire")
def retire_question(consultation_id: str, question_id: str):
    """Stop asking a question (its answers stay in the results), or ask it again."""
    def change(current):
        s, i = _question_at(current, question_id)
        retired = {"yes": True, "no": False}.get(request.form.get("retired", ""))
        if retired is None:
            abort(400)
        questions = list(current.sections[s].questions)
        questions[i] = replace(questions[i], retired=retired)
        return _with(current, s, questions)
    return _button(consultation_id, change)


def _section_fields(prefix: str = "") -> tuple[dict[str, str], list[FieldError]]:
    values = {name: clean_text(request.form.get(prefix + name, "")) for name in ("title", "intro")}
    return values, [] if values["title"] else [FieldError(prefix + "title", NO_TITLE)]


@bp.route("/sections/<section_id>", methods=["GET", "POST"])
def change_section(consultation_id: str, section_id: str):
    current = editable_or_404(consultation_id)
    index = _section_at(current, section_id)
    section = current.sections[index]
    values, errors = {"title": section.title, "intro": section.intro}, []
    if request.method == "POST":
        values, errors = _section_fields()
        if timed_out := editing.token_problems():
            errors = timed_out
        elif not errors:
            sections = list(current.sections)
            sections[index] = replace(section, **values)
            result = editing.apply(current, replace(current, sections=tuple(sections)), _back(current))
            if not isinstance(result, list):
                return result
            errors = result
    return render_template("builder/structure/section.html", q=current, values=values, errors=errors)


def _type_page(current: Questionnaire, heading: str, target: Callable[[str], str], lead: str):
    """Choose the type of a new question, then go to its page."""
    errors = []
    if request.method == "POST":
        chosen = request.form.get("type", "")
        if timed_out := editing.token_problems():
            errors = timed_out
        elif chosen in QUESTION_TYPES or chosen in question_form.PRESETS:
            return redirect(target(chosen))
        else:
            errors = [FieldError("type", NO_TYPE)]
    items = []
    for name, qtype in QUESTION_TYPES.items():
        items.append({"value": name, "text": question_form.plain(qtype)})
        items += [{"value": p.name, "text": p.text}  # after the type it makes
                  for p in question_form.PRESETS.values() if p.type == name]
    return render_template("builder/structure/question_type.html", q=current, heading=heading, lead=lead,
                           errors=errors, items=items)


def _chosen(question_type: str) -> tuple[QuestionType, question_form.Preset | None]:
    """The type (and preset, if it is one) an address names; anything else: 404."""
    preset = question_form.PRESETS.get(question_type)
    qtype = QUESTION_TYPES.get(preset.type if preset else question_type) or abort(404)
    return qtype, preset


@bp.route("/new-section", methods=["GET", "POST"])
def new_section(consultation_id: str):
    current = editable_or_404(consultation_id)
    return _type_page(current, "Add a section", lambda chosen: url_for(
        ".add_section", consultation_id=current.id, question_type=chosen),
        "A section needs at least one question. Choose the type of its first question; you "
        "give the section its title on the next page.")


@bp.route("/sections/<section_id>/new-question", methods=["GET", "POST"])
def new_question(consultation_id: str, section_id: str):
    current = editable_or_404(consultation_id)
    index = _section_at(current, section_id)
    return _type_page(current, "Add a question", lambda chosen: url_for(
        ".add_question", consultation_id=current.id, section_id=section_id, question_type=chosen),
        f"It is added at the end of the section {_section_name(current, index)}.")


@bp.route("/new-section/<question_type>", methods=["GET", "POST"])
def add_section(consultation_id: str, question_type: str):
    """A new section and its first question, on one page: a section cannot be empty."""
    current = editable_or_404(consultation_id)
    qtype, preset = _chosen(question_type)
    base = question_form.new_question(current, qtype)

    def place(question, values):
        section_id = ids.free_id(ids.slug(values["title"], "section"),
                                     _used(current).sections)
        return replace(current, sections=current.sections + (Section(
            section_id, values["title"], (question,), values["intro"]),))
    return _question_page(current, qtype, base, place, "Add a section", new_section=True,
                          preset=preset)


@bp.route("/sections/<section_id>/new-question/<question_type>", methods=["GET", "POST"])
def add_question(consultation_id: str, section_id: str, question_type: str):
    current = editable_or_404(consultation_id)
    s = _section_at(current, section_id)
    qtype, preset = _chosen(question_type)
    base = question_form.new_question(current, qtype)
    return _question_page(
        current, qtype, base, lambda q, _: _with(current, s, current.sections[s].questions + (q,)),
        "Add a question", preset=preset)


@bp.route("/questions/<question_id>", methods=["GET", "POST"])
def change_question(consultation_id: str, question_id: str):
    current = editable_or_404(consultation_id)
    s, i = _question_at(current, question_id)
    base = current.sections[s].questions[i]

    def place(question, _):
        questions = list(current.sections[s].questions)
        questions[i] = question
        return _with(current, s, questions)
    return _question_page(current, QUESTION_TYPES[base.type], base, place,
                          f"Change question {_name(base)}", new=False)


def _question_page(current: Questionnaire, qtype: QuestionType, base: Question,
                   place: Callable[[Question, dict], Questionnaire], heading: str, new: bool = True,
                   new_section: bool = False, preset: question_form.Preset | None = None):
    """The one page for a question of any type: shown; shown again after a row button; or
    made into the question, placed in the questionnaire by `place` (with the new section's
    title and intro, when it starts one), and saved."""
    done = answered(get_db(), current)
    section, section_errors, errors = {"title": "", "intro": ""}, [], []
    if request.method == "GET":
        draft = question_form.draft_of(base, qtype, done, new, preset)
    else:
        try:
            draft = question_form.read_draft(request.form, qtype, base, done)
        except question_form.Stale:
            draft = question_form.draft_of(base, qtype, done, new, preset)
            return _question_view(current, qtype, base, heading, draft, [FieldError(None, STALE)],
                                  section, new_section, preset)
        action = request.form.get("action", "save")
        if new_section:
            section, section_errors = _section_fields("section-")
        if timed_out := editing.token_problems():
            errors = timed_out
        elif action != "save":
            errors = question_form.act(draft, action)
        else:
            question, problems = question_form.question_from(
                draft, qtype, base, question_form.scales_for(current), _used(current))
            errors = section_errors + problems
            if not errors:
                result = editing.apply(current, place(question, section), _back(current))
                if not isinstance(result, list):
                    return result
                errors = result
    return _question_view(current, qtype, base, heading, draft, errors, section, new_section, preset)


def _question_view(current, qtype, base, heading, draft, errors, section, new_section, preset=None):
    return render_template(
        "builder/structure/question.html", q=current, question=base, qtype=qtype,
        type_words=preset.text if preset else question_form.plain(qtype), heading=heading,
        draft=draft, errors=errors, boxes=question_form.boxes_for(qtype),
        kinds=question_form.kinds_for(qtype), section=section, new_section=new_section,
        written=current.numbering == "as written",  # else the numbers are made: no Number box
        scale_items=question_form.scale_items(current, draft.values["scale"]),
        scale_hints=scales.group_hints(draft.scale) if draft.scale else {},
        new_scale=scales.NEW, in_question=scales.IN_QUESTION, safeguarding=scales.SAFEGUARDING)
