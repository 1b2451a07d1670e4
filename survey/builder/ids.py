"""Ids made from the officer's words, for the parts the builder adds.

An id is how answers are joined to a question, statement, option or point, so once made it
never changes, and one any version of a consultation used is never given out again (the callers
pass every id used as `taken`). Made from words, an id also reads well in a YAML file.
"""
from __future__ import annotations

import re


def slug(text: str, fallback: str) -> str:
    """An id made from words: "A care leaver" -> "a-care-leaver"; at most 40 characters, cut
    after a whole word where there is one ("How well informed do you feel about these?" ->
    "how-well-informed-do-you-feel-about")."""
    words = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    if len(words) > 40:
        cut = words[:41]
        words = cut[:cut.rindex("-")] if "-" in cut else words[:40]
    return words if words and words[0].isalpha() else f"{fallback}-{words}".strip("-")


def free_id(wanted: str, taken: set[str] | frozenset[str]) -> str:
    """`wanted`, or `wanted-2`, `wanted-3`... whichever is not taken yet."""
    found, number = wanted, 1
    while found in taken:
        number += 1
        found = f"{wanted}-{number}"
    return found
