"""Prepared downloads: a long report written in a background thread while a page shows how far
it has got.

A job's state lives in the `jobs` table, so whichever worker process answers the next request can
show its progress page. The thread that runs a job opens its own database connection and writes
its progress through `write()` at most about once a second. The file goes in a private
`prepared/` folder beside the database (where `retained/` is kept too, so the `survey` command
finds both from `--db` alone), named by the job's id, and is kept for an hour.

A running job whose progress has not moved for two minutes has lost the process running it (a
restart, a crash): it reads as stopped. A job waiting for a free thread is kept alive by the jobs
running in the same process, so waiting is never mistaken for stopping.
"""
from __future__ import annotations

import logging
import os
import secrets
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import sqlite_utils

from survey.results import reports
from survey.store.db import connect, write
from survey.store.responses import count_responses

WORKBOOK = "workbook"
WAITING = "Waiting for another workbook to finish"
MAX_WORKERS = 2          # threads per worker process
WRITE_EVERY = 1.0        # seconds between two progress writes of a job
STALE_AFTER = 120        # seconds without progress: the process running the job has gone
KEEP_FOR = 3600          # seconds a job and its file are kept
QUICK_RESPONSES = 2_000  # up to this many responses, the workbook is also offered straight away
EXTENSION = "haveyoursay.jobs"


@dataclass(frozen=True)
class Job:
    id: str
    consultation_id: str
    username: str
    kind: str
    include_demo: bool
    state: str           # running, done or failed, as stored
    stage: str
    done: int
    total: int
    file_name: str | None
    created_at: float
    updated_at: float

    def status(self, now: float | None = None) -> str:
        """As the page shows it: running, done, failed, or stopped (running, but its progress
        has not moved for STALE_AFTER seconds)."""
        now = time.time() if now is None else now
        if self.state == "running" and now - self.updated_at > STALE_AFTER:
            return "stopped"
        return self.state

    @property
    def step(self) -> int:
        """1 or 2 while counting or writing; 0 while waiting to start."""
        return reports.STAGES.index(self.stage) + 1 if self.stage in reports.STAGES else 0

    @property
    def percent(self) -> int:
        """Of the whole job: each of the two passes over the responses is half of it."""
        if self.state == "done":
            return 100
        if not self.step:
            return 0
        part = min(self.done / self.total, 1) if self.total else 0
        return int((self.step - 1 + part) * 100 / len(reports.STAGES))

    @property
    def counted(self) -> str:
        """"45,000 of 100,000 responses"."""
        return f"{self.done:,} of {self.total:,} response{'s' if self.total != 1 else ''}"


def folder_for(database: str | Path) -> Path:
    """The private folder of prepared files: `prepared/` beside the database."""
    return Path(database).resolve().parent / "prepared"


def folder_of(db: sqlite_utils.Database) -> Path:
    """folder_for the database file `db` is open on."""
    _, _, database = db.execute("PRAGMA database_list").fetchone()  # "main" comes first
    return folder_for(database)


def file_of(folder: Path, job: Job) -> Path | None:
    """The finished file of a job, if it is there."""
    if job.state != "done" or not job.file_name:
        return None
    path = folder / job.file_name
    return path if path.is_file() else None


# -- the table ---------------------------------------------------------------------------------

def _insert(db: sqlite_utils.Database, consultation_id: str, username: str, include_demo: bool,
            total: int, kind: str, job_id: str, now: float) -> str:
    db.execute("INSERT INTO jobs (id, consultation_id, username, kind, include_demo, state, stage,"
               " total, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'running', ?, ?, ?, ?)",
               [job_id, consultation_id, username, kind, int(include_demo), WAITING, total, now,
                now])
    return job_id


def create(db: sqlite_utils.Database, consultation_id: str, username: str, include_demo: bool,
           total: int = 0, kind: str = WORKBOOK, job_id: str | None = None,
           now: float | None = None) -> str:
    """Add a running job, waiting to start; returns its id (random and unguessable)."""
    with write(db):
        return _insert(db, consultation_id, username, include_demo, total, kind,
                       job_id or secrets.token_urlsafe(16), time.time() if now is None else now)


