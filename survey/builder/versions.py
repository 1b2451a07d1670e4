"""The Versions page: a consultation's versions for age bands ("8 to 12 year olds", "13 and
over") side by side, and the forms that change them.

Versions share the consultation's ids, so their answers combine: a version may word a question,
its hint or a statement its own way, leave a question or statement out, or have questions of its
own (survey.definition.model Version, Question.versions). An officer adds a version (its name
and the words young people pick on the start page), changes or removes one (asked first), and
on one page per question says which versions ask it and in what words.

Every change is made with `dataclasses.replace` and saved through `editing.apply` (dump, then
the loader), like every form page, so a version is never saved in a state a file could not
say. The checks here say the loader's rules in the officer's words first (a version must ask
something; what a condition or the breakdown needs cannot be left out); the loader has the last
word. A consultation has no versions or at least two: the first "Add" asks for two, and
removing one of two takes versions away altogether (the page says so before).
"""
from __future__ import annotations

from dataclasses import replace

from flask import Blueprint, abort, render_template, request, url_for

from survey.builder import editing
from survey.builder.ids import free_id, slug
from survey.builder.version_table import asked_in, asks, name_of, rows
from survey.definition.model import Question, Questionnaire, Version
from survey.definition.shown import question_place
from survey.web.auth import role_required
from survey.web.catalogue import editable_or_404
from survey.web.form_errors import FieldError, clean_text

bp = Blueprint("versions_editor", __name__, url_prefix="/staff/builder/c/<consultation_id>/versions")

NO_NAME = "Enter a name for the version, for example 8 to 12 year olds"
NAME_TAKEN = "There is already a version called ‘{name}’. Give this one another name"
NO_CHOICE = "Enter what young people pick to get this version, for example I am 8 to 12"
TOO_LONG = "{what} must be 200 characters or fewer"
ASKS_NOTHING = "{version} would ask no question at all. Ask it at least one question"
NONE_ASKS = "Select at least one version to ask this question"
NEEDED_BY = ("{version} cannot leave out {name}: {other} is asked only after an answer to it. "
             "Change the condition first")
BREAKDOWN = ("{name} splits the results, so every version asks it. Choose another question to "
             "split the results on the settings page first")
OWN_QUESTIONS = ("{version} cannot be removed while it has questions of its own: {names}. Ask "
                 "them in every version or remove them first")
REMOVE_SAID = ("Young people will no longer pick it on the start page, and its own words for "
               "questions and what it leaves out are taken away with it.")
REMOVE_LAST = ("It is one of only two versions, so versions are taken away altogether: every "
               "young person is asked the same questions in the same words.")
MAX_NAME = 200
EVERY = "every"


@bp.before_request
@role_required("officer")
def guard():
    """Every page here changes a consultation: officers only, as in the builder."""


def _back(current: Questionnaire) -> str:
    return url_for(".versions", consultation_id=current.id)


def _version_or_404(current: Questionnaire, version_id: str) -> Version:
    return current.version_named(version_id) or abort(404)


def _question_or_404(current: Questionnaire, question_id: str) -> Question:
    found = next((q for q in current.questions if q.id == question_id and not q.retired), None)
    return found or abort(404)


def _apply(current: Questionnaire, changed: Questionnaire):
    return editing.apply(current, changed, _back(current))


# -- the page ------------------------------------------------------------------------------
@bp.get("")
def versions(consultation_id: str):
    current = editable_or_404(consultation_id)
    return _page(current, [])


def _page(current: Questionnaire, errors: list, status: int = 200):
    questions = [(q, name_of(q), asked_in(current, q)) for q in current.questions if not q.retired]
    return render_template("builder/versions/versions.html", q=current, rows=rows(current),
                           questions=questions, errors=errors), status


# -- adding and changing a version -----------------------------------------------------------
def _posted_version(current: Questionnaire, prefix: str, editing_id: str = "",
                    also: tuple[str, ...] = ()) -> tuple[str, str, list[FieldError]]:
    name = clean_text(request.form.get(f"{prefix}name", "")) or ""
    choice = clean_text(request.form.get(f"{prefix}choice", "")) or ""
    errors = []
    others = [v.name.lower() for v in current.versions if v.id != editing_id] + [a.lower() for a in also]
    if not name:
        errors.append(FieldError(f"{prefix}name", NO_NAME))
    elif len(name) > MAX_NAME:
        errors.append(FieldError(f"{prefix}name", TOO_LONG.format(what="The name")))
    elif name.lower() in others:
        errors.append(FieldError(f"{prefix}name", NAME_TAKEN.format(name=name)))
    if not choice:
        errors.append(FieldError(f"{prefix}choice", NO_CHOICE))
    elif len(choice) > MAX_NAME:
        errors.append(FieldError(f"{prefix}choice", TOO_LONG.format(what="What young people pick")))
    return name.replace("\n", " "), choice.replace("\n", " "), errors


