"""Staff accounts and their roles. Passwords are hashed with argon2id.

Roles: admin (manages users), officer (creates and runs consultations, enters paper returns,
reads and codes comments), manager (views dashboards, downloads results). A user can hold
several; they are kept in user_roles (the users.role column is schema 1's and no longer read).
"""
from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Iterable

import sqlite_utils
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from zxcvbn.frequency_lists import FREQUENCY_LISTS

from survey.store import sessions
from survey.store.db import write
from survey.store.responses import now_minute

ROLES = ("admin", "officer", "manager")
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
    roles: frozenset[str]

    def has(self, *roles: str) -> bool:
        return bool(self.roles.intersection(roles))

    @property
    def role_names(self) -> str:
        return ", ".join(r for r in ROLES if r in self.roles)


class UserError(ValueError):
    """A mistake in what was asked for, with a message to show as it is."""


def _roles(roles: str | Iterable[str]) -> frozenset[str]:
    chosen = frozenset([roles] if isinstance(roles, str) else roles)
    if not chosen:
        raise UserError("Choose at least one role")
    unknown = sorted(chosen - set(ROLES))
    if unknown:
        raise UserError(f"Role must be one of: {', '.join(ROLES)} (not {', '.join(unknown)})")
    return chosen


def add_user(db: sqlite_utils.Database, username: str, password: str,
             roles: str | Iterable[str]) -> User:
    username = username.strip()
    if not username:
        raise UserError("Enter a user name")
    chosen = _roles(roles)
    check_password(password)
    with write(db):
        if db.execute("SELECT 1 FROM users WHERE username = ?", [username]).fetchone():
            raise UserError(f"There is already a user called {username}")
        legacy = "manager" if "manager" in chosen else "officer"  # schema 1's column
        cursor = db.execute(
            "INSERT INTO users (username, password_hash, role, created_at) VALUES (?, ?, ?, ?)",
            [username, _hasher.hash(password), legacy, now_minute()])
        db.conn.executemany("INSERT INTO user_roles (user_id, role) VALUES (?, ?)",
                            [(cursor.lastrowid, role) for role in sorted(chosen)])
    return User(cursor.lastrowid, username, chosen)


def set_roles(db: sqlite_utils.Database, user_id: int, roles: Iterable[str]) -> None:
    chosen = _roles(roles)
    with write(db):
        db.execute("DELETE FROM user_roles WHERE user_id = ?", [user_id])
        db.conn.executemany("INSERT INTO user_roles (user_id, role) VALUES (?, ?)",
                            [(user_id, role) for role in sorted(chosen)])


def set_password(db: sqlite_utils.Database, user_id: int, password: str) -> None:
    """A new password; every session of the user ends (they sign in again with it)."""
    check_password(password)
    with write(db):
        db.execute("UPDATE users SET password_hash = ? WHERE id = ?", [_hasher.hash(password), user_id])
    sessions.end_all(db, user_id)


def check_user_password(db: sqlite_utils.Database, user_id: int, password: str) -> bool:
    row = db.execute("SELECT password_hash FROM users WHERE id = ?", [user_id]).fetchone()
    try:
        return bool(row) and len(password) <= MAX_PASSWORD_LENGTH and _hasher.verify(row[0], password)
    except (VerificationError, InvalidHashError):
        return False


def check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise UserError(f"The password must be at least {MIN_PASSWORD_LENGTH} characters")
    if len(password) > MAX_PASSWORD_LENGTH:
        raise UserError(f"The password must be {MAX_PASSWORD_LENGTH} characters or fewer")
    if password.lower() in COMMON_PASSWORDS:
        raise UserError("That password is one of the most common ones: choose another")


def set_disabled(db: sqlite_utils.Database, username: str, disabled: bool = True) -> User:
    """Disable (or enable again) an account; disabling ends its sessions at once."""
    row = db.execute("SELECT id FROM users WHERE username = ?", [username.strip()]).fetchone()
    if row is None:
        raise UserError(f"There is no user called {username}")
    with write(db):
        db.execute("UPDATE users SET disabled = ? WHERE id = ?", [int(disabled), row[0]])
    if disabled:
        sessions.end_all(db, row[0])
    return _user(db, row[0])


def _user(db: sqlite_utils.Database, user_id: int) -> User:
    name = db.execute("SELECT username FROM users WHERE id = ?", [user_id]).fetchone()[0]
    roles = frozenset(r for (r,) in db.execute("SELECT role FROM user_roles WHERE user_id = ?",
                                               [user_id]))
    return User(user_id, name, roles)


def all_users(db: sqlite_utils.Database) -> list[tuple[User, bool]]:
    """Every account, with whether it is disabled, by name."""
    rows = db.execute("SELECT id, disabled FROM users ORDER BY username COLLATE NOCASE").fetchall()
    return [(_user(db, user_id), bool(disabled)) for user_id, disabled in rows]


def count_users(db: sqlite_utils.Database) -> int:
    return db.execute("SELECT count(*) FROM users").fetchone()[0]


def get_user(db: sqlite_utils.Database, user_id: int) -> User | None:
    row = db.execute("SELECT id FROM users WHERE id = ? AND disabled = 0", [user_id]).fetchone()
    return _user(db, row[0]) if row else None


def authenticate(db: sqlite_utils.Database, username: str, password: str) -> User | None:
    if len(password) > MAX_PASSWORD_LENGTH:  # hashing megabytes is a denial of service
        return None
    row = db.execute(
        "SELECT id, username, '', password_hash FROM users WHERE username = ? AND disabled = 0",
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
    return _user(db, row[0])


def random_password() -> str:
    return secrets.token_urlsafe(12)
