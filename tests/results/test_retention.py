"""Retention: a date after which raw responses go, keeping only the suppressed summary; and
erasing one response on request. Both audited; the audit log itself is never touched."""
from __future__ import annotations

from datetime import date, timedelta

from conftest import STAFF_PASSWORD, TRAFFORD, hidden_fields, trafford_answers
from openpyxl import load_workbook

from survey.cli import cli
from click.testing import CliRunner
from survey.store.users import add_user

PAGE = f"/staff/c/{TRAFFORD}/retention"
ERASE = f"/staff/c/{TRAFFORD}/erase"


def counts(db):
    return tuple(db.execute(f"SELECT count(*) FROM {t}").fetchone()[0]  # nosec B608: fixed table names
                 for t in ("responses", "answers", "comment_tags", "safeguarding_flags"))


def set_date(client, day: date):
    return client.post(PAGE, data={**hidden_fields(client.get(PAGE).text), "day": day.day,
                                   "month": day.month, "year": day.year})


def test_an_officer_sets_the_date_and_the_page_shows_it(staff_client, db):
    soon = date.today() + timedelta(days=30)
    assert set_date(staff_client, soon).status_code == 302
    assert soon.strftime("%-d %B %Y") in staff_client.get(PAGE).text
    assert db.execute("SELECT retain_until FROM consultation_settings").fetchone() == (
        soon.isoformat(),)
    page = set_date(staff_client, date.today() - timedelta(days=1))
    assert page.status_code == 200 and "The date must be today or later" in page.text
    page = staff_client.post(PAGE, data={**hidden_fields(staff_client.get(PAGE).text),
                                         "day": "31", "month": "2", "year": "2030"})
    assert "Enter the date as a day, month and year" in page.text
    assert db.execute("SELECT count(*) FROM audit_log WHERE action = 'retention date set'"
                      ).fetchone()[0] == 1


def run_retention(app, tmp_path, today):
    return CliRunner().invoke(cli, [
        "retention", "--db", app.config["DATABASE"], "--questionnaires",
        app.config["QUESTIONNAIRES"], "--kept", str(tmp_path / "kept"),
        "--today", today.isoformat()], catch_exceptions=False)


def test_retention_deletes_raw_responses_past_the_date_and_keeps_the_summary(
        app, staff_client, submit, db, tmp_path):
    for _ in range(3):
        submit(trafford_answers())
    submit(trafford_answers(q3="I feel unsafe"))
    until = date.today() + timedelta(days=1)
    set_date(staff_client, until)
    assert counts(db) == (4, 36, 0, 1)
    result = run_retention(app, tmp_path, until)  # on the day itself nothing goes
    assert "Nothing to delete" in result.output and counts(db)[0] == 4
    result = run_retention(app, tmp_path, until + timedelta(days=1))
    assert "not deleted: 1 comment(s) are waiting for safeguarding review" in result.output
    assert counts(db)[0] == 4
    flag_id = db.execute("SELECT id FROM safeguarding_flags").fetchone()[0]
    staff_client.post("/staff/safeguarding/decide", data={
        **hidden_fields(staff_client.get("/staff/safeguarding").text), "flag_id": str(flag_id),
        "decision": "no-concern"})
    audit_before = db.execute("SELECT * FROM audit_log").fetchall()
    result = run_retention(app, tmp_path, until + timedelta(days=1))
    assert result.exit_code == 0 and "deleted 4 responses" in result.output
    assert counts(db) == (0, 0, 0, 0)  # answers and flags went with the responses
    audit_after = db.execute("SELECT * FROM audit_log").fetchall()
    assert audit_after[:len(audit_before)] == audit_before
    assert audit_after[-1][4:6] == ("retention deleted", TRAFFORD)
    assert audit_after[-1][6].startswith("4 responses deleted")
    kept = list((tmp_path / "kept").glob("*.xlsx"))
    assert [k.name for k in kept] == [
        f"{TRAFFORD}-{(until + timedelta(days=1)).isoformat()}-summary.xlsx"]
    wb = load_workbook(kept[0])
    assert wb.sheetnames == ["About", "Summary", "By respondent type"]
    about = {r[0]: r[1] for r in wb["About"].iter_rows(values_only=True) if r[0]}
    assert about["Raw responses"].startswith("Deleted on")
    # Published like any file for managers: 4 responses are fewer than 10, so no figures at all.
    assert about["Responses"] == "fewer than 10 responses"
    assert about["Who this file is for"].startswith("Managers and the corporate parenting board")
    text = [str(v) for ws in wb for r in ws.iter_rows(values_only=True) for v in r if v]
    assert not any("unsafe" in t or "college applications" in t for t in text)
    assert not [v for ws in wb.worksheets[1:] for r in ws.iter_rows(values_only=True)
                for v in r if isinstance(v, (int, float))]
    assert any("no figures are shown" in t for t in text)


