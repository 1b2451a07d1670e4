"""The builder: officers create, copy, upload, edit and download consultation definitions.

Every save goes text -> `load_text`, the same loader the YAML files use: the builder edits a
model, writes it out with `dump`, and only what the loader accepts is stored (survey.store.definitions:
the current text in consultation_sources, and a new version in definitions). Consultations
shipped as files are never overwritten: they can be copied under a new id.
"""
from __future__ import annotations

import dataclasses

import sqlite_utils
import yaml
from flask import (Blueprint, Response, abort, flash, g, redirect, render_template, request,
                   url_for)
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import SelectField, StringField, TextAreaField

from analysis.readability import (consultation_reading, level_words, not_measured, sentence_words,
                                  version_readings)
from survey.definition import differences
from survey.builder import preview as previews
from survey.builder import version_table
from survey.respond.chosen import chosen
from survey.web.auth import role_required
from survey.store.db import connect
from survey.store.definitions import AlreadyStored, id_used, read_source, save_source
from survey.web.per_request import get_db
from survey.definition import DefinitionError, Questionnaire, load_text
from survey.definition.dump import dump
from survey.definition.validate import ID_PATTERN
from survey.builder.ids import slug
from survey.web.form_errors import FieldError, errors_in_order
from survey.web.catalogue import consultation_or_404, editable_or_404, catalogue
from survey.store.responses import answered, record_definition

bp = Blueprint("builder", __name__, url_prefix="/staff/builder")

BAD_ID = ("Enter a web address that starts with a small letter and has only small letters, "
          "numbers, hyphens and underscores, for example sefton-pledge-2027, or leave it empty")
SHIPPED = ("'{id}' is a consultation shipped with the app, so it cannot be replaced. "
           "Copy it under a new web address instead")
TAKEN = ("There is already a consultation at the web address '{id}'. Choose another, or leave "
         "it empty to have one made from the title")
NO_FILE = "Select a YAML file to upload"
NOT_TEXT = "The file must be a YAML text file saved as UTF-8"
# What a save from the confirm page records: an edit of the text, an upload, or a form page's edit.
ACTIONS = ("definition saved", "definition uploaded", "definition edited")
# Loaded by the preview page only: the respondent's page in a column as wide as a phone. Links
# to the preview's own pages are longer than the young person's (the saved page shows one in
# full): they may wrap anywhere rather than make the page scroll sideways.
PHONE_CSS = (".govuk-template__body { max-width: 24rem; margin: 0 auto; outline: 1px solid #b1b4b6; }\n"
             ".govuk-grid-column-two-thirds { width: 100%; float: none; }\n"
             ".govuk-main-wrapper a { overflow-wrap: anywhere; }\n")


@bp.record_once
def _serve_stored(state) -> None:
    """At start-up, serve the consultations saved in the app alongside the files."""
    database = connect(state.app.config["DATABASE"])
    try:
        found = state.app.extensions["haveyoursay.catalogue"]
        found.load_stored(database)
        for questionnaire in found.questionnaires.values():
            if not found.is_shipped(questionnaire.id):
                record_definition(database, questionnaire)
    finally:
        database.conn.close()


@bp.before_app_request
def _pick_up_saves() -> None:
    """Another process may have saved a new version: serve it from this request on. A static
    file (a stylesheet, a script) reads no consultation, so it opens no connection for this."""
    if request.endpoint != "static":
        catalogue().refresh(get_db())


@bp.before_request
@role_required("officer")
def guard():
    """Every builder page needs a signed-in officer."""


class NewForm(FlaskForm):
    id = StringField("Web address (optional)",
                     description="The end of the link young people follow. It never changes.")
    title = StringField("Title")
    organisation = StringField("Council or organisation")


class CopyForm(NewForm):
    source = SelectField("Consultation to copy")


class UploadForm(FlaskForm):
    file = FileField("YAML file")


class SourceForm(FlaskForm):
    source = TextAreaField("Definition (YAML)")




def _id_problem(db: sqlite_utils.Database, consultation_id: str) -> str | None:
    if not ID_PATTERN.match(consultation_id or ""):
        return BAD_ID
    if catalogue().is_shipped(consultation_id):
        return SHIPPED.format(id=consultation_id)
    if catalogue().get(consultation_id) or id_used(db, consultation_id):
        return TAKEN.format(id=consultation_id)
    return None


def _line_errors(error: DefinitionError, name: str) -> list[FieldError]:
    return [FieldError(name, f"Line {p.line}: {p.message}") for p in error.problems]


