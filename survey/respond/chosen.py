"""The language and the version for their age that a young person chose, carried in the address
of every page they see.

A young person picks a language on the start page by its own name ("Cymraeg", "العربية") and,
where a consultation has versions for age bands, the words that fit them ("I am 8 to 12"). Both
travel in the query string of each of their pages' addresses (`?lang=cy&age=younger`): links,
form actions (a form with no action posts to the address it came from) and redirects made with
`url_for`, which `carry` fills in. So the choice follows them without JavaScript, cookies or an
account, a shared link keeps it, and nothing about the young person is stored but the language
and version of the response they send.

What must stay true: a view shows a young person only `for_young_person`'s questionnaire, the
variant in their language and version (survey.definition.texts.variant), so no page mixes
languages; `g.language` is always one of the consultation's languages (so its interface
catalogue exists: survey.definition.languages); an unknown or unoffered choice in an address
reads as no choice, never an error. The working language and "no version" are left out of
addresses, so the addresses a consultation had before it offered choices are unchanged.
"""
from __future__ import annotations

from flask import Flask, g, request, url_for
from flask_babel import refresh

from survey.definition import Questionnaire
from survey.definition.languages import language as language_row
from survey.definition.texts import variant, version_choice
from survey.web.catalogue import consultation_or_404

LANGUAGE = "lang"
VERSION = "age"
# The young people's pages whose addresses carry the choice, and the officer's preview of them.
BLUEPRINTS = ("respond.", "pages.", "results.", "builder.preview")


def asked_for(questionnaire: Questionnaire, args) -> dict[str, str]:
    """The choice an address's query (`args`) asks for, of what the consultation offers: a
    language other than the working one and a version, each "" when none (or not offered)."""
    language, version = args.get(LANGUAGE, ""), args.get(VERSION, "")
    return {LANGUAGE: language if language in questionnaire.languages[1:] else "",
            VERSION: version if questionnaire.version_named(version) else ""}


def chosen(base: Questionnaire) -> Questionnaire:
    """The consultation as this request's young person answers it; remembers the choice in `g`
    for the page's `lang` and `dir`, the interface's words and every address made after."""
    g.chosen = asked_for(base, request.args)
    g.language = g.chosen[LANGUAGE] or base.language
    refresh()  # in case anything was translated before the choice was known
    return variant(base, g.chosen[LANGUAGE], g.chosen[VERSION])


def for_young_person(consultation_id: str) -> Questionnaire:
    """The consultation a URL names, as the young person chose it, or the 404 page."""
    return chosen(consultation_or_404(consultation_id))


def needs_version(questionnaire: Questionnaire) -> bool:
    """Whether the young person still has to pick the version for their age."""
    return bool(questionnaire.versions) and not questionnaire.in_version


def carry(endpoint: str, values: dict) -> None:
    """Add the choice to an address of the young person's pages made with `url_for`, unless the
    address sets it itself (an empty value takes it away)."""
    choice = g.get("chosen")
    if not choice or not endpoint.startswith(BLUEPRINTS) or "consultation_id" not in values:
        return
    for key, value in choice.items():
        if key in values:
            if not values[key]:
                del values[key]
        elif value:
            values[key] = value


def language_links(questionnaire: Questionnaire) -> list[dict]:
    """The start page's languages: each in its own name, with its code for `lang` and `hreflang`,
    an address to this page in it (keeping the version), and whether it is the one shown."""
    if len(questionnaire.languages) < 2:
        return []
    here = questionnaire.words_language
    links = []
    for code in questionnaire.languages:
        row = language_row(code)
        args = {**request.view_args, LANGUAGE: code if code != questionnaire.language else ""}
        links.append({"code": code, "name": row.own_name, "dir": row.direction,
                      "href": url_for(request.endpoint, **args), "current": code == here})
    return links


def version_links(questionnaire: Questionnaire) -> list[dict]:
    """One link a version, in the young person's language ("I am 8 to 12"), with the values
    its address adds: the template makes the address with its own `url_for`, which the
    officer's preview replaces with one to its own pages."""
    return [{"text": version_choice(questionnaire, version, questionnaire.in_language),
             "values": {VERSION: version.id}, "current": version.id == questionnaire.in_version}
            for version in questionnaire.versions]


def register(app: Flask) -> None:
    app.url_defaults(carry)
    app.add_template_global(language_links)
    app.add_template_global(version_links)
    app.add_template_global(needs_version)
    app.add_template_global(language_row, "language_of")
