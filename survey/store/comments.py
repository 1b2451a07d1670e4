"""Comments: every piece of free text of a consultation in one place, and officers' themes on them.

A comment is one stored free-text answer, named by (response id, question id, item id): a text
question's answer (item ''), the words of an "Other" answer ('other') or a "Tell us more" box
('#comment', '<statement id>#comment'). Themes (the `tags` table) belong to one consultation and
are named by officers; creating and deleting a theme is audited, tagging a comment is not (one
entry per click would drown the log). Comments waiting for safeguarding review are not listed
here, only counted: they are in the review queue; nor are those recorded as a safeguarding
concern (kept with their response in the review). Demo responses are left out. The officers'
pages are survey.workspace.comments; the workbook reads the themes from here too.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import sqlite_utils

from survey.definition.model import COMMENT, OTHER
from survey.store import flags
from survey.store.audit import record_in_transaction
from survey.store.db import write

PAGE_SIZE = 50
THEME_LENGTH = 60
NAME_THEME = "Enter a name for the theme"
LONG_THEME = f"The theme's name must be {THEME_LENGTH} characters or fewer"
SAME_THEME = "There is already a theme called ‘{}’"

Key = tuple[int, str, str]


@dataclass(frozen=True)
class Theme:
    id: int
    name: str
    comments: int


@dataclass(frozen=True)
class CommentRow:
    response_id: int
    question_id: str
    item_id: str
    text: str
    submitted_at: str
    question: str          # the question's heading
    note: str              # what the box is, when it is not the question's own text box
    tags: tuple[Theme, ...] = ()

    @property
    def anchor(self) -> str:
        return f"comment-{self.response_id}-{self.question_id}-{self.item_id.replace('#', '_')}"


@dataclass(frozen=True)
class CommentPage:
    comments: list[CommentRow]
    total: int
    page: int
    pages: int

    @property
    def first(self) -> int:
        return (self.page - 1) * PAGE_SIZE + 1 if self.total else 0

    @property
    def last(self) -> int:
        return min(self.page * PAGE_SIZE, self.total)


class ThemeError(ValueError):
    """A theme name that cannot be used; the message is for the officer."""


# -- themes ----------------------------------------------------------------------------------

def themes(db: sqlite_utils.Database, consultation_id: str) -> list[Theme]:
    """The consultation's themes in name order, each with how many comments carry it."""
    return [Theme(*row) for row in db.execute(
        "SELECT t.id, t.name, (SELECT count(*) FROM comment_tags c WHERE c.tag_id = t.id)"
        " FROM tags t WHERE t.consultation_id = ? ORDER BY t.name COLLATE NOCASE, t.id",
        [consultation_id])]


def create_theme(db: sqlite_utils.Database, consultation_id: str, name: str) -> int:
    name = " ".join((name or "").split())
    if not name:
        raise ThemeError(NAME_THEME)
    if len(name) > THEME_LENGTH:
        raise ThemeError(LONG_THEME)
    with write(db):
        if db.execute("SELECT 1 FROM tags WHERE consultation_id = ? AND name = ?",
                      [consultation_id, name]).fetchone():
            raise ThemeError(SAME_THEME.format(name))
        tag_id = db.execute("INSERT INTO tags (consultation_id, name) VALUES (?, ?)",
                            [consultation_id, name]).lastrowid
        record_in_transaction(db, "theme created", consultation_id, name)
    return tag_id


def delete_theme(db: sqlite_utils.Database, consultation_id: str, tag_id: int) -> str:
    """Delete a theme and take it off every comment; returns its name."""
    with write(db):
        row = db.execute("SELECT name FROM tags WHERE id = ? AND consultation_id = ?",
                         [tag_id, consultation_id]).fetchone()
        if row is None:
            raise LookupError(tag_id)
        used = db.execute("SELECT count(*) FROM comment_tags WHERE tag_id = ?", [tag_id]).fetchone()[0]
        db.execute("DELETE FROM tags WHERE id = ?", [tag_id])  # comment_tags cascade
        record_in_transaction(db, "theme deleted", consultation_id,
                              f"{row[0]} (was on {used} comment{'s' if used != 1 else ''})")
    return row[0]


def set_tag(db: sqlite_utils.Database, questionnaire, key: Key, tag_id: int, on: bool) -> None:
    """Put a theme on a comment, or take it off. LookupError if either is not this
    consultation's, or the comment is waiting for safeguarding review or was recorded as a
    concern."""
    with write(db):
        theme = db.execute("SELECT 1 FROM tags WHERE id = ? AND consultation_id = ?",
                           [tag_id, questionnaire.id]).fetchone()
        if not is_listed(db, questionnaire, key) or not theme:
            raise LookupError(key)
        if on:
            db.execute("INSERT OR IGNORE INTO comment_tags (tag_id, response_id, question_id,"
                       " item_id) VALUES (?, ?, ?, ?)", [tag_id, *key])
        else:
            db.execute("DELETE FROM comment_tags WHERE tag_id = ? AND response_id = ?"
                       " AND question_id = ? AND item_id = ?", [tag_id, *key])


