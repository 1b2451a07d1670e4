"""The database: one SQLite file, opened per request, schema kept by numbered migrations.

Every connection runs in WAL mode with synchronous=FULL (an acknowledged answer survives a power
cut), foreign keys on and a busy timeout; every write goes through `write()`, which opens the
transaction with BEGIN IMMEDIATE so that concurrent writers queue instead of failing.

Erased means gone from the disk, not only from the tables. Every connection sets secure_delete,
so SQLite overwrites deleted content with zeros instead of leaving it in free space (some builds
do this by default, Debian's among them; Python's own builds for Windows and macOS do not, so it
is set here and never left to the build). The old versions of the pages a delete changed are
still in the write-ahead log until it is checkpointed and emptied: whatever erases text a person
asked to have erased calls `forget_old_pages` after its transaction commits.

A process serving requests keeps one idle connection to its database open (`keep_open`). When
the last connection to a WAL database closes, SQLite checkpoints the log, syncs the file and
deletes the log; with a connection opened and closed per request, at quiet times every request
paid for that (a third of a submission's time, measured). The idle connection holds no
transaction, so checkpoints (and `forget_old_pages`) go on as before.
"""
from __future__ import annotations

import os
import sqlite3
import threading
from collections import OrderedDict
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator

try:
    import fcntl
except ImportError:  # not on Windows: writers there queue on SQLite's busy handler alone
    fcntl = None

import sqlite_utils

BUSY_TIMEOUT_MS = 10_000

