"""A consultation's results page for young people: whether an officer has published it, and
the comments an officer picked to quote (issue 16; the board report quotes the same ones).

Publishing is a choice an officer makes once the "You said, we did" words are ready: until then
the page does not exist for anyone outside the team, whatever the state of the consultation.
Young people see nothing they wrote unless an officer quotes it here.

What must stay true:
- Every publish, unpublish, quote and unquote is audited in the same transaction as the change.
- Only a comment the comments page lists can be quoted (survey.store.comments.is_listed: words
  a young person wrote, not waiting for safeguarding review, not recorded as a concern). A quote
  stays stored if its comment is later flagged or recorded as a concern, so what reads the
  quotes must still take them through the published summary (analysis.disclosure), which
  drops such a comment: a quote is a wish to show, never a licence.
- A quote goes with its response: erasing the response deletes it (ON DELETE CASCADE).
"""
from __future__ import annotations

import sqlite_utils

from survey.store.audit import record_in_transaction
from survey.store.comments import Key, is_listed
from survey.store.db import utc_now, write


def published_at(db: sqlite_utils.Database, consultation_id: str) -> str | None:
    """When the results page was published (UTC, as utc_now writes it), or None if it is not."""
    row = db.execute("SELECT published_at FROM published_results WHERE consultation_id = ?",
                     [consultation_id]).fetchone()
    return row[0] if row else None


def is_published(db: sqlite_utils.Database, consultation_id: str) -> bool:
    return published_at(db, consultation_id) is not None


def publish(db: sqlite_utils.Database, consultation_id: str) -> bool:
    """Publish the results page; False (and nothing audited) if it already was."""
    with write(db):
        done = db.execute("INSERT OR IGNORE INTO published_results (consultation_id,"
                          " published_at) VALUES (?, ?)", [consultation_id, utc_now()]).rowcount
        if done:
            record_in_transaction(db, "results page published", consultation_id)
    return bool(done)


def unpublish(db: sqlite_utils.Database, consultation_id: str) -> bool:
    """Take the results page down; False (and nothing audited) if it was not published."""
    with write(db):
        done = db.execute("DELETE FROM published_results WHERE consultation_id = ?",
                          [consultation_id]).rowcount
        if done:
            record_in_transaction(db, "results page taken down", consultation_id)
    return bool(done)


def quoted(db: sqlite_utils.Database, consultation_id: str) -> set[Key]:
    """The comments picked to quote, as (response id, question id, item id)."""
    return {tuple(row) for row in db.execute(
        "SELECT response_id, question_id, item_id FROM quoted_comments"
        " WHERE consultation_id = ?", [consultation_id])}


def set_quoted(db: sqlite_utils.Database, questionnaire, key: Key, on: bool) -> None:
    """Quote a comment, or stop quoting it. LookupError if it is not a comment the comments
    page lists for this consultation (quoting is checked; unquoting never is, so a quote whose
    comment was flagged later can always be taken off)."""
    with write(db):
        if on:
            if not is_listed(db, questionnaire, key):
                raise LookupError(key)
            done = db.execute(
                "INSERT OR IGNORE INTO quoted_comments (response_id, question_id, item_id,"
                " consultation_id, quoted_at) VALUES (?, ?, ?, ?, ?)",
                [*key, questionnaire.id, utc_now()]).rowcount
        else:
            done = db.execute(
                "DELETE FROM quoted_comments WHERE response_id = ? AND question_id = ?"
                " AND item_id = ? AND consultation_id = ?", [*key, questionnaire.id]).rowcount
        if done:
            record_in_transaction(db, "comment quoted" if on else "comment no longer quoted",
                                  questionnaire.id)
