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


def test_a_process_serving_requests_keeps_one_idle_connection_so_the_log_stays(app, client):
    """Closing the last connection to a WAL database checkpoints, syncs and deletes the log:
    with one idle connection kept, a request's own close is never the last."""
    import os
    from pathlib import Path

    from survey.store import db as store_db
    path = app.config["DATABASE"]
    assert client.get("/").status_code == 200
    assert (os.getpid(), path) in store_db._kept_open
    assert Path(path + "-wal").exists()       # the request's connection closed; the log stayed
    kept = store_db._kept_open[(os.getpid(), path)]
    assert not kept.in_transaction            # it holds nothing that would stop a checkpoint
