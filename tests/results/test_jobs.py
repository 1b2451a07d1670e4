"""The results workbook prepared in the background: the progress page, the download, who may see
them, jobs started again after a restart and failed ones, and cleaning up."""
from __future__ import annotations

import io
import os
import re
import threading
import time

import pytest
from conftest import STAFF_PASSWORD, TRAFFORD, hidden_fields, trafford_answers
from openpyxl import load_workbook

from survey.results import jobs
from survey.store import jobs as job_table
from survey.results import reports
from survey.store.users import add_user

PAGE = f"/staff/c/{TRAFFORD}"
MISSING = "no-such-job-000000000a"  # 22 characters, as a real id has


@pytest.fixture(autouse=True)
def stop_jobs(app):
    """Each test's job threads end with it, so pytest never waits on one at exit."""
    yield
    jobs.shutdown(app)


def prepare(client, demo: bool = False):
    """Press "Prepare the results workbook" on the consultation page, as a browser would."""
    page = client.get(PAGE + ("?demo=1" if demo else ""))
    assert "Prepare the results workbook" in page.text
    form = re.search(r'<form method="post" action="([^"]*/results/prepare)">(.*?)</form>',
                     page.text, re.S)
    data = hidden_fields(form.group(2))
    if 'name="demo" value="1"' in form.group(2):
        data["demo"] = "1"
    return client.post(form.group(1), data=data)


def job_id_of(response) -> str:
    assert response.status_code == 303
    match = re.fullmatch(rf"/staff/c/{TRAFFORD}/results/([A-Za-z0-9_-]{{22}})",
                         response.headers["Location"])
    assert match, response.headers["Location"]
    return match.group(1)


