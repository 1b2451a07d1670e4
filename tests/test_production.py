"""Production mode: the settings it refuses, serve.py's start, a small crash test under load,
and a workbook being prepared when its worker is killed.

The crash test is bench/crash.py's own, run small: a real gunicorn server on a loopback port is
killed (SIGKILL, every process) twice while clients send complete responses. The open loop of
bench/submit.py --rate is run small too, against the real servers and against a slow one.
"""
from __future__ import annotations

import multiprocessing
import os
import re
import secrets
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, HTTPServer
from io import BytesIO
from pathlib import Path

import pytest
from openpyxl import load_workbook
from werkzeug.middleware.proxy_fix import ProxyFix

from survey import create_app
from survey.store import jobs
from survey.store.catalogue import Catalogue
from survey.store.db import MIGRATIONS, open_database
from survey.store.demo import demo_responses
from survey.store.responses import save_many
from survey.store.users import add_user
from survey.production import MESSAGES, ConfigError

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))            # serve.py
sys.path.insert(0, str(REPO / "bench"))  # the crash test and its harness

import serve  # noqa: E402
from crash import run_crash  # noqa: E402
from harness import (CONNECTION_ERRORS, Client, ServerProcess, free_port,  # noqa: E402
                     hidden_fields, serve_command, server_env)
from open_loop import load_at_rate  # noqa: E402
from submit import at_rate  # noqa: E402

GOOD_KEY = secrets.token_hex(32)


