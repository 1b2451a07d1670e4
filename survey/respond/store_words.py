"""The store's words that young people read, marked here for the gettext catalogues.

survey/store has no Flask and is not extracted (babel.cfg), yet some of its messages reach a
young person: what the invitation code page says of a code, and an action's status on the
results page. They are written again here as msgids, and `translated` turns the store's English
message (its placeholders filled, as the store fills them) into the page's language.

What must stay true: each msgid here is, word for word, the store's constant
(tests/respond/test_store_words.py), so a message changed in the store fails a test rather than
showing in English on a Welsh page.
"""
from __future__ import annotations

import re

from flask_babel import gettext

from survey.web.language import N_

# survey.store.invitations
UNKNOWN = N_("We could not find that code. Check it and try again")
USED = N_("That code has already been used. Each code can be used once")
TOO_MANY = N_("You have tried too many codes. Wait 15 minutes, then try again")
WAIT = N_("Please wait {seconds} seconds and try again")
# survey.store.actions: each status's `young` words
STATUSES = (N_("We plan to do this"), N_("We are doing this now"), N_("We did this"),
            N_("We could not do this"))
MESSAGES = (UNKNOWN, USED, TOO_MANY, WAIT, *STATUSES)


def _pattern(message: str) -> re.Pattern:
    """The English message with its {placeholders} as named groups."""
    parts = re.split(r"\{(\w+)\}", message)
    return re.compile("".join(re.escape(part) if i % 2 == 0 else f"(?P<{part}>.+?)"
                              for i, part in enumerate(parts)) + r"\Z")


PATTERNS = tuple((message, _pattern(message)) for message in MESSAGES if "{" in message)


def translated(message: str) -> str:
    """The store's `message` in the page's language (as it is, if it is not one of these)."""
    if message in MESSAGES:
        return gettext(message)
    for template, pattern in PATTERNS:
        if found := pattern.match(message):
            return gettext(template).format(**found.groupdict())
    return message
