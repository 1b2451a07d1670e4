"""The jobs table's leases: a job whose process has gone is claimed by one claimer only, a live
lease is never taken, a holder that lost its job can neither record progress nor finish it, and a
job started too many times fails instead of looping."""
from __future__ import annotations

import multiprocessing
import time

import pytest

from survey.store import jobs
from survey.store.db import connect, open_database

CONSULTATION = "trafford-corporate-parenting-review-2018"


@pytest.fixture
def path(tmp_path) -> str:
    database = tmp_path / "jobs.db"
    open_database(database).conn.close()
    return str(database)


@pytest.fixture
def db(path):
    database = connect(path)
    yield database
    database.conn.close()


def lost_job(db, holder: str = "a-killed-process", starts: int = 1) -> str:
    """A running job whose holder's lease ran out a second ago."""
    job_id = jobs.create(db, CONSULTATION, "officer1", False, total=10, holder=holder)
    db.execute("UPDATE jobs SET lease_until = ?, starts = ? WHERE id = ?",
               [time.time() - 1, starts, job_id])
    return job_id


def test_a_job_whose_lease_has_run_out_is_claimed_and_starts_again(db):
    job_id = lost_job(db)
    assert jobs.expired(db) == [job_id]
    until = time.time() + 30
    job = jobs.claim(db, job_id, "new-process", until, jobs.STARTING)
    assert (job.state, job.holder, job.lease_until, job.starts, job.stage, job.done) == (
        "running", "new-process", until, 2, jobs.STARTING, 0)
    assert job.started_again and job.status() == "running"
    assert jobs.expired(db) == []


def test_a_live_lease_is_never_claimed(db):
    job_id = jobs.create(db, CONSULTATION, "officer1", False, holder="alive")
    assert jobs.expired(db) == []
    assert jobs.claim(db, job_id, "thief", time.time() + 30) is None
    assert jobs.find(db, job_id).holder == "alive"
    # nor a job that has ended
    jobs.finish(db, job_id, "done", f"{job_id}.xlsx", "alive")
    db.execute("UPDATE jobs SET lease_until = 0")
    assert jobs.claim(db, job_id, "thief", time.time() + 30) is None


def _claim_all(path: str, job_ids: list[str], holder: str, start) -> list[str]:
    db = connect(path)
    start.wait()  # every claimer starts at once
    won = [job_id for job_id in job_ids
           if jobs.claim(db, job_id, holder, time.time() + 60) is not None]
    db.conn.close()
    return won


def test_of_many_processes_claiming_the_same_jobs_at_once_one_wins_each(path, db):
    job_ids = [lost_job(db) for _ in range(20)]
    context = multiprocessing.get_context("fork")
    with context.Manager() as manager:
        start = manager.Barrier(4)
        with context.Pool(4) as pool:
            won = pool.starmap(_claim_all, [(path, job_ids, f"process-{n}", start)
                                            for n in range(4)])
    assert sorted(sum(won, [])) == sorted(job_ids)   # each job claimed exactly once
    for n, claimed in enumerate(won):
        for job_id in claimed:
            job = jobs.find(db, job_id)
            assert (job.holder, job.starts) == (f"process-{n}", 2)


def test_a_holder_that_lost_its_job_can_neither_record_progress_nor_finish_it(db):
    job_id = lost_job(db, holder="stalled")
    jobs.claim(db, job_id, "new-process", time.time() + 60)
    later = time.time() + 60
    assert not jobs.record_progress(db, job_id, "stalled", jobs.STAGES[1], 5, 10, later)
    renamed = []
    assert not jobs.finish(db, job_id, "done", f"{job_id}.xlsx", "stalled",
                           then=lambda: renamed.append(True))
    assert renamed == []   # its file is never put in place
    job = jobs.find(db, job_id)
    assert (job.state, job.stage, job.done, job.holder) == ("running", jobs.STARTING, 0,
                                                            "new-process")
    # the new holder can do both
    assert jobs.record_progress(db, job_id, "new-process", jobs.STAGES[1], 5, 10, later)
    assert jobs.finish(db, job_id, "done", f"{job_id}.xlsx", "new-process",
                       then=lambda: renamed.append(True))
    assert renamed == [True] and jobs.find(db, job_id).state == "done"


def test_a_failing_rename_leaves_the_job_running(db):
    job_id = jobs.create(db, CONSULTATION, "officer1", False, holder="here")

    def rename():
        raise OSError("disk full")
    with pytest.raises(OSError):
        jobs.finish(db, job_id, "done", f"{job_id}.xlsx", "here", then=rename)
    assert jobs.find(db, job_id).state == "running"


def test_progress_renews_every_lease_of_its_holder_and_no_other(db):
    mine = [jobs.create(db, CONSULTATION, "officer1", False, holder="me") for _ in range(2)]
    other = jobs.create(db, CONSULTATION, "officer2", False, holder="someone else")
    before = {job_id: jobs.find(db, job_id).lease_until for job_id in (*mine, other)}
    later = time.time() + 3 * jobs.LEASE_FOR
    assert jobs.record_progress(db, mine[0], "me", jobs.STAGES[0], 1, 10, later)
    assert [jobs.find(db, job_id).lease_until for job_id in mine] == [later, later]  # queued too
    assert jobs.find(db, other).lease_until == before[other]
    assert jobs.renew(db, "me", later + 1) == 2


def test_a_job_started_too_many_times_fails_instead_of_starting_again(db):
    job_id = lost_job(db, starts=jobs.MAX_STARTS - 1)
    assert jobs.claim(db, job_id, "third", time.time() - 1).starts == jobs.MAX_STARTS
    job = jobs.claim(db, job_id, "fourth", time.time() + 60)   # the third start died too
    assert (job.state, job.stage, job.holder, job.file_name) == ("failed", jobs.GAVE_UP, None,
                                                                 None)
    assert job.gave_up and job.status() == "failed"
    assert jobs.expired(db) == []
    assert jobs.claim(db, job_id, "fifth", time.time() + 60) is None


def test_a_job_from_before_leases_is_claimable(db):
    """Rows written before migration 12 have no lease: their process has gone."""
    job_id = jobs.create(db, CONSULTATION, "officer1", False)
    db.execute("UPDATE jobs SET holder = NULL, lease_until = NULL")
    assert jobs.expired(db) == [job_id]
    assert jobs.claim(db, job_id, "new", time.time() + 60).starts == 2