# Each migration is a tuple of statements, run once, in order, inside one transaction; how many
# have run is kept in PRAGMA user_version. Never edit one that has shipped: add another.
MIGRATIONS: list[tuple[str, ...]] = [
    # 1: definitions and their versions, responses with answers in long format, staff users
    ("""
    CREATE TABLE definitions (
        consultation_id TEXT NOT NULL,
        version TEXT NOT NULL,
        title TEXT NOT NULL,
        source TEXT NOT NULL,
        first_loaded TEXT NOT NULL,
        PRIMARY KEY (consultation_id, version)
    )""", """
    CREATE TABLE responses (
        id INTEGER PRIMARY KEY,
        consultation_id TEXT NOT NULL,
        version TEXT NOT NULL,
        submission_id TEXT NOT NULL UNIQUE,
        submitted_at TEXT NOT NULL,
        channel TEXT NOT NULL DEFAULT 'online',
        is_demo INTEGER NOT NULL DEFAULT 0,
        FOREIGN KEY (consultation_id, version) REFERENCES definitions (consultation_id, version)
    )""",
    "CREATE INDEX responses_by_consultation ON responses (consultation_id, is_demo, id)",
    """
    CREATE TABLE answers (
        response_id INTEGER NOT NULL REFERENCES responses (id) ON DELETE CASCADE,
        question_id TEXT NOT NULL,
        item_id TEXT NOT NULL DEFAULT '',
        value TEXT NOT NULL
    )""",
    "CREATE INDEX answers_by_response ON answers (response_id)",
    """
    CREATE TABLE users (
        id INTEGER PRIMARY KEY,
        username TEXT NOT NULL UNIQUE COLLATE NOCASE,
        password_hash TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('officer', 'manager')),
        created_at TEXT NOT NULL,
        disabled INTEGER NOT NULL DEFAULT 0
    )"""),
    # 2: staff sessions kept on the server (so sign-out, idle time-out and disabling a user end
    # them), and failed sign-ins for throttling, keyed by account name or a keyed hash of the
    # address, kept for minutes only
    ("""
    CREATE TABLE staff_sessions (
        token_hash TEXT PRIMARY KEY,
        user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        created_at REAL NOT NULL,
        last_seen REAL NOT NULL
    )""",
     "CREATE INDEX staff_sessions_by_user ON staff_sessions (user_id)",
     """
    CREATE TABLE sign_in_failures (
        key TEXT NOT NULL,
        at REAL NOT NULL
    )""",
     "CREATE INDEX sign_in_failures_by_key ON sign_in_failures (key, at)"),
    # 3: answers on their way, page by page, before they are sent: never counted as responses,
    # deleted when sent or when they expire. A resume code is kept only as its hash.
    ("""
    CREATE TABLE drafts (
        id TEXT PRIMARY KEY,
        consultation_id TEXT NOT NULL,
        version TEXT NOT NULL,
        answers TEXT NOT NULL,
        code_hash TEXT UNIQUE,
        updated_at REAL NOT NULL,
        expires_at REAL NOT NULL
    )""",
     "CREATE INDEX drafts_by_expiry ON drafts (expires_at)"),
    # 4: the officers' workspace. A user can hold several roles. The audit log only ever grows
    # (triggers refuse changes). Each consultation's state, invited count and retention date;
    # single-use invitation codes (hashed); paper batch and group size on a response; officers'
    # themes on comments; safeguarding flags and what was done about them.
    ("""
    CREATE TABLE user_roles (
        user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        role TEXT NOT NULL CHECK (role IN ('admin', 'officer', 'manager')),
        PRIMARY KEY (user_id, role)
    )""",
     "INSERT INTO user_roles (user_id, role) SELECT id, role FROM users",
     """
    CREATE TABLE audit_log (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        user_id INTEGER,
        username TEXT NOT NULL DEFAULT '',
        action TEXT NOT NULL,
        target TEXT NOT NULL DEFAULT '',
        detail TEXT NOT NULL DEFAULT ''
    )""",
     "CREATE INDEX audit_log_by_action ON audit_log (action, id)",
     """
    CREATE TRIGGER audit_log_kept BEFORE UPDATE ON audit_log
    BEGIN SELECT RAISE(ABORT, 'the audit log cannot be changed'); END""",
     """
    CREATE TRIGGER audit_log_not_deleted BEFORE DELETE ON audit_log
    BEGIN SELECT RAISE(ABORT, 'the audit log cannot be changed'); END""",
     """
    CREATE TABLE consultation_settings (
        consultation_id TEXT PRIMARY KEY,
        state TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('draft', 'open', 'closed', 'archived')),
        invited INTEGER CHECK (invited IS NULL OR invited >= 0),
        retain_until TEXT,
        updated_at TEXT NOT NULL
    )""",
     "ALTER TABLE responses ADD COLUMN batch TEXT NOT NULL DEFAULT ''",
     "ALTER TABLE responses ADD COLUMN group_size INTEGER",
     """
    CREATE TABLE invitation_codes (
        code_hash TEXT PRIMARY KEY,
        consultation_id TEXT NOT NULL,
        created_at TEXT NOT NULL,
        used_at TEXT
    )""",
     """
    CREATE TABLE tags (
        id INTEGER PRIMARY KEY,
        consultation_id TEXT NOT NULL,
        name TEXT NOT NULL COLLATE NOCASE,
        UNIQUE (consultation_id, name)
    )""",
     """
    CREATE TABLE comment_tags (
        tag_id INTEGER NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
        response_id INTEGER NOT NULL REFERENCES responses (id) ON DELETE CASCADE,
        question_id TEXT NOT NULL,
        item_id TEXT NOT NULL,
        PRIMARY KEY (tag_id, response_id, question_id, item_id)
    )""",
     """
    CREATE TABLE safeguarding_flags (
        id INTEGER PRIMARY KEY,
        response_id INTEGER NOT NULL REFERENCES responses (id) ON DELETE CASCADE,
        question_id TEXT NOT NULL,
        item_id TEXT NOT NULL,
        matched TEXT NOT NULL,
        flagged_at TEXT NOT NULL,
        decision TEXT CHECK (decision IN ('no-concern', 'referred')),
        reference TEXT NOT NULL DEFAULT '',
        decided_by TEXT,
        decided_at TEXT
    )""",
     "CREATE INDEX safeguarding_flags_waiting ON safeguarding_flags (decision, id)"),
    # 5: consultations built or uploaded in the browser: the current definition text of each
    # (every version ever served is also kept in definitions).
    ("""
    CREATE TABLE consultation_sources (
        consultation_id TEXT PRIMARY KEY,
        source TEXT NOT NULL,
        version TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        updated_by TEXT NOT NULL DEFAULT ''
    )""",),
    # 6: the invitation code a saved draft was started with, as its hash sealed with the draft's
    # resume words (survey.store.drafts), so carrying on from another device brings the code back.
    # Never the code itself; NULL where the consultation needs no code.
    ("ALTER TABLE drafts ADD COLUMN invitation TEXT",),
    # 7: workbooks prepared in the background (survey.results.jobs): who asked, how far it has got (so
    # any worker process can show the progress page), and the file once written. Rows and files
    # are deleted after an hour.
    ("""
    CREATE TABLE jobs (
        id TEXT PRIMARY KEY,
        consultation_id TEXT NOT NULL,
        username TEXT NOT NULL,
        kind TEXT NOT NULL,
        include_demo INTEGER NOT NULL DEFAULT 0,
        state TEXT NOT NULL DEFAULT 'running' CHECK (state IN ('running', 'done', 'failed')),
        stage TEXT NOT NULL DEFAULT '',
        done INTEGER NOT NULL DEFAULT 0,
        total INTEGER NOT NULL DEFAULT 0,
        file_name TEXT,
        created_at REAL NOT NULL,
        updated_at REAL NOT NULL
    )""",
     "CREATE INDEX jobs_by_consultation ON jobs (consultation_id, username)",
     "CREATE INDEX jobs_by_age ON jobs (created_at)"),
    # 8: a used invitation code no longer says when it was used (survey.store.invitations.USED_MARK):
    # the time matched the response's, which could tie a code, and so a name, to answers.
    ("UPDATE invitation_codes SET used_at = 'used' WHERE used_at IS NOT NULL",),
    # 9: safeguarding review: a third outcome, 'known' (already known to the safeguarding team,
    # a concern like 'referred'), and the officer's notes kept with the decision. SQLite cannot change a CHECK, so the table is copied into a new one; every
    # flag and decision is kept as it was ('no-concern' and 'referred' mean what they meant).
    ("""
    CREATE TABLE safeguarding_flags_new (
        id INTEGER PRIMARY KEY,
        response_id INTEGER NOT NULL REFERENCES responses (id) ON DELETE CASCADE,
        question_id TEXT NOT NULL,
        item_id TEXT NOT NULL,
        matched TEXT NOT NULL,
        flagged_at TEXT NOT NULL,
        decision TEXT CHECK (decision IN ('no-concern', 'referred', 'known')),
        reference TEXT NOT NULL DEFAULT '',
        decided_by TEXT,
        decided_at TEXT,
        notes TEXT NOT NULL DEFAULT ''
    )""",
     "INSERT INTO safeguarding_flags_new (id, response_id, question_id, item_id, matched,"
     " flagged_at, decision, reference, decided_by, decided_at) SELECT id, response_id,"
     " question_id, item_id, matched, flagged_at, decision, reference, decided_by, decided_at"
     " FROM safeguarding_flags",
     "DROP TABLE safeguarding_flags",
     "ALTER TABLE safeguarding_flags_new RENAME TO safeguarding_flags",
     "CREATE INDEX safeguarding_flags_waiting ON safeguarding_flags (decision, id)"),
    # 10: the logo an officer uploads for a consultation built in the browser (survey.store.logos):
    # the checked file itself, since such a consultation has no folder of logos.
    ("""
    CREATE TABLE logos (
        consultation_id TEXT PRIMARY KEY,
        media_type TEXT NOT NULL CHECK (media_type IN ('image/png', 'image/svg+xml')),
        data BLOB NOT NULL,
        updated_at TEXT NOT NULL,
        updated_by TEXT NOT NULL DEFAULT ''
    )""",),
    # 11: the submission id of every response deleted (erased on request, or past its retention
    # date): no answer, only which response went, so that restoring an older backup deletes it
    # again (survey.store.backup.restore).
    ("""
    CREATE TABLE erased (
        submission_id TEXT PRIMARY KEY,
        consultation_id TEXT NOT NULL,
        erased_at TEXT NOT NULL
    )""",),
    # 12: prepared workbooks survive a restart (survey.store.jobs): the process holding a running
    # job and until when (its lease, renewed while it runs), and how many times it was started.
    # A running job whose lease has run out is claimed by another process and started again.
    # Rows from before have no lease: the process that ran them has gone, so they are claimable.
    ("ALTER TABLE jobs ADD COLUMN holder TEXT",
     "ALTER TABLE jobs ADD COLUMN lease_until REAL",
     "ALTER TABLE jobs ADD COLUMN starts INTEGER NOT NULL DEFAULT 1"),
    # 13: refused sign-ins counted per name and 15-minute window (survey.store.refusals): one
    # audit entry each, its counts here. `name` is NULL for a window's "other names" entry; the
    # address (the throttle's keyed hash) is kept only while the window lasts.
    ("""
    CREATE TABLE refused_sign_ins (
        entry_id INTEGER PRIMARY KEY REFERENCES audit_log (id),
        window_start REAL NOT NULL,
        name TEXT COLLATE NOCASE,
        known INTEGER NOT NULL DEFAULT 0,
        address TEXT,
        wrong INTEGER NOT NULL DEFAULT 0,
        too_many INTEGER NOT NULL DEFAULT 0
    )""",
     "CREATE INDEX refused_sign_ins_by_window ON refused_sign_ins (window_start, name)"),
    # 14: a flag is for words a young person wrote ('words': `matched` is the listed words found)
    # or for an answer they picked that the definition sends to the review ('answer': `matched`
    # is the option's or scale point's words as they were shown). Every flag before was words.
    ("ALTER TABLE safeguarding_flags ADD COLUMN kind TEXT NOT NULL DEFAULT 'words'"
     " CHECK (kind IN ('words', 'answer'))",),
    # 15: "You said, we did" (survey.store.actions): what young people said about one
    # question, Likert statement or comment theme, and the council's actions on it. Statuses
    # are survey.store.actions.STATUSES; "not possible" needs its reason in words. `about` keeps
    # the part's or theme's words as they were, for when it is later removed. No person's name:
    # `team` is a team or role. Self-contained: only these two new tables.
    ("""
    CREATE TABLE you_said (
        id INTEGER PRIMARY KEY,
        consultation_id TEXT NOT NULL,
        question_id TEXT NOT NULL DEFAULT '',
        statement_id TEXT NOT NULL DEFAULT '',
        theme_id INTEGER NOT NULL DEFAULT 0,
        about TEXT NOT NULL DEFAULT '',
        said TEXT NOT NULL DEFAULT '',
        updated_at TEXT NOT NULL,
        UNIQUE (consultation_id, question_id, statement_id, theme_id)
    )""", """
    CREATE TABLE you_said_actions (
        id INTEGER PRIMARY KEY,
        you_said_id INTEGER NOT NULL REFERENCES you_said (id) ON DELETE CASCADE,
        we_will TEXT NOT NULL,
        we_did TEXT NOT NULL DEFAULT '',
        status TEXT NOT NULL DEFAULT 'planned'
            CHECK (status IN ('planned', 'in-progress', 'done', 'not-possible')),
        reason TEXT NOT NULL DEFAULT '',
        due TEXT,
        team TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        CHECK (status != 'not-possible' OR reason != '')
    )""",
     "CREATE INDEX you_said_actions_by_entry ON you_said_actions (you_said_id, id)"),
    # 16: a consultation's results page for young people, once an officer publishes it
    # (survey.store.results_pages), and the comments an officer picked to quote on it and in
    # the board report: a quote goes with its response (erased with it). Self-contained.
    ("""
    CREATE TABLE published_results (
        consultation_id TEXT PRIMARY KEY,
        published_at TEXT NOT NULL
    )""",
     """
    CREATE TABLE quoted_comments (
        response_id INTEGER NOT NULL REFERENCES responses (id) ON DELETE CASCADE,
        question_id TEXT NOT NULL,
        item_id TEXT NOT NULL DEFAULT '',
        consultation_id TEXT NOT NULL,
        quoted_at TEXT NOT NULL,
        PRIMARY KEY (response_id, question_id, item_id)
    )""",
     "CREATE INDEX quoted_comments_by_consultation ON quoted_comments (consultation_id)"),
    # 17: the language a response was given in and the version for an age band it answered
    # (issue 18), so results can be split by either. '' on older rows: the working language,
    # no version. Self-contained: it touches only these two columns.
    ("ALTER TABLE responses ADD COLUMN language TEXT NOT NULL DEFAULT ''",
     "ALTER TABLE responses ADD COLUMN age_version TEXT NOT NULL DEFAULT ''"),
]


