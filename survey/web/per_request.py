"""What every page shares: the database connection of a request, security headers and template
helpers.

`survey.store.db` (the file, its schema and write transactions) knows nothing of Flask; here a
request gets its connection (`get_db`, cached on `g` and closed when the request ends), with the
app's safeguarding word list on it for flagging what is stored (`survey.store.flags`) and the
signed-in user for the audit log (`survey.store.audit`)."""
from __future__ import annotations

import re

import flask
import sqlite_utils
from flask import Flask, current_app, g, has_request_context, request
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.formparser import FormDataParser
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup, escape

from survey.store.db import connect, keep_open, open_database
from survey.definition.model import HELP_TEXT, HELP_URL

# No inline script or style anywhere: pages need no JavaScript at all.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")


def security_headers(response):
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Frame-Options"] = "DENY"
    if not request.path.startswith("/static/"):
        # Pages show answers, forms or results: never keep them in a shared computer's cache.
        response.headers["Cache-Control"] = "no-store"
    return response


def errors_list(errors) -> list[dict]:
    """FieldErrors as the GOV.UK error summary's list: each links to its field when it has one."""
    return [{"text": e.message, "href": f"#{e.name}"} if e.name else {"text": e.message}
            for e in errors]


def error_for(errors, *names: str) -> dict | None:
    """The errors of a field (or of any of `names`), as a GOV.UK component's errorMessage."""
    found = [e.message for e in errors or () if e.name in names]
    return {"text": "; ".join(found)} if found else None


# Numbers with spaces or hyphens between their groups: a phone number ("0800 1111").
_GROUPED_NUMBER = re.compile(r"\d+(?:[ \-]\d+)+")


def numbers_ltr(text: str, rtl: bool) -> Markup:
    """`text`, escaped, and on a page written right to left (`rtl`) each phone number in it
    kept left to right: there the browser's bidi rules would show "0800 1111" as "1111 0800";
    isolated as `dir="ltr"` it reads as written. A left-to-right page gets the text as it is."""
    if not rtl:
        return escape(text)
    pieces, last = [], 0
    for number in _GROUPED_NUMBER.finditer(text):
        pieces.append(escape(text[last:number.start()]))
        pieces.append(Markup('<span dir="ltr">{}</span>').format(number.group(0)))
        last = number.end()
    pieces.append(escape(text[last:]))
    return Markup("").join(pieces)


def get_db() -> sqlite_utils.Database:
    """This request's connection, opened on first use."""
    if "db" not in g:
        if has_request_context():   # a process serving requests (survey.store.db.keep_open)
            keep_open(current_app.config["DATABASE"])
        g.db = connect(current_app.config["DATABASE"])
        # The app's safeguarding word list, for flagging what is stored (survey.store.flags).
        g.db.safeguarding_words = current_app.config.get("SAFEGUARDING_WORDS")
        if has_request_context():
            # Who is signed in, for the audit log (survey.store.audit); survey.web.auth keeps
            # it up to date.
            g.db.signed_in = g.get("user")
    return g.db


def close_db(_error: BaseException | None = None) -> None:
    db = g.pop("db", None)
    if db is not None:
        db.conn.close()


def init_database(app: Flask) -> None:
    """Create or upgrade the schema once, before any request, then close per request."""
    open_database(app.config["DATABASE"]).conn.close()
    app.teardown_appcontext(close_db)


def init_app(app: Flask) -> None:
    app.after_request(security_headers)
    app.jinja_env.globals.update(service_name="Have Your Say", errors_list=errors_list,
                                 error_for=error_for,
                                 csrf_token=generate_csrf, help_text=HELP_TEXT, help_url=HELP_URL)
    app.jinja_env.filters["numbers_ltr"] = numbers_ltr


class _FormParser(FormDataParser):
    """Werkzeug limits the number of parts only for multipart bodies; a URL-encoded form with
    100,000 fields would still be read. The same limit applies to both here."""

    def _parse_urlencoded(self, stream, mimetype, content_length, options):
        result = super()._parse_urlencoded(stream, mimetype, content_length, options)
        parts = sum(len(values) for _, values in result[1].lists())
        if self.max_form_parts is not None and parts > self.max_form_parts:
            raise RequestEntityTooLarge()
        return result


class Request(flask.Request):
    form_data_parser_class = _FormParser