@bp.route("/new", methods=["GET", "POST"])
def new_version(consultation_id: str):
    """Add a version; a consultation with none gets its first two at once."""
    current = editable_or_404(consultation_id)
    prefixes = ("", "second-") if not current.versions else ("",)
    errors: list[FieldError] = []
    if request.method == "POST":
        errors = editing.token_problems()
        added, names = [], []
        taken = {v.id for v in current.versions}
        for prefix in prefixes:
            name, choice, problems = _posted_version(current, prefix, also=tuple(names))
            errors += problems
            names.append(name)
            ident = free_id(slug(name, "version"), taken)
            taken.add(ident)
            added.append(Version(ident, name, choice))
        if not errors:
            result = _apply(current, replace(current, versions=current.versions + tuple(added)))
            if not isinstance(result, list):
                return result
            errors = result
    return render_template("builder/versions/version.html", q=current, version=None,
                           prefixes=prefixes, errors=errors, values=request.form), \
        400 if errors else 200


@bp.route("/v/<version_id>", methods=["GET", "POST"])
def change_version(consultation_id: str, version_id: str):
    """A version's name and what young people pick to get it."""
    current = editable_or_404(consultation_id)
    version = _version_or_404(current, version_id)
    errors: list[FieldError] = []
    values = request.form if request.method == "POST" else {"name": version.name, "choice": version.choice}
    if request.method == "POST":
        errors = editing.token_problems()
        name, choice, problems = _posted_version(current, "", version.id)
        errors += problems
        if not errors:
            changed = replace(current, versions=tuple(
                replace(v, name=name, choice=choice) if v.id == version.id else v
                for v in current.versions))
            result = _apply(current, changed)
            if not isinstance(result, list):
                return result
            errors = result
    return render_template("builder/versions/version.html", q=current, version=version,
                           prefixes=("",), errors=errors, values=values), 400 if errors else 200


@bp.route("/v/<version_id>/remove", methods=["GET", "POST"])
def remove_version(consultation_id: str, version_id: str):
    """GET: what removing the version does, and a button to say yes; POST: remove it."""
    current = editable_or_404(consultation_id)
    version = _version_or_404(current, version_id)
    own = [q for q in current.questions if version.id in q.versions and not q.retired]
    if own:
        return _page(current, [FieldError(None, OWN_QUESTIONS.format(
            version=version.name, names=", ".join(name_of(q) for q in own)))], 409)
    last = len(current.versions) == 2
    if request.method == "GET":
        return render_template("builder/versions/remove.html", q=current, version=version,
                               said=REMOVE_SAID + (" " + REMOVE_LAST if last else ""))
    if timed_out := editing.token_problems():
        return _page(current, timed_out, 400)
    kept = () if last else tuple(v for v in current.versions if v.id != version.id)
    sections = tuple(replace(s, questions=tuple(
        replace(q, versions=tuple(v for v in q.versions if v != version.id)) for q in s.questions))
        for s in current.sections)
    result = _apply(current, replace(current, versions=kept, sections=sections))
    return _page(current, result, 400) if isinstance(result, list) else result


# -- one question in every version -----------------------------------------------------------
def _statements(question: Question):
    """The statements still asked: the form has a row for each (a retired one keeps what
    versions said of it)."""
    return [s for s in question.statements if not s.retired]


def _question_values(current: Questionnaire, question: Question) -> dict[str, object]:
    """The question's form as it is now."""
    values: dict[str, object] = {"whose": question.versions[0] if len(question.versions) == 1 else EVERY}
    at = f"questions.{question.id}"
    for version in current.versions:
        values[f"ask-{version.id}"] = question.id not in version.leave_out
        values[f"text-{version.id}"] = version.words.get(f"{at}.text", "")
        values[f"hint-{version.id}"] = version.words.get(f"{at}.hint", "")
        for statement in _statements(question):
            values[f"ask-{version.id}-{statement.id}"] = \
                f"{question.id}.{statement.id}" not in version.leave_out
            values[f"statement-{version.id}-{statement.id}"] = \
                version.words.get(f"{at}.statements.{statement.id}", "")
    return values