def utc_now() -> str:
    """The time as every table stores it: UTC to the second, "2026-01-05T09:00:00Z"."""
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def connect(path: str | Path) -> sqlite_utils.Database:
    conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None,
                           check_same_thread=False)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA secure_delete = ON")
    database = sqlite_utils.Database(conn)
    database.writer_queue = str(path) if str(path) != ":memory:" else None
    return database


KEPT_OPEN = 4   # database files a process keeps an idle connection to (tests use many)
_kept_open: OrderedDict[tuple[int, str], sqlite3.Connection] = OrderedDict()
_inherited: list[sqlite3.Connection] = []   # from a parent process: never used, never closed
_kept_guard = threading.Lock()


def keep_open(path: str | Path) -> None:
    """Keep one idle connection to the database at `path` open in this process, so that closing
    a request's connection is never closing the last one (see the module's docstring). Call it
    only where requests are served: a process that forks (gunicorn's master) must not hold one,
    since a connection must never cross a fork; one found from another process is left alone."""
    key = (os.getpid(), str(path))
    with _kept_guard:
        if key in _kept_open:
            _kept_open.move_to_end(key)
            return
        conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
        conn.execute("PRAGMA schema_version").fetchone()   # opens the file and its log's index
        _kept_open[key] = conn
        while len(_kept_open) > KEPT_OPEN:
            (pid, _), oldest = _kept_open.popitem(last=False)
            if pid == os.getpid():
                oldest.close()
            else:
                _inherited.append(oldest)


