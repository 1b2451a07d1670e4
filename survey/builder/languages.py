"""A consultation's Languages page: which languages it is offered in and how far each has come,
a file for a translator to download, the translator's file uploaded back, a translation marked
as checked, a language no longer offered.

The translator's file is exports.translations' (a spreadsheet or a PO file keyed by the
texts' ids); the page never shows an id but in a problem with an uploaded file, which names its
row and key as the file shows them. A language is added by uploading its file: the download
needs no saved translation (it is made from the working language's texts), and the loader
refuses a translation that lacks any text, so a language is offered only once its translator's
file is complete. (When drafts may keep an incomplete translation, the page already shows
"N texts missing" from the model.)

What must stay true: every change goes through `load_text` (the loader's parity check has the
last word) and is audited; marking as checked and no longer offering a language are asked
first, and a GET changes nothing. A translation changes no id and no answer, so a change is
saved at once, in a draft or an open consultation alike: survey.definition.differences does not
describe translations, so the builder's confirm page would have nothing to say.
"""
from __future__ import annotations

from dataclasses import replace

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from werkzeug.exceptions import RequestEntityTooLarge

from exports.translation_block import with_translation
from exports.translations import (FORMATS, MEDIA_TYPES, TranslationFileError, file_name, gaps,
                                  read_file, state_words, write_translation)
from survey.builder.consultations import save
from survey.builder.editing import token_problems
from survey.definition import DefinitionError, Questionnaire, load_text
from survey.definition.dump import dump
from survey.definition.languages import LANGUAGES, language as language_row, interface_languages
from survey.definition.model import Translation
from survey.web.auth import role_required
from survey.web.catalogue import editable_or_404
from survey.web.form_errors import FieldError
from survey.web.per_request import get_db

bp = Blueprint("languages", __name__, url_prefix="/staff/builder/c/<consultation_id>")

# What the app takes in one request (MAX_CONTENT_LENGTH) is less: a larger file is refused by
# `too_big_to_send` before it is read. A translator's file of 300 texts is about 30 KB.
MOST_BYTES = 512 * 1024
# Problems with an uploaded file listed in the error summary; past this, how many more.
MOST_SHOWN = 12
NO_FILE = "Select the file the translator sent back"
TOO_BIG = "The file must be 500 KB or less; this one is {size:,} KB"
MORE = "And {count} more problems in the same file"
SEE_LIST = "The file has problems, listed at the top of the page. Nothing was saved"
ADDED = "{name} is now offered. It needs checking by {reviewer} before young people use it"
UPDATED = "The {name} texts were saved. They need checking by {reviewer}"
SAME = "The {name} texts in the file are the ones already saved. Nothing was changed"
CHECKED = "The {name} translation is marked as checked"
REMOVED = "{name} is no longer offered"
# What the audit log records.
ACTIONS = {"added": "language added", "updated": "translation uploaded",
           "checked": "translation checked", "removed": "language no longer offered"}


@bp.before_request
@role_required("officer")
def guard():
    """Every page here changes a consultation: officers only, as in the builder."""


def named(code: str) -> str:
    """A language as officers read it: "Welsh (Cymraeg)"."""
    row = language_row(code)
    return row.english if row.own_name == row.english else f"{row.english} ({row.own_name})"


def _offerable(current: Questionnaire) -> list[str]:
    """The languages it could be offered in: those whose buttons and messages ship."""
    return [code for code in interface_languages() if code != current.language]


def _language_or_404(current: Questionnaire, code: str, offered: bool = True) -> str:
    if code not in _offerable(current) or (offered and current.translation(code) is None):
        abort(404)
    return code


def _page(current: Questionnaire, errors=(), status: int = 200, posted: dict | None = None):
    offered = [t.language for t in current.translations]
    rows = [{"code": code, "name": named(code), "state": state_words(current, code),
             "needs_review": bool(current.translation(code).needs_review)} for code in offered]
    not_yet = [code for code in _offerable(current) if code not in offered]
    return render_template(
        "builder/languages/languages.html", q=current, rows=rows, errors=list(errors),
        working=language_row(current.language).english, posted=posted or {},
        not_yet=[{"code": code, "name": named(code)} for code in not_yet],
        formats=FORMATS, see_list=SEE_LIST), status


@bp.get("/languages")
def languages(consultation_id: str):
    return _page(editable_or_404(consultation_id))


@bp.get("/languages/<language>.xlsx", defaults={"kind": "xlsx"})
@bp.get("/languages/<language>.po", defaults={"kind": "po"})
def download(consultation_id: str, language: str, kind: str):
    """The translator's file: every text, with the translation so far (none for a language not
    offered yet)."""
    current = editable_or_404(consultation_id)
    code = _language_or_404(current, language, offered=False)
    return Response(write_translation(current, code, kind), mimetype=MEDIA_TYPES[kind], headers={
        "Content-Disposition": f'attachment; filename="{file_name(current, code, kind)}"'})


