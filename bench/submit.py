"""How many complete responses a second the production server stores, against the floor; and,
sent at a steady rate, how long each waits.

Usage: python bench/submit.py [--seconds 20] [--clients 50]
       python bench/submit.py --rate 100 [--seconds 20] [--senders N]

In one run, with the same server settings (serve.py's gunicorn: HAVEYOURSAY_WORKERS, default 2,
x HAVEYOURSAY_THREADS, default 4, gthread; survey.store.db's connections: WAL, synchronous=FULL,
BEGIN IMMEDIATE; a new connection per request), each on a fresh database on loopback:
  floor    bench/floor_app.py: POST /insert stores one row
  submit   serve.py: POST of a complete Trafford response (CSRF checked, every answer validated,
           one response and its 9 answers in one transaction), each with a new submission id;
           each client opened the form once first (session cookie and CSRF token)
  journey  serve.py: GET the form, then POST it, per response, as a young person does
           (closed loop only)

Closed loop (the default): clients are real concurrent HTTP clients (http.client, keep-alive),
threads spread over 5 processes, each sending again as soon as it has its reply, so the rate is
the most the server stores. Latency is of the POST alone, in every mode. Its latency says little:
with 50 clients always waiting, the mean is 50 / rate (Little's law) whatever the server does.

Open loop (--rate R): R requests a second, each planned at its time from the start and sent then
whatever the replies (bench/open_loop.py); latency runs from the planned time, so a request held
back by a slow server counts its wait. The floor app is sent the same rate in the same run.

Targets: closed loop, submit at least half the floor's rate; open loop at R = 100 (a hundred
times a large council's busiest hour), the submit p99 under 250 ms with the senders keeping
the schedule. Both: no errors, stored == acknowledged.
"""
from __future__ import annotations

import argparse
import os
import sqlite3
import sys
import tempfile
from pathlib import Path

from typing import Callable

from harness import (CORES_NOTE, LoadResult, ServerProcess, bench_server_command, children_cpu,
                     error_line, free_port, latency_line, load, percentile, serve_command,
                     server_env)
from open_loop import default_senders, load_at_rate, rate_line, schedule_line

P99_TARGET_MS = 250


def stored_ids(database: Path, table: str) -> set[str]:
    conn = sqlite3.connect(database)
    try:
        return {row[0] for row in conn.execute(f"SELECT submission_id FROM {table}")}  # nosec B608
    finally:
        conn.close()


def measure(folder: Path, name: str, command: list[str], mode: str, table: str, clients: int,
            seconds: float, send: Callable[[str, int], LoadResult] | None = None
            ) -> tuple[LoadResult, int, int, str]:
    """Run one server and one load; returns the load result, rows stored, acknowledged ids
    missing from the database, and the CPU the clients and the server used. `send(mode, port)`
    runs the load (default: `clients` closed-loop clients for `seconds`)."""
    database, port = folder / f"{name}.db", free_port()
    with ServerProcess(command, server_env(database, port), port, folder / f"{name}.log") as server:
        before, server_before = children_cpu(), server.cpu()
        result = (send or (lambda m, p: load(m, p, clients, seconds)))(mode, port)
        clients_cpu, server_cpu = children_cpu() - before, server.cpu() - server_before
    stored = stored_ids(database, table)
    wall = result.ended - result.started
    cpu = (f"CPU over {wall:.0f} s: clients {clients_cpu:.0f} s, server {server_cpu:.0f} s "
           f"(of {wall * (os.cpu_count() or 1):.0f} s available)")
    return result, len(stored), len(set(result.acknowledged) - stored), cpu


SERVERS = {"floor": (bench_server_command("floor"), "floor", "floor"),
           "submit": (serve_command(), "post", "responses"),
           "journey": (serve_command(), "journey", "responses")}


