"""Crash test: kill the production server (SIGKILL, every process at once) while young people are
sending complete Trafford responses, restart it, and check that nothing acknowledged was lost.

Usage: python bench/crash.py [--clients 8] [--seconds 60] [--kills 5]

Each client is a browser: it opens the form (session cookie, CSRF token, submission id), sends it,
and counts it as acknowledged only on the redirect to the thanks page. A send cut off by a kill is
sent again, unchanged, once the server is back (what a young person does), so a response stored
just before the kill must not be stored twice. After the load the server is restarted and some
acknowledged sends are replayed. Prints acknowledged / stored / lost / duplicates / integrity;
exits 1 if anything acknowledged was lost, duplicated, half-stored or the file is damaged.
tests/test_production.py runs the same test, small.
"""
from __future__ import annotations

import argparse
import random
import sqlite3
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from harness import (ANSWER_ROWS, CONNECTION_ERRORS, CORES_NOTE, FORM, Client, PageError,
                     ServerProcess, acknowledged, free_port, serve_command, server_env,
                     trafford_answers)


@dataclass
class CrashResult:
    kills: int = 0
    acknowledged: int = 0          # distinct submissions that got the redirect to thanks
    stored: int = 0                # rows in responses
    lost: int = 0                  # acknowledged but not stored
    duplicates: int = 0            # rows minus distinct submission ids
    incomplete: int = 0            # responses stored without all their answers
    stored_unacknowledged: int = 0  # committed, but the client never heard back
    integrity: str = ""
    resent: int = 0                # sends cut off by a kill, answered when sent again
    replayed: int = 0
    replays_acknowledged: int = 0
    rows_added_by_replays: int = 0
    errors: Counter = field(default_factory=Counter)  # anything but a redirect or a dead server

    @property
    def ok(self) -> bool:
        return (self.acknowledged > 0 and not self.lost and not self.duplicates
                and not self.incomplete and self.integrity == "ok"
                and self.replays_acknowledged == self.replayed and not self.rows_added_by_replays)

    def lines(self) -> list[str]:
        return [
            f"kills (SIGKILL of every server process): {self.kills}",
            f"acknowledged: {self.acknowledged}",
            f"stored:       {self.stored} ({self.stored_unacknowledged} stored but never "
            "acknowledged: the kill came between commit and reply)",
            f"lost:         {self.lost}",
            f"duplicates:   {self.duplicates}",
            f"incomplete:   {self.incomplete}",
            f"integrity:    {self.integrity}",
            f"sends cut off by a kill, answered when sent again: {self.resent}",
            f"replayed after a restart: {self.replayed}, redirected to thanks: "
            f"{self.replays_acknowledged}, rows added: {self.rows_added_by_replays}",
            "other errors: " + (", ".join(f"{k} x{v}" for k, v in self.errors.most_common())
                                or "none"),
        ]


class Respondent(threading.Thread):
    """Sends complete responses until told to stop; resends one cut off by a kill."""

    def __init__(self, port: int, stop: threading.Event):
        super().__init__(daemon=True)
        self.client = Client(port)
        self.stop = stop
        self.acks: list[tuple[dict, str | None]] = []   # (fields sent, session cookie)
        self.resent = 0
        self.errors: Counter = Counter()

    def run(self) -> None:
        pending: dict | None = None
        cut_off = False
        while not self.stop.is_set():
            try:
                if pending is None:
                    pending, cut_off = {**self.client.form(), **trafford_answers()}, False
                status, headers, _ = self.client.request("POST", FORM, pending)
                self.resent += cut_off
            except CONNECTION_ERRORS:
                cut_off = pending is not None
                self.stop.wait(0.05)
                continue
            except PageError as error:
                self.errors[str(error)] += 1
                self.stop.wait(0.05)
                continue
            if acknowledged(status, headers):
                self.acks.append((pending, self.client.cookie))
            else:
                self.errors[f"HTTP {status}"] += 1
            pending = None


