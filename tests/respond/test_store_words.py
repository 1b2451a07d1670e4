"""survey.respond.store_words: the store's words young people read, marked for the catalogues
where the store cannot be (it has no Flask). Each must be the store's own, word for word, or a
changed message would show in English on a Welsh page."""
from __future__ import annotations

from flask import g

from analysis.you_said import share

from survey.definition.model import HELP_TEXT
from survey.respond import help_now, store_words
from survey.store import actions, invitations


def test_each_marked_message_is_the_stores_word_for_word():
    assert (store_words.UNKNOWN, store_words.USED, store_words.TOO_MANY, store_words.WAIT) == (
        invitations.UNKNOWN, invitations.USED, invitations.TOO_MANY, invitations.WAIT)
    assert store_words.STATUSES == tuple(status.young for status in actions.STATUSES)


def test_the_default_help_line_is_the_models():
    assert help_now.HELP_TEXT == HELP_TEXT


def test_a_store_message_is_shown_in_the_pages_language(app):
    with app.test_request_context():
        g.language = "cy"
        assert store_words.translated(invitations.USED).startswith("Mae rhywun wedi defnyddio")
        assert store_words.translated(invitations.WAIT.format(seconds=30)) == (
            "Arhoswch 30 eiliad a rhowch gynnig arall arni")
        assert store_words.translated("Words of no catalogue") == "Words of no catalogue"
        assert help_now.help_words(HELP_TEXT).startswith("Childline: ffoniwch 0800 1111")
        assert help_now.help_words("Call Kooth") == "Call Kooth"


def test_in_english_a_store_message_is_as_the_store_wrote_it(app):
    with app.test_request_context():
        assert store_words.translated(invitations.WAIT.format(seconds=30)) == (
            "Please wait 30 seconds and try again")


def test_every_share_the_analysis_says_is_marked():
    said = {share(part, whole) for whole in range(1, 41) for part in range(whole + 1)}
    assert [words for words in said if not store_words.known(words)] == []


def test_a_share_is_said_in_the_pages_language(app):
    with app.test_request_context():
        g.language = "cy"
        assert store_words.translated("About 7 in 10 of you") == "Tua 7 o bob 10 ohonoch chi"
        assert store_words.translated("Half of you") == "Hanner ohonoch chi"
