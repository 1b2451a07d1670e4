"""The officer's buttons that move a consultation through its life (draft -> open -> closed ->
archived). The states, the moves allowed and storing them are survey.store.lifecycle.

Each move asks once: the consultation page's button is a link to a page that says what will
happen, in the officer's words, and only the button on that page (a POST with `confirmed`)
moves it. A GET never changes anything, and a POST without `confirmed` is sent to that page.

A draft whose translation still lacks texts (survey.definition.model Translation.missing) is
never opened: both the page that asks and the button say which texts are missing, in the
officer's words, so no young person meets words in a language they did not choose.
"""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_wtf import FlaskForm

from survey.definition.languages import LANGUAGES
from survey.definition.texts import place_of
from survey.store.lifecycle import BUTTONS, LABELS, NotAllowed, set_state, state_of
from survey.web.auth import role_required
from survey.web.per_request import get_db
from survey.web.catalogue import catalogue

TRY_AGAIN = "Sorry, that did not work. Try again"
# (from, to) -> what the move does, said before the officer says yes.
WHAT_HAPPENS = {
    ("draft", "open"): ("Young people with the link can answer from now on. Once someone has "
                        "answered, a question with answers cannot be removed, only retired."),
    ("open", "closed"): ("Young people can no longer answer. The answers already sent are "
                         "kept, and you can reopen it later."),
    ("closed", "open"): "Young people with the link can answer again from now on.",
    ("closed", "archived"): ("It can never be opened again: this cannot be undone. Young people "
                             "can no longer answer, and the answers already sent are kept."),
}
# The dates in the consultation's settings still decide, whatever its state.
DATES_APPLY = "Its dates still apply: young people can answer only {between}."
# Why a draft with an unfinished translation is not opened, one sentence per language.
UNFINISHED = "{language} is missing {count}: {texts}."
ADD_THEM = "Add them, or stop offering it, before opening the consultation."
# How many missing texts are named before "and N more".
NAMED = 10
# (from, to) -> the confirm button's words.
YES = {("draft", "open"): "Yes, open it", ("open", "closed"): "Yes, close it",
       ("closed", "open"): "Yes, reopen it", ("closed", "archived"): "Yes, archive it"}

bp = Blueprint("lifecycle", __name__, url_prefix="/staff/c/<consultation_id>")


class StateForm(FlaskForm):
    """Only the CSRF token: the new state comes from the button pressed."""


def _dates(questionnaire) -> str:
    day = "%-d %B %Y"
    opens, closes = questionnaire.opens, questionnaire.closes
    if opens and closes:
        between = f"from {opens.strftime(day)} to {closes.strftime(day)}"
    elif opens:
        between = f"from {opens.strftime(day)}"
    elif closes:
        between = f"until the end of {closes.strftime(day)}"
    else:
        return ""
    return DATES_APPLY.format(between=between)


def unfinished(questionnaire) -> str:
    """Why the consultation cannot be opened yet ("Welsh is missing 3 texts: question 4’s
    words, ..."), or "" when every translation has every text."""
    said = []
    for translation in questionnaire.translations:
        missing = translation.missing
        if not missing:
            continue
        row = LANGUAGES.get(translation.language)
        places = [place_of(questionnaire, key) for key in missing[:NAMED]]
        if len(missing) > NAMED:
            places.append(f"and {len(missing) - NAMED} more")
        said.append(UNFINISHED.format(
            language=row.english if row else translation.language,
            count=f"{len(missing)} texts" if len(missing) > 1 else "1 text",
            texts=", ".join(places)))
    return " ".join(said + [ADD_THEM]) if said else ""


@bp.get("/state/<state>")
@role_required("officer")
def confirm_state(consultation_id: str, state: str):
    """What moving the consultation to `state` will do, and the one button that does it."""
    questionnaire = catalogue().get(consultation_id) or abort(404)
    move = (state_of(get_db(), consultation_id), state)
    if move not in WHAT_HAPPENS:
        flash(f"A consultation that is {LABELS[move[0]].lower()} cannot be moved to "
              f"{LABELS.get(state, 'that state').lower()}")
        return redirect(url_for("staff.consultation", consultation_id=consultation_id))
    if state == "open" and (refused := unfinished(questionnaire)):
        flash(refused)
        return redirect(url_for("staff.consultation", consultation_id=consultation_id))
    dates = _dates(questionnaire) if state == "open" else ""
    return render_template("workspace/lifecycle/confirm.html", q=questionnaire, state=state,
                           heading=BUTTONS[move], said=WHAT_HAPPENS[move], dates=dates,
                           yes=YES[move])


@bp.post("/state")
@role_required("officer")
def change_state(consultation_id: str):
    questionnaire = catalogue().get(consultation_id) or abort(404)
    new = request.form.get("state", "")
    if not StateForm().validate_on_submit():
        flash(TRY_AGAIN)
    elif new == "open" and (refused := unfinished(questionnaire)):
        flash(refused)
    elif request.form.get("confirmed") != "yes":
        if new not in LABELS:
            abort(400)
        return redirect(url_for(".confirm_state", consultation_id=consultation_id, state=new))
    else:
        try:
            set_state(get_db(), consultation_id, new)
        except NotAllowed as problem:
            flash(str(problem))
        else:
            flash(f"The consultation is now {LABELS[new].lower()}")
    return redirect(url_for("staff.consultation", consultation_id=consultation_id))
