"""Friendly error pages: no stack trace ever reaches a browser."""
from __future__ import annotations

from flask import Flask, render_template
from werkzeug.exceptions import HTTPException

PAGES = {
    400: ("Sorry, something was wrong with that request", "Go back and try again."),
    403: ("You cannot see this page", "Your account does not have access to it."),
    404: ("Page not found", "If you typed the web address, check it is correct."),
    405: ("Sorry, that did not work", "Go back and try again."),
    413: ("What you sent is too big", "Your answers were too long to send. Make them shorter and try again."),
    500: ("Sorry, there is a problem with the service", "Try again later. Your answers have not been saved."),
}


def page(code: int):
    """Our page for an HTTP error `code` (a blueprint's own handler falls back to it)."""
    title, body = PAGES.get(code, PAGES[500])
    return render_template("error.html", title=title, body=body), code


def init_app(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        return page(error.code or 500)

    @app.errorhandler(Exception)
    def unexpected(error: Exception):
        app.logger.exception("unexpected error")
        return page(500)
