"""Flagging free text for safeguarding review, and which flagged comments are held back: no web
framework here, so storing a response (survey.store.responses) can flag it in the same transaction.

The list is a setting (SAFEGUARDING_WORDS, a file path; the shipped default is
safeguarding_words.txt beside this module): one word or phrase a line, # for notes. Matching is
on what a person sees, whole words only (survey.store.safeguarding_match: invisible characters, look-alike
letters and separators between letters do not hide a word). A connection carries
its app's list as `db.safeguarding_words` (survey.web.per_request.get_db sets it); one opened anywhere else
uses the default.

Until an officer records what was done (survey.store.review, the review queue), a flagged comment
is held back from exports and the staff results pages (`held_back`). One recorded as a concern
(passed to the safeguarding team, or already known to it: `CONCERNS`) stays out of every
results output for good, the team's included (`concerns`), and so never reaches anything
published for managers or the public (`not_publishable`). Only "No concern" lets a flagged
comment into the results. The flag is a prompt for a person, never a decision.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import sqlite_utils

from survey.store.db import utc_now
from survey.definition.model import COMMENT, OTHER
from survey.definition.types import safeguarding_picks, type_of
from survey.store.safeguarding_match import Words, compile_words, matches

DEFAULT_WORDS = Path(__file__).resolve().parent / "safeguarding_words.txt"


# -- the word list ---------------------------------------------------------------------------

def read_words(text: str) -> list[str]:
    """The words and phrases of a list file: one a line, # notes and blank lines skipped."""
    words = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            words.append(" ".join(re.split(r"[\s\-]+", line.lower().replace("’", "'"))))
    return words


_cache: dict[str, tuple[float, Words | None]] = {}


def load_words(path: str | Path) -> Words | None:
    """The compiled list at `path`, read again when the file changes. A missing or unreadable
    file raises OSError: flagging never stops silently."""
    path = str(path)
    mtime = Path(path).stat().st_mtime
    cached = _cache.get(path)
    if cached and cached[0] == mtime:
        return cached[1]
    pattern = compile_words(read_words(Path(path).read_text(encoding="utf-8")))
    _cache[path] = (mtime, pattern)
    return pattern


def words_of(db: sqlite_utils.Database) -> Words | None:
    """The list this database's app uses: the web layer sets `db.safeguarding_words` from the
    SAFEGUARDING_WORDS setting when it opens a connection; anything else uses the default."""
    return load_words(getattr(db, "safeguarding_words", None) or DEFAULT_WORDS)


def text_question_ids(questionnaire) -> frozenset[str]:
    return frozenset(q.id for q in questionnaire.questions if type_of(q).free_text)


def is_free_text(text_ids: frozenset[str], question_id: str, item_id: str) -> bool:
    """Whether an answer row holds words a young person wrote (not an option or scale id)."""
    return item_id == OTHER or item_id.endswith(COMMENT) or (item_id == ""
                                                             and question_id in text_ids)


def flag_answers(db: sqlite_utils.Database, questionnaire, response_id: int,
                 rows: list[tuple[int, str, str, str]]) -> int:
    """Flag each free-text answer of a response that matches the list; inside the caller's
    transaction. Returns how many were flagged."""
    pattern = words_of(db)
    text_ids = text_question_ids(questionnaire)
    flags = []
    for _, question_id, item_id, value in rows:
        if is_free_text(text_ids, question_id, item_id):
            found = matches(pattern, value)
            if found:
                flags.append((response_id, question_id, item_id, ", ".join(found), utc_now()))
    if flags:
        db.conn.executemany(
            "INSERT INTO safeguarding_flags (response_id, question_id, item_id, matched, flagged_at)"
            " VALUES (?, ?, ?, ?, ?)", flags)
    return len(flags)


# How an answer flag is stored (`kind`); a word flag is WORDS, the column's default.
WORDS, ANSWER = "words", "answer"


def flag_picks(db: sqlite_utils.Database, questionnaire, response_id: int,
               rows: list[tuple[int, str, str, str]]) -> int:
    """Flag each answer of a response that picked an option or scale point marked
    `safeguarding: true` (survey.definition.types.safeguarding_picks); inside the caller's
    transaction, beside `flag_answers`. `matched` keeps the choice's words as the young person
    saw them, so the queue reads "Picked ‘I don't feel safe’" even if the words change later.
    Such a flag holds nothing back (`_flagged` reads word flags only): a count of picks is a
    figure, with the small-number rules of analysis.disclosure, not a young person's words.
    Returns how many were flagged."""
    picks = safeguarding_picks(questionnaire, [row[1:] for row in rows])
    if picks:
        now = utc_now()
        db.conn.executemany(
            "INSERT INTO safeguarding_flags (response_id, question_id, item_id, matched,"
            " flagged_at, kind) VALUES (?, ?, ?, ?, ?, ?)",
            [(response_id, question.id, item, choice.label, now, ANSWER)
             for question, item, choice in picks])
    return len(picks)


# -- held back until reviewed ----------------------------------------------------------------

WAITING = "waiting"   # how a flag with no decision yet reads in `_flagged`
# Decisions that record a safeguarding concern (survey.store.review.DECISIONS): the comment is
# kept out of every results output, as if it were still waiting.
CONCERNS = ("referred", "known")


def held_back(db: sqlite_utils.Database, consultation_id: str) -> set[tuple[int, str, str]]:
    """(response id, question id, item id) of every comment waiting for review."""
    return _flagged(db, consultation_id, (WAITING,))


def concerns(db: sqlite_utils.Database, consultation_id: str) -> set[tuple[int, str, str]]:
    """(response id, question id, item id) of every comment recorded as a safeguarding concern:
    kept out of the team's results, raw files and comments page as well as the published ones."""
    return _flagged(db, consultation_id, CONCERNS)


def not_publishable(db: sqlite_utils.Database, consultation_id: str) -> set[tuple[int, str, str]]:
    """(response id, question id, item id) of every comment that must never be published: those
    waiting for review and those recorded as a concern. Only "No concern" lets a flagged comment
    reach managers (analysis.disclosure)."""
    return _flagged(db, consultation_id, (WAITING, *CONCERNS))


def _flagged(db: sqlite_utils.Database, consultation_id: str,
             decisions: tuple[str, ...]) -> set[tuple[int, str, str]]:
    """The flagged comments of a consultation whose decision is one of `decisions`."""
    return {tuple(row) for row in db.execute(
        "SELECT f.response_id, f.question_id, f.item_id FROM safeguarding_flags f"
        " JOIN responses r ON r.id = f.response_id WHERE r.consultation_id = ?"
        " AND f.kind = ? AND coalesce(f.decision, ?) IN (SELECT value FROM json_each(?))",
        [consultation_id, WORDS, WAITING, json.dumps(decisions)])}