def check_database(path: Path) -> dict:
    conn = sqlite3.connect(path)
    try:
        integrity = "; ".join(row[0] for row in conn.execute("PRAGMA integrity_check"))
        ids = Counter(row[0] for row in conn.execute("SELECT submission_id FROM responses"))
        incomplete = conn.execute(
            "SELECT count(*) FROM responses r WHERE"
            " (SELECT count(*) FROM answers a WHERE a.response_id = r.id) != ?",
            [ANSWER_ROWS]).fetchone()[0]
    finally:
        conn.close()
    return {"integrity": integrity, "ids": ids, "incomplete": incomplete}


def run_crash(folder: Path, clients: int, seconds: float, kills: int, replays: int = 20,
              seed: int = 1, say=lambda line: None) -> CrashResult:
    """Load for `seconds` of server uptime in total, with `kills` SIGKILLs spread through it."""
    rng = random.Random(seed)  # nosec B311: varies kill times, nothing secret
    database, port = folder / "crash.db", free_port()
    server = ServerProcess(serve_command(), server_env(database, port), port, folder / "server.log")
    result = CrashResult()
    stop = threading.Event()
    respondents = [Respondent(port, stop) for _ in range(clients)]
    phase = seconds / (kills + 1)
    server.start()
    try:
        for respondent in respondents:
            respondent.start()
        acked_before_last_kill = [0] * clients
        for number in range(kills + 1):
            # up for about `phase` seconds (kill times vary), and until a few responses went in
            up_until = time.monotonic() + phase * rng.uniform(0.6, 1.4)
            before = sum(len(r.acks) for r in respondents)
            while time.monotonic() < up_until or (
                    sum(len(r.acks) for r in respondents) < before + clients
                    and time.monotonic() < up_until + phase):
                time.sleep(0.05)
            if number == kills:
                break
            server.kill()
            result.kills += 1
            acked_before_last_kill = [len(r.acks) for r in respondents]
            say(f"kill {result.kills}: {sum(acked_before_last_kill)} acknowledged so far")
            server.start()
        stop.set()
        for respondent in respondents:
            respondent.join(timeout=30)

        # Replays, to the server restarted after the last kill, of sends acknowledged before it:
        # the CSRF token and submission id still hold, and nothing more is stored.
        earlier = [ack for r, n in zip(respondents, acked_before_last_kill)
                   for ack in r.acks[:n]]
        rows_before = sum(check_database(database)["ids"].values())
        for fields, cookie in rng.sample(earlier, min(replays, len(earlier))):
            replayer = Client(port)
            replayer.cookie = cookie
            status, headers, _ = replayer.request("POST", FORM, fields)
            replayer.close()
            result.replayed += 1
            result.replays_acknowledged += acknowledged(status, headers)
        result.rows_added_by_replays = sum(check_database(database)["ids"].values()) - rows_before
        server.stop()
    finally:
        stop.set()
        server.kill()

    checked = check_database(database)
    sent = [ack for r in respondents for ack in r.acks]
    ids, acked = checked["ids"], {fields["submission_id"] for fields, _ in sent}
    result.acknowledged = len(acked)
    result.stored = sum(ids.values())
    result.lost = len(acked - set(ids))
    result.duplicates = result.stored - len(ids)
    result.incomplete = checked["incomplete"]
    result.stored_unacknowledged = len(set(ids) - acked)
    result.integrity = checked["integrity"]
    result.resent = sum(r.resent for r in respondents)
    for respondent in respondents:
        result.errors.update(respondent.errors)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=60, help="load time, server up")
    parser.add_argument("--kills", type=int, default=5)
    args = parser.parse_args()
    print(f"crash test: {args.clients} clients, {args.seconds:g} s of load, {args.kills} kills; "
          "serve.py defaults (2 workers x 4 threads), loopback")
    print(CORES_NOTE)
    started = time.monotonic()
    with tempfile.TemporaryDirectory() as folder:
        result = run_crash(Path(folder), args.clients, args.seconds, args.kills, say=print)
    for line in result.lines():
        print(line)
    print(f"{'PASS' if result.ok else 'FAIL'} in {time.monotonic() - started:.0f} s")
    sys.exit(0 if result.ok else 1)


if __name__ == "__main__":
    main()
