"""What the server benches and the crash test share: a production server in its own process group
on a loopback port, and HTTP clients (stdlib http.client, keep-alive, one session cookie each).

Everything is bounded: servers are waited for at most STARTUP_SECONDS, requests time out, and
every loop ends at a deadline.
"""
from __future__ import annotations

import gzip
import http.client
import os
import re
import resource
import secrets
import signal
import socket
import subprocess  # nosec B404: starts this repository's own servers
import sys
import threading
import time
import uuid
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

REPO = Path(__file__).resolve().parent.parent
TRAFFORD = "trafford-corporate-parenting-review-2018"
FORM = f"/c/{TRAFFORD}"
# The form itself: Trafford first asks which version fits (8 to 12, or 13 and over).
FORM_PAGE = f"{FORM}?age=older"
STARTUP_SECONDS = 30
REQUEST_TIMEOUT = 15
CORES_NOTE = (f"clients and server share this machine's {os.cpu_count()} cores, so every figure "
              "is lower than a server alone would reach")

# What a request on an idle keep-alive connection meets when the server has just closed it.
STALE_CONNECTION = (BrokenPipeError, ConnectionResetError, http.client.RemoteDisconnected)
# Errors a client sees while the server is down or being killed.
CONNECTION_ERRORS = (ConnectionError, http.client.HTTPException, socket.timeout, OSError)


def trafford_answers() -> dict[str, str]:
    """A complete, valid Trafford response as a browser posts it (as tests/conftest.py)."""
    return {
        "q1": "care-leaver",
        "q2-placement-stability": "very-well",
        "q2-foster-families-closer-to-home": "quite",
        "q2-education": "somewhat",
        "q2-special-guardianship": "not-very",
        "q2-services-working-together": "not-at-all",
        "q2-early-help": "quite",
        "q2-adoption": "very-well",
        "q3": "More help with college applications.",
    }


ANSWER_ROWS = 9  # rows in `answers` for one trafford_answers() response


def hidden_fields(html: str) -> dict[str, str]:
    """The CSRF token and submission id a real browser would send back."""
    fields = {}
    for tag in re.findall(r"<input[^>]*>", html):
        name = re.search(r'name="([^"]*)"', tag)
        value = re.search(r'value="([^"]*)"', tag)
        if name and value and name.group(1) in ("csrf_token", "submission_id"):
            fields[name.group(1)] = value.group(1)
    return fields


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_env(database: str | Path, port: int, **extra: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("HAVEYOURSAY_", "FLASK_"))}
    env.update({
        "HAVEYOURSAY_SECRET_KEY": secrets.token_hex(32),
        "HAVEYOURSAY_DATABASE": str(database),
        "HAVEYOURSAY_BIND": f"127.0.0.1:{port}",
        "PYTHONUNBUFFERED": "1",
    })
    env.update(extra)
    return env


class ServerProcess:
    """A server command run in its own process group, so that a kill takes every worker with it."""

    def __init__(self, command: list[str], env: dict[str, str], port: int, log: Path,
                 ready_path: str = "/"):
        self.command, self.env, self.port, self.log = command, env, port, Path(log)
        self.ready_path = ready_path
        self.process: subprocess.Popen | None = None

    def start(self) -> "ServerProcess":
        with open(self.log, "ab") as log:
            # this repository's own command line, no shell
            self.process = subprocess.Popen(  # nosec B603
                self.command, env=self.env, cwd=REPO, stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True)
        deadline = time.monotonic() + STARTUP_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited with {self.process.returncode}:\n{self.tail()}")
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                conn.request("GET", self.ready_path)
                if conn.getresponse().status == 200:
                    conn.close()
                    return self
                conn.close()
            except CONNECTION_ERRORS:
                pass
            time.sleep(0.1)
        self.kill()
        raise RuntimeError(f"server not ready after {STARTUP_SECONDS} s:\n{self.tail()}")

    def cpu(self) -> float:
        return group_cpu(self.process.pid) if self.process else 0.0

    def kill(self) -> None:
        """SIGKILL the whole process group (master and workers at once), as a power cut would."""
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
        self._reap()

    def stop(self) -> None:
        """Graceful shutdown (SIGTERM to the master); SIGKILL if it takes over 20 s."""
        if self.process and self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                pass
        self.kill()

    def _reap(self) -> None:
        if self.process:
            self.process.wait(timeout=20)
            # the workers share the group: wait (bounded) until none is left running
            deadline = time.monotonic() + 10
            while _running_in_group(self.process.pid) and time.monotonic() < deadline:
                time.sleep(0.02)

    def tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def __enter__(self) -> "ServerProcess":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def _running_in_group(group: int) -> bool:
    """Whether any process of the group is still alive (zombies, already dead, do not count)."""
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            # pid (comm) state ppid pgrp ...; comm may hold spaces, so split after its ")"
            state, _, pgrp = stat.read_text().rsplit(")", 1)[1].split()[:3]
        except (OSError, IndexError, ValueError):
            continue
        if int(pgrp) == group and state != "Z":
            return True
    return False


