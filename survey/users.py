"""Staff accounts: officers and managers. Passwords are hashed with argon2id."""
from __future__ import annotations

import secrets
from dataclasses import dataclass

import sqlite_utils
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from zxcvbn.frequency_lists import FREQUENCY_LISTS

from . import sessions
from .db import write
from .storage import now_minute

ROLES = ("officer", "manager")
MIN_PASSWORD_LENGTH = 8
MAX_PASSWORD_LENGTH = 1024
# No composition rules (NIST SP 800-63B): long enough, and not one of the 30,000 most common.
COMMON_PASSWORDS = frozenset(FREQUENCY_LISTS["passwords"])
_hasher = PasswordHasher()  # argon2id with the library's current (RFC 9106 low-memory) settings
# Verified against when the name is unknown, so a wrong name takes as long as a wrong password.
_DUMMY_HASH = _hasher.hash(secrets.token_hex(16))


@dataclass(frozen=True)
class User:
    id: int
    username: str
    role: str


class UserError(ValueError):
    """A mistake in what was asked for, with a message to show as it is."""


def add_user(db: sqlite_utils.Database, username: str, password: str, role: str) -> User:
    username = username.strip()
    if not username:
        raise UserError("Enter a user name")
    if role not in ROLES:
        raise UserError(f"Role must be one of: {', '.join(ROLES)}")
    check_password(password)
    with write(db):
        if db.execute("SELECT 1 FROM users WHERE username = ?", [username]).fetchone():
            raise UserError(f"There is already a user called {username}")
        cursor = db.execute(
            "INSERT INTO users (username, password_hash, role, created_at) VALUES (?, ?, ?, ?)",
            [username, _hasher.hash(password), role, now_minute()])
    return User(cursor.lastrowid, username, role)


def check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise UserError(f"The password must be at least {MIN_PASSWORD_LENGTH} characters")
    if len(password) > MAX_PASSWORD_LENGTH:
        raise UserError(f"The password must be {MAX_PASSWORD_LENGTH} characters or fewer")
    if password.lower() in COMMON_PASSWORDS:
        raise UserError("That password is one of the most common ones: choose another")


def set_disabled(db: sqlite_utils.Database, username: str, disabled: bool = True) -> User:
    """Disable (or enable again) an account; disabling ends its sessions at once."""
    row = db.execute("SELECT id, username, role FROM users WHERE username = ?",
                     [username.strip()]).fetchone()
    if row is None:
        raise UserError(f"There is no user called {username}")
    with write(db):
        db.execute("UPDATE users SET disabled = ? WHERE id = ?", [int(disabled), row[0]])
    if disabled:
        sessions.end_all(db, row[0])
    return User(*row)


def count_users(db: sqlite_utils.Database) -> int:
    return db.execute("SELECT count(*) FROM users").fetchone()[0]


def get_user(db: sqlite_utils.Database, user_id: int) -> User | None:
    row = db.execute("SELECT id, username, role FROM users WHERE id = ? AND disabled = 0",
                     [user_id]).fetchone()
    return User(*row) if row else None


def authenticate(db: sqlite_utils.Database, username: str, password: str) -> User | None:
    if len(password) > MAX_PASSWORD_LENGTH:  # hashing megabytes is a denial of service
        return None
    row = db.execute(
        "SELECT id, username, role, password_hash FROM users WHERE username = ? AND disabled = 0",
        [username.strip()]).fetchone()
    try:
        _hasher.verify(row[3] if row else _DUMMY_HASH, password)
    except (VerificationError, InvalidHashError):
        return None
    if row is None:
        return None
    if _hasher.check_needs_rehash(row[3]):
        with write(db):
            db.execute("UPDATE users SET password_hash = ? WHERE id = ?",
                       [_hasher.hash(password), row[0]])
    return User(row[0], row[1], row[2])


def random_password() -> str:
    return secrets.token_urlsafe(12)