def at_rate(folder: Path, rate: float, seconds: float, senders: int,
            names: tuple[str, ...] = ("floor", "submit")) -> dict[str, tuple]:
    """The open loop: each server in `names` sent `rate` requests a second for `seconds`.
    Returns name -> (result, rows stored, acknowledged but not stored, CPU line)."""
    runs = {}
    for name in names:
        command, mode, table = SERVERS[name]
        runs[name] = measure(folder, name, command, mode, table, senders, seconds,
                             send=lambda m, p: load_at_rate(m, p, rate, seconds, senders))
    return runs


def open_loop_main(args) -> None:
    senders = args.senders or default_senders(args.rate)
    print(f"open loop: {args.rate:g} requests a second for {args.seconds:g} s from {senders} "
          "senders, whatever the replies; latency from each request's planned send time; "
          "serve.py defaults (2 workers x 4 threads, gthread), WAL + synchronous=FULL + "
          "BEGIN IMMEDIATE, loopback")
    print(CORES_NOTE)
    with tempfile.TemporaryDirectory() as tmp:
        runs = at_rate(Path(tmp), args.rate, args.seconds, senders)
    for name, (result, stored, missing, cpu) in runs.items():
        print(f"{name:8} sent {result.planned} at {args.rate:g} /s, answered {result.ok}  "
              f"{rate_line(result)}  errors: {error_line(result)}\n"
              f"         {schedule_line(result)}\n"
              f"         acknowledged {len(result.acknowledged)}, stored {stored}, acknowledged "
              f"but not stored {missing}; {cpu}")
    submit, stored, missing = runs["submit"][:3]
    p99 = {name: percentile(run[0].latencies, 99) * 1000 for name, run in runs.items()}
    print(f"p99 at {args.rate:g} /s: submit {p99['submit']:.0f} ms, floor {p99['floor']:.0f} ms")
    report({
        f"submit p99 under {P99_TARGET_MS} ms": p99["submit"] < P99_TARGET_MS,
        "the senders kept the schedule": all(run[0].kept_schedule for run in runs.values()),
        "every planned submission answered": submit.ok == submit.planned,
        "no errors": not submit.errors,
        "stored == acknowledged": stored == len(submit.acknowledged) and not missing,
    })


def report(checks: dict[str, bool]) -> None:
    for target, met in checks.items():
        print(f"  {'met ' if met else 'MISSED'} {target}")
    sys.exit(0 if all(checks.values()) else 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--clients", type=int, default=50, help="closed loop: clients")
    parser.add_argument("--rate", type=float, help="open loop: requests a second (e.g. 100)")
    parser.add_argument("--senders", type=int,
                        help="open loop: concurrent senders (default: one second's worth)")
    args = parser.parse_args()
    if args.rate is not None:
        if args.rate <= 0:
            parser.error("--rate must be above 0")
        open_loop_main(args)
        return
    print(f"{args.clients} concurrent clients, {args.seconds:g} s each; serve.py defaults "
          "(2 workers x 4 threads, gthread), WAL + synchronous=FULL + BEGIN IMMEDIATE, loopback")
    print(CORES_NOTE)
    runs = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for name, (command, mode, table) in SERVERS.items():
            result, stored, missing, cpu = measure(folder, name, command, mode, table,
                                                   args.clients, args.seconds)
            runs[name] = (result, stored, missing)
            print(f"{name:8} {result.rate:5.0f} /s  {latency_line(result)}  errors: "
                  f"{error_line(result)}\n         acknowledged {len(result.acknowledged)}, "
                  f"stored {stored}, acknowledged but not stored {missing}; {cpu}", flush=True)
    floor, submit = runs["floor"][0], runs["submit"][0]
    ratio = submit.rate / floor.rate if floor.rate else 0.0
    _, stored, missing = runs["submit"]
    print(f"submit / floor: {ratio:.2f}")
    report({
        "at least half the floor's rate": ratio >= 0.5,
        "no errors": not submit.errors,
        "stored == acknowledged": stored == len(submit.acknowledged) and not missing,
    })


if __name__ == "__main__":
    main()
