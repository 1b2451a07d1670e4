"""Reaching young people: a short public link, its QR code, a printable poster, and invitations.

The short link is /s/<code>: six characters worked out from the consultation id (a hash, in an
alphabet without look-alikes), so it needs no storage, never changes, and is quick to type from
a poster on a phone; it redirects to /c/<id>, which keeps working. If two loaded consultations
ever shared a code (about 1 in 3 million for a pair), both are shown with their /c/<id> link
instead, and the short one leads nowhere.
"""
from __future__ import annotations

import base64
import hashlib
import io
import secrets

import segno
from flask import (Blueprint, Response, abort, flash, g, redirect, render_template, request,
                   session, url_for)
from flask_wtf import FlaskForm
from wtforms import HiddenField, IntegerField
from wtforms.validators import InputRequired, NumberRange, Optional

from exports.safe import csv_writer
from survey.definition.languages import language as language_row
from survey.respond import chosen
from survey.respond.invitation_code import POSTER_NEEDS_CODE
from survey.respond.one_page import results_by_words
from survey.store import invitations
from survey.store import lifecycle
from survey.web.auth import role_required
from survey.web.per_request import get_db
from survey.web.form_errors import errors_in_order
from survey.web.catalogue import consultation_or_404, catalogue

bp = Blueprint("reach", __name__)
SHORT_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"
SHORT_LENGTH = 6
NOT_WHOLE = "Enter the number invited as a whole number, 0 or more, like 164"
CODES_RANGE = f"Enter a number of codes from 1 to {invitations.MOST:,}, like 200"
QR_TYPES = {"png": "image/png", "svg": "image/svg+xml"}
# The last few batch marks of code forms already sent, in this browser's session: a form sent
# again (a reload that re-sends it, a double click) makes no second batch.
BATCHES_KEPT = 5
SENT_TWICE = ("These codes were made already, so no more were made. Codes are shown only once: "
              "if you did not download them, make new ones.")


def short_code(consultation_id: str) -> str:
    number = int.from_bytes(hashlib.sha256(consultation_id.encode()).digest()[:8], "big")
    letters = []
    for _ in range(SHORT_LENGTH):
        number, digit = divmod(number, len(SHORT_ALPHABET))
        letters.append(SHORT_ALPHABET[digit])
    return "".join(letters)


def _by_short(code: str) -> list[str]:
    return [qid for qid in catalogue().questionnaires if short_code(qid) == code]


def public_link(consultation_id: str, **choice: str) -> str:
    """The link to give young people: the short one, or /c/<id> in the rare case of a clash.
    `choice` (`lang`, `age`: survey.respond.chosen) makes the link for one language or one
    version for an age band, so a session with 8 to 12 year olds starts on their questions."""
    code = short_code(consultation_id)
    choice = {key: value for key, value in choice.items() if value}
    if _by_short(code) == [consultation_id]:
        return url_for("reach.short_link", short=code, _external=True, **choice)
    return url_for("respond.answer", consultation_id=consultation_id, _external=True, **choice)


def choice_links(questionnaire) -> list[dict]:
    """A link (with its QR code's choice) for each language other than the working one and
    each version for an age band, named in the officer's words: "Welsh (Cymraeg)", "8 to 12
    year olds"."""
    links = []
    for code in questionnaire.languages[1:]:
        row = language_row(code)
        links.append({"name": f"{row.english} ({row.own_name})", "lang": code, "own": row,
                      "choice": {chosen.LANGUAGE: code}})
    for version in questionnaire.versions:
        links.append({"name": version.name, "choice": {chosen.VERSION: version.id}})
    for link in links:
        link["link"] = public_link(questionnaire.id, **link["choice"])
    return links


def qr_code(link: str, fmt: str, title: str = "") -> bytes:
    """The link as a QR code (error correction M, survives a crease), as PNG or SVG."""
    qr = segno.make(link, error="m", micro=False)
    out = io.BytesIO()
    if fmt == "png":
        qr.save(out, kind="png", scale=12, border=4)
    else:
        qr.save(out, kind="svg", scale=10, border=4, title=title or link, unit="px")
    return out.getvalue()



@bp.get("/s/<short>")
def short_link(short: str):
    found = _by_short(short.strip().lower())
    if len(found) != 1:
        abort(404)
    # A link for one language or age group keeps its choice (survey.respond.chosen).
    choice = {key: request.args[key] for key in (chosen.LANGUAGE, chosen.VERSION)
              if request.args.get(key)}
    return redirect(url_for("respond.answer", consultation_id=found[0], **choice))


@bp.get("/staff/c/<consultation_id>/qr.<fmt>")
@role_required("officer", "manager")
def qr(consultation_id: str, fmt: str):
    questionnaire = consultation_or_404(consultation_id)
    if fmt not in QR_TYPES:
        abort(404)
    # A QR code for one language or age group: what its address asks for, if offered.
    link = public_link(questionnaire.id, **chosen.asked_for(questionnaire, request.args))
    data = qr_code(link, fmt, f"QR code for {questionnaire.title}")
    response = Response(data, mimetype=QR_TYPES[fmt])
    if request.args.get("download") == "1":
        response.headers["Content-Disposition"] = (
            f'attachment; filename="{questionnaire.id}-qr-code.{fmt}"')
    return response