def _posted_question(current: Questionnaire, question: Question) -> dict[str, object]:
    form = request.form
    values: dict[str, object] = {"whose": form.get("whose", EVERY)}
    for name, value in _question_values(current, question).items():
        if name.startswith("ask-"):
            values[name] = form.get(name) == "yes"
        elif name != "whose":
            values[name] = clean_text(form.get(name, "")) or ""
    return values


def _reworded(words: dict[str, str], key: str, text: str, base: str) -> None:
    if text and text != base:
        words[key] = text
    else:
        words.pop(key, None)


def _changed_question(current: Questionnaire, question: Question,
                      values: dict[str, object]) -> Questionnaire:
    """The consultation with the question asked, left out and worded in each version as sent."""
    whose = str(values["whose"])
    owners = () if whose == EVERY else (whose,)
    at = f"questions.{question.id}"
    changed_versions = []
    for version in current.versions:
        on_form = {question.id} | {f"{question.id}.{s.id}" for s in _statements(question)}
        leave_out = [item for item in version.leave_out if item not in on_form]
        words = dict(version.words)
        if not owners or version.id in owners:
            if not values[f"ask-{version.id}"]:
                leave_out.append(question.id)
            for statement in _statements(question):
                if not values[f"ask-{version.id}-{statement.id}"]:
                    leave_out.append(f"{question.id}.{statement.id}")
        _reworded(words, f"{at}.text", str(values[f"text-{version.id}"]), question.text)
        if question.hint:
            _reworded(words, f"{at}.hint", str(values[f"hint-{version.id}"]), question.hint)
        for statement in _statements(question):
            _reworded(words, f"{at}.statements.{statement.id}",
                      str(values[f"statement-{version.id}-{statement.id}"]), statement.text)
        changed_versions.append(replace(version, leave_out=tuple(leave_out), words=words))
    sections = tuple(replace(s, questions=tuple(
        replace(q, versions=owners) if q.id == question.id else q for q in s.questions))
        for s in current.sections)
    return replace(current, versions=tuple(changed_versions), sections=sections)


def _question_problems(current: Questionnaire, changed: Questionnaire,
                       question: Question) -> list[FieldError]:
    """The loader's rules about leaving out, in the officer's words."""
    errors = []
    asked = changed.question(question.id)
    for version in changed.versions:
        if not any(asks(version, q) for q in changed.questions if not q.retired):
            errors.append(FieldError(f"ask-{version.id}", ASKS_NOTHING.format(version=version.name)))
        if asks(version, asked):
            needed_by = [q for q in changed.questions if asks(version, q) and q.show_if
                         and q.show_if.question == question.id
                         and f"{question.id}.{q.show_if.statement}" in version.leave_out]
        else:
            needed_by = [q for q in changed.questions if asks(version, q) and q.show_if
                         and q.show_if.question == question.id]
            if current.breakdown == question.id:
                errors.append(FieldError(f"ask-{version.id}", BREAKDOWN.format(name=name_of(question))))
        for other in needed_by:
            errors.append(FieldError(f"ask-{version.id}", NEEDED_BY.format(
                version=version.name, name=question_place(question), other=question_place(other))))
    if not any(asks(v, asked) for v in changed.versions):
        errors.append(FieldError("whose", NONE_ASKS))
    return errors


@bp.route("/questions/<question_id>", methods=["GET", "POST"])
def question(consultation_id: str, question_id: str):
    """Which versions ask one question, and each version's words for it and its statements."""
    current = editable_or_404(consultation_id)
    if not current.versions:
        abort(404)
    asked = _question_or_404(current, question_id)
    values = _question_values(current, asked)
    errors: list[FieldError] = []
    if request.method == "POST":
        values = _posted_question(current, asked)
        if values["whose"] not in (EVERY, *(v.id for v in current.versions)):
            abort(400)  # a version the page never offered
        errors = editing.token_problems()
        changed = _changed_question(current, asked, values)
        errors += _question_problems(current, changed, asked)
        if not errors:
            result = _apply(current, changed)
            if not isinstance(result, list):
                return result
            errors = result
    return render_template("builder/versions/question.html", q=current, question=asked,
                           name=name_of(asked), values=values, errors=errors,
                           statements=_statements(asked)), \
        400 if errors else 200
