"""Prepared downloads: a long report written in a background thread while a page shows how far
it has got, and started again if the process running it dies.

A job's state lives in the `jobs` table (survey.store.jobs), so whichever worker process answers
the next request can show its progress page. The thread that runs a job opens its own database
connection and writes its progress at most about once a second; the file is written under a
temporary name in the private folder and renamed when complete, so a half-written file is never
served.

Why a lease and not a task queue. A gunicorn worker restart (or a crash, a deploy) ends the
threads of its process, and with them the jobs they ran. A task queue with SQLite storage (huey,
for one) would keep them, but it runs tasks in a consumer: a second process to start, watch and
deploy beside `python run.py` and serve.py, for one kind of job that takes a minute. Instead each
process's Runner holds its jobs under a lease in their rows, renewed every LEASE_FOR / 3 seconds
while the process has jobs and with every progress write. A process showing a job's page (or
its file) claims that job if its lease has run out; then, and when asked for a new job, it
also looks for every other such job, at most every LOOK_EVERY seconds. A claim is one write
transaction that one claimer wins, and the job is run again from the start; the page says it
was started again after the server restarted. A job started MAX_STARTS times fails with a plain
message rather than loop. A holder whose lease was taken from it (it stalled past the lease)
finds so at its next progress write or at the end, stops, and puts no file in place: two
processes never run the same job at once.
"""
from __future__ import annotations

import logging
import os
import secrets
import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import sqlite_utils

from survey.results import board, reports
from survey.store.db import connect, write
from survey.store.jobs import (LEASE_FOR, STAGES, STARTING, WAITING, WORKBOOK, claim, clean_up,
                               expired, find, finish, folder_for, insert, record_progress, renew,
                               running_for)
from survey.store.responses import count_responses

MAX_WORKERS = 2          # threads per worker process
WRITE_EVERY = 1.0        # seconds between two progress writes of a job
QUICK_RESPONSES = 2_000  # up to this many responses, the workbook is also offered straight away
LOOK_EVERY = 5.0         # seconds between two looks, by one process, for jobs left by another
EXTENSION = "haveyoursay.jobs"
CATALOGUE = "haveyoursay.catalogue"


def _workbook(db, questionnaire, out, include_demo: bool, threshold: int, progress,
              registry=None) -> None:
    reports.write_report(db, questionnaire, out, include_demo, threshold, progress=progress)


def _board(extension: str):
    def write(db, questionnaire, out, include_demo: bool, threshold: int, progress,
              registry=None) -> None:
        earlier = reports.wave_before(registry, questionnaire) if registry is not None else None
        board.write_board_report(db, questionnaire, out, extension, include_demo, threshold,
                                 progress=progress, earlier=earlier)
    return write


# What each kind of prepared file is: its extension and what writes it, with progress.
KINDS = {WORKBOOK: ("xlsx", _workbook),
         **{f.kind: (f.extension, _board(f.extension)) for f in board.FORMATS.values()}}


class LeaseLost(Exception):
    """Another process has claimed this job (this one's lease ran out): stop writing it."""


# -- running jobs --------------------------------------------------------------------------------