def _uploaded() -> tuple[str, bytes]:
    storage = request.files.get("translation")
    if storage is None or not storage.filename:
        return "", b""
    return storage.filename.rsplit("/", 1)[-1].rsplit("\\", 1)[-1], storage.stream.read(MOST_BYTES + 1)


def _save(current: Questionnaire, changed: Questionnaire, action: str, detail: str):
    """Through the loader, then stored and audited. The loader's problems, or None."""
    try:
        loaded = load_text(dump(changed), f"{current.id}.yaml")
    except DefinitionError as error:
        return [FieldError(None, problem.message) for problem in error.problems]
    save(get_db(), loaded, [(ACTIONS[action], f"{detail}; version {loaded.version}")])
    return None


@bp.post("/languages/upload")
def upload(consultation_id: str):
    """A translator's file: it adds the language, or replaces its texts."""
    current = editable_or_404(consultation_id)
    which = "add" if request.form.get("form") == "add" else "update"
    field = f"{which}-file"
    posted = {"form": which, "language": request.form.get("language", "")}
    if errors := token_problems():
        return _page(current, errors, 400, posted)
    code = request.form.get("language", "")
    if code not in _offerable(current):
        abort(400)  # only a changed request can send what the page never offered
    name, data = _uploaded()
    if not data:
        return _page(current, [FieldError(field, NO_FILE)], posted=posted)
    if len(data) > MOST_BYTES:
        return _page(current, [FieldError(field, TOO_BIG.format(size=len(data) // 1024))],
                     posted=posted)
    try:
        read = read_file(data, code, current, name)
    except TranslationFileError as error:
        problems = error.problems
    else:
        problems = gaps(current, code, read, name)
    if problems:
        shown = problems if len(problems) <= MOST_SHOWN else problems[:MOST_SHOWN - 1] + [
            MORE.format(count=len(problems) - MOST_SHOWN + 1)]
        return _page(current, [FieldError(field, p) for p in shown], posted=posted)
    before = current.translation(code)
    language = LANGUAGES[code]
    if before is not None and dict(before.texts) == read.texts:
        flash(SAME.format(name=language.english))
        return redirect(url_for(".languages", consultation_id=current.id))
    translation = Translation(code, read.texts, language.reviewer)
    action = "added" if before is None else "updated"
    refused = _save(current, with_translation(current, translation), action,
                    f"{language.english}, {len(read.texts)} texts from {name}")
    if refused:
        return _page(current, [replace(e, name=field) for e in refused], posted=posted)
    said = ADDED if before is None else UPDATED
    flash(said.format(name=language.english, reviewer=language.reviewer))
    return redirect(url_for(".languages", consultation_id=current.id))


@bp.errorhandler(RequestEntityTooLarge)
def too_big_to_send(error: RequestEntityTooLarge):
    """A file over what the app takes in one request is refused before it is read: said on the
    Languages page with its size, as any other refusal is."""
    current = editable_or_404(request.view_args["consultation_id"])
    size = -(-(request.content_length or 0) // 1024)
    return _page(current, [FieldError(None, TOO_BIG.format(size=size))], 413)


def _asked(current: Questionnaire, code: str, move: str):
    """Ask first (GET), then do it (POST)."""
    language = LANGUAGES[code]
    if request.method == "GET":
        return render_template(f"builder/languages/{move}.html", q=current, code=code,
                               name=language.english, named=named(code),
                               reviewer=current.translation(code).needs_review or language.reviewer,
                               errors=[])
    if errors := token_problems():
        return _page(current, errors, 400)
    if move == "checked":
        kept = [replace(t, needs_review="") if t.language == code else t for t in current.translations]
        done = CHECKED
    else:
        kept = [t for t in current.translations if t.language != code]
        done = REMOVED
    refused = _save(current, replace(current, translations=tuple(kept)), move, language.english)
    if refused:
        return _page(current, refused, 400)
    flash(done.format(name=language.english))
    return redirect(url_for(".languages", consultation_id=current.id))


@bp.route("/languages/<language>/checked", methods=["GET", "POST"])
def mark_checked(consultation_id: str, language: str):
    current = editable_or_404(consultation_id)
    return _asked(current, _language_or_404(current, language), "checked")


@bp.route("/languages/<language>/remove", methods=["GET", "POST"])
def remove(consultation_id: str, language: str):
    current = editable_or_404(consultation_id)
    return _asked(current, _language_or_404(current, language), "removed")
