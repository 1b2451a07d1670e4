"""The jobs table: prepared downloads, what each is, who asked, and how far it has got.

A job's row is how any worker process shows its progress page, so every change to it is a write
transaction; its file sits in a private `prepared/` folder beside the database (where
`retained/` is kept too, so the `survey` command finds both from `--db` alone), named by the
job's id. A job and its file are kept for KEEP_FOR seconds. Running jobs is
survey.results.jobs's part.

Restarts: a running job is held by one process under a lease (`holder`, `lease_until`), renewed
while that process lives. What must stay true: only the holder may record progress or finish a
job, and a job changes holder only in `claim`, one write transaction that succeeds for one
claimer only and only once the lease has run out. So a job whose process was killed is started
again by another, two processes never run it at once, and after MAX_STARTS starts it fails
(GAVE_UP) rather than loop.
"""
from __future__ import annotations

import secrets
import time
from dataclasses import dataclass
from pathlib import Path

import sqlite_utils

from survey.store.db import write

WORKBOOK = "workbook"
WAITING = "Waiting for another workbook to finish"
STARTING = "Starting"    # no other workbook ahead of it: its thread is about to take it up
LEASE_FOR = 60           # seconds a lease lasts unless renewed: how soon a lost job is taken up
MAX_STARTS = 3           # a job started this many times (the server restarting) fails instead
GAVE_UP = "Started too many times"  # the stage of a job failed by MAX_STARTS
KEEP_FOR = 3600          # seconds a job and its file are kept
# The stages a prepared workbook goes through, in order, as its row records them.
STAGES = ("Counting answers", "Writing the workbook")
# The board report (survey.results.board), one kind per format: the same two passes.
BOARD_DOCX, BOARD_PDF = "board-docx", "board-pdf"
BOARD_STAGES = (STAGES[0], "Writing the board report")
STAGES_OF = {WORKBOOK: STAGES, BOARD_DOCX: BOARD_STAGES, BOARD_PDF: BOARD_STAGES}


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
    holder: str | None = None
    lease_until: float | None = None
    starts: int = 1

    def status(self) -> str:
        """As the page shows it: running, done or failed. A running job whose process has gone
        is still running: the next request claims it and starts it again."""
        return self.state

    @property
    def started_again(self) -> bool:
        """Running after a restart took it from the process that first ran it."""
        return self.state == "running" and self.starts > 1

    @property
    def gave_up(self) -> bool:
        """Failed because the server restarted MAX_STARTS times while it ran."""
        return self.state == "failed" and self.stage == GAVE_UP

    @property
    def stages(self) -> tuple[str, ...]:
        return STAGES_OF.get(self.kind, STAGES)

    @property
    def step(self) -> int:
        """1 or 2 while counting or writing; 0 while waiting to start."""
        return self.stages.index(self.stage) + 1 if self.stage in self.stages else 0

    @property
    def percent(self) -> int:
        """Of the whole job: each of the two passes over the responses is half of it."""
        if self.state == "done":
            return 100
        if not self.step:
            return 0
        part = min(self.done / self.total, 1) if self.total else 0
        return int((self.step - 1 + part) * 100 / len(self.stages))

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


def insert(db: sqlite_utils.Database, consultation_id: str, username: str, include_demo: bool,
            total: int, kind: str, job_id: str, now: float, stage: str = WAITING,
            holder: str = "", lease_until: float | None = None) -> str:
    """Add a running job at `stage` (WAITING behind others, or STARTING when none is ahead),
    held by `holder` until `lease_until` (default: LEASE_FOR from `now`)."""
    db.execute("INSERT INTO jobs (id, consultation_id, username, kind, include_demo, state, stage,"
               " total, created_at, updated_at, holder, lease_until, starts)"
               " VALUES (?, ?, ?, ?, ?, 'running', ?, ?, ?, ?, ?, ?, 1)",
               [job_id, consultation_id, username, kind, int(include_demo), stage, total, now,
                now, holder, now + LEASE_FOR if lease_until is None else lease_until])
    return job_id


def create(db: sqlite_utils.Database, consultation_id: str, username: str, include_demo: bool,
           total: int = 0, kind: str = WORKBOOK, job_id: str | None = None,
           now: float | None = None, holder: str = "") -> str:
    """Add a running job, waiting to start; returns its id (random and unguessable)."""
    with write(db):
        return insert(db, consultation_id, username, include_demo, total, kind,
                       job_id or secrets.token_urlsafe(16), time.time() if now is None else now,
                       holder=holder)


def find(db: sqlite_utils.Database, job_id: str, now: float | None = None) -> Job | None:
    """The job, or None if there is none or it is past KEEP_FOR (its file is gone or going)."""
    now = time.time() if now is None else now
    row = db.execute("SELECT id, consultation_id, username, kind, include_demo, state, stage, done,"
                     " total, file_name, created_at, updated_at, holder, lease_until, starts"
                     " FROM jobs"
                     " WHERE id = ? AND created_at >= ?", [job_id, now - KEEP_FOR]).fetchone()
    if row is None:
        return None
    return Job(*row[:4], bool(row[4]), *row[5:])


