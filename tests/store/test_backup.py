"""`survey backup` and `survey restore` round-trip the data and refuse a bad backup."""
from __future__ import annotations

from pathlib import Path

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


def test_a_response_erased_after_the_backup_stays_erased_when_it_is_restored(app, submit,
                                                                            tmp_path, db):
    """The backup still holds the erased response; the restore deletes it again, text and all."""
    from survey.results.retention import erase_response
    live = app.config["DATABASE"]
    submit(trafford_answers(q3="Keep this one"))
    submit(trafford_answers(q3="Erase me: zebra crossing 4471"))
    assert run("backup", str(tmp_path / "backup.db"), "--db", live).exit_code == 0
    erased = db.execute("SELECT id FROM responses WHERE id = 2").fetchone()[0]
    erase_response(db, TRAFFORD, erased, "asked by the young person")
    db.conn.close()
    result = run("restore", str(tmp_path / "backup.db"), "--db", live, "--yes")
    assert result.exit_code == 0, result.output
    assert "1 response erased since that backup was erased again" in result.output
    assert counts(live) == (1, counts(live)[1])
    on_disk = b"".join(p.read_bytes() for p in (Path(live), Path(live + "-wal")) if p.exists())
    assert b"zebra crossing 4471" not in on_disk and b"Keep this one" in on_disk
    # restored again, from the same backup, it is erased again: the list came back with it
    result = run("restore", str(tmp_path / "backup.db"), "--db", live, "--yes")
    assert "1 response erased since that backup was erased again" in result.output
    assert counts(live)[0] == 1


def test_responses_deleted_past_their_date_stay_deleted_when_an_older_backup_is_restored(
        app, submit, tmp_path, db):
    from survey.store.db import write
    from survey.store.responses import delete_responses
    live = app.config["DATABASE"]
    for text in ("One", "Two", "Three"):
        submit(trafford_answers(q3=text))
    assert run("backup", str(tmp_path / "backup.db"), "--db", live).exit_code == 0
    with write(db):
        delete_responses(db, TRAFFORD)       # as `survey retention` does past the date
    db.conn.close()
    result = run("restore", str(tmp_path / "backup.db"), "--db", live, "--yes")
    assert "3 responses erased since that backup were erased again" in result.output
    assert counts(live) == (0, 0)
