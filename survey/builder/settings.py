"""A consultation's settings, scales and conditions as forms, for officers who do not write YAML.

Each page reads the current model, makes its change with `dataclasses.replace` and hands the
result to `editing.apply`, the one way a form page saves: through the loader, and past the
builder's confirm page once a consultation has answers. The checks here only say the loader's
rules in plain words beside the field; the loader still has the last word, and when it refuses,
its message is shown. Consultations shipped as files are changed in the repository (or copied),
so every page here is 404 for them. The scale and condition pages join this blueprint from
`editor_scales` and `editor_conditions`.
"""
from __future__ import annotations

from dataclasses import replace
from datetime import date

from flask import Blueprint, abort, render_template, request, url_for

from survey.builder import editing
from survey.web.auth import role_required
from survey.definition.model import HELP_TEXT, HELP_URL, LAYOUTS, NUMBERINGS, Questionnaire, StartPage
from survey.definition.types import type_of
from survey.definition import messages
from survey.definition.validate import COLOUR, contrast_with_white
from survey.builder.editing import token_problems
from survey.web.form_errors import FieldError, clean_text
from survey.web.catalogue import editable_or_404

bp = Blueprint("settings_editor", __name__, url_prefix="/staff/builder/c/<consultation_id>")

DATE_PARTS = ("day", "month", "year")
NOT_A_LINK = "Enter a web address that starts with https://, for example {example}"
# Where a loader message belongs on the settings page: the first needle found in it wins.
LOADER_FIELDS = (("'colour'", "colour"), ("'privacy_url'", "privacy_url"),
                 ("help: 'url'", "help_url"), ("help: 'text'", "help_text"),
                 ("'results_by'", "results_by-day"), ("'opens'", "opens-day"),
                 ("'closes'", "closes-day"),
                 ("'breakdown'", "breakdown"), ("'series'", "wave"), ("'show_if'", "layout"),
                 ("'title'", "title"), ("organisation: 'name'", "organisation"))
TEXTS = ("title", "introduction", "organisation", "contact", "privacy_url", "colour", "help_text",
         "help_url", "about", "who_reads", "time", "series", "wave")


@bp.before_request
@role_required("officer")
def guard():
    """Every page here changes a consultation: officers only, as in the builder."""


def field(name: str) -> str:
    """A posted text, as the loader will read it: line ends made plain, control characters
    (a pasted NUL or escape) taken out, trimmed."""
    return clean_text(request.form.get(name, ""))


def apply(current: Questionnaire, changed: Questionnaire, where=()):
    """Save through `editing.apply`, back to the builder's page for the consultation. Returns a
    response, or the loader's problems, each put on the field its message names."""
    result = editing.apply(current, changed,
                           url_for("builder.consultation", consultation_id=current.id))
    if not isinstance(result, list):
        return result
    return [FieldError(next((name for needle, name in where if needle in e.message), e.name),
                       e.message) for e in result]


# -- settings ------------------------------------------------------------------------------
def _shown(current: Questionnaire) -> dict[str, str]:
    """The settings as the form shows them."""
    org, start = current.organisation, current.start
    values = {"title": current.title, "introduction": current.introduction,
              "organisation": org.name, "contact": org.contact, "privacy_url": org.privacy_url,
              "colour": org.colour, "help_text": org.help_text, "help_url": org.help_url,
              "about": start.about, "who_reads": start.who_reads, "time": start.time,
              "series": current.series, "wave": current.wave, "layout": current.layout,
              "breakdown": current.breakdown or "", "numbering": current.numbering}
    for name in ("opens", "closes", "results_by"):
        day = getattr(current, name)
        for part in DATE_PARTS:
            values[f"{name}-{part}"] = str(getattr(day, part)) if day else ""
    return values


def read_date(name: str, label: str) -> tuple[date | None, FieldError | None]:
    """A GOV.UK date input's three boxes as a day: None if all are empty, or the problem."""
    parts = {part: field(f"{name}-{part}") for part in DATE_PARTS}
    if not any(parts.values()):
        return None, None
    missing = [part for part in DATE_PARTS if not parts[part]]
    if missing:
        return None, FieldError(f"{name}-{missing[0]}",
                                f"{label} must include a {' and a '.join(missing)}")
    wrong = [part for part in DATE_PARTS if not (parts[part].isascii() and parts[part].isdigit()
                                                 and len(parts[part]) <= 4)]
    if wrong:
        return None, FieldError(f"{name}-{wrong[0]}", f"{label} must be a real date, written "
                                                      "in numbers, for example 31 3 2027")
    if len(parts["year"]) != 4:
        return None, FieldError(f"{name}-year",
                                f"The year of the {label.lower()} must include 4 numbers")
    try:
        return date(int(parts["year"]), int(parts["month"]), int(parts["day"])), None
    except ValueError:
        return None, FieldError(f"{name}-day", f"{label} must be a real date")