def find(db: sqlite_utils.Database, job_id: str, now: float | None = None) -> Job | None:
    """The job, or None if there is none or it is past KEEP_FOR (its file is gone or going)."""
    now = time.time() if now is None else now
    row = db.execute("SELECT id, consultation_id, username, kind, include_demo, state, stage, done,"
                     " total, file_name, created_at, updated_at FROM jobs"
                     " WHERE id = ? AND created_at >= ?", [job_id, now - KEEP_FOR]).fetchone()
    if row is None:
        return None
    return Job(*row[:4], bool(row[4]), *row[5:])


def _running_for(db, consultation_id: str, username: str, kind: str, include_demo: bool,
                 now: float) -> str | None:
    row = db.execute(
        "SELECT id FROM jobs WHERE consultation_id = ? AND username = ? AND kind = ?"
        " AND include_demo = ? AND state = 'running' AND updated_at >= ? AND created_at >= ?"
        " ORDER BY created_at DESC LIMIT 1",
        [consultation_id, username, kind, int(include_demo), now - STALE_AFTER,
         now - KEEP_FOR]).fetchone()
    return row[0] if row else None


def _progress(db: sqlite_utils.Database, job_id: str, stage: str, done: int, total: int | None,
              waiting: tuple[str, ...] = ()) -> None:
    now = time.time()
    with write(db):
        db.execute("UPDATE jobs SET stage = ?, done = ?, total = coalesce(?, total),"
                   " updated_at = ? WHERE id = ? AND state = 'running'",
                   [stage, done, total, now, job_id])
        for other in waiting:  # jobs queued behind this one, in this process: still alive
            db.execute("UPDATE jobs SET updated_at = ? WHERE id = ? AND state = 'running'",
                       [now, other])


def _finish(db: sqlite_utils.Database, job_id: str, state: str, file_name: str | None) -> bool:
    """Mark the job done or failed; False if its row has gone meanwhile (cleaned up, erased)."""
    with write(db):
        changed = db.execute(
            "UPDATE jobs SET state = ?, stage = '', done = total, file_name = ?, updated_at = ?"
            " WHERE id = ? AND state = 'running'", [state, file_name, time.time(), job_id])
        return changed.rowcount == 1


def _remove_files(folder: Path, job_id: str) -> None:
    for name in (f"{job_id}.xlsx", f"{job_id}.xlsx.part"):
        (folder / name).unlink(missing_ok=True)


def clean_up(db: sqlite_utils.Database, folder: Path, now: float | None = None) -> int:
    """Delete the jobs made more than KEEP_FOR ago with their files, and any file left in the
    folder that old. Returns how many jobs were deleted."""
    cutoff = (time.time() if now is None else now) - KEEP_FOR
    with write(db):
        old = [row[0] for row in db.execute("SELECT id FROM jobs WHERE created_at < ?", [cutoff])]
        db.execute("DELETE FROM jobs WHERE created_at < ?", [cutoff])
    for job_id in old:
        _remove_files(folder, job_id)
    if folder.is_dir():
        for path in folder.iterdir():
            if path.is_file() and path.stat().st_mtime < cutoff:
                path.unlink(missing_ok=True)
    return len(old)


def forget(db: sqlite_utils.Database, folder: Path, consultation_id: str) -> int:
    """Delete every job of a consultation and its file (for retention: once responses are
    deleted, no prepared workbook may still hold them). Works inside a write transaction or
    outside one. A job still running finds its row gone at the end and deletes its own file."""
    def delete() -> list[str]:
        ids = [row[0] for row in db.execute("SELECT id FROM jobs WHERE consultation_id = ?",
                                            [consultation_id])]
        db.execute("DELETE FROM jobs WHERE consultation_id = ?", [consultation_id])
        return ids
    if db.conn.in_transaction:
        ids = delete()
    else:
        with write(db):
            ids = delete()
    for job_id in ids:
        _remove_files(folder, job_id)
    return len(ids)


# -- running jobs --------------------------------------------------------------------------------