class Runner:
    """An app's pool of job threads in this process, made on first use, so that each gunicorn
    worker makes its own after the fork; and the keeper thread that renews this process's leases
    while it has jobs (those waiting for a free thread too)."""

    def __init__(self, database: str | Path, lease_for: float = LEASE_FOR,
                 holder: str | None = None) -> None:
        self.database, self.lease_for = str(database), float(lease_for)
        # Who holds a lease: this process, told apart from a later one with the same pid.
        self.holder = holder if holder is not None else (
            f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(4)}")
        self.pool = ThreadPoolExecutor(max_workers=MAX_WORKERS,
                                       thread_name_prefix="haveyoursay-job")
        self.lock = threading.Lock()
        # Submitted and not yet finished, waiting or running: with MAX_WORKERS of them, a new
        # job waits for another to finish; with fewer, it starts at once.
        self.active: set[str] = set()
        self.looked = float("-inf")  # when this process last looked for jobs left by another
        # The app's catalogue, for a board report's wave before (None when run directly).
        self.catalogue = None
        self.closed = threading.Event()
        self.keeper: threading.Thread | None = None

    def lease_until(self) -> float:
        return time.time() + self.lease_for

    def stage_for_new(self) -> str:
        """"Waiting for another workbook" only when another really is ahead."""
        with self.lock:
            return WAITING if len(self.active) >= MAX_WORKERS else STARTING

    def submit(self, job_id: str, questionnaire, include_demo: bool, threshold: int,
               logger: logging.Logger | None, kind: str = WORKBOOK) -> None:
        with self.lock:
            self.active.add(job_id)
            if self.keeper is None:
                self.keeper = threading.Thread(target=self._keep_leases, daemon=True,
                                               name="haveyoursay-job-leases")
                self.keeper.start()
        self.pool.submit(run, self.database, job_id, questionnaire, include_demo, threshold,
                         self, logger, kind)

    def _keep_leases(self) -> None:
        """Renew this process's leases every third of a lease while it has jobs, so a stage
        that reports no progress for a while (drawing the charts) never loses its job."""
        db = None
        try:
            while not self.closed.wait(self.lease_for / 3):
                with self.lock:
                    busy = bool(self.active)
                if not busy:
                    continue
                try:
                    db = db or connect(self.database)
                    renew(db, self.holder, self.lease_until())
                except Exception:  # the next turn tries again; the progress writes renew too
                    logging.getLogger(__name__).exception("Job leases not renewed")
        finally:
            if db is not None:
                db.conn.close()

    def close(self, wait: bool = True) -> None:
        self.closed.set()
        self.pool.shutdown(wait=wait, cancel_futures=True)


_runners_guard = threading.Lock()


def runner(app) -> Runner:
    """The Runner kept in `app.extensions` (`app`: the Flask app, taken as it is, so that this
    module imports no web framework). JOB_LEASE_SECONDS sets its lease (tests shorten it)."""
    with _runners_guard:
        if EXTENSION not in app.extensions:
            app.extensions[EXTENSION] = Runner(
                app.config["DATABASE"], app.config.get("JOB_LEASE_SECONDS", LEASE_FOR))
            app.extensions[EXTENSION].catalogue = app.extensions.get(CATALOGUE)
        return app.extensions[EXTENSION]


def shutdown(app, wait: bool = True) -> None:
    """Stop the app's job threads (tests; a clean exit): jobs not started are dropped (their
    leases run out and another process takes them up)."""
    with _runners_guard:
        found = app.extensions.pop(EXTENSION, None)
    if found is not None:
        found.close(wait=wait)


class _Progress:
    """write_report's progress callback: writes the job's row (renewing its process's leases)
    when a stage starts or ends, or when WRITE_EVERY seconds have passed; never once per
    response. Raises LeaseLost once another process holds the job."""

    def __init__(self, db: sqlite_utils.Database, job_id: str, work: Runner) -> None:
        self.db, self.job_id, self.work = db, job_id, work
        self.stage, self.last = "", 0.0

    def __call__(self, stage: str, done: int, total: int | None) -> None:
        now = time.monotonic()
        last_of_stage = total is not None and done >= total
        if stage == self.stage and now - self.last < WRITE_EVERY and not last_of_stage:
            return
        self.stage, self.last = stage, now
        if not record_progress(self.db, self.job_id, self.work.holder, stage, done, total,
                               self.work.lease_until()):
            raise LeaseLost(self.job_id)


