"""Retention: raw responses are kept until a date, then deleted; one response can be erased on request.

Each consultation can have a date (consultation_settings.retain_until) set by an officer. Once it
has passed, `survey retention` (run daily from cron) deletes the consultation's raw responses,
and with them (ON DELETE CASCADE) their answers, comments, themes on those comments and
safeguarding flags. Before deleting, it writes the published aggregates (About, Summary and By
respondent type sheets, by `analysis.disclosure`'s rules: no comment and no response row) to a
workbook in the instance folder, `retained/<consultation id>-<date>-summary.xlsx`; that file is
what is kept. The workbook is written and the rows deleted inside one write transaction, so no
response arriving meanwhile is deleted without being counted.

A consultation with a comment still waiting for safeguarding review is not deleted (nor is a
single response erased): a person must read it first. Every deletion is in the audit log, which
deleting never touches. Deleted text is overwritten on disk too (secure_delete on every
connection, then the write-ahead log emptied: `survey.store.db.forget_old_pages`), so a copy of
the database file taken later does not hold it. The officers' pages (the date, erasing one
response) are survey.workspace.retention.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import sqlite_utils

from survey.store import jobs
from survey.results import reports
from survey.store.audit import record_in_transaction
from survey.store.db import forget_old_pages, write
from survey.store.lifecycle import retain_until, retention_due, set_setting
from survey.store.responses import delete_responses
from survey.store.review import waiting_count

WAITING = ("This response has a comment or an answer waiting for safeguarding review. Review "
           "it in the safeguarding queue before erasing the response")


class Waiting(ValueError):
    """Comments are waiting for safeguarding review: nothing is deleted."""


# -- the date --------------------------------------------------------------------------------

def set_retain_until(db: sqlite_utils.Database, consultation_id: str, until: date | None) -> None:
    """Set (or clear, with None) the date after which raw responses are deleted; audited."""
    set_setting(db, consultation_id, "retain_until", until.isoformat() if until else None,
                "retention date set", f"raw responses kept until {until.isoformat()}" if until
                else "no date: raw responses kept")


# -- erasing one response --------------------------------------------------------------------

def erase_response(db: sqlite_utils.Database, consultation_id: str, response_id: int,
                   reason: str = "") -> None:
    """Delete one response with everything hanging from it; audited as "response erased"."""
    with write(db):
        if waiting_count(db, consultation_id, response_id):
            raise Waiting(WAITING)
        if not delete_responses(db, consultation_id, response_id):
            raise LookupError(response_id)
        jobs.forget(db, jobs.folder_of(db), consultation_id)  # prepared workbooks held it
        record_in_transaction(db, "response erased", f"{consultation_id} response {response_id}",
                              reason.strip() or "on request")
    forget_old_pages(db)  # the log still holds the erased text's pages until it is emptied


# -- deleting raw responses past their date --------------------------------------------------

@dataclass(frozen=True)
class Outcome:
    consultation_id: str
    deleted: int
    kept: Path | None          # the summary workbook written, if any
    waiting: int = 0           # comments waiting for review: nothing was deleted


def _summary_path(folder: Path, consultation_id: str, today: date) -> Path:
    path = folder / f"{consultation_id}-{today.isoformat()}-summary.xlsx"
    number = 2
    while path.exists():  # a second run the same day keeps the first file
        path = folder / f"{consultation_id}-{today.isoformat()}-summary-{number}.xlsx"
        number += 1
    return path


def apply(db: sqlite_utils.Database, questionnaires: dict, folder: str | Path,
          today: date | None = None, threshold: int = 10) -> list[Outcome]:
    """Delete the raw responses of every consultation past its date, keeping the suppressed
    summary as a workbook in `folder`. `questionnaires`: id -> Questionnaire."""
    from exports.workbook import write_summary_workbook
    today = today or date.today()
    folder = Path(folder)
    outcomes = []
    for consultation_id in retention_due(db, today):
        with write(db):
            waiting = waiting_count(db, consultation_id)
            if waiting:
                outcomes.append(Outcome(consultation_id, 0, None, waiting))
                continue
            kept = None
            questionnaire = questionnaires.get(consultation_id)
            until = retain_until(db, consultation_id)
            if questionnaire is not None:
                summary = reports.published_of(db, questionnaire, False, threshold)
                folder.mkdir(parents=True, exist_ok=True)
                kept = _summary_path(folder, consultation_id, today)
                write_summary_workbook(
                    summary, kept, reports.versions_of(db, consultation_id, False, threshold), (
                        f"Deleted on {today.isoformat()}: the consultation's raw responses were "
                        f"kept until {until.isoformat()}. This file keeps only the figures "
                        "below, published by the small-number rules; demo responses are not "
                        "counted."))
            deleted = delete_responses(db, consultation_id)
            jobs.forget(db, jobs.folder_of(db), consultation_id)
            record_in_transaction(
                db, "retention deleted", consultation_id,
                f"{deleted} responses deleted (kept until {until.isoformat()}); "
                + (f"summary kept in {kept.name}" if kept else
                   "no summary kept: the questionnaire is not loaded"))
        outcomes.append(Outcome(consultation_id, deleted, kept))
    if any(outcome.deleted for outcome in outcomes):
        forget_old_pages(db)
    return outcomes
