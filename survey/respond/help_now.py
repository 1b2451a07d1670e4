"""The "Get help now" box, shown large to a young person after they pick an answer that their
questionnaire sends to the safeguarding review (`safeguarding: true` on an option or scale
point): on every later page of a paged questionnaire and its check page, and on the thanks page
of either kind, so that help is offered at once and does not wait for a listed word.

What must stay true:
- The words are kind and short (reading age 9: tests/respond/test_reading_age.py) and say nothing
  of what was picked, nor that anyone was told: a phone can be seen by someone else, perhaps the
  very person a child is afraid of. They thank, and offer help.
- Which answers count is survey.definition.types.safeguarding_picks, as the store's flags use,
  so the box and the review queue never disagree.
- After sending, the session holds only this consultation's id under HELD, until the thanks page
  shows the box once: nothing else on the device says what was answered.
- No JavaScript: the box is the page's own HTML (survey/templates/respond/_layout.html).
"""
from __future__ import annotations

from flask import session
from flask_babel import gettext

from survey.definition import journey
from survey.definition.types import safeguarding_picks
from survey.web.language import N_

THANKS = N_("Thank you for telling us how things are for you.")
TALK = N_("If you are worried or do not feel safe, you can talk to someone now.")
# The box's words, as the layout reads them (in the page's language); the council's help link
# and words come after.
WORDS = {"thanks": THANKS, "talk": TALK}
HELD = "help_now"
# survey.definition.model.HELP_TEXT, the help line of a council that names none: shown in the
# page's language (tests/respond/test_store_words.py checks it is the model's, word for word).
HELP_TEXT = N_("Childline: call 0800 1111, free, any time")


def help_words(text: str) -> str:
    """A council's help line as the page shows it: the default one in the page's language, a
    council's own words as they wrote them."""
    return gettext(HELP_TEXT) if text == HELP_TEXT else text


def wanted(questionnaire, answers) -> dict | None:
    """The box's words if the answers kept so far ({(question id, item id): values}, as a
    draft keeps them) picked an answer marked for review on a page still shown; else None."""
    picked = safeguarding_picks(questionnaire, journey.kept(questionnaire, answers))
    return WORDS if picked else None


def remember(questionnaire, answers: list[tuple[str, str, str]]) -> None:
    """After a response is stored: keep for the thanks page that it should offer help."""
    if safeguarding_picks(questionnaire, answers):
        session[HELD] = questionnaire.id


def once(consultation_id: str) -> dict | None:
    """On the thanks page: the box's words if the response just sent asked for it, and never
    again after this page."""
    return WORDS if session.pop(HELD, None) == consultation_id else None