def run(database: str | Path, job_id: str, questionnaire, include_demo: bool, threshold: int,
        work: Runner | None = None, logger: logging.Logger | None = None,
        kind: str = WORKBOOK) -> None:
    """Write a job's file (KINDS), in a pool thread (or directly): its own connection, a private
    file written under a name of this run's own and renamed only if this holder still holds the
    job when it ends, the row marked done or failed. Nothing here needs a request or an app
    context."""
    logger = logger or logging.getLogger(__name__)
    if work is None:  # run directly: the holder of a job made by store.jobs.create
        work = Runner(database, holder="")
    folder = folder_for(database)
    extension, write_file = KINDS[kind]
    name = f"{job_id}.{extension}"
    part = folder / f"{job_id}.{secrets.token_hex(4)}.{extension}.part"
    db = connect(database)
    try:
        progress = _Progress(db, job_id, work)
        progress(STAGES[0], 0, None)
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        for left in folder.glob(f"{job_id}.*.{extension}.part"):  # by a run that died: this one holds it
            left.unlink(missing_ok=True)
        with os.fdopen(os.open(part, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as out:
            write_file(db, questionnaire, out, include_demo, threshold, progress,
                       registry=work.catalogue)
        # deleted meanwhile, or claimed by another process: no file is put in place
        finish(db, job_id, "done", name, work.holder, then=lambda: os.replace(part, folder / name))
    except LeaseLost:
        logger.warning("Job %s: another process took it over; this run stopped", job_id)
    except Exception:
        logger.exception("Preparing job %s failed", job_id)
        try:
            finish(db, job_id, "failed", None, work.holder)
        except Exception:  # the database itself is failing: its lease runs out, it is retried
            logger.exception("Job %s: not marked failed", job_id)
    finally:
        part.unlink(missing_ok=True)
        db.conn.close()
        with work.lock:
            work.active.discard(job_id)


def look_after(app, db: sqlite_utils.Database, job_id: str | None = None) -> None:
    """Claim and start again the running jobs whose process has gone (their lease ran out):
    `job_id` at once, if given (its page is being shown), and every other at most every
    LOOK_EVERY seconds from this process. A job whose consultation is no longer served fails."""
    work = runner(app)
    now = time.time()
    with work.lock:
        sweep = now - work.looked >= LOOK_EVERY
        if sweep:
            work.looked = now
    if sweep:
        ids = expired(db, now)
    else:  # only reads, unless there is something to claim: this page is asked for every 2 s
        job = find(db, job_id, now) if job_id else None
        lapsed = job is not None and job.state == "running" and (job.lease_until or 0) < now
        ids = [job_id] if lapsed else []
    for lost in ids:
        with work.lock:
            if lost in work.active:  # this process's own, stalled: it renews or finds it lost
                continue
        job = claim(db, lost, work.holder, work.lease_until(), work.stage_for_new(), now)
        if job is not None and job.gave_up:
            app.logger.error("Job %s failed: started %d times, the server restarting each time",
                             lost, job.starts)
        if job is None or job.state != "running":
            continue
        app.logger.warning("Job %s started again (start %d): the process running it had gone",
                           lost, job.starts)
        questionnaire = app.extensions[CATALOGUE].get(job.consultation_id)
        if questionnaire is None:
            finish(db, lost, "failed", None, work.holder)
            continue
        work.submit(lost, questionnaire, job.include_demo, app.config["SUPPRESSION_THRESHOLD"],
                    app.logger, job.kind)


def prepare_workbook(app, db: sqlite_utils.Database, questionnaire, username: str,
                     include_demo: bool, kind: str = WORKBOOK) -> str:
    """Start preparing a consultation's workbook for `username`; returns the job's id. Old jobs
    and files are cleaned up first; a job of the same workbook this user already has running
    (a second press of the button) is reused, not doubled, and started again first if its
    process has gone. `app` is the Flask app: only its config, extensions and logger are read."""
    database = app.config["DATABASE"]
    now = time.time()
    clean_up(db, folder_for(database), now)
    look_after(app, db)
    work = runner(app)
    stage = work.stage_for_new()
    with write(db):
        job_id = running_for(db, questionnaire.id, username, kind, include_demo, now)
        if job_id:
            return job_id
        job_id = insert(db, questionnaire.id, username, include_demo,
                        count_responses(db, questionnaire.id, include_demo), kind,
                        secrets.token_urlsafe(16), now, stage, work.holder, work.lease_until())
    work.submit(job_id, questionnaire, include_demo, app.config["SUPPRESSION_THRESHOLD"],
                app.logger, kind)
    return job_id