@pytest.fixture
def production_env(monkeypatch, tmp_path, questionnaires):
    """A good production environment; tests spoil one setting at a time."""
    for name in ("HAVEYOURSAY_DEBUG", "HAVEYOURSAY_TESTING", "HAVEYOURSAY_SECRET_KEY",
                 "HAVEYOURSAY_WTF_CSRF_ENABLED", "HAVEYOURSAY_PROXIES", "FLASK_DEBUG"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HAVEYOURSAY_PRODUCTION", "true")
    monkeypatch.setenv("HAVEYOURSAY_SECRET_KEY", GOOD_KEY)
    monkeypatch.setenv("HAVEYOURSAY_DATABASE", str(tmp_path / "live.db"))
    monkeypatch.setenv("HAVEYOURSAY_QUESTIONNAIRES", str(questionnaires))
    return monkeypatch


def refusal() -> list[str]:
    with pytest.raises(ConfigError) as refused:
        create_app()
    assert str(refused.value) == "\n".join(refused.value.problems)
    return refused.value.problems


def short_key_message(key: str) -> str:
    return MESSAGES["key_short"].format(length=len(key))


@pytest.mark.parametrize(("env", "message"), [
    ({"HAVEYOURSAY_SECRET_KEY": None}, MESSAGES["key_missing"]),
    ({"HAVEYOURSAY_SECRET_KEY": ""}, MESSAGES["key_missing"]),
    ({"HAVEYOURSAY_SECRET_KEY": "dev"}, MESSAGES["key_placeholder"]),
    ({"HAVEYOURSAY_SECRET_KEY": "change-me"}, MESSAGES["key_placeholder"]),
    ({"HAVEYOURSAY_SECRET_KEY": "secret"}, MESSAGES["key_placeholder"]),
    ({"HAVEYOURSAY_SECRET_KEY": "Change me to a long random secret value please"},
     MESSAGES["key_placeholder"]),
    ({"HAVEYOURSAY_SECRET_KEY": "k3Yx9-Pq2Lm7Zr4"}, short_key_message("k3Yx9-Pq2Lm7Zr4")),
    ({"HAVEYOURSAY_SECRET_KEY": GOOD_KEY[:31]}, short_key_message(GOOD_KEY[:31])),
    ({"HAVEYOURSAY_SECRET_KEY": "abcabcabcabcabcabcabcabcabcabcabcabc"}, MESSAGES["key_not_random"]),
    ({"HAVEYOURSAY_DEBUG": "true"}, MESSAGES["debug"]),
    ({"FLASK_DEBUG": "1"}, MESSAGES["debug"]),
    ({"HAVEYOURSAY_TESTING": "true"}, MESSAGES["testing"]),
    ({"HAVEYOURSAY_WTF_CSRF_ENABLED": "false"}, MESSAGES["csrf_off"]),
    # Below 5, a group small enough to pick a child out could reach managers.
    ({"HAVEYOURSAY_SUPPRESSION_THRESHOLD": "3"},
     MESSAGES["threshold_low"].format(threshold=3, minimum=5)),
    ({"HAVEYOURSAY_SUPPRESSION_THRESHOLD": "0"},
     MESSAGES["threshold_low"].format(threshold=0, minimum=5)),
])
def test_production_refuses_a_setting(production_env, env, message):
    for name, value in env.items():
        if value is None:
            production_env.delenv(name)
        else:
            production_env.setenv(name, value)
    assert refusal() == [message]


@pytest.mark.parametrize("fstype", ["nfs", "nfs4", "cifs", "smb3", "smbfs", "9p", "fuse.sshfs"])
def test_production_refuses_a_database_on_a_network_share(production_env, tmp_path, fstype):
    share = tmp_path / "council share"
    share.mkdir()
    mounts = tmp_path / "mounts"
    mounts.write_text("/dev/vda / ext4 rw,relatime 0 0\n"
                      f"server:/export {str(share).replace(' ', chr(92) + '040')} {fstype} rw 0 0\n")
    production_env.setattr("survey.production.MOUNTS", str(mounts))
    database = share / "haveyoursay.db"
    production_env.setenv("HAVEYOURSAY_DATABASE", str(database))
    assert refusal() == [MESSAGES["network_database"].format(
        database=database, fstype=fstype, mount_point=share)]
    assert not database.exists()


def test_production_accepts_a_local_disk_under_a_share_mounted_elsewhere(production_env, tmp_path):
    mounts = tmp_path / "mounts"
    mounts.write_text(f"/dev/vda / ext4 rw 0 0\nserver:/x {tmp_path}/share nfs4 rw 0 0\n")
    production_env.setattr("survey.production.MOUNTS", str(mounts))
    production_env.setenv("HAVEYOURSAY_DATABASE", str(tmp_path / "sharecropper" / "x.db"))
    assert create_app().config["PRODUCTION"] is True


def test_every_problem_is_reported_one_line_each(production_env):
    production_env.setenv("HAVEYOURSAY_SECRET_KEY", "dev")
    production_env.setenv("HAVEYOURSAY_DEBUG", "true")
    assert refusal() == [MESSAGES["key_placeholder"], MESSAGES["debug"]]


def test_a_good_production_config_starts_with_a_secure_session_cookie(production_env):
    app = create_app()
    assert app.config["SESSION_COOKIE_SECURE"] is True
    page = app.test_client().get("/c/trafford-corporate-parenting-review-2018?age=older")  # the form: a session
    assert page.status_code == 200
    assert "Secure" in page.headers["Set-Cookie"].split(";", 1)[1]


def test_outside_production_nothing_is_refused(production_env):
    production_env.delenv("HAVEYOURSAY_PRODUCTION")
    production_env.setenv("HAVEYOURSAY_SECRET_KEY", "dev")
    assert create_app().config["SESSION_COOKIE_SECURE"] is False


# --- serve.py ----------------------------------------------------------------------------------

def test_server_settings_come_from_the_environment():
    assert serve.settings({}) == serve.Settings("127.0.0.1:8000", 2, 4, 0)
    chosen = serve.settings({"HAVEYOURSAY_WORKERS": "3", "HAVEYOURSAY_THREADS": "8",
                             "HAVEYOURSAY_BIND": "127.0.0.1:9000", "HAVEYOURSAY_PROXIES": "1"})
    assert chosen == serve.Settings("127.0.0.1:9000", 3, 8, 1)
    options = serve.gunicorn_options(chosen)
    assert (options["workers"], options["threads"], options["bind"]) == (3, 8, ["127.0.0.1:9000"])
    # forwarded headers are ProxyFix's job alone; gunicorn believes none, even from loopback
    assert options["forwarded_allow_ips"] == "" and options["secure_scheme_headers"] == {}


@pytest.mark.parametrize(("env", "message"), [
    ({"HAVEYOURSAY_WORKERS": "0"}, "HAVEYOURSAY_WORKERS must be a whole number of 1 or more (it is '0')"),
    ({"HAVEYOURSAY_THREADS": "four"}, "HAVEYOURSAY_THREADS must be a whole number of 1 or more (it is 'four')"),
    ({"HAVEYOURSAY_PROXIES": "-1"}, "HAVEYOURSAY_PROXIES must be a whole number of 0 or more (it is '-1')"),
])
def test_bad_server_settings_are_refused(env, message):
    with pytest.raises(serve.SettingError, match=f"^{message}$".replace("(", r"\(").replace(")", r"\)")):
        serve.settings(env)


def probe(app):
    from flask import request
    app.add_url_rule("/probe", "probe", lambda: f"{request.remote_addr} {request.scheme}")
    return app.test_client().get("/probe", base_url="http://localhost", headers={
        "X-Forwarded-For": "203.0.113.7", "X-Forwarded-Proto": "https"},
        environ_base={"REMOTE_ADDR": "127.0.0.1"}).text


def test_forwarded_headers_are_trusted_only_with_haveyoursay_proxies(production_env):
    plain = serve.production_app(proxies=0)
    assert not isinstance(plain.wsgi_app, ProxyFix)
    assert probe(plain) == "127.0.0.1 http"
    behind = serve.production_app(proxies=1)
    assert isinstance(behind.wsgi_app, ProxyFix)
    assert probe(behind) == "203.0.113.7 https"


def test_serve_refuses_to_start_with_a_weak_key_in_one_line(tmp_path):
    env = server_env(tmp_path / "x.db", free_port(), HAVEYOURSAY_SECRET_KEY="change-me")
    result = subprocess.run(serve_command(), env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert result.stderr == f"serve.py: {MESSAGES['key_placeholder']}\n"
    assert not (tmp_path / "x.db").exists()


def test_serve_refuses_debug(tmp_path):
    env = server_env(tmp_path / "x.db", free_port(), HAVEYOURSAY_DEBUG="true")
    result = subprocess.run(serve_command(), env=env, capture_output=True, text=True, timeout=60)
    assert (result.returncode, result.stderr) == (1, f"serve.py: {MESSAGES['debug']}\n")


# --- the schema is made once, before the workers start ------------------------------------------

def test_serve_migrates_in_the_master_before_any_worker(production_env, tmp_path):
    database = tmp_path / "fresh" / "haveyoursay.db"
    production_env.setenv("HAVEYOURSAY_DATABASE", str(database))
    assert serve.prepare() == str(database)
    with sqlite3.connect(database) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_four_workers_start_cleanly_on_a_new_database(tmp_path):
    database, port = tmp_path / "new.db", free_port()
    server = ServerProcess(serve_command(), server_env(database, port, HAVEYOURSAY_WORKERS="4"),
                           port, tmp_path / "server.log")
    with server:
        pass
    log = server.tail(200)
    assert log.count("Booting worker") == 4
    assert "Traceback" not in log and "failed to boot" not in log.lower()
    with sqlite3.connect(database) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)


def _open_many_times(path: str, times: int) -> str:
    try:
        for _ in range(times):
            database = open_database(path)   # what each worker's create_app does
            database.conn.close()
    except Exception as error:  # reported to the parent, which asserts on it
        return repr(error)
    return "ok"


def test_workers_opening_a_migrated_database_at_once_find_nothing_to_do(tmp_path):
    path = str(tmp_path / "migrated.db")
    open_database(path).conn.close()   # serve.py's master, before forking
    with multiprocessing.get_context("fork").Pool(6) as pool:
        outcomes = pool.starmap(_open_many_times, [(path, 25)] * 6, chunksize=1)
    assert outcomes == ["ok"] * 6
    database = open_database(path)
    from survey.store.db import migrate
    assert migrate(database) == 0
    database.conn.close()


# --- crash test ---------------------------------------------------------------------------------

def test_nothing_acknowledged_is_lost_when_the_server_is_killed_twice(tmp_path):
    result = run_crash(tmp_path, clients=4, seconds=6, kills=2, replays=10)
    report = "\n".join(result.lines())
    assert result.kills == 2, report
    assert result.acknowledged >= 20, report
    assert result.lost == 0 and result.duplicates == 0 and result.incomplete == 0, report
    assert result.stored >= result.acknowledged, report
    assert result.integrity == "ok", report
    assert (result.replayed, result.replays_acknowledged, result.rows_added_by_replays) == (
        10, 10, 0), report
    assert not result.errors, report


# --- a prepared workbook survives a restart ---------------------------------------------------

def _page(client: Client, path: str, fields: dict | None = None) -> tuple[int, dict, str]:
    status, headers, body = client.request("POST" if fields is not None else "GET", path, fields)
    return status, headers, body.decode()


def _workers_of(master: int) -> list[int]:
    """The pids of a gunicorn master's worker processes."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            ppid = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        if ppid == master:
            found.append(int(stat.parent.name))
    return found


def test_a_workbook_being_prepared_when_its_worker_is_killed_is_finished_by_a_new_one(
        tmp_path, questionnaires):
    """SIGKILL every gunicorn worker while a workbook is being written (as a worker restart
    does, without the goodbye); a worker gunicorn starts in their place claims the job once its
    lease (2 s here) has run out, starts it again, and the file downloads whole. The officer's
    page says it was started again."""
    trafford = "trafford-corporate-parenting-review-2018"
    database, port = tmp_path / "live.db", free_port()
    db = open_database(database)
    add_user(db, "officer1", "correct horse battery", "officer")
    questionnaire = Catalogue.load(questionnaires).get(trafford)
    save_many(db, questionnaire, demo_responses(questionnaire, 300, seed=1), is_demo=True)
    env = server_env(database, port, HAVEYOURSAY_WORKERS="2", HAVEYOURSAY_JOB_LEASE_SECONDS="2",
                     HAVEYOURSAY_QUESTIONNAIRES=str(questionnaires))
    server = ServerProcess(serve_command(), env, port, tmp_path / "server.log")
    client = Client(port)
    consultation = f"/staff/c/{trafford}"
    with server:
        _, _, page = _page(client, "/staff/sign-in")
        status, _, _ = _page(client, "/staff/sign-in", {
            **hidden_fields(page), "username": "officer1", "password": "correct horse battery"})
        assert status in (302, 303), server.tail()
        _, _, page = _page(client, f"{consultation}?demo=1")
        status, headers, _ = _page(client, f"{consultation}/results/prepare",
                                   {**hidden_fields(page), "demo": "1"})
        assert status == 303, server.tail()
        job_page = headers["location"].removeprefix(f"http://127.0.0.1:{port}")
        job_id = job_page.rsplit("/", 1)[1]
        deadline = time.monotonic() + 20
        while jobs.find(db, job_id).stage not in jobs.STAGES and time.monotonic() < deadline:
            time.sleep(0.01)
        workers = _workers_of(server.process.pid)
        for pid in workers:
            os.kill(pid, signal.SIGKILL)   # mid-job
        killed = jobs.find(db, job_id)
        assert (killed.state, killed.starts) == ("running", 1), "the job ended before the kill"
        assert int(killed.holder.split(":")[1]) in workers

        client.close()
        texts = []
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                status, _, text = _page(client, job_page)
            except CONNECTION_ERRORS:  # while gunicorn starts the new workers
                time.sleep(0.1)
                continue
            assert status == 200, server.tail()
            texts.append(text)
            if "Preparing the results workbook" not in text:
                break
            time.sleep(0.2)
        assert texts and "The results workbook is ready" in texts[-1], server.tail()
        assert any("Started again after the server restarted." in text for text in texts)
        status, _, data = client.request("GET", f"{job_page}/file")
        assert status == 200
        about = dict(row[:2] for row in load_workbook(BytesIO(data))["About"].iter_rows(
            values_only=True) if row and row[0])
        assert about["Demo responses"].startswith("INCLUDED")
    job = jobs.find(db, job_id)
    assert (job.state, job.starts) == ("done", 2)
    assert int(job.holder.split(":")[1]) not in workers
    # the killed run's part was removed; only the finished file is left
    assert [p.name for p in jobs.folder_for(database).iterdir()] == [f"{job_id}.xlsx"]
    db.conn.close()


# --- the open loop (bench/submit.py --rate) -------------------------------------------------------

def test_the_open_loop_sends_every_planned_request_at_its_rate_and_all_are_stored(tmp_path):
    runs = at_rate(tmp_path, rate=10, seconds=2, senders=20)
    assert set(runs) == {"floor", "submit"}
    for name, (result, stored, missing, _cpu) in runs.items():
        report = f"{name}: {result}"
        assert (result.planned, result.ok, dict(result.errors)) == (20, 20, {}), report
        # the 20 planned requests and one unmeasured warm-up request from each sender process
        assert stored == len(result.acknowledged) == 20 + 5 and missing == 0, report
        assert len(result.latencies) == 20 and min(result.latencies) > 0, report
        # sent over the two seconds planned, not as fast as the server answers
        assert result.ended - result.started >= 1.9 - 0.1, report


class _SlowFloor(BaseHTTPRequestHandler):
    """The floor's POST /insert, answered only after SLOW seconds."""
    SLOW = 0.3

    def do_POST(self):  # noqa: N802 (http.server's name)
        self.rfile.read(int(self.headers["Content-Length"]))
        time.sleep(self.SLOW)
        self.send_response(302)
        self.send_header("Location", "/done")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


def test_the_open_loop_counts_waiting_behind_a_slow_server_in_the_latency(tmp_path):
    server = HTTPServer(("127.0.0.1", 0), _SlowFloor)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        # one sender, 10 a second, each reply 0.3 s: request i is planned at 0.1 i s but can
        # only be sent at 0.3 i s, so the last of 10 is sent 1.8 s late and answered 2.1 s
        # after its planned time (a closed loop would report every reply as 0.3 s)
        result = load_at_rate("floor", server.server_address[1], rate=10, seconds=1,
                              senders=1, processes=1)
    finally:
        server.shutdown()
        server.server_close()
    assert (result.planned, result.ok, dict(result.errors)) == (10, 10, {}), result
    assert not result.kept_schedule and result.no_sender == 9, result
    assert max(result.latencies) > 2.0, result
    assert result.latest > 1.7, result


def test_every_setting_serve_py_reads_is_in_the_deploy_guide():
    guide = (REPO / "docs" / "deploy.md").read_text(encoding="utf-8")
    names = set(re.findall(r"HAVEYOURSAY_[A-Z_]+", (REPO / "serve.py").read_text(encoding="utf-8")))
    assert names >= {"HAVEYOURSAY_WORKERS", "HAVEYOURSAY_THREADS", "HAVEYOURSAY_BIND",
                     "HAVEYOURSAY_PROXIES", "HAVEYOURSAY_SECRET_KEY"}
    assert not [name for name in names if f"`{name}`" not in guide]