def group_cpu(group: int) -> float:
    """CPU seconds used so far by the live processes of a group (a server and its workers)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[2]) == group:
            total += int(fields[11]) + int(fields[12])   # utime, stime
    return total / ticks


def serve_command() -> list[str]:
    return [sys.executable, str(REPO / "serve.py")]


def bench_server_command(kind: str) -> list[str]:
    """`floor` (insert one row per POST) or `survey-hello` (the app plus a hello-world page)."""
    return [sys.executable, str(REPO / "bench" / "floor_app.py"), kind]


class PageError(RuntimeError):
    """A page answered with an unexpected status."""


class Client:
    """One browser: a keep-alive connection and a session cookie. After a connection error the
    next request opens a new connection."""

    def __init__(self, port: int):
        self.port = port
        self.conn: http.client.HTTPConnection | None = None
        self.cookie: str | None = None
        self.reopened = 0   # stale keep-alive connections opened again

    def request(self, method: str, path: str, fields: dict | None = None
                ) -> tuple[int, dict[str, str], bytes]:
        headers = {"Cookie": self.cookie} if self.cookie else {}
        body = None
        if fields is not None:
            body = urlencode(fields)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        reused = self.conn is not None
        try:
            response, data = self._send(method, path, body, headers)
        except STALE_CONNECTION:
            if not reused:
                raise
            # The server closed the idle keep-alive connection before it read this request
            # (gunicorn's keepalive is 2 s): open a new one and send again, as browsers do.
            self.reopened += 1
            response, data = self._send(method, path, body, headers)
        cookie = response.getheader("Set-Cookie")
        if cookie:
            self.cookie = cookie.split(";", 1)[0]
        if response.getheader("Connection", "").lower() == "close":
            self.close()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, data

    def _send(self, method: str, path: str, body: str | None, headers: dict[str, str]):
        if self.conn is None:
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=REQUEST_TIMEOUT)
        try:
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
            return response, response.read()
        except BaseException:
            self.close()
            raise

    def form(self) -> dict[str, str]:
        """GET the Trafford form: its CSRF token and a fresh submission id."""
        status, _, body = self.request("GET", FORM_PAGE)
        if status != 200:
            raise PageError(f"form page HTTP {status}")
        return hidden_fields(body.decode())

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None


def acknowledged(status: int, headers: dict[str, str]) -> bool:
    """A stored response: the redirect to the thanks page."""
    return status == 302 and headers.get("location", "").endswith(f"{FORM}/thanks")


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def children_cpu() -> float:
    """CPU seconds used by this process's reaped children (client processes, a stopped server
    with its workers)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def gzipped_size(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=9, mtime=0))


# --- load: many concurrent clients, in a few processes so the GIL does not queue them ---------

@dataclass
class LoadResult:
    ok: int = 0
    latencies: list[float] = field(default_factory=list)   # seconds, of the measured request
    acknowledged: list[str] = field(default_factory=list)  # submission ids that got the redirect
    errors: Counter = field(default_factory=Counter)
    reopened: int = 0   # requests sent again on a new connection after a stale keep-alive one
    started: float = 0.0
    ended: float = 0.0

    def merge(self, other: "LoadResult") -> "LoadResult":
        self.ok += other.ok
        self.latencies += other.latencies
        self.acknowledged += other.acknowledged
        self.errors.update(other.errors)
        self.reopened += other.reopened
        self.started = min(self.started or other.started, other.started)
        self.ended = max(self.ended, other.ended)
        return self

    def count(self, sid: str, status: int, good: bool) -> None:
        """Count one answered request: acknowledged, or an error by its HTTP status."""
        if good:
            self.ok += 1
            if sid:
                self.acknowledged.append(sid)
        else:
            self.errors[f"HTTP {status}"] += 1

    @property
    def rate(self) -> float:
        return self.ok / (self.ended - self.started) if self.ended > self.started else 0.0


