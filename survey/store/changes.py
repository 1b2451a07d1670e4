"""Whether a consultation's results may have changed: a mark read in one cheap query, so that
work done from the responses (the charts a results page shows) can be kept and used again until
the mark moves.

What must stay true: any change that could change a published figure moves the mark. Responses
are only ever inserted or deleted, never updated, and a new one takes a rowid above every rowid
then in the table; so a set of responses is known by its count, its highest id and that row's
submission id (random and unique): deleting rows and inserting as many again either raises the
highest id or replaces the highest row, whose submission id then differs. A safeguarding decision
is made once per flag (survey.store.review), so the count of flags and of decided flags moves with
every new flag and every decision.
"""
from __future__ import annotations

import sqlite_utils


def results_mark(db: sqlite_utils.Database, consultation_id: str,
                 include_demo: bool = False) -> tuple:
    """A value that differs whenever the consultation's responses or safeguarding decisions
    (within `include_demo`) have changed; it names the database file too, since one process
    may serve more than one (tests do)."""
    path = db.execute("PRAGMA database_list").fetchone()[2]
    return (path, *db.execute(
        "WITH mine AS (SELECT count(*) AS n, max(id) AS top FROM responses"
        "  WHERE consultation_id = :c AND is_demo <= :demo)"
        " SELECT n, top, (SELECT submission_id FROM responses WHERE id = top),"
        " (SELECT count(*) FROM safeguarding_flags f JOIN responses s ON s.id = f.response_id"
        "  WHERE s.consultation_id = :c),"
        " (SELECT count(f.decision) FROM safeguarding_flags f JOIN responses s"
        "  ON s.id = f.response_id WHERE s.consultation_id = :c)"
        " FROM mine",
        {"c": consultation_id, "demo": int(include_demo)}).fetchone())