def test_erasing_a_response_needs_confirming_and_is_audited(staff_client, submit, db):
    submit(trafford_answers(q3="Please remove what I wrote"))
    submit(trafford_answers())
    page = staff_client.get(f"/staff/c/{TRAFFORD}/comments").text
    assert f"{ERASE}?response_id=1" in page
    confirm = staff_client.get(ERASE, query_string={"response_id": 1})
    assert confirm.status_code == 200 and "Erase response 1?" in confirm.text
    assert counts(db)[0] == 2  # nothing is deleted by looking
    step = staff_client.post(ERASE, data={**hidden_fields(confirm.text), "response_id": "1"})
    assert "Erase response 1?" in step.text and counts(db)[0] == 2
    done = staff_client.post(ERASE, data={**hidden_fields(confirm.text), "response_id": "1",
                                          "confirm": "yes", "reason": "asked by the young person"})
    assert done.status_code == 302
    assert db.execute("SELECT id FROM responses").fetchall() == [(2,)]
    assert db.execute("SELECT count(*) FROM answers WHERE response_id = 1").fetchone()[0] == 0
    assert db.execute("SELECT action, target, detail FROM audit_log WHERE action ="
                      " 'response erased'").fetchall() == [
        ("response erased", f"{TRAFFORD} response 1", "asked by the young person")]
    missing = staff_client.post(ERASE, data={**hidden_fields(confirm.text), "response_id": "1",
                                             "confirm": "yes"})
    assert missing.status_code == 200 and "Enter the number of a response" in missing.text


def test_a_response_waiting_for_review_is_not_erased(staff_client, submit, db):
    submit(trafford_answers(q3="someone touched me"))
    page = staff_client.get(ERASE, query_string={"response_id": 1})
    assert "waiting for safeguarding review" in page.text
    staff_client.post(ERASE, data={**hidden_fields(page.text), "response_id": "1",
                                   "confirm": "yes"})
    assert counts(db)[0] == 1


def test_a_manager_cannot_set_dates_or_erase(client, db, submit):
    submit(trafford_answers())
    add_user(db, "manager1", STAFF_PASSWORD, "manager")
    page = client.get("/staff/sign-in")
    client.post("/staff/sign-in", data={**hidden_fields(page.text), "username": "manager1",
                                        "password": STAFF_PASSWORD})
    assert client.get(PAGE).status_code == 403
    assert client.get(ERASE).status_code == 403
    assert client.post(ERASE, data={"response_id": "1", "confirm": "yes"}).status_code == 403
    assert client.get(f"/staff/c/{TRAFFORD}/comments").status_code == 403
    assert counts(db)[0] == 1


def test_retention_keeps_the_summary_of_a_consultation_built_in_the_browser(
        app, staff_client, submit, db, tmp_path):
    """Its definition is in the database, not the folder: the summary is still kept. The same
    run deletes a prepared workbook more than an hour old, and its file."""
    import time

    from builder.test_structure import COPY, copy_trafford

    from survey.store import jobs
    from survey.store.lifecycle import set_setting, set_state
    copy_trafford(staff_client)
    set_state(db, COPY, "open")
    for _ in range(2):
        assert submit(trafford_answers(), consultation=COPY).status_code == 302
    set_setting(db, COPY, "retain_until", (date.today() - timedelta(days=1)).isoformat(),
                "retention date set", "")
    old = jobs.create(db, TRAFFORD, "officer1", False, now=time.time() - jobs.KEEP_FOR - 60)
    folder = jobs.folder_for(app.config["DATABASE"])
    folder.mkdir(exist_ok=True)
    (folder / f"{old}.xlsx").write_bytes(b"held answers")

    result = run_retention(app, tmp_path, date.today())
    assert result.exit_code == 0, result.output
    assert f"{COPY}: deleted 2 responses; summary kept in" in result.output
    assert "Deleted 1 prepared workbook(s) more than an hour old" in result.output
    [kept] = (tmp_path / "kept").glob(f"{COPY}-*-summary.xlsx")
    assert "Summary" in load_workbook(kept).sheetnames
    assert jobs.find(db, old) is None and not (folder / f"{old}.xlsx").exists()


# -- erased text leaves the disk ---------------------------------------------------------------

# Typed by a young person who later asks for it to be erased: nothing else in the database or
# the seeded definitions holds these words.
ERASED = "Quokka marmalade 4471: please forget what I wrote"


def on_disk(app) -> bytes:
    """The raw bytes of the database file and its write-ahead log, as a disk image would hold."""
    from pathlib import Path
    path = Path(app.config["DATABASE"])
    wal = Path(f"{path}-wal")
    return path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")


def test_an_erased_response_leaves_no_trace_of_its_text_on_disk(app, staff_client, submit, db):
    submit(trafford_answers(q3=ERASED))
    submit(trafford_answers())
    assert ERASED.encode() in on_disk(app)  # the search finds it while it is stored
    confirm = staff_client.get(ERASE, query_string={"response_id": 1})
    done = staff_client.post(ERASE, data={**hidden_fields(confirm.text), "response_id": "1",
                                          "confirm": "yes"})
    assert done.status_code == 302 and counts(db)[0] == 1
    assert ERASED.encode() not in on_disk(app)


def test_retention_leaves_no_trace_of_deleted_text_on_disk(app, staff_client, submit, db,
                                                            tmp_path):
    submit(trafford_answers(q3=ERASED))
    submit(trafford_answers())
    until = date.today() + timedelta(days=1)
    set_date(staff_client, until)
    assert ERASED.encode() in on_disk(app)
    result = run_retention(app, tmp_path, until + timedelta(days=1))
    assert "deleted 2 responses" in result.output and counts(db)[0] == 0
    assert ERASED.encode() not in on_disk(app)