def send_one(client: Client, mode: str, fields: dict[str, str]) -> tuple[str, int, bool]:
    """One measured request of a mode: (submission id or "", HTTP status, whether it did what
    was asked). `fields`: the form's hidden fields (the post and journey modes)."""
    if mode in ("post", "journey"):
        sid = uuid.uuid4().hex if mode == "post" else fields["submission_id"]
        status, headers, _ = client.request(
            "POST", FORM, {**fields, "submission_id": sid, **trafford_answers()})
        return sid, status, acknowledged(status, headers)
    if mode == "floor":
        sid = uuid.uuid4().hex
        status, _, _ = client.request("POST", "/insert", {"submission_id": sid})
        return sid, status, status == 302
    status, _, _ = client.request("GET", mode.removeprefix("get:"))
    return "", status, status == 200


def _one_client(mode: str, port: int, start_at: float, stop_at: float) -> LoadResult:
    """Modes: `post` (the form once, then submit complete responses, each with a new submission
    id), `journey` (GET the form, then POST it, per response), `floor` (POST /insert),
    `get:PATH` (GET a page)."""
    result = LoadResult(started=start_at)
    client = Client(port)
    fields: dict[str, str] = {}
    if mode == "post":
        fields = client.form()
    while time.time() < start_at:
        time.sleep(0.001)
    while time.time() < stop_at:
        try:
            if mode == "journey":
                fields = client.form()
            began = time.perf_counter()
            sid, status, good = send_one(client, mode, fields)
            result.latencies.append(time.perf_counter() - began)
        except CONNECTION_ERRORS as error:
            result.errors[type(error).__name__] += 1
            time.sleep(0.05)
            continue
        except PageError as error:
            result.errors[str(error)] += 1
            continue
        result.count(sid, status, good)
    result.ended = time.time()
    result.reopened = client.reopened
    client.close()
    return result


def _client_process(mode: str, port: int, threads: int, start_at: float,
                    stop_at: float) -> LoadResult:
    results: list[LoadResult] = []
    lock = threading.Lock()

    def run() -> None:
        try:
            outcome = _one_client(mode, port, start_at, stop_at)
        except Exception as error:  # a client that could not even start counts as an error
            outcome = LoadResult(started=start_at, ended=time.time(),
                                 errors=Counter({type(error).__name__: 1}))
        with lock:
            results.append(outcome)

    workers = [threading.Thread(target=run) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=stop_at - time.time() + 2 * REQUEST_TIMEOUT + 10)
    total = LoadResult(started=start_at)
    for outcome in results:
        total.merge(outcome)
    return total


def load(mode: str, port: int, clients: int, seconds: float, processes: int = 5) -> LoadResult:
    """`clients` concurrent clients (threads spread over `processes` processes) for `seconds`."""
    processes = max(1, min(processes, clients))
    share = [clients // processes + (1 if i < clients % processes else 0) for i in range(processes)]
    start_at = time.time() + 3.0   # time for every client to connect and fetch its form
    stop_at = start_at + seconds
    total = LoadResult(started=start_at)
    with ProcessPoolExecutor(max_workers=processes) as pool:
        futures = [pool.submit(_client_process, mode, port, n, start_at, stop_at) for n in share]
        for future in futures:
            total.merge(future.result(timeout=seconds + 3 * REQUEST_TIMEOUT + 30))
    return total


def latency_line(result: LoadResult) -> str:
    ms = [1000 * x for x in result.latencies]
    return (f"p50 {percentile(ms, 50):6.1f} ms  p95 {percentile(ms, 95):6.1f} ms  "
            f"p99 {percentile(ms, 99):6.1f} ms")


def error_line(result: LoadResult) -> str:
    errors = ", ".join(f"{name} x{count}" for name, count in result.errors.most_common()) or "none"
    return errors + (f" ({result.reopened} sent again on a new connection after the server "
                     "closed an idle keep-alive one)" if result.reopened else "")