def running_for(db, consultation_id: str, username: str, kind: str, include_demo: bool,
                 now: float) -> str | None:
    """The job of this workbook the user already has running (held, or waiting to be claimed
    again after a restart), so a second press of the button does not start another."""
    row = db.execute(
        "SELECT id FROM jobs WHERE consultation_id = ? AND username = ? AND kind = ?"
        " AND include_demo = ? AND state = 'running' AND created_at >= ?"
        " ORDER BY created_at DESC LIMIT 1",
        [consultation_id, username, kind, int(include_demo), now - KEEP_FOR]).fetchone()
    return row[0] if row else None


def record_progress(db: sqlite_utils.Database, job_id: str, holder: str, stage: str, done: int,
                    total: int | None, lease_until: float) -> bool:
    """Write how far the job has got and renew every lease `holder` has (the jobs waiting
    behind this one in the same process too). False if `holder` no longer holds the job (its
    lease ran out and another process claimed it, or the row has gone): the caller stops."""
    now = time.time()
    with write(db):
        changed = db.execute(
            "UPDATE jobs SET stage = ?, done = ?, total = coalesce(?, total), updated_at = ?"
            " WHERE id = ? AND state = 'running' AND holder = ?",
            [stage, done, total, now, job_id, holder])
        _renew(db, holder, lease_until)
    return changed.rowcount == 1


def renew(db: sqlite_utils.Database, holder: str, lease_until: float) -> int:
    """Extend every lease `holder` has on running jobs; how many. Its process is alive."""
    with write(db):
        return _renew(db, holder, lease_until)


def _renew(db: sqlite_utils.Database, holder: str, lease_until: float) -> int:
    return db.execute("UPDATE jobs SET lease_until = max(coalesce(lease_until, 0), ?)"
                      " WHERE holder = ? AND state = 'running'", [lease_until, holder]).rowcount


def expired(db: sqlite_utils.Database, now: float | None = None) -> list[str]:
    """Ids of running jobs whose lease has run out (their process has gone), oldest first."""
    now = time.time() if now is None else now
    return [row[0] for row in db.execute(
        "SELECT id FROM jobs WHERE state = 'running' AND coalesce(lease_until, 0) < ?"
        " AND created_at >= ? ORDER BY created_at", [now, now - KEEP_FOR])]


def claim(db: sqlite_utils.Database, job_id: str, holder: str, lease_until: float,
          stage: str = STARTING, now: float | None = None) -> Job | None:
    """Take a running job whose lease has run out, to start it again from the beginning: the
    job as claimed, or None if it was not claimable (its lease is live, another claimer won,
    it has ended or gone). A job already started MAX_STARTS times is marked failed (GAVE_UP)
    instead, and returned so. One write transaction: of any number of claimers, one wins."""
    now = time.time() if now is None else now
    lapsed = "id = ? AND state = 'running' AND coalesce(lease_until, 0) < ?"
    with write(db):
        gave_up = db.execute(
            "UPDATE jobs SET state = 'failed', stage = ?, file_name = NULL, updated_at = ?,"  # nosec B608: `lapsed` is the literal above
            f" holder = NULL WHERE {lapsed} AND starts >= ?",
            [GAVE_UP, now, job_id, now, MAX_STARTS]).rowcount
        claimed = gave_up or db.execute(
            "UPDATE jobs SET holder = ?, lease_until = ?, starts = starts + 1, stage = ?,"  # nosec B608: as above
            f" done = 0, updated_at = ? WHERE {lapsed}",
            [holder, lease_until, stage, now, job_id, now]).rowcount
    return find(db, job_id, now) if claimed else None


def finish(db: sqlite_utils.Database, job_id: str, state: str, file_name: str | None,
           holder: str | None = None, then=None) -> bool:
    """Mark the job done or failed, if `holder` (when given) still holds it; then call `then()`
    (the rename that puts its file in place) inside the same transaction, so a file appears only
    for the holder that finished. False if the row has gone meanwhile (cleaned up, erased) or
    another process holds it now."""
    with write(db):
        changed = db.execute(
            "UPDATE jobs SET state = ?, stage = '', done = total, file_name = ?, updated_at = ?"
            " WHERE id = ? AND state = 'running' AND (? IS NULL OR holder = ?)",
            [state, file_name, time.time(), job_id, holder, holder])
        if changed.rowcount == 1 and then is not None:
            then()
        return changed.rowcount == 1


def _remove_files(folder: Path, job_id: str) -> None:
    """The job's file and any part of it being written (named `<id>.<run>.<ext>.part`). An id
    is URL-safe base64, which has no dot, so `<id>.*` names no other job's file."""
    if folder.is_dir():
        for path in folder.glob(f"{job_id}.*"):
            path.unlink(missing_ok=True)


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