def save(db: sqlite_utils.Database, questionnaire: Questionnaire, audit: list[tuple[str, str]],
         create: bool = False) -> None:
    """Store a loaded definition as the consultation's current version, audited, then serve it."""
    if catalogue().is_shipped(questionnaire.id):
        raise ValueError(SHIPPED.format(id=questionnaire.id))
    try:
        save_source(db, questionnaire, g.user.username, audit, create)
    except AlreadyStored:
        raise ValueError(TAKEN.format(id=questionnaire.id)) from None
    catalogue().put(questionnaire)


def _create(db, questionnaire: Questionnaire, how: str, action: str | None = None):
    try:
        save(db, questionnaire, [("consultation created", how)] + ([(action, "")] if action else []),
             create=True)
    except ValueError as error:
        return [FieldError("id", str(error))]
    flash(f"'{questionnaire.title}' was created as a draft. Young people cannot see it until it is opened.")
    return redirect(url_for(".consultation", consultation_id=questionnaire.id))


@bp.get("/")
def index():
    return render_template("builder/consultations/index.html", consultations=catalogue().all(),
                           shipped=catalogue().shipped)


@bp.route("/new", methods=["GET", "POST"])
def new():
    form, errors = NewForm(), []
    if form.validate_on_submit():
        db = get_db()
        errors = _new_fields(db, form)
        if not errors:
            starter = {"id": form.id.data, "title": form.title.data.strip(),
                       "organisation": {"name": form.organisation.data.strip()},
                       "numbering": "automatic",
                       "sections": [{"id": "your-views", "title": "Your views", "questions": [
                           {"id": "what-would-you-like-to-tell-us", "type": "long_text",
                            "text": "What would you like to tell us?"}]}]}
            text = yaml.safe_dump(starter, sort_keys=False, allow_unicode=True)
            try:
                created = _create(db, load_text(text, "new consultation"), "from scratch")
            except DefinitionError as error:
                created = [FieldError("title", p.message) for p in error.problems]
            if not isinstance(created, list):
                return created
            errors = created
    return render_template("builder/consultations/new.html", form=form, errors=errors or errors_in_order(form),
                           heading="Create a consultation")


def _made_from_title(db: sqlite_utils.Database, title: str) -> str:
    """A web address from the title's words, "Family time 2027" -> "family-time-2027", with -2,
    -3... if a consultation (now or ever) has it."""
    wanted = slug(title, "consultation")
    found, number = wanted, 1
    while _id_problem(db, found):
        number += 1
        found = f"{wanted}-{number}"
    return found


def _new_fields(db, form: NewForm) -> list[FieldError]:
    form.id.data = (form.id.data or "").strip()
    if not form.id.data and (form.title.data or "").strip():
        form.id.data = _made_from_title(db, form.title.data)
    errors = []
    if problem := _id_problem(db, form.id.data):
        errors.append(FieldError("id", problem))
    if not (form.title.data or "").strip():
        errors.append(FieldError("title", "Enter a title"))
    if not (form.organisation.data or "").strip() and not isinstance(form, CopyForm):
        errors.append(FieldError("organisation", "Enter the council or organisation's name"))
    return errors


@bp.route("/copy", methods=["GET", "POST"])
def copy():
    form, errors = CopyForm(), []
    form.source.choices = [(q.id, q.title) for q in catalogue().all()]
    if request.method == "GET" and request.args.get("from"):
        form.source.data = request.args["from"]
    if form.validate_on_submit():
        db = get_db()
        errors = _new_fields(db, form)
        if not errors:
            original = consultation_or_404(form.source.data)
            changed = dataclasses.replace(original, id=form.id.data, title=form.title.data.strip())
            try:
                copied = read_source(db, dump(changed), changed.id, "copy", state="draft")
                created = _create(db, copied, f"copy of {original.id}")
            except DefinitionError as error:
                created = _line_errors(error, "title")
            if not isinstance(created, list):
                return created
            errors = created
    return render_template("builder/consultations/new.html", form=form, errors=errors or errors_in_order(form),
                           heading="Copy a consultation")


@bp.route("/upload", methods=["GET", "POST"])
def upload():
    form, errors = UploadForm(), []
    if form.validate_on_submit():
        errors, loaded = _read_upload(form.file.data)
        if loaded is not None:
            db = get_db()
            current = catalogue().get(loaded.id)
            if catalogue().is_shipped(loaded.id):
                errors = [FieldError("file", SHIPPED.format(id=loaded.id))]
            elif current is None:
                if problem := _id_problem(db, loaded.id):
                    errors = [FieldError("file", problem)]
                else:
                    created = _create(db, loaded, "uploaded", "definition uploaded")
                    if not isinstance(created, list):
                        return created
                    errors = [FieldError("file", e.message) for e in created]
            else:
                return confirm(db, current, loaded, "definition uploaded")
    return render_template("builder/consultations/upload.html", form=form,
                           errors=errors or errors_in_order(form))


