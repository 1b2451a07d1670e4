"""What the builder's form pages share: turn an edited model into a saved version (ids are made
in survey.builder.ids).

A form page changes the model with `dataclasses.replace` and hands the result to `apply`, which
writes it out (`dump`) and reads it back through `load_text`, the loader every file goes
through, so a page can never save what a file could not say. While a draft has no answers the
change is saved at once and the page says what it did; once a consultation is open or has
answers, the officer first sees what the change will do (the builder's confirm page), exactly as
for an edit of the YAML text.
"""
from __future__ import annotations

from flask import flash, redirect
from flask_wtf import FlaskForm

from survey.definition import differences
from survey.store import lifecycle
from survey.web.per_request import get_db
from survey.definition import DefinitionError, Questionnaire, load_text
from survey.definition.dump import dump
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
    try:
        loaded = load_text(dump(changed), f"{current.id}.yaml")
    except DefinitionError as error:
        return [FieldError(None, problem.message) for problem in error.problems]
    lines = differences.describe(current, loaded)
    if lines == [differences.NOTHING]:
        flash(NOTHING)
        return redirect(back)
    db = get_db()
    done = answered(db, current)
    if done.responses or lifecycle.state_of(db, current.id) != "draft" \
            or differences.refusals(current, loaded, done):
        return confirm(db, current, loaded, EDITED)
    done_lines = differences.describe(current, loaded, differences.SAVED)
    save(db, loaded, [(EDITED, f"version {loaded.version}: {differences.sentences(done_lines, 50)}"[:1000])])
    flash("Saved. " + differences.sentences(done_lines))
    return redirect(back)

