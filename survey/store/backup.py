"""Backups with SQLite's online backup API: consistent while the app keeps writing.

A file copy of a live WAL database can miss committed pages or catch a half-written one, so it
is never used. A restore checks the backup first (integrity and what it holds) and only then
replaces the live data, through the same API, inside SQLite's own locking.

What must stay true: a response erased (on request, or past its retention date) stays erased.
A backup made before the erasure still holds it, so a restore reads which responses the live
database has erased (the `erased` table: submission ids only) before replacing it, then deletes
them from the restored data and keeps the list, and empties the write-ahead log so their text is
not left on disk.
"""
from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from survey.store.db import MIGRATIONS, connect, forget_old_pages, migrate, write


class BackupError(Exception):
    """A backup that must not be used, with the reason in plain words."""


@dataclass(frozen=True)
class Contents:
    schema_version: int
    responses: int
    answers: int
    users: int

    def __str__(self) -> str:
        return (f"{self.responses:,} responses, {self.answers:,} answers, {self.users:,} staff "
                f"accounts (schema version {self.schema_version})")


def contents(path: str | Path) -> Contents:
    """Check a database file and count what it holds; raises BackupError if it is not sound."""
    if not Path(path).is_file():
        raise BackupError(f"{path} does not exist")
    try:
        conn = sqlite3.connect(f"file:{Path(path).resolve()}?mode=ro", uri=True)
        try:
            check = conn.execute("PRAGMA integrity_check").fetchall()
            if check != [("ok",)]:
                raise BackupError(f"{path} is damaged: {check[0][0]}")
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version == 0 or version > len(MIGRATIONS):
                raise BackupError(f"{path} is not a Have Your Say database this version can use "
                                  f"(schema version {version}, this version knows 1 to {len(MIGRATIONS)})")
            count = lambda table: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: E731  # nosec B608: table names are the three literals below
            return Contents(version, count("responses"), count("answers"), count("users"))
        finally:
            conn.close()
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{path} is not a readable SQLite database: {error}") from None


def backup(database: str | Path, target: str | Path) -> Contents:
    target = Path(target)
    if target.exists():
        raise BackupError(f"{target} already exists: choose a new file name")
    target.parent.mkdir(parents=True, exist_ok=True)
    source = connect(database).conn
    destination = sqlite3.connect(target)
    try:
        source.backup(destination)
    finally:
        destination.close()
        source.close()
    return contents(target)


@dataclass(frozen=True)
class Restored:
    contents: Contents     # what the backup held
    erased_again: int      # responses erased since the backup was made, deleted from it again


def restore(backup_file: str | Path, database: str | Path) -> Restored:
    """Replace the database's contents with the backup's, after checking the backup; then
    erase again what the database had erased."""
    found = contents(backup_file)
    erased = erased_in(database)
    source = sqlite3.connect(f"file:{Path(backup_file).resolve()}?mode=ro", uri=True)
    destination = connect(database).conn
    try:
        source.backup(destination)
    finally:
        source.close()
        destination.close()
    return Restored(found, erase_again(database, erased) if erased else 0)


def erased_in(database: str | Path) -> list[tuple[str, str, str]]:
    """(submission id, consultation id, when) of every response the database has erased; none
    if it cannot be read (a damaged file is a reason to restore) or is older than the list."""
    if not Path(database).is_file():
        return []
    try:
        conn = sqlite3.connect(f"file:{Path(database).resolve()}?mode=ro", uri=True)
        try:
            return conn.execute(
                "SELECT submission_id, consultation_id, erased_at FROM erased").fetchall()
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return []


def erase_again(database: str | Path, erased: list[tuple[str, str, str]]) -> int:
    """Delete the listed responses from a restored database and keep the list there; returns
    how many it still held. The backup may be from before the list existed: it is migrated
    first, as the app would on start."""
    db = connect(database)
    try:
        migrate(db)
        with write(db):
            db.conn.executemany("INSERT OR IGNORE INTO erased (submission_id, consultation_id,"
                                " erased_at) VALUES (?, ?, ?)", erased)
            again = db.execute("DELETE FROM responses WHERE submission_id IN"
                               " (SELECT submission_id FROM erased)").rowcount
        forget_old_pages(db)
        return again
    finally:
        db.conn.close()