def finished(db, job_id: str, timeout: float = 15.0) -> job_table.Job:
    """The job once its thread has finished with it: polled, never a blind sleep."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = job_table.find(db, job_id)
        if job.state != "running":
            return job
        time.sleep(0.02)
    raise AssertionError(f"job {job_id} still running after {timeout} s")


def sheet(data: bytes, name: str) -> list[tuple]:
    return list(load_workbook(io.BytesIO(data))[name].iter_rows(values_only=True))


def sign_in(app, db, username: str, role: str):
    add_user(db, username, STAFF_PASSWORD, role)
    client = app.test_client()
    page = client.get("/staff/sign-in")
    client.post("/staff/sign-in", data={**hidden_fields(page.text), "username": username,
                                        "password": STAFF_PASSWORD})
    return client


def downloads(db) -> list[tuple]:
    return db.execute("SELECT username, action, target, detail FROM audit_log"
                      " WHERE action = 'results downloaded' ORDER BY id").fetchall()


def test_prepare_then_progress_then_the_same_workbook_as_the_direct_download(staff_client, submit,
                                                                            db):
    for answer in ("very-well", "quite", "not-very"):
        submit(trafford_answers(**{"q2-education": answer}))
    job_id = job_id_of(prepare(staff_client))
    page = staff_client.get(f"{PAGE}/results/{job_id}")
    assert page.status_code == 200
    assert "<h1" in page.text

    job = finished(db, job_id)
    assert (job.state, job.total, job.done) == ("done", 3, 3)
    page = staff_client.get(f"{PAGE}/results/{job_id}")
    assert "The results workbook is ready" in page.text
    assert 'http-equiv="refresh"' not in page.text
    assert "progress.js" not in page.text  # nothing left to check
    assert f'href="{PAGE}/results/{job_id}/file">Download the workbook</a>' in page.text

    prepared = staff_client.get(f"{PAGE}/results/{job_id}/file")
    assert prepared.status_code == 200
    assert prepared.headers["Content-Disposition"] == (
        f"attachment; filename={TRAFFORD}-results.xlsx")
    direct = staff_client.get(f"{PAGE}/results.xlsx")  # unchanged, still there
    assert direct.status_code == 200
    assert sheet(prepared.data, "Summary") == sheet(direct.data, "Summary")
    assert sheet(prepared.data, "Comments") == sheet(direct.data, "Comments")
    assert "Responses" not in load_workbook(io.BytesIO(prepared.data)).sheetnames
    # the file is private: in prepared/ beside the database, readable by its owner only
    path = job_table.folder_for(staff_client.application.config["DATABASE"]) / f"{job_id}.xlsx"
    assert path.is_file() and oct(path.stat().st_mode & 0o777) == "0o600"


def test_the_download_is_audited_as_the_direct_one_is(staff_client, runner, db):
    runner.invoke("demo", TRAFFORD, "--responses", "12", "--seed", "1")
    plain, demo = job_id_of(prepare(staff_client)), job_id_of(prepare(staff_client, demo=True))
    assert (finished(db, plain).total, finished(db, demo).total) == (0, 12)
    assert downloads(db) == []  # preparing is not downloading
    staff_client.get(f"{PAGE}/results/{plain}/file")
    staff_client.get(f"{PAGE}/results/{demo}/file")
    staff_client.get(f"{PAGE}/results.xlsx")
    staff_client.get(f"{PAGE}/results.xlsx?demo=1")
    assert downloads(db) == [("officer1", "results downloaded", TRAFFORD, "workbook"),
                             ("officer1", "results downloaded", TRAFFORD,
                              "workbook, with demo data")] * 2


def test_the_demo_switch_is_kept(staff_client, runner, db):
    runner.invoke("demo", TRAFFORD, "--responses", "5", "--seed", "2")
    download = '<h2 class="govuk-heading-m">Download</h2>'
    assert 'name="demo"' not in staff_client.get(PAGE).text.split(download)[1]
    assert 'name="demo" value="1"' in staff_client.get(PAGE + "?demo=1").text.split(download)[1]
    job_id = job_id_of(prepare(staff_client, demo=True))
    job = finished(db, job_id)
    assert job.include_demo and job.total == 5
    page = staff_client.get(f"{PAGE}/results/{job_id}")
    assert "with demo data" in page.text and f'href="{PAGE}?demo=1"' in page.text
    about = dict(row[:2] for row in sheet(staff_client.get(f"{PAGE}/results/{job_id}/file").data,
                                          "About") if row and row[0])
    assert about["Demo responses"].startswith("INCLUDED")
    assert about["Responses"] == "fewer than 10 responses"     # 5 demo responses: no figures


def test_only_the_one_who_prepared_it_sees_it(app, staff_client, submit, db):
    submit(trafford_answers())
    job_id = job_id_of(prepare(staff_client))
    finished(db, job_id)
    for username, role in (("officer2", "officer"), ("manager2", "manager")):
        other = sign_in(app, db, username, role)
        assert other.get(PAGE).status_code == 200  # they may download it themselves
        assert other.get(f"{PAGE}/results/{job_id}").status_code == 404
        assert other.get(f"{PAGE}/results/{job_id}/file").status_code == 404
    assert downloads(db) == []


def test_a_job_that_does_not_exist_or_is_of_another_consultation_is_not_found(staff_client, db):
    for url in (f"{PAGE}/results/{MISSING}", f"{PAGE}/results/{MISSING}/file",
                f"{PAGE}/results/short", "/staff/c/no-such-consultation/results/" + MISSING):
        assert staff_client.get(url).status_code == 404, url
    job_id = job_table.create(db, TRAFFORD, "officer1", False)
    other = "/staff/c/sefton-pledge"
    assert staff_client.get(f"{other}/results/{job_id}").status_code == 404
    assert staff_client.get(f"{PAGE}/results/prepare").status_code == 405  # POST only


def test_preparing_needs_the_csrf_token(staff_client, db):
    assert staff_client.post(f"{PAGE}/results/prepare").status_code == 400
    assert db.execute("SELECT count(*) FROM jobs").fetchone()[0] == 0


def test_the_progress_page_while_it_runs(staff_client, db):
    job_id = job_table.create(db, TRAFFORD, "officer1", False, total=100_000)
    page = staff_client.get(f"{PAGE}/results/{job_id}")
    assert "Waiting for another workbook to finish" in page.text
    later = time.time() + job_table.LEASE_FOR
    assert job_table.record_progress(db, job_id, "", "Counting answers", 45_000, 100_000, later)
    page = staff_client.get(f"{PAGE}/results/{job_id}")
    assert 'http-equiv="refresh"' not in page.text  # never a timed reload (WCAG 2.2.1)
    assert f'href="{PAGE}/results/{job_id}" role="button"' in page.text  # "Check progress"
    assert '<script src="/static/progress.js" defer></script>' in page.text
    assert "<title>Preparing the results workbook: 22% done" in page.text
    assert "Step 1 of 2: Counting answers. 45,000 of 100,000 responses." in page.text
    assert ('<progress id="job-progress" class="govuk-!-width-full" max="100" value="22">22%'
            '</progress>') in page.text
    assert ('<label class="govuk-label govuk-label--s" for="job-progress">22% done</label>'
            in page.text)
    assert "Download the workbook" not in page.text
    assert '<p class="govuk-visually-hidden" role="status" id="job-announce"></p>' in page.text
    assert staff_client.get(f"{PAGE}/results/{job_id}/file").status_code == 303  # not yet

    job_table.record_progress(db, job_id, "", "Writing the workbook", 50_000, 100_000, later)
    page = staff_client.get(f"{PAGE}/results/{job_id}")  # "Check progress"
    # Writing has no count of responses to show: every one was counted in step 1.
    assert "Step 2 of 2: Writing the workbook." in page.text
    assert "50,000 of 100,000" not in page.text
    assert 'value="75"' in page.text and "Check progress" in page.text


def test_a_job_whose_process_has_gone_is_started_again_when_its_page_is_shown(staff_client, db,
                                                                             submit):
    submit(trafford_answers())
    long_ago = time.time() - job_table.LEASE_FOR - 5
    job_id = job_table.create(db, TRAFFORD, "officer1", False, total=1, now=long_ago,
                              holder="a-process-that-was-killed")
    page = staff_client.get(f"{PAGE}/results/{job_id}")
    assert "Preparing the results workbook" in page.text
    assert "Started again after the server restarted." in page.text
    job = finished(db, job_id)
    assert (job.state, job.starts, job.done) == ("done", 2, 1)
    page = staff_client.get(f"{PAGE}/results/{job_id}")
    assert "The results workbook is ready" in page.text and "Started again" not in page.text
    assert load_workbook(io.BytesIO(staff_client.get(f"{PAGE}/results/{job_id}/file").data))


def test_a_job_started_too_many_times_fails_plainly_with_try_again(staff_client, db):
    long_ago = time.time() - job_table.LEASE_FOR - 5
    job_id = job_table.create(db, TRAFFORD, "officer1", False, total=10, now=long_ago)
    db.execute("UPDATE jobs SET starts = ?", [job_table.MAX_STARTS])
    page = staff_client.get(f"{PAGE}/results/{job_id}")
    assert "The results workbook could not be prepared" in page.text
    assert (f"The server restarted while it was being written, {job_table.MAX_STARTS} times, so"
            " it was not started again. No workbook was made.") in page.text
    assert "Try again" in page.text and "progress.js" not in page.text
    assert job_table.find(db, job_id).gave_up
    # "Try again" starts a new job rather than going back to the failed one
    response = staff_client.post(f"{PAGE}/results/prepare", data=hidden_fields(page.text))
    assert job_id_of(response) != job_id
    assert finished(db, job_id_of(response)).state == "done"


def test_pressing_twice_while_it_runs_gives_the_same_job(staff_client, db):
    job_id = job_table.create(db, TRAFFORD, "officer1", False)  # no thread: it stays running
    assert job_id_of(prepare(staff_client)) == job_id
    assert job_id_of(prepare(staff_client, demo=True)) != job_id  # a different workbook


def test_a_failure_reads_plainly_with_try_again(app, staff_client, db, monkeypatch):
    def broken(*args, **kwargs):
        raise OSError("disk full")
    monkeypatch.setattr(reports, "write_report", broken)
    job_id = job_id_of(prepare(staff_client))
    assert finished(db, job_id).state == "failed"
    page = staff_client.get(f"{PAGE}/results/{job_id}")
    assert "The results workbook could not be prepared" in page.text
    assert "Try again" in page.text and "disk full" not in page.text
    assert staff_client.get(f"{PAGE}/results/{job_id}/file").status_code == 404
    assert list(job_table.folder_for(app.config["DATABASE"]).iterdir()) == []  # no part left


def test_progress_is_written_at_most_about_once_a_second(db, monkeypatch):
    writes = []
    monkeypatch.setattr(jobs, "record_progress", lambda *args: writes.append(args[3:6]) or True)
    progress = jobs._Progress(db, "some-job", jobs.Runner(":memory:", holder="here"))
    for done in range(1, 100_001):
        progress("Counting answers", done, 100_000)
    for done in range(1, 100_001):
        progress("Writing the workbook", done, 100_000)
    # the first and last of each stage, and once a second at most between them (this loop
    # takes well under a few seconds)
    assert writes[0] == ("Counting answers", 1, 100_000)
    assert ("Counting answers", 100_000, 100_000) in writes
    assert ("Writing the workbook", 1, 100_000) in writes
    assert writes[-1] == ("Writing the workbook", 100_000, 100_000)
    assert len(writes) <= 8


def test_old_jobs_and_files_are_cleaned_up_when_a_new_one_is_prepared(app, staff_client, db):
    folder = job_table.folder_for(app.config["DATABASE"])
    folder.mkdir()
    two_hours_ago = time.time() - 2 * 3600
    old = job_table.create(db, TRAFFORD, "officer1", False, now=two_hours_ago)
    (folder / f"{old}.xlsx").write_bytes(b"old")
    orphan = folder / "left-by-a-crash.xlsx.part"
    orphan.write_bytes(b"part")
    os.utime(orphan, (two_hours_ago, two_hours_ago))
    recent = job_table.create(db, TRAFFORD, "someone-else", False)
    (folder / f"{recent}.xlsx").write_bytes(b"recent")
    assert staff_client.get(f"{PAGE}/results/{old}").status_code == 404  # expired already

    new = job_id_of(prepare(staff_client))
    finished(db, new)
    assert sorted(p.name for p in folder.iterdir()) == sorted([f"{recent}.xlsx", f"{new}.xlsx"])
    assert {row[0] for row in db.execute("SELECT id FROM jobs")} == {recent, new}


def test_forget_deletes_a_consultations_prepared_workbooks(app, staff_client, submit, db):
    """For retention: once responses are deleted, no prepared file may still hold them."""
    submit(trafford_answers())
    job_id = job_id_of(prepare(staff_client))
    finished(db, job_id)
    folder = job_table.folder_for(app.config["DATABASE"])
    assert (folder / f"{job_id}.xlsx").is_file()
    assert job_table.forget(db, folder, TRAFFORD) == 1
    assert list(folder.iterdir()) == []
    assert staff_client.get(f"{PAGE}/results/{job_id}").status_code == 404
    # a job still running when its row goes keeps no file when it ends
    running = job_table.create(db, TRAFFORD, "officer1", False)
    job_table.forget(db, folder, TRAFFORD)
    jobs.run(app.config["DATABASE"], running, app.extensions["haveyoursay.catalogue"].get(TRAFFORD),
             False, 10)
    assert list(folder.iterdir()) == []


def test_the_consultation_page_offers_to_prepare_the_workbook(staff_client, submit):
    submit(trafford_answers())
    page = staff_client.get(PAGE).text
    assert f'<form method="post" action="{PAGE}/results/prepare">' in page
    assert "Prepare the results workbook" in page
    assert "Results workbook (Excel)</a>, straight away" in page  # few responses: also direct


def test_erasing_a_response_or_retention_deletes_the_prepared_workbooks(app, staff_client, submit,
                                                                        db):
    """A prepared workbook holds the responses it counted, so it goes when any of them goes."""
    from datetime import date, timedelta

    from survey.results import retention
    from survey.store.lifecycle import set_setting
    submit(trafford_answers())
    submit(trafford_answers())
    folder = job_table.folder_for(app.config["DATABASE"])
    assert job_table.folder_of(db) == folder

    first = finished(db, job_id_of(prepare(staff_client)))
    assert job_table.file_of(folder, first) is not None
    response_id = db.execute("SELECT min(id) FROM responses").fetchone()[0]
    retention.erase_response(db, TRAFFORD, response_id, "asked by the young person")
    assert job_table.find(db, first.id) is None and not list(folder.glob(f"{first.id}*"))
    assert staff_client.get(f"{PAGE}/results/{first.id}/file").status_code == 404

    second = finished(db, job_id_of(prepare(staff_client)))
    assert job_table.file_of(folder, second) is not None
    yesterday = date.today() - timedelta(days=1)
    set_setting(db, TRAFFORD, "retain_until", yesterday.isoformat(), "retention date set", "")
    questionnaires = {TRAFFORD: app.extensions["haveyoursay.catalogue"].get(TRAFFORD)}
    [outcome] = retention.apply(db, questionnaires, folder.parent / "kept")
    assert outcome.deleted == 1
    assert job_table.find(db, second.id) is None and not list(folder.glob(f"{second.id}*"))


def test_a_run_whose_job_another_process_has_claimed_stops_and_puts_no_file_in_place(app, db):
    """Two processes never run one job: a holder that stalled past its lease finds, at its next
    progress write, that another has the job, and stops."""
    long_ago = time.time() - job_table.LEASE_FOR - 5
    job_id = job_table.create(db, TRAFFORD, "officer1", False, now=long_ago, holder="stalled")
    assert job_table.claim(db, job_id, "another", time.time() + 60) is not None
    stalled = jobs.Runner(app.config["DATABASE"], holder="stalled")
    jobs.run(app.config["DATABASE"], job_id, app.extensions["haveyoursay.catalogue"].get(TRAFFORD),
             False, 10, stalled)
    job = job_table.find(db, job_id)
    assert (job.state, job.holder, job.starts) == ("running", "another", 2)
    assert list(job_table.folder_for(app.config["DATABASE"]).glob(f"{job_id}*")) == []


def test_a_stage_that_reports_no_progress_keeps_its_lease(app, staff_client, db, monkeypatch):
    """Drawing the charts reports nothing for seconds: the Runner's keeper renews its leases, so
    no other process takes a job that is still running."""
    app.config["JOB_LEASE_SECONDS"] = 1.0
    gate, real = threading.Event(), reports.write_report

    def quiet(*args, **kwargs):
        gate.wait(10)
        return real(*args, **kwargs)
    monkeypatch.setattr(reports, "write_report", quiet)
    job_id = job_id_of(prepare(staff_client))
    try:
        deadline = time.monotonic() + 2.5  # two and a half leases
        while time.monotonic() < deadline:
            assert job_table.expired(db) == [], "a live job's lease ran out"
            time.sleep(0.05)
    finally:
        gate.set()
    job = finished(db, job_id)
    assert (job.state, job.starts) == ("done", 1)


def test_a_board_report_job_writes_its_own_file_through_the_same_stages(app, db, submit):
    """The board report is a row of jobs.KINDS: the same runner, its own file and stage words."""
    from dataclasses import replace
    submit(trafford_answers())
    questionnaire = app.extensions["haveyoursay.catalogue"].get(TRAFFORD)
    for kind, extension, magic in ((job_table.BOARD_DOCX, "docx", b"PK"),
                                   (job_table.BOARD_PDF, "pdf", b"%PDF")):
        job_id = job_table.create(db, TRAFFORD, "officer1", False, total=1, kind=kind)
        jobs.run(app.config["DATABASE"], job_id, questionnaire, False, 10, kind=kind)
        job = job_table.find(db, job_id)
        assert (job.state, job.file_name) == ("done", f"{job_id}.{extension}")
        path = job_table.file_of(job_table.folder_for(app.config["DATABASE"]), job)
        assert path.read_bytes().startswith(magic)
        writing = replace(job, state="running", stage="Writing the board report", done=0)
        assert (writing.step, writing.percent) == (2, 50)
