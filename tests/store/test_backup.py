"""`survey backup` and `survey restore` round-trip the data and refuse a bad backup."""
from __future__ import annotations

from click.testing import CliRunner
from conftest import TRAFFORD, trafford_answers

from survey.cli import cli
from survey.store.db import connect


def run(*args, input=None):
    return CliRunner().invoke(cli, list(args), input=input)


def counts(path) -> tuple[int, int]:
    db = connect(path)
    try:
        return (db.execute("SELECT count(*) FROM responses").fetchone()[0],
                db.execute("SELECT count(*) FROM answers").fetchone()[0])
    finally:
        db.conn.close()


def test_backup_then_restore_round_trips(app, submit, tmp_path):
    live = app.config["DATABASE"]
    submit(trafford_answers())
    submit(trafford_answers(q3="Second"))
    saved = counts(live)
    result = run("backup", str(tmp_path / "b" / "backup.db"), "--db", live)
    assert result.exit_code == 0, result.output
    assert "2 responses" in result.output

    submit(trafford_answers(q3="Third, after the backup"))
    assert counts(live)[0] == 3
    result = run("restore", str(tmp_path / "b" / "backup.db"), "--db", live, input="y\n")
    assert result.exit_code == 0, result.output
    assert "holds 2 responses" in result.output and "now holds 3 responses" in result.output
    assert counts(live) == saved


def test_backup_never_overwrites(app, tmp_path):
    target = tmp_path / "exists.db"
    target.write_text("precious")
    result = run("backup", str(target), "--db", app.config["DATABASE"])
    assert result.exit_code == 1 and "already exists" in result.output
    assert target.read_text() == "precious"


def test_restore_refuses_a_damaged_file_and_changes_nothing(app, submit, tmp_path):
    live = app.config["DATABASE"]
    submit(trafford_answers())
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4000)
    result = run("restore", str(junk), "--db", live, "--yes")
    assert result.exit_code == 1
    assert "not a readable SQLite database" in result.output or "damaged" in result.output
    assert counts(live)[0] == 1


def test_restore_refuses_a_database_of_something_else(app, tmp_path):
    other = tmp_path / "other.db"
    db = connect(other)
    db.execute("CREATE TABLE x (y)")
    db.conn.close()
    result = run("restore", str(other), "--db", app.config["DATABASE"], "--yes")
    assert result.exit_code == 1 and "not a Have Your Say database" in result.output


def test_restore_asks_first(app, submit, tmp_path):
    live = app.config["DATABASE"]
    run("backup", str(tmp_path / "b.db"), "--db", live)
    submit(trafford_answers())
    result = run("restore", str(tmp_path / "b.db"), "--db", live, input="n\n")
    assert result.exit_code == 1
    assert counts(live)[0] == 1