# Writers queue here before BEGIN IMMEDIATE: a lock per thread, then an flock on a file beside
# the database shared by every process. SQLite's busy handler alone sleeps and retries, which is
# unfair: under load the unluckiest writes waited for most of a second.
_queues: dict[tuple[int, str], tuple[threading.RLock, int | None]] = {}
_queues_guard = threading.Lock()


def _queue(path: str) -> tuple[threading.RLock, int | None]:
    key = (os.getpid(), path)  # a forked worker opens its own file: flock is per open file
    with _queues_guard:
        if key not in _queues:
            fd = None
            if fcntl is not None:
                try:
                    fd = os.open(f"{path}-writers", os.O_RDWR | os.O_CREAT, 0o600)
                except OSError:  # a read-only folder: the busy handler still keeps writes safe
                    fd = None
            _queues[key] = (threading.RLock(), fd)
        return _queues[key]


@contextmanager
def _queued(db: sqlite_utils.Database) -> Iterator[None]:
    path = getattr(db, "writer_queue", None)
    if path is None:
        yield
        return
    lock, fd = _queue(path)
    with lock:
        if fd is not None:
            fcntl.flock(fd, fcntl.LOCK_EX)
        try:
            yield
        finally:
            if fd is not None:
                fcntl.flock(fd, fcntl.LOCK_UN)


