"""The store's and the analysis's words that young people read, marked here for the gettext
catalogues.

survey/store and analysis/ have no Flask and are not extracted (babel.cfg), yet some of their
words reach a young person: what the invitation code page says of a code, an action's status
and each share ("7 in 10 of you") on the results page. They are written again here as msgids,
and `translated` turns the English words (their placeholders filled, as the store or
analysis.you_said.share fills them) into the page's language.

What must stay true: each msgid here is, word for word, what the store or the analysis writes
(tests/respond/test_store_words.py), so words changed there fail a test rather than showing in
English on a Welsh page.
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
# analysis.you_said.share: how many of those who answered
SHARES = (N_("None of you"), N_("All of you"), N_("Fewer than 1 in 10 of you"),
          N_("Nearly all of you"), N_("Half of you"), N_("About half of you"),
          N_("{tenths} in 10 of you"), N_("About {tenths} in 10 of you"))
MESSAGES = (UNKNOWN, USED, TOO_MANY, WAIT, *STATUSES, *SHARES)


def _pattern(message: str) -> re.Pattern:
    """The English message with its {placeholders} as named groups."""
    parts = re.split(r"\{(\w+)\}", message)
    return re.compile("".join(re.escape(part) if i % 2 == 0 else f"(?P<{part}>.+?)"
                              for i, part in enumerate(parts)) + r"\Z")


# The most words first: "About {tenths} in 10 of you" before "{tenths} in 10 of you".
PATTERNS = tuple((message, _pattern(message)) for message in sorted(
    (m for m in MESSAGES if "{" in m), key=lambda m: -len(re.sub(r"\{\w+\}", "", m))))


def known(message: str) -> bool:
    """Whether `message` is one of these, as written or with its placeholders filled."""
    return message in MESSAGES or any(pattern.match(message) for _, pattern in PATTERNS)


def translated(message: str) -> str:
    """The store's `message` in the page's language (as it is, if it is not one of these)."""
    if message in MESSAGES:
        return gettext(message)
    for template, pattern in PATTERNS:
        if found := pattern.match(message):
            return gettext(template).format(**found.groupdict())
    return message
