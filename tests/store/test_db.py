"""The database's connections: the settings every one of them must carry."""
from __future__ import annotations

from survey.store.db import connect, open_database


def test_every_connection_overwrites_deleted_content(tmp_path):
    # secure_delete: a deleted answer's bytes are overwritten with zeros, not left in free space
    # where a copy of the file (a backup, a stolen disk) would still hold them.
    path = tmp_path / "db.db"
    for db in (open_database(path), connect(path)):
        assert db.execute("PRAGMA secure_delete").fetchone() == (1,)
        db.conn.close()
