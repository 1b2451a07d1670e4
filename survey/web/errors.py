"""Friendly error pages: no stack trace ever reaches a browser."""
from __future__ import annotations

from flask import Flask, render_template
from flask_babel import gettext
from werkzeug.exceptions import HTTPException

from survey.web.language import N_

# Young people see them too: in English here, translated as the page is made (survey.web.language).
PAGES = {
    400: (N_("Sorry, something was wrong with that request"), N_("Go back and try again.")),
    403: (N_("You cannot see this page"), N_("Your account does not have access to it.")),
    404: (N_("Page not found"), N_("If you typed the web address, check it is correct.")),
    405: (N_("Sorry, that did not work"), N_("Go back and try again.")),
    413: (N_("What you sent is too big"),
          N_("Your answers were too long to send. Make them shorter and try again.")),
    500: (N_("Sorry, there is a problem with the service"),
          N_("Try again later. Your answers have not been saved.")),
}


def page(code: int):
    """Our page for an HTTP error `code` (a blueprint's own handler falls back to it)."""
    title, body = PAGES.get(code, PAGES[500])
    return render_template("error.html", title=gettext(title), body=gettext(body)), code


def init_app(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        return page(error.code or 500)

    @app.errorhandler(Exception)
    def unexpected(error: Exception):
        app.logger.exception("unexpected error")
        return page(500)
