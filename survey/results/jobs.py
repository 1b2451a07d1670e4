"""Prepared downloads: a long report written in a background thread while a page shows how far
it has got.

A job's state lives in the `jobs` table (survey.store.jobs), so whichever worker process answers
the next request can show its progress page. The thread that runs a job opens its own database
connection and writes its progress at most about once a second; the file is written under a
temporary name in the private folder and renamed when complete.

A job waiting for a free thread is kept alive by the jobs running in the same process, so waiting
is never mistaken for stopping (a job whose progress has not moved for two minutes reads as
stopped).
"""
from __future__ import annotations

import logging
import os
import secrets
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import sqlite_utils

from survey.results import reports
from survey.store.db import connect, write
from survey.store.jobs import (STAGES, STARTING, WAITING, WORKBOOK, clean_up, finish,
                               folder_for, insert, record_progress, running_for)
from survey.store.responses import count_responses

MAX_WORKERS = 2          # threads per worker process
WRITE_EVERY = 1.0        # seconds between two progress writes of a job
QUICK_RESPONSES = 2_000  # up to this many responses, the workbook is also offered straight away
EXTENSION = "haveyoursay.jobs"


# -- running jobs --------------------------------------------------------------------------------

class Runner:
    """An app's pool of job threads in this process, made on first use, so that each gunicorn
    worker makes its own after the fork; and the ids of the jobs waiting for a free thread."""

    def __init__(self) -> None:
        self.pool = ThreadPoolExecutor(max_workers=MAX_WORKERS,
                                       thread_name_prefix="haveyoursay-job")
        self.lock = threading.Lock()
        self.waiting: set[str] = set()
        # Submitted and not yet finished, waiting or running: with MAX_WORKERS of them, a new
        # job waits for another to finish; with fewer, it starts at once.
        self.active: set[str] = set()

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
        record_progress(self.db, self.job_id, stage, done, total,
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
        progress(STAGES[0], 0, None)
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        with os.fdopen(os.open(part, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as out:
            reports.write_report(db, questionnaire, out, include_demo, threshold,
                                 progress=progress)
        os.replace(part, folder / name)
        if not finish(db, job_id, "done", name):
            (folder / name).unlink(missing_ok=True)  # deleted meanwhile: keep no file for it
    except Exception:
        (logger or logging.getLogger(__name__)).exception("Preparing job %s failed", job_id)
        part.unlink(missing_ok=True)
        try:
            finish(db, job_id, "failed", None)
        except Exception:  # the database itself is failing: the job will read as stopped
            (logger or logging.getLogger(__name__)).exception("Job %s: not marked failed", job_id)
    finally:
        db.conn.close()
        if work is not None:
            with work.lock:
                work.active.discard(job_id)


def prepare_workbook(app, db: sqlite_utils.Database, questionnaire, username: str,
                     include_demo: bool) -> str:
    """Start preparing a consultation's workbook for `username`; returns the job's id. Old jobs
    and files are cleaned up first; a job of the same workbook this user already has running
    (a second press of the button) is reused, not doubled. `app` is the Flask app: only its
    config, extensions and logger are read."""
    database = app.config["DATABASE"]
    now = time.time()
    clean_up(db, folder_for(database), now)
    work = runner(app)
    with work.lock:  # "Waiting for another workbook" only when another really is ahead
        stage = WAITING if len(work.active) >= MAX_WORKERS else STARTING
    with write(db):
        job_id = running_for(db, questionnaire.id, username, WORKBOOK, include_demo, now)
        if job_id:
            return job_id
        job_id = insert(db, questionnaire.id, username, include_demo,
                         count_responses(db, questionnaire.id, include_demo), WORKBOOK,
                         secrets.token_urlsafe(16), now, stage)
    with work.lock:
        work.waiting.add(job_id)
        work.active.add(job_id)
    work.pool.submit(run, database, job_id, questionnaire, include_demo,
                     app.config["SUPPRESSION_THRESHOLD"], work, app.logger)
    return job_id
