"""Checks that a production configuration is safe before the app serves anyone.

`create_app` calls `check_config(app.config)` when PRODUCTION is on (`HAVEYOURSAY_PRODUCTION=true`;
`serve.py` always turns it on). Every problem found is reported, one line each, naming the setting
and the fix (the catalogue MESSAGES); if there is none, PRODUCTION_SETTINGS (a Secure session
cookie) are set on the config in place.
"""
from __future__ import annotations

import os
import re
from typing import Callable, MutableMapping

MIN_SECRET_LENGTH = 32
NEW_KEY = "python -c 'import secrets; print(secrets.token_hex(32))'"
KEY_FIX = f"set it to a long random value, made with: {NEW_KEY}"
OFF_FIX = "unset it (or set it to false) in production"

MESSAGES = {
    "key_missing": f"HAVEYOURSAY_SECRET_KEY is not set: {KEY_FIX}",
    "key_placeholder": f"HAVEYOURSAY_SECRET_KEY is a placeholder or example value, known to anyone: {KEY_FIX}",
    "key_short": ("HAVEYOURSAY_SECRET_KEY is too short ({length} characters, at least "
                  f"{MIN_SECRET_LENGTH} needed): {KEY_FIX}"),
    "key_not_random": f"HAVEYOURSAY_SECRET_KEY is not random (too few different characters): {KEY_FIX}",
    "debug": ("HAVEYOURSAY_DEBUG (or FLASK_DEBUG) is on: the debugger runs any code a visitor "
              f"sends and shows stored data; {OFF_FIX}"),
    "testing": f"HAVEYOURSAY_TESTING is on: errors would not be handled as in production; {OFF_FIX}",
    "threshold_low": ("HAVEYOURSAY_SUPPRESSION_THRESHOLD is {threshold}: groups that small could "
                      "pick out a child in what managers and the board see. Use "
                      "{minimum} or more (the default is 10)."),
    "csrf_off": ("HAVEYOURSAY_WTF_CSRF_ENABLED is false: forms would accept answers posted from "
                 "other sites; unset it in production"),
    "network_database": ("HAVEYOURSAY_DATABASE ({database}) is on a network share ({fstype} mounted "
                         "at {mount_point}), where SQLite's locking is unreliable and the file can "
                         "be corrupted: put it on a disk local to the server"),
}

# Values copied from tutorials, examples and templates, compared lower-case with anything that is
# not a letter or digit removed ("Change-Me" -> "changeme").
PLACEHOLDER_KEYS = {
    "dev", "development", "secret", "secretkey", "mysecretkey", "yoursecretkey", "changeme",
    "changethis", "changeit", "default", "test", "testing", "testonlysecret", "password",
    "insecure", "notsecret", "example", "xxx", "todo", "flask", "haveyoursay",
    # the key printed in Flask's own quickstart ("import secrets; secrets.token_hex()")
    "192b9bdd22ab9ed4d12e236c78afcb9a393ec15f71bbf5dc987d54727823bcbf",
}
# Longer markers that no random key holds by chance but most hand-written placeholders do.
PLACEHOLDER_MARKERS = ("changeme", "changethis", "replaceme", "replacethis", "placeholder",
                       "example", "insecure", "notsecret", "secretkey", "password", "development")
# A random key of 32 or more characters uses many different ones; "secretsecret..." does not.
MIN_DISTINCT_CHARACTERS = 10

# Filesystems where SQLite's file locking cannot be trusted (https://sqlite.org/faq.html#q5), and
# WAL needs memory shared by processes on one host (https://sqlite.org/wal.html).
NETWORK_FILESYSTEMS = {
    "nfs", "nfs4", "cifs", "smb3", "smbfs", "smb", "9p", "afs", "ncpfs", "ceph", "glusterfs",
    "lustre", "gpfs", "beegfs", "davfs", "fuse.sshfs", "fuse.rclone", "fuse.s3fs", "fuse.gcsfuse",
    "fuse.glusterfs", "fuse.ceph-fuse", "fuse.juicefs", "fuse.davfs", "fuse.goofys",
    "fuse.blobfuse", "fuse.blobfuse2", "fuse.mount-s3",
}
MOUNTS = "/proc/mounts"

