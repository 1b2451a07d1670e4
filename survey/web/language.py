"""Which language a page's fixed words are in, and gettext for them (Flask-Babel).

The product's own words (buttons, messages, the fixed sentences of young people's pages) ship
as gettext catalogues in survey/translations, one per language whose row in
survey.definition.languages says `interface=True`; docs/translating.md says how they are made.
A view of the young person's pages sets `g.language` to the language they chose; every other
page (the staff pages above all: English is the officers' working language) is in English.

What must stay true:
- The locale is always an interface language: a `g.language` without a catalogue reads as
  English, never as a page of msgids mixed with another language's `lang`.
- `<html lang dir>` (survey/templates/base.html, from `page_language`) is the locale's: a page
  whose words are Welsh says `lang="cy"`, an Arabic one `lang="ar" dir="rtl"`.
- `g.language` is set before anything on the page is translated: Flask-Babel keeps the locale
  it first finds for the rest of the request (`flask_babel.refresh()` forgets it).
- Message constants stay plain English `str` (tests read them, reading age among them):
  `N_` only marks them for extraction, and they are translated with `gettext` where shown.
"""
from __future__ import annotations

from datetime import date
from pathlib import Path

from flask import Flask, g
from flask_babel import Babel, format_date, get_locale

from survey.definition.languages import interface_languages, language

TRANSLATIONS = Path(__file__).resolve().parent.parent / "translations"
ENGLISH = "en"


def N_(message: str) -> str:
    """Marks `message` for `pybabel extract` (a default keyword) and gives it back as it is:
    for a constant translated later with gettext, where it is shown."""
    return message


def locale_code() -> str:
    """The language of this page's fixed words: the one a view set in `g.language` if it ships
    its words, else English."""
    chosen = g.get("language") or ENGLISH
    return chosen if chosen in interface_languages() else ENGLISH


def current() -> str:
    """The locale Flask-Babel is using now, as a language code ("en" outside a request)."""
    locale = get_locale()
    return str(locale) if locale else ENGLISH


def day(value: date) -> str:
    """A date as GOV.UK writes one, in the page's language: 30 June 2027, 30 Mehefin 2027."""
    return format_date(value, "d MMMM y")


def _page_language() -> dict:
    return {"page_language": language(current())}


def init_app(app: Flask) -> None:
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", str(TRANSLATIONS))
    app.config.setdefault("BABEL_DEFAULT_LOCALE", ENGLISH)
    # Flask-WTF would otherwise load WTForms' own catalogue from disk for every form made (1.5 ms
    # a request, measured with bench/pages.py): every message our forms show is our own,
    # translated here, so WTForms' built-in English defaults are never what a young person reads.
    app.config.setdefault("WTF_I18N_ENABLED", False)
    Babel(app, locale_selector=locale_code)
    app.context_processor(_page_language)
    app.jinja_env.globals["day"] = day
