"""Publishing the results page young people see (issue 16), from the officers' "You said, we
did" page: its state there (survey/templates/workspace/results_publish/_state.html), and the
page that says what publishing or taking it down will do, whose Yes button is the only thing
that does it. Storage and audit: survey.store.results_pages.

Officers publish and take down; managers see whether it is published, not the buttons. A GET
never changes anything.
"""
from __future__ import annotations

from datetime import datetime

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_wtf import FlaskForm

from survey.store import results_pages
from survey.web.auth import role_required
from survey.web.catalogue import consultation_or_404
from survey.web.per_request import get_db

bp = Blueprint("results_publish", __name__,
               url_prefix="/staff/c/<consultation_id>/you-said/results-page")

# move -> (heading, what will happen, the Yes button, what is said once done)
MOVES = {
    "publish": (
        "Publish the results page",
        "Young people with the link or QR code will see how many took part, the figures "
        "(with small groups hidden, as managers see them), the comments you chose to quote, "
        "and what you said you would do, with each action’s status. Once the consultation "
        "closes, its link and QR code go straight to this page. You can take it down at any "
        "time.",
        "Yes, publish it", "The results page is published"),
    "take-down": (
        "Take the results page down",
        "Young people will no longer see the results. Once the consultation has closed, its "
        "link and QR code will say it is not open again. Your actions and quotes are kept, and "
        "you can publish it again later.",
        "Yes, take it down", "The results page has been taken down"),
}


class MoveForm(FlaskForm):
    """Only the CSRF token: the move is in the address."""


def published_words(db, consultation_id: str) -> str:
    """Since when the results page is published, as GOV.UK writes a date; '' if it is not."""
    stamp = results_pages.published_at(db, consultation_id)
    if not stamp:
        return ""
    day = datetime.strptime(stamp[:10], "%Y-%m-%d")
    return f"{day.day} {day:%B %Y}"


@bp.route("/<move>", methods=["GET", "POST"])
@role_required("officer")
def confirm(consultation_id: str, move: str):
    """What publishing (or taking down) will do, and the one button that does it."""
    questionnaire = consultation_or_404(consultation_id)
    if move not in MOVES:
        abort(404)
    heading, said, yes, done = MOVES[move]
    form = MoveForm()
    if form.validate_on_submit():
        db = get_db()
        changed = (results_pages.publish if move == "publish" else results_pages.unpublish)(
            db, questionnaire.id)
        flash(done if changed else f"Nothing changed: {done[0].lower()}{done[1:]} already")
        return redirect(url_for("you_said.index", consultation_id=questionnaire.id))
    if form.is_submitted():
        abort(400)
    return render_template("workspace/results_publish/confirm.html", q=questionnaire,
                           move=move, heading=heading, said=said, yes=yes)