@contextmanager
def write(db: sqlite_utils.Database) -> Iterator[sqlite_utils.Database]:
    """One write transaction, opened IMMEDIATE: all of it is stored, or none of it."""
    conn = db.conn
    with _queued(db):
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield db
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")


def forget_old_pages(db: sqlite_utils.Database) -> bool:
    """Copy the write-ahead log into the database file and empty it, so that the pages a delete
    overwrote are no longer on disk in their old form. Call it after the deleting transaction
    has committed, never inside one. It waits (up to the busy timeout) for readers of older
    snapshots to finish; returns False if one still held the log, which is then emptied by the
    next call or when the last connection closes."""
    if getattr(db, "writer_queue", None) is None:   # in memory: no file to leave traces in
        return True
    busy, _, _ = db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    return not busy


def migrate(db: sqlite_utils.Database) -> int:
    """Bring the schema up to date. Returns how many migrations ran."""
    with write(db):
        done = db.execute("PRAGMA user_version").fetchone()[0]
        for number, statements in enumerate(MIGRATIONS[done:], start=done + 1):
            for statement in statements:
                db.execute(statement)
            db.execute(f"PRAGMA user_version = {number}")
    return len(MIGRATIONS) - done


def open_database(path: str | Path) -> sqlite_utils.Database:
    """Open (creating if missing) and migrate a database file; for the CLI and app start-up."""
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    db = connect(path)
    migrate(db)
    return db