@bp.get("/staff/c/<consultation_id>/poster")
@role_required("officer", "manager")
def poster(consultation_id: str):
    questionnaire = consultation_or_404(consultation_id)
    link = public_link(questionnaire.id)
    needs_code = invitations.required(get_db(), questionnaire.id)
    return render_template("workspace/share/poster.html", q=questionnaire, link=link,
                           link_text=link.split("://", 1)[-1],
                           needs_code=POSTER_NEEDS_CODE if needs_code else None,
                           results_by=results_by_words(questionnaire))


class WholeNumberField(IntegerField):
    """An IntegerField whose "not a number" message is ours, in plain words."""

    def __init__(self, label, not_a_number: str, **kwargs):
        super().__init__(label, **kwargs)
        self.not_a_number = not_a_number

    def process_formdata(self, valuelist):
        try:
            super().process_formdata([v.strip().replace(",", "") for v in valuelist])
        except ValueError:
            raise ValueError(self.not_a_number) from None


class InvitedForm(FlaskForm):
    invited = WholeNumberField("How many young people were invited?", NOT_WHOLE, validators=[
        Optional(), NumberRange(min=0, max=1_000_000, message=NOT_WHOLE)])


class CodesForm(FlaskForm):
    how_many = WholeNumberField("How many codes do you need?", CODES_RANGE, validators=[
        InputRequired(f"Enter how many codes you need, from 1 to {invitations.MOST:,}"),
        NumberRange(min=1, max=invitations.MOST, message=CODES_RANGE)])
    # A mark made when the page is shown, so that sending the same form twice is known.
    batch = HiddenField()


def _invitations_page(questionnaire, invited_form=None, codes_form=None, status=200,
                      just_made=None):
    db = get_db()
    invited_form = invited_form or InvitedForm(
        formdata=None, invited=lifecycle.invited_of(db, questionnaire.id))
    codes_form = codes_form or CodesForm(formdata=None, batch=secrets.token_urlsafe(12))
    made, used = invitations.counts(db, questionnaire.id)
    errors = errors_in_order(invited_form) + errors_in_order(codes_form)
    return render_template("workspace/share/invitations.html", q=questionnaire, invited_form=invited_form,
                           codes_form=codes_form, made=made, used=used, errors=errors,
                           link=public_link(questionnaire.id), just_made=just_made), status


@bp.get("/staff/c/<consultation_id>/invitations")
@role_required("officer")
def invitations_page(consultation_id: str):
    return _invitations_page(consultation_or_404(consultation_id))


@bp.post("/staff/c/<consultation_id>/invited")
@role_required("officer")
def invited(consultation_id: str):
    questionnaire = consultation_or_404(consultation_id)
    form = InvitedForm()
    if not form.validate_on_submit():
        return _invitations_page(questionnaire, invited_form=form)
    lifecycle.set_invited(get_db(), questionnaire.id, form.invited.data)
    flash("The number invited has been saved" if form.invited.data is not None
          else "The number invited has been cleared")
    return redirect(url_for(".invitations_page", consultation_id=questionnaire.id))


@bp.post("/staff/c/<consultation_id>/codes")
@role_required("officer")
def codes(consultation_id: str):
    """Make N codes and answer with the invitations page, which counts them as made at once and
    holds them in its download link (a data: URL, so the file needs no JavaScript and is kept
    nowhere but in this one response): they are never shown or kept again. So the page cannot
    be redirected to; instead the form carries a batch mark, and the same form sent again (the
    browser's "send again?" on a reload) makes nothing and says so."""
    questionnaire = consultation_or_404(consultation_id)
    form = CodesForm()
    if not form.validate_on_submit():
        return _invitations_page(questionnaire, codes_form=form)
    sent = session.get("codes_batches", [])
    if form.batch.data and form.batch.data in sent:
        flash(SENT_TWICE)
        return redirect(url_for(".invitations_page", consultation_id=questionnaire.id))
    if form.batch.data:
        session["codes_batches"] = [*sent, form.batch.data][-BATCHES_KEPT:]
    made = invitations.make_codes(get_db(), questionnaire.id, form.how_many.data)
    return _invitations_page(questionnaire, just_made=codes_download(
        questionnaire.id, made, public_link(questionnaire.id)))


def codes_download(consultation_id: str, made: list[str], link: str) -> dict:
    """The codes as a CSV file (code, link) in a data: URL, with its file name and count."""
    text = io.StringIO()
    writer = csv_writer(text, lineterminator="\r\n")  # the one gate every CSV field goes through
    writer.writerow(["code", "link"])
    writer.writerows([code, link] for code in made)
    data = base64.b64encode(text.getvalue().encode("utf-8-sig")).decode("ascii")
    return {"count": len(made), "href": f"data:text/csv;charset=utf-8;base64,{data}",
            "file_name": f"{consultation_id}-codes-{len(made)}.csv"}


@bp.app_template_global("is_officer")
def is_officer() -> bool:
    return bool(g.get("user")) and g.user.has("officer")
