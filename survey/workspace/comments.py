"""The officers' comments page: every piece of free text of a consultation, searched and paged,
with themes to create, delete and put on comments, and the comments to quote on the young
people's results page (survey.store.results_pages; nothing else a young person wrote is ever
shown there). What a comment is, finding them and storing themes: survey.store.comments.
"""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_wtf import FlaskForm
from wtforms import HiddenField, IntegerField, StringField
from wtforms.validators import InputRequired, Length, Optional

from analysis.summary import has_text_box

from survey.store import flags, results_pages
from survey.store.comments import (LONG_THEME, NAME_THEME, THEME_LENGTH, CommentRow, ThemeError,
                                   create_theme, delete_theme, find, set_tag, themes)
from survey.web.auth import role_required
from survey.web.per_request import get_db
from survey.web.form_errors import errors_in_order
from survey.web.catalogue import consultation_or_404

bp = Blueprint("comments", __name__, url_prefix="/staff/c/<consultation_id>")


# -- pages -----------------------------------------------------------------------------------

class ThemeForm(FlaskForm):
    name = StringField("Name of a new theme", validators=[
        InputRequired(NAME_THEME), Length(max=THEME_LENGTH, message=LONG_THEME)])


class TagForm(FlaskForm):
    response_id = IntegerField(validators=[InputRequired()])
    question_id = HiddenField(validators=[InputRequired()])
    item_id = HiddenField()
    tag_id = IntegerField(validators=[InputRequired()])
    action = HiddenField(validators=[InputRequired()])
    # where to go back to
    question = HiddenField()
    search = HiddenField()
    page = IntegerField(validators=[Optional()])


class DeleteThemeForm(FlaskForm):
    tag_id = IntegerField(validators=[InputRequired()])



def _page_int(value) -> int:
    try:
        return max(1, int(value or 1))
    except (TypeError, ValueError):
        return 1


def _render(questionnaire, theme_form: ThemeForm | None = None, status: int = 200):
    db = get_db()
    question_id = request.args.get("question", "")
    boxes = [q for q in questionnaire.questions if has_text_box(q)]
    if question_id not in {q.id for q in boxes}:
        question_id = ""
    search = request.args.get("search", "")[:200]
    found = find(db, questionnaire, question_id, search, _page_int(request.args.get("page")))
    theme_form = theme_form or ThemeForm(formdata=None)
    return render_template(
        "workspace/comments/index.html", q=questionnaire, found=found, boxes=boxes,
        question_id=question_id, search=search, themes=themes(db, questionnaire.id),
        theme_form=theme_form, errors=errors_in_order(theme_form),
        held_back=len(flags.held_back(db, questionnaire.id)),
        quoted=results_pages.quoted(db, questionnaire.id)), status


@bp.get("/comments")
@role_required("officer")
def index(consultation_id: str):
    return _render(consultation_or_404(consultation_id))


@bp.post("/themes")
@role_required("officer")
def create(consultation_id: str):
    questionnaire = consultation_or_404(consultation_id)
    form = ThemeForm()
    if form.validate_on_submit():
        try:
            create_theme(get_db(), questionnaire.id, form.name.data)
        except ThemeError as problem:
            form.name.errors = [str(problem)]
        else:
            flash(f"Theme added: {' '.join(form.name.data.split())}")
            return redirect(url_for(".index", consultation_id=questionnaire.id))
    elif "csrf_token" in form.errors:
        abort(400)
    return _render(questionnaire, form)


@bp.post("/themes/delete")
@role_required("officer")
def delete(consultation_id: str):
    questionnaire = consultation_or_404(consultation_id)
    form = DeleteThemeForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        name = delete_theme(get_db(), questionnaire.id, form.tag_id.data)
    except LookupError:
        abort(404)
    flash(f"Theme deleted: {name}")
    return redirect(url_for(".index", consultation_id=questionnaire.id))


@bp.post("/comments/tag")
@role_required("officer")
def tag(consultation_id: str):
    questionnaire = consultation_or_404(consultation_id)
    form = TagForm()
    if not form.validate_on_submit() or form.action.data not in ("add", "remove"):
        abort(400)
    key = (form.response_id.data, form.question_id.data, form.item_id.data or "")
    try:
        set_tag(get_db(), questionnaire, key, form.tag_id.data, form.action.data == "add")
    except LookupError:
        abort(404)
    return _back(questionnaire, form, key)


def _back(questionnaire, form, key):
    """To the page of comments the form was on, at the comment."""
    back = {k: v for k, v in (("question", form.question.data), ("search", form.search.data),
                              ("page", form.page.data)) if v}
    anchor = CommentRow(*key, "", "", "", "").anchor
    return redirect(url_for(".index", consultation_id=questionnaire.id, **back) + f"#{anchor}")


class QuoteForm(TagForm):
    tag_id = None     # a quote has no theme: the rest of the comment's form is the same


@bp.post("/comments/quote")
@role_required("officer")
def quote(consultation_id: str):
    """Quote a comment on the young people's results page ("add"), or stop ("remove")."""
    questionnaire = consultation_or_404(consultation_id)
    form = QuoteForm()
    if not form.validate_on_submit() or form.action.data not in ("add", "remove"):
        abort(400)
    key = (form.response_id.data, form.question_id.data, form.item_id.data or "")
    try:
        results_pages.set_quoted(get_db(), questionnaire, key, form.action.data == "add")
    except LookupError:
        abort(404)
    flash("Quoted on the results page" if form.action.data == "add"
          else "No longer quoted on the results page")
    return _back(questionnaire, form, key)
