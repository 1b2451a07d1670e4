"""What the builder's form pages share: turn an edited model into a saved version (ids are made
in survey.builder.ids).

A form page changes the model with `dataclasses.replace` and hands the result to `apply`, which
writes it out (`dump`) and reads it back through `load_text`, the loader every file goes
through, so a page can never save what a file could not say. While a draft has no answers the
change is saved at once and the page says what it did; once a consultation is open or has
answers, the officer first sees what the change will do (the builder's confirm page), exactly as
for an edit of the YAML text.

A draft's translations may lack texts (survey.store.definitions.read_source): a question added
to a consultation offered in Welsh has no Welsh yet. A translated text of something the change
took away (a removed question, a version's rewording put back) is dropped with it, since the
loader refuses a translation of a text the consultation does not have.
"""
from __future__ import annotations

from dataclasses import replace

from flask import flash, redirect
from flask_wtf import FlaskForm

from survey.definition import differences
from survey.store import lifecycle
from survey.web.per_request import get_db
from survey.definition import DefinitionError, Questionnaire
from survey.definition.dump import dump
from survey.definition.texts import texts_of
from survey.store.definitions import read_source
from survey.builder import version_table
from survey.web.form_errors import FieldError
from survey.store.responses import answered

# The action recorded in the audit log for a change made through the form pages.
EDITED = "definition edited"
NOTHING = "Nothing was changed."
TIMED_OUT = "This page timed out, so nothing was changed. Try again"


class TokenOnly(FlaskForm):
    """Only the CSRF token: the form pages read their fields from the request themselves, since
    how many there are (rows of a question, points of a scale) depends on the consultation."""


def token_problems() -> list[FieldError]:
    """[] when the POST carries a good CSRF token; else the page's "timed out" error."""
    return [] if TokenOnly().validate_on_submit() else [FieldError(None, TIMED_OUT)]


def apply(current: Questionnaire, changed: Questionnaire, back: str):
    """Save `changed` over `current`, or show what it will do first. Returns a response, or the
    loader's problems as errors for the page (nothing is stored then)."""
    from survey.builder.consultations import confirm, save  # the builder's blueprint imports the form pages
    db = get_db()
    state = lifecycle.state_of(db, current.id)
    try:
        loaded = read_source(db, dump(without_stale_translations(changed)), current.id, state=state)
    except DefinitionError as error:
        return [FieldError(None, problem.message) for problem in error.problems]
    lines = version_table.describe(current, loaded)
    if lines == [differences.NOTHING]:
        flash(NOTHING)
        return redirect(back)
    done = answered(db, current)
    if done.responses or state != "draft" \
            or differences.refusals(current, loaded, done):
        return confirm(db, current, loaded, EDITED)
    done_lines = version_table.describe(current, loaded, differences.SAVED)
    save(db, loaded, [(EDITED, f"version {loaded.version}: {differences.sentences(done_lines, 50)}"[:1000])])
    flash("Saved. " + differences.sentences(done_lines))
    return redirect(back)


def without_stale_translations(changed: Questionnaire) -> Questionnaire:
    """`changed` with the words of what it no longer has taken out: each version's rewording
    of a removed question, statement or option, then each translation's texts of them. The
    words of a retired part stay (it may be brought back, and the loader allows them)."""
    if changed.versions:
        known = texts_of(changed, retired=True)
        changed = replace(changed, versions=tuple(
            replace(v, words={k: w for k, w in v.words.items() if k in known})
            for v in changed.versions))
    if not changed.translations:
        return changed
    wanted = texts_of(changed, retired=True)
    return replace(changed, translations=tuple(
        replace(t, texts={k: v for k, v in t.texts.items() if k in wanted})
        for t in changed.translations))