# Set on the config when every check passes.
PRODUCTION_SETTINGS = {
    "SESSION_COOKIE_SECURE": True,   # the session cookie (CSRF token, staff sign-in): HTTPS only
    "PREFERRED_URL_SCHEME": "https",
}


class ConfigError(RuntimeError):
    """Settings that must be fixed before the app may serve anyone: one line per problem."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


def check_config(config: MutableMapping) -> None:
    """Refuse a production config with a missing or weak secret key, debug or testing on, CSRF
    off, the database on a network share, or a small-number threshold under MIN_THRESHOLD;
    otherwise set PRODUCTION_SETTINGS on it."""
    problems = [problem for check in CHECKS if (problem := check(config))]
    if problems:
        raise ConfigError(problems)
    config.update(PRODUCTION_SETTINGS)


def _secret_key(config) -> str | None:
    key = config.get("SECRET_KEY")
    if isinstance(key, bytes):
        key = key.decode("utf-8", "replace")
    key = str(key or "").strip()
    if not key:
        return MESSAGES["key_missing"]
    if is_placeholder(key):
        return MESSAGES["key_placeholder"]
    if len(key) < MIN_SECRET_LENGTH:
        return MESSAGES["key_short"].format(length=len(key))
    if len(set(key)) < MIN_DISTINCT_CHARACTERS:
        return MESSAGES["key_not_random"]
    return None


def is_placeholder(key: str) -> bool:
    plain = re.sub(r"[^a-z0-9]", "", key.lower())
    return plain in PLACEHOLDER_KEYS or any(marker in plain for marker in PLACEHOLDER_MARKERS)


def _debug(config) -> str | None:
    return MESSAGES["debug"] if config.get("DEBUG") else None


def _testing(config) -> str | None:
    return MESSAGES["testing"] if config.get("TESTING") else None


def _csrf(config) -> str | None:
    return MESSAGES["csrf_off"] if config.get("WTF_CSRF_ENABLED", True) is False else None


def _database(config) -> str | None:
    database = str(config.get("DATABASE") or "")
    if not database or database.startswith((":memory:", "file:")):
        return None
    mount = filesystem_of(database)
    if mount is None or mount[1] not in NETWORK_FILESYSTEMS:
        return None
    return MESSAGES["network_database"].format(database=database, mount_point=mount[0],
                                               fstype=mount[1])


MIN_THRESHOLD = 5   # England's statistics on children looked after hide counts of 1 to 5


def _threshold(config) -> str | None:
    try:
        threshold = int(config.get("SUPPRESSION_THRESHOLD", 10))
    except (TypeError, ValueError):
        threshold = 0
    if threshold < MIN_THRESHOLD:
        return MESSAGES["threshold_low"].format(
            threshold=config.get("SUPPRESSION_THRESHOLD"), minimum=MIN_THRESHOLD)
    return None


CHECKS: tuple[Callable[[MutableMapping], str | None], ...] = (
    _secret_key, _debug, _testing, _csrf, _database, _threshold)


def filesystem_of(path: str, mounts: str | None = None) -> tuple[str, str] | None:
    """(mount point, filesystem type) of the mount holding `path`, read from /proc/mounts; None
    where that cannot be read (not Linux)."""
    try:
        with open(mounts or MOUNTS, encoding="utf-8") as handle:
            table = handle.read().splitlines()
    except OSError:
        return None
    target = os.path.realpath(path)
    best: tuple[str, str] | None = None
    for line in table:
        fields = line.split()
        if len(fields) < 3:
            continue
        # /proc/mounts writes space, tab, newline and backslash as octal escapes (\040).
        mount_point = re.sub(r"\\([0-7]{3})", lambda m: chr(int(m.group(1), 8)), fields[1])
        inside = target == mount_point or target.startswith(mount_point.rstrip("/") + "/")
        # the longest mount point holding the path wins; of equal ones the later, mounted on top
        if inside and (best is None or len(mount_point) >= len(best[0])):
            best = (mount_point, fields[2])
    return best