def is_listed(db: sqlite_utils.Database, questionnaire, key: Key) -> bool:
    """Whether `key` names a comment of this consultation that the comments page lists: words a
    young person wrote, not waiting for safeguarding review nor recorded as a concern."""
    response_id, question_id, item_id = key
    if not flags.is_free_text(flags.text_question_ids(questionnaire), question_id, item_id):
        return False
    return db.execute(
        "SELECT 1 FROM answers a JOIN responses r ON r.id = a.response_id"
        " WHERE r.consultation_id = ? AND a.response_id = ? AND a.question_id = ?"
        " AND a.item_id = ? AND NOT EXISTS (SELECT 1 FROM safeguarding_flags f"
        " WHERE f.response_id = a.response_id AND f.question_id = a.question_id"
        " AND f.item_id = a.item_id AND coalesce(f.decision, 'waiting') != 'no-concern')",
        [questionnaire.id, response_id, question_id, item_id]).fetchone() is not None


def tags_by_comment(db: sqlite_utils.Database, consultation_id: str) -> dict[Key, tuple[str, ...]]:
    """Each tagged comment's theme names, in name order: for the workbook."""
    found: dict[Key, tuple[str, ...]] = {}
    for response_id, question_id, item_id, name in db.execute(
            "SELECT c.response_id, c.question_id, c.item_id, t.name FROM comment_tags c"
            " JOIN tags t ON t.id = c.tag_id WHERE t.consultation_id = ?"
            " ORDER BY t.name COLLATE NOCASE", [consultation_id]):
        key = (response_id, question_id, item_id)
        found[key] = found.get(key, ()) + (name,)
    return found


def theme_names(db: sqlite_utils.Database, consultation_id: str) -> list[str]:
    return [theme.name for theme in themes(db, consultation_id)]


# -- finding comments ------------------------------------------------------------------------

def note_for(question, item_id: str) -> str:
    if item_id == OTHER:
        return f"Their words for ‘{question.other or 'Other'}’" if question else "Other"
    if not item_id.endswith(COMMENT):
        return ""
    statement_id = item_id.removesuffix(COMMENT)
    if not statement_id:
        return f"‘{(question.comment if question else None) or 'Tell us more'}’"
    statement = next((s for s in question.statements if s.id == statement_id), None) \
        if question else None
    return f"‘Tell us more’ about ‘{statement.text if statement else statement_id}’"


def find(db: sqlite_utils.Database, questionnaire, question_id: str = "", search: str = "",
         page: int = 1) -> CommentPage:
    """A page of comments, in questionnaire order then oldest first; `search` is a plain,
    case-insensitive substring."""
    text_ids = sorted(flags.text_question_ids(questionnaire))
    sql = ("SELECT a.response_id, a.question_id, a.item_id, a.value, r.submitted_at"  # nosec B608: only ? marks are joined in
           " FROM answers a JOIN responses r ON r.id = a.response_id"
           " WHERE r.consultation_id = ? AND r.is_demo = 0 AND trim(a.value) != ''"
           " AND (a.item_id = ? OR a.item_id LIKE ? OR (a.item_id = '' AND a.question_id IN"
           f" ({', '.join('?' * len(text_ids))})))"
           " AND NOT EXISTS (SELECT 1 FROM safeguarding_flags f WHERE f.response_id = a.response_id"
           " AND f.question_id = a.question_id AND f.item_id = a.item_id"
           " AND coalesce(f.decision, 'waiting') != 'no-concern')")
    params: list = [questionnaire.id, OTHER, f"%{COMMENT}", *text_ids]
    if question_id:
        sql += " AND a.question_id = ?"
        params.append(question_id)
    rows = db.execute(sql, params).fetchall()
    if search.strip():
        needle = search.strip().casefold()
        rows = [row for row in rows if needle in row[3].casefold()]
    order = {q.id: index for index, q in enumerate(questionnaire.questions)}
    rows.sort(key=lambda r: (order.get(r[1], len(order)), r[1], r[0], r[2]))
    pages = max(1, math.ceil(len(rows) / PAGE_SIZE))
    page = min(max(1, page), pages)
    shown = rows[(page - 1) * PAGE_SIZE: page * PAGE_SIZE]
    tag_rows = _tags_of(db, questionnaire.id, {(r[0], r[1], r[2]) for r in shown})
    questions = {q.id: q for q in questionnaire.questions}
    comments = [CommentRow(rid, qid, item, text, at,
                           questions[qid].heading if qid in questions else qid,
                           note_for(questions.get(qid), item), tag_rows.get((rid, qid, item), ()))
                for rid, qid, item, text, at in shown]
    return CommentPage(comments, len(rows), page, pages)


def _tags_of(db, consultation_id: str, keys: set[Key]) -> dict[Key, tuple[Theme, ...]]:
    if not keys:
        return {}
    found: dict[Key, tuple[Theme, ...]] = {}
    ids = sorted({k[0] for k in keys})
    marks = ", ".join("?" * len(ids))
    sql = ("SELECT c.response_id, c.question_id, c.item_id, t.id, t.name FROM comment_tags c"  # nosec B608: only ? marks are joined in
           " JOIN tags t ON t.id = c.tag_id WHERE t.consultation_id = ?"
           f" AND c.response_id IN ({marks}) ORDER BY t.name COLLATE NOCASE")
    for response_id, question_id, item_id, tag_id, name in db.execute(sql, [consultation_id, *ids]):
        key = (response_id, question_id, item_id)
        if key in keys:
            found[key] = found.get(key, ()) + (Theme(tag_id, name, 0),)
    return found
