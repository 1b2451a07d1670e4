"""The product's English words left on a page that should be in another language.

`english_left_on_page(text, language)` reads the language's catalogue and gives the English
msgids that appear in a page's visible text, although the catalogue translates them otherwise:
so a test can say "no English button or message is left on a Welsh page":

    assert english_left_on_page(page.inner_text("body"), "cy") == []

A msgid counts only if its own words (its placeholders left out) are two words or more: "Back"
or "question {number}" could be anyone's words, the consultation's own among them. Placeholders
(`%(name)s`, `{name}`, `%{count}`) match any short run of text. `visible_text(html)` gives a
test client's page as a browser shows it, for tests without a browser.
"""
from __future__ import annotations

import html as html_module
import re
from functools import cache
from pathlib import Path

from babel.messages.pofile import read_po

TRANSLATIONS = Path(__file__).resolve().parent.parent / "survey" / "translations"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%\{\w+\}|\{\w*(?:[:!][^{}]*)?\}")
# What a placeholder stands for on the page: a few words, never a whole paragraph.
FILLED = r"\S.{0,80}?"


def _words(msgid: str) -> list[str]:
    return re.findall(r"\w[\w'’-]*", PLACEHOLDER.sub(" ", msgid))


def _pattern(msgid: str) -> re.Pattern:
    """The msgid as a pattern over flattened text: placeholders as FILLED, spaces as spaces."""
    pieces = re.split(rf"({PLACEHOLDER.pattern}|\s+)", msgid)
    return re.compile("".join(
        FILLED if PLACEHOLDER.fullmatch(piece) else r"\s+" if piece.isspace() else re.escape(piece)
        for piece in pieces if piece))


@cache
def _english(language: str) -> tuple[tuple[str, re.Pattern], ...]:
    """The msgids of `language`'s catalogue that it translates otherwise, with their patterns."""
    with open(TRANSLATIONS / language / "LC_MESSAGES" / "messages.po", "rb") as handle:
        catalogue = read_po(handle)
    found = []
    for message in catalogue:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for msgid in dict.fromkeys(ids):
            if len(_words(msgid)) < 2 or msgid in strings:
                continue
            found.append((msgid, _pattern(msgid)))
    return tuple(found)


def english_left_on_page(text: str, language: str) -> list[str]:
    """The English msgids found in `text` (a page's visible text) of a page in `language`."""
    flat = " ".join(text.split())
    return [msgid for msgid, pattern in _english(language) if pattern.search(flat)]


def visible_text(page_html: str) -> str:
    """What a browser shows of a page: no tags, scripts or styles; entities read."""
    body = re.sub(r"<(script|style|title)\b.*?</\1>", " ", page_html, flags=re.S | re.I)
    return " ".join(html_module.unescape(re.sub(r"<[^>]+>", " ", body)).split())