def _read_upload(storage) -> tuple[list[FieldError], Questionnaire | None]:
    if not storage or not storage.filename:
        return [FieldError("file", NO_FILE)], None
    try:
        text = storage.read().decode("utf-8").replace("\r\n", "\n")
    except UnicodeDecodeError:
        return [FieldError("file", NOT_TEXT)], None
    try:
        return [], load_text(text, storage.filename)
    except DefinitionError as error:
        return _line_errors(error, "file"), None


@bp.get("/c/<consultation_id>.yaml")
def download(consultation_id: str):
    questionnaire = consultation_or_404(consultation_id)
    return Response(questionnaire.source, mimetype="application/yaml", headers={
        "Content-Disposition": f'attachment; filename="{questionnaire.id}.yaml"'})


@bp.get("/c/<consultation_id>")
def consultation(consultation_id: str):
    questionnaire = consultation_or_404(consultation_id)
    reading = consultation_reading(questionnaire)
    return render_template("builder/consultations/consultation.html", q=questionnaire,
                           shipped=catalogue().is_shipped(consultation_id),
                           reading_level=level_words(reading),
                           hardest=[sentence_words(s) for s in reading.hardest()],
                           version_levels=[level_words(r, name)
                                           for name, r in version_readings(questionnaire)],
                           not_measured=not_measured(questionnaire))


@bp.route("/c/<consultation_id>/source", methods=["GET", "POST"])
def source(consultation_id: str):
    current = consultation_or_404(consultation_id)
    form, errors = SourceForm(), []
    if request.method == "GET":
        form.source.data = current.source
    elif catalogue().is_shipped(consultation_id):
        errors = [FieldError("source", SHIPPED.format(id=consultation_id))]
    elif form.validate_on_submit():
        text = (form.source.data or "").replace("\r\n", "\n")
        try:
            loaded = read_source(get_db(), text, consultation_id)
        except DefinitionError as error:
            errors = _line_errors(error, "source")
        else:
            return confirm(get_db(), current, loaded, "definition saved")
    return render_template("builder/consultations/source.html", q=current, form=form,
                           shipped=catalogue().is_shipped(consultation_id),
                           errors=errors or errors_in_order(form))


def confirm(db, current: Questionnaire, loaded: Questionnaire, action: str, status: int = 200):
    """What saving `loaded` over `current` will do, with a button to save it (or the reasons
    it cannot be saved)."""
    done = answered(db, current)
    return render_template(
        "builder/consultations/confirm.html", q=current, new=loaded, action=action,
        lines=version_table.describe(current, loaded), responses=done.responses,
        kept=differences.KEPT,
        errors=[FieldError(None, r) for r in differences.refusals(current, loaded, done)]), status


@bp.post("/c/<consultation_id>/save")
def save_version(consultation_id: str):
    current = editable_or_404(consultation_id)
    form = SourceForm()
    action = request.form.get("action")
    if not form.validate_on_submit() or action not in ACTIONS:
        abort(400)
    try:
        loaded = read_source(get_db(), form.source.data.replace("\r\n", "\n"), consultation_id)
    except DefinitionError:
        abort(400)  # it loaded on the page before: only a changed request gets here
    db = get_db()
    if differences.refusals(current, loaded, answered(db, current)):
        return confirm(db, current, loaded, action, 400)
    done = version_table.describe(current, loaded, differences.SAVED)
    save(db, loaded, [(action, f"version {loaded.version}: {differences.sentences(done, 50)}"[:1000])])
    flash(f"Saved. {differences.sentences(done)} {differences.KEPT}")
    return redirect(url_for(".consultation", consultation_id=consultation_id))


@bp.route("/c/<consultation_id>/preview", methods=["GET", "POST"])
def preview(consultation_id: str):
    """The consultation exactly as a young person sees it, at phone width: its form, or a paged
    one's start page, whose steps follow. Nothing sent in the preview is stored (survey.builder.preview)."""
    return previews.start(chosen(consultation_or_404(consultation_id)))


@bp.route("/c/<consultation_id>/preview/p/<int:number>", methods=["GET", "POST"])
def preview_page(consultation_id: str, number: int):
    return previews.page(chosen(previews.paged(consultation_id)), number)


@bp.route("/c/<consultation_id>/preview/check", methods=["GET", "POST"])
def preview_check(consultation_id: str):
    return previews.check(chosen(previews.paged(consultation_id)))


@bp.route("/c/<consultation_id>/preview/resume", methods=["GET", "POST"])
def preview_resume(consultation_id: str):
    return previews.resume(chosen(consultation_or_404(consultation_id)))


@bp.get("/phone.css")
def phone_css():
    return Response(PHONE_CSS, mimetype="text/css")


