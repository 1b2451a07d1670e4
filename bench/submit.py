"""How many complete responses a second the production server stores, against the floor.

Usage: python bench/submit.py [--seconds 20] [--clients 50]

In one run, with the same server settings (serve.py's gunicorn: HAVEYOURSAY_WORKERS, default 2,
x HAVEYOURSAY_THREADS, default 4, gthread; survey.store.db's connections: WAL, synchronous=FULL,
BEGIN IMMEDIATE; a new connection per request), each on a fresh database on loopback:
  floor    bench/floor_app.py: POST /insert stores one row
  submit   serve.py: POST of a complete Trafford response (CSRF checked, every answer validated,
           one response and its 9 answers in one transaction), each with a new submission id;
           each client opened the form once first (session cookie and CSRF token)
  journey  serve.py: GET the form, then POST it, per response, as a young person does
Clients are real concurrent HTTP clients (http.client, keep-alive), threads spread over 5
processes. Latency is of the POST alone, in every mode.
Targets: submit at least half the floor's rate, p99 under 250 ms, no errors, stored == acknowledged.
"""
from __future__ import annotations

import argparse
import os
import sqlite3
import sys
import tempfile
from pathlib import Path

from harness import (CORES_NOTE, LoadResult, ServerProcess, bench_server_command, children_cpu,
                     error_line, free_port, latency_line, load, percentile, serve_command,
                     server_env)


def stored_ids(database: Path, table: str) -> set[str]:
    conn = sqlite3.connect(database)
    try:
        return {row[0] for row in conn.execute(f"SELECT submission_id FROM {table}")}  # nosec B608
    finally:
        conn.close()


def measure(folder: Path, name: str, command: list[str], mode: str, table: str, clients: int,
            seconds: float) -> tuple[LoadResult, int, int, str]:
    """Run one server and one load; returns the load result, rows stored, acknowledged ids
    missing from the database, and the CPU the clients and the server used."""
    database, port = folder / f"{name}.db", free_port()
    with ServerProcess(command, server_env(database, port), port, folder / f"{name}.log") as server:
        before, server_before = children_cpu(), server.cpu()
        result = load(mode, port, clients, seconds)
        clients_cpu, server_cpu = children_cpu() - before, server.cpu() - server_before
    stored = stored_ids(database, table)
    wall = result.ended - result.started
    cpu = (f"CPU over {wall:.0f} s: clients {clients_cpu:.0f} s, server {server_cpu:.0f} s "
           f"(of {wall * (os.cpu_count() or 1):.0f} s available)")
    return result, len(stored), len(set(result.acknowledged) - stored), cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--clients", type=int, default=50)
    args = parser.parse_args()
    print(f"{args.clients} concurrent clients, {args.seconds:g} s each; serve.py defaults "
          "(2 workers x 4 threads, gthread), WAL + synchronous=FULL + BEGIN IMMEDIATE, loopback")
    print(CORES_NOTE)
    runs = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for name, command, mode, table in (
                ("floor", bench_server_command("floor"), "floor", "floor"),
                ("submit", serve_command(), "post", "responses"),
                ("journey", serve_command(), "journey", "responses")):
            result, stored, missing, cpu = measure(folder, name, command, mode, table,
                                                   args.clients, args.seconds)
            runs[name] = (result, stored, missing)
            print(f"{name:8} {result.rate:5.0f} /s  {latency_line(result)}  errors: "
                  f"{error_line(result)}\n         acknowledged {len(result.acknowledged)}, "
                  f"stored {stored}, acknowledged but not stored {missing}; {cpu}", flush=True)
    floor, submit = runs["floor"][0], runs["submit"][0]
    ratio = submit.rate / floor.rate if floor.rate else 0.0
    p99 = percentile(submit.latencies, 99) * 1000
    _, stored, missing = runs["submit"]
    checks = {
        "at least half the floor's rate": ratio >= 0.5,
        "p99 under 250 ms": p99 < 250,
        "no errors": not submit.errors,
        "stored == acknowledged": stored == len(submit.acknowledged) and not missing,
    }
    print(f"submit / floor: {ratio:.2f}")
    for target, met in checks.items():
        print(f"  {'met ' if met else 'MISSED'} {target}")
    sys.exit(0 if all(checks.values()) else 1)


if __name__ == "__main__":
    main()
