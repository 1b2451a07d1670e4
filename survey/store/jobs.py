"""The jobs table: prepared downloads, what each is, who asked, and how far it has got.

A job's row is how any worker process shows its progress page, so every change to it is a write
transaction; its file sits in a private `prepared/` folder beside the database (where
`retained/` is kept too, so the `survey` command finds both from `--db` alone), named by the
job's id. A job and its file are kept for KEEP_FOR seconds. A running job whose progress has not
moved for STALE_AFTER seconds has lost the process running it (a restart, a crash): it reads as
stopped. Running jobs is survey.results.jobs's part.
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
STALE_AFTER = 120        # seconds without progress: the process running the job has gone
KEEP_FOR = 3600          # seconds a job and its file are kept
# The stages a prepared workbook goes through, in order, as its row records them.
STAGES = ("Counting answers", "Writing the workbook")


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
        return STAGES.index(self.stage) + 1 if self.stage in STAGES else 0

    @property
    def percent(self) -> int:
        """Of the whole job: each of the two passes over the responses is half of it."""
        if self.state == "done":
            return 100
        if not self.step:
            return 0
        part = min(self.done / self.total, 1) if self.total else 0
        return int((self.step - 1 + part) * 100 / len(STAGES))

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
            total: int, kind: str, job_id: str, now: float, stage: str = WAITING) -> str:
    """Add a running job at `stage`: WAITING behind others, or STARTING when none is ahead."""
    db.execute("INSERT INTO jobs (id, consultation_id, username, kind, include_demo, state, stage,"
               " total, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'running', ?, ?, ?, ?)",
               [job_id, consultation_id, username, kind, int(include_demo), stage, total, now,
                now])
    return job_id


def create(db: sqlite_utils.Database, consultation_id: str, username: str, include_demo: bool,
           total: int = 0, kind: str = WORKBOOK, job_id: str | None = None,
           now: float | None = None) -> str:
    """Add a running job, waiting to start; returns its id (random and unguessable)."""
    with write(db):
        return insert(db, consultation_id, username, include_demo, total, kind,
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


def running_for(db, consultation_id: str, username: str, kind: str, include_demo: bool,
                 now: float) -> str | None:
    row = db.execute(
        "SELECT id FROM jobs WHERE consultation_id = ? AND username = ? AND kind = ?"
        " AND include_demo = ? AND state = 'running' AND updated_at >= ? AND created_at >= ?"
        " ORDER BY created_at DESC LIMIT 1",
        [consultation_id, username, kind, int(include_demo), now - STALE_AFTER,
         now - KEEP_FOR]).fetchone()
    return row[0] if row else None


def record_progress(db: sqlite_utils.Database, job_id: str, stage: str, done: int, total: int | None,
              waiting: tuple[str, ...] = ()) -> None:
    now = time.time()
    with write(db):
        db.execute("UPDATE jobs SET stage = ?, done = ?, total = coalesce(?, total),"
                   " updated_at = ? WHERE id = ? AND state = 'running'",
                   [stage, done, total, now, job_id])
        for other in waiting:  # jobs queued behind this one, in this process: still alive
            db.execute("UPDATE jobs SET updated_at = ? WHERE id = ? AND state = 'running'",
                       [now, other])


def finish(db: sqlite_utils.Database, job_id: str, state: str, file_name: str | None) -> bool:
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
