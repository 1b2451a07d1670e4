"""Matching the safeguarding words on what a person sees, not on the code points typed.

"kill my\u200bself" (a zero-width space), "sui\u00adcide" (a soft hyphen), full-width
"ｓｕｉｃｉｄｅ", Cyrillic "ѕuicide", "s.u.i.c.i.d.e", "kill_myself" and "selfharm" all read as
listed words on a screen. So the text and the list's words are both folded the same way before
they are compared (`fold`):

1. Unicode NFKD: full-width, styled (𝐬𝐮𝐢), circled and other compatibility letters become plain
   ones, and accents come apart from their letters (NFKD rather than NFKC, so that step 3 can
   drop them: "suïcide" reads as "suicide").
2. case-folded.
3. format characters (category Cf: zero-width space, joiners, soft hyphen, word joiner, bidi
   marks, BOM, tags) and combining marks (Mn, Me: accents, strike-throughs, "zalgo", enclosing
   circles) are dropped: they change nothing a reader takes from the word.
4. each letter that Unicode's confusables table (UTS #39, the data behind its "skeleton") says
   looks like a Latin letter or sign becomes that letter: Cyrillic "ѕ" -> "s", Greek "ι" -> "i".
   Only characters outside ASCII are mapped: the full skeleton also maps ASCII ("m" -> "rn",
   "1" -> "l"), which a list of English words has no need of.

The confusables table comes from the `confusable-homoglyphs` package, read once into a
`str.translate` table. Why that package: a pure-Python wheel (py3-none-any) that pip installs
alone on any machine, whose data is Unicode's confusables.txt shipped inside it (it works offline
and never downloads at run time), taken on by a new maintainer when its author stepped back.
PyICU's SpoofChecker has the full skeleton but PyPI has no PyICU wheel (it builds against a
system ICU), and the repackaged ICU wheels are 65 MB from a single packager; `confusables` was
last released in 2021 and returns lists of guesses, not one folding; `disarm` (Rust, beta) is
newer than a safeguarding check should lean on. The package keeps look-alikes in both directions; a character outside ASCII has at most
one ASCII look-alike in it (checked by tests/store/test_safeguarding_match.py), so the table is
unambiguous.

Then separators are collapsed in the pattern, not the text: dots, hyphens, underscores,
apostrophes and asterisks may stand between a word's letters ("s.u.i.c.i.d.e", "don't" and
"dont"), the words of a phrase may be joined by spaces, those signs, or nothing ("kill_myself",
"selfharm"), and single letters spaced out ("s u i c i d e") are closed up first. Matching stays
whole-word: a listed word never matches inside another word ("skill", "therapist", "grape").

What must stay true: the text an officer reads is never changed (folding is for comparing only),
a match is reported as the list's own word, and folding an ASCII comment costs no more than
lower-casing it, so a submission is not slowed (survey.store.flags.flag_answers runs inside the
submission's transaction).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from typing import Iterable

from confusable_homoglyphs.utils import load as load_homoglyphs

# Characters that may stand between the letters of one word, and between a phrase's words.
INSIDE = r"[._*'\-]*"
BETWEEN = r"[\s._*'\-]*"
LETTER = r"[^\W_]"   # a letter or digit: what a word is made of, for whole-word matching
# Three or more single letters spaced out: "s u i c i d e", "r. a. p. e".
SPACED_OUT = re.compile(rf"(?<!{LETTER}){LETTER}(?:[\s.*_\-]+{LETTER}(?!{LETTER})){{2,}}")
SPACES = re.compile(r"[\s.*_\-]+")
NOT_LETTERS = re.compile(r"[\W_]+")
NOT_ASCII = re.compile(r"[^\x00-\x7f]+")

# Format characters, and marks drawn on or around the letter before them.
DROPPED = ("Cf", "Mn", "Me")
# The planes that hold them: the Basic and Supplementary Multilingual Planes and the
# Supplementary Special-purpose Plane (tags, variation selectors). No other plane has any.
PLANES = (range(0x20000), range(0xE0000, 0xE1000))


@cache
def _table() -> dict[int, str | None]:
    """The str.translate table of steps 3 and 4: built once, when a list is first compiled
    (about 0.2 s)."""
    table: dict[int, str | None] = {}
    for plane in PLANES:
        for code in plane:
            if unicodedata.category(chr(code)) in DROPPED:
                table[code] = None
    for char, homoglyphs in load_homoglyphs("confusables.json").items():
        if len(char) != 1 or char.isascii() or ord(char) in table:
            continue
        plain = [h["c"] for h in homoglyphs if h["c"].isascii()]
        if plain:
            table[ord(char)] = plain[0].lower()
    return table


def fold(text: str) -> str:
    """`text` as a reader takes it in, for comparing only (steps 1 to 4 above)."""
    if text.isascii():
        return text.lower()
    table = _table()
    # Only the runs outside ASCII need the table: a comment with one curly quote stays cheap.
    return NOT_ASCII.sub(lambda run: run.group(0).translate(table),
                         unicodedata.normalize("NFKD", text).casefold())


def close_up(folded: str) -> str:
    """Spaced-out single letters closed up: "s u i c i d e" -> "suicide"."""
    return SPACED_OUT.sub(lambda m: SPACES.sub("", m.group(0)), folded)


def compact(text: str) -> str:
    """Letters and digits only: what a folded word and a match of it have in common."""
    return NOT_LETTERS.sub("", text)


@dataclass(frozen=True)
class Words:
    """A compiled list: one pattern for every word and phrase, and the list's own word for each
    match (by its letters, folded)."""
    pattern: re.Pattern
    named: dict[str, str]


def compile_words(words: Iterable[str]) -> Words | None:
    """The list compiled; None for an empty list. Where two words fold to the same letters
    ("don't feel safe", "dont feel safe") the first one listed is the one reported."""
    named: dict[str, str] = {}
    for word in words:
        key = compact(fold(word))
        if key and key not in named:
            named[key] = word
    if not named:
        return None
    _table()   # built now, as the list is read at start-up, not while a young person waits
    alternatives = []
    for key, word in named.items():
        pieces = [piece for piece in NOT_LETTERS.split(fold(word)) if piece]
        alternatives.append(BETWEEN.join(INSIDE.join(re.escape(c) for c in piece)
                                         for piece in pieces))
    alternatives.sort(key=len, reverse=True)   # the longest phrase first
    return Words(re.compile(rf"(?<!{LETTER})(?:{'|'.join(alternatives)})(?!{LETTER})"), named)


def matches(words: Words | None, text: str) -> list[str]:
    """The distinct list words found in `text`, as the list writes them, in order found."""
    if words is None or not text:
        return []
    found: list[str] = []
    for match in words.pattern.finditer(close_up(fold(text))):
        word = words.named[compact(match.group(0))]
        if word not in found:
            found.append(word)
    return found