def breakdowns(current: Questionnaire) -> list:
    """The questions results can be split by: one option picked (single choice), still asked."""
    return [q for q in current.questions if type_of(q).splits_results and not q.retired]


def _changed(current: Questionnaire) -> tuple[Questionnaire, list[FieldError]]:
    """The questionnaire with the posted settings, and every problem found in them."""
    got = {name: field(name) for name in TEXTS}
    errors = []
    layout, breakdown = request.form.get("layout", ""), request.form.get("breakdown", "")
    numbering = request.form.get("numbering", current.numbering)
    if layout not in LAYOUTS or breakdown not in {"", *(q.id for q in breakdowns(current))} \
            or numbering not in NUMBERINGS:
        abort(400)  # only a changed request can send what the page never offered
    if not got["title"]:
        errors.append(FieldError("title", "Enter a title"))
    if not got["organisation"]:
        errors.append(FieldError("organisation", "Enter the council or organisation's name"))
    for name, example in (("privacy_url", "https://www.example.gov.uk/privacy"),
                          ("help_url", "https://www.childline.org.uk/")):
        if got[name] and not got[name].startswith("https://"):
            errors.append(FieldError(name, NOT_A_LINK.format(example=example)))
    colour = got["colour"].lower()
    colour = f"#{colour}" if colour and not colour.startswith("#") else colour
    if colour and not COLOUR.match(colour):
        errors.append(FieldError("colour", "Enter the colour as # and 6 letters or numbers, "
                                           "for example #1d4f91"))
    elif colour and contrast_with_white(colour) < 4.5:  # the loader's own words, at once
        errors.append(FieldError("colour", messages.LOW_CONTRAST.format(
            found=colour, ratio=contrast_with_white(colour))))
    help_text, help_url = got["help_text"], got["help_url"]
    if not help_text and not help_url:
        help_text, help_url = HELP_TEXT, HELP_URL
    elif not help_text or not help_url:
        missing = "help_text" if not help_text else "help_url"
        errors.append(FieldError(missing, "Enter both the words and the link of \u2018Get help "
                                          "now\u2019, or leave both empty to use Childline"))
    opens, problem = read_date("opens", "Opening date")
    errors += [problem] if problem else []
    closes, problem = read_date("closes", "Closing date")
    errors += [problem] if problem else []
    if opens and closes and closes < opens:
        errors.append(FieldError("closes-day", "Closing date must be the same as or after the "
                                               "opening date"))
    # A day already past is allowed (the loader's rule too): `survey check` warns of it.
    results_by, problem = read_date("results_by", "Results date")
    errors += [problem] if problem else []
    last, last_words = (closes, "closing date") if closes else (opens, "opening date")
    if results_by and last and results_by < last:
        errors.append(FieldError("results_by-day", f"Results date must be the same as or after "
                                                   f"the {last_words}"))
    if got["series"] and not got["wave"]:
        errors.append(FieldError("wave", "Enter the name of this wave, for example Spring 2027, "
                                         "or leave the series empty"))
    if layout != "pages" and any(p.show_if for s in current.sections for p in (s, *s.questions)):
        errors.append(FieldError("layout", "Keep one section per page: some sections or questions "
                                           "are only asked after an earlier answer, which must be "
                                           "sent first. Set them to \u2018Always ask\u2019 on the "
                                           "conditions page first"))
    organisation = replace(current.organisation, name=got["organisation"], contact=got["contact"],
                           privacy_url=got["privacy_url"], colour=colour, help_text=help_text,
                           help_url=help_url)
    changed = replace(
        current, title=got["title"], introduction=got["introduction"], organisation=organisation,
        opens=opens, closes=closes, results_by=results_by, layout=layout,
        breakdown=breakdown or None,
        start=StartPage(got["about"], got["who_reads"], got["time"]),
        series=got["series"], wave=got["wave"], numbering=numbering)
    return changed, errors


@bp.route("/settings", methods=["GET", "POST"])
def settings(consultation_id: str):
    current = editable_or_404(consultation_id)
    values, errors = _shown(current), []
    if request.method == "POST":
        values = {name: request.form.get(name, "") for name in values}
        changed, errors = _changed(current)
        errors = token_problems() + errors
        if not errors:
            result = apply(current, changed, LOADER_FIELDS)
            if not isinstance(result, list):
                return result
            errors = result
    return settings_page(current, values, errors)


def settings_page(current: Questionnaire, values: dict[str, str] | None = None,
                  errors=()) -> str:
    """The settings page: the form (as saved, or as posted), its problems, and the logo
    (survey.builder.logo, whose upload and removal come back here with their own problems)."""
    return render_template("builder/settings/settings.html", q=current,
                           v=values or _shown(current), errors=list(errors),
                           split=[{"value": "", "text": "Not split"}] + [
                               {"value": q.id, "text": q.heading} for q in breakdowns(current)])