class Runner:
    """An app's pool of job threads in this process, made on first use, so that each gunicorn
    worker makes its own after the fork; and the ids of the jobs waiting for a free thread."""

    def __init__(self) -> None:
        self.pool = ThreadPoolExecutor(max_workers=MAX_WORKERS,
                                       thread_name_prefix="haveyoursay-job")
        self.lock = threading.Lock()
        self.waiting: set[str] = set()

    def queued(self) -> tuple[str, ...]:
        with self.lock:
            return tuple(self.waiting)


_runners_guard = threading.Lock()


def runner(app) -> Runner:
    """The Runner kept in `app.extensions` (`app`: the Flask app, taken as it is, so that this
    module imports no web framework)."""
    with _runners_guard:
        if EXTENSION not in app.extensions:
            app.extensions[EXTENSION] = Runner()
        return app.extensions[EXTENSION]


def shutdown(app, wait: bool = True) -> None:
    """Stop the app's job threads (tests; a clean exit): jobs not started are dropped."""
    with _runners_guard:
        found = app.extensions.pop(EXTENSION, None)
    if found is not None:
        found.pool.shutdown(wait=wait, cancel_futures=True)


class _Progress:
    """write_report's progress callback: writes the job's row when a stage starts or ends, or
    when WRITE_EVERY seconds have passed; never once per response."""

    def __init__(self, db: sqlite_utils.Database, job_id: str, work: Runner | None) -> None:
        self.db, self.job_id, self.work = db, job_id, work
        self.stage, self.last = "", 0.0

    def __call__(self, stage: str, done: int, total: int | None) -> None:
        now = time.monotonic()
        last_of_stage = total is not None and done >= total
        if stage == self.stage and now - self.last < WRITE_EVERY and not last_of_stage:
            return
        self.stage, self.last = stage, now
        _progress(self.db, self.job_id, stage, done, total,
                  self.work.queued() if self.work else ())


def run(database: str | Path, job_id: str, questionnaire, include_demo: bool, threshold: int,
        work: Runner | None = None, logger: logging.Logger | None = None) -> None:
    """Write a job's workbook, in a pool thread (or directly): its own connection, a private
    file written under a temporary name and renamed when complete, the row marked done or
    failed. Nothing here needs a request or an app context."""
    if work is not None:
        with work.lock:
            work.waiting.discard(job_id)
    folder = folder_for(database)
    name, part = f"{job_id}.xlsx", folder / f"{job_id}.xlsx.part"
    db = connect(database)
    try:
        progress = _Progress(db, job_id, work)
        progress(reports.STAGES[0], 0, None)
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        with os.fdopen(os.open(part, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as out:
            reports.write_report(db, questionnaire, out, include_demo, threshold,
                                 progress=progress)
        os.replace(part, folder / name)
        if not _finish(db, job_id, "done", name):
            (folder / name).unlink(missing_ok=True)  # deleted meanwhile: keep no file for it
    except Exception:
        (logger or logging.getLogger(__name__)).exception("Preparing job %s failed", job_id)
        part.unlink(missing_ok=True)
        try:
            _finish(db, job_id, "failed", None)
        except Exception:  # the database itself is failing: the job will read as stopped
            (logger or logging.getLogger(__name__)).exception("Job %s: not marked failed", job_id)
    finally:
        db.conn.close()


def prepare_workbook(app, db: sqlite_utils.Database, questionnaire, username: str,
                     include_demo: bool) -> str:
    """Start preparing a consultation's workbook for `username`; returns the job's id. Old jobs
    and files are cleaned up first; a job of the same workbook this user already has running
    (a second press of the button) is reused, not doubled. `app` is the Flask app: only its
    config, extensions and logger are read."""
    database = app.config["DATABASE"]
    now = time.time()
    clean_up(db, folder_for(database), now)
    with write(db):
        job_id = _running_for(db, questionnaire.id, username, WORKBOOK, include_demo, now)
        if job_id:
            return job_id
        job_id = _insert(db, questionnaire.id, username, include_demo,
                         count_responses(db, questionnaire.id, include_demo), WORKBOOK,
                         secrets.token_urlsafe(16), now)
    work = runner(app)
    with work.lock:
        work.waiting.add(job_id)
    work.pool.submit(run, database, job_id, questionnaire, include_demo,
                     app.config["SUPPRESSION_THRESHOLD"], work, app.logger)
    return job_id
