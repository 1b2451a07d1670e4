"""How long `survey report` and `survey export --xlsx` take, and how much memory, for 1,000 /
10,000 / 100,000 responses.

Usage: python bench/report.py [--sizes 1000,10000,100000]

For each size it fills a fresh database with synthetic Trafford responses, then in separate
processes (so each peak memory figure is that run's own) times:
  report  the full `survey report`: the managers' results workbook (summary, published through
          the disclosure layer, charts, comments; no row per response)
  raw     the team's raw responses workbook (`survey export --xlsx`): one row per response
  floor   writing the same raw rows alone with openpyxl in write-only mode: one row per response,
          the same cells as the raw Responses sheet, built in memory before the clock starts
Targets at 100,000: report and raw each under 3x the floor and under 500 MB peak, growing
linearly.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
# This checkout's code, not whichever copy is installed: comparing two checkouts measures both.
sys.path.insert(0, str(REPO))
TRAFFORD = "trafford-corporate-parenting-review-2018"


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


def fill(db_path: str, size: int) -> float:
    from survey.store.db import open_database
    from survey.definition import load_file
    from survey.store.demo import demo_responses
    from survey.store.responses import save_many
    questionnaire = load_file(REPO / "questionnaires" / f"{TRAFFORD}.yaml")
    started = time.perf_counter()
    save_many(open_database(db_path), questionnaire, demo_responses(questionnaire, size, seed=size))
    return time.perf_counter() - started


def run_report(db_path: str, out: str) -> dict:
    from survey.store.db import open_database
    from survey.definition import load_file
    from survey.results.reports import write_report
    questionnaire = load_file(REPO / "questionnaires" / f"{TRAFFORD}.yaml")
    started = time.perf_counter()
    write_report(open_database(db_path), questionnaire, out, charts_dir=Path(out).with_suffix(""))
    return {"seconds": time.perf_counter() - started, "peak_mb": peak_mb()}


def run_raw(db_path: str, out: str) -> dict:
    from survey.store.db import open_database
    from survey.definition import load_file
    from survey.results.reports import write_raw_workbook
    questionnaire = load_file(REPO / "questionnaires" / f"{TRAFFORD}.yaml")
    started = time.perf_counter()
    write_raw_workbook(open_database(db_path), questionnaire, out)
    return {"seconds": time.perf_counter() - started, "peak_mb": peak_mb()}


def run_floor(db_path: str, out: str) -> dict:
    from openpyxl import Workbook
    from survey.store.db import open_database
    from survey.definition import load_file
    from survey.store.responses import iter_responses
    questionnaire = load_file(REPO / "questionnaires" / f"{TRAFFORD}.yaml")
    columns = [(q.id, s.id) for q in questionnaire.questions for s in q.statements] + [
        (q.id, "") for q in questionnaire.questions if not q.statements]
    rows = [[r.id, r.submitted_at, r.channel] + [", ".join(r.values(*c)) for c in columns]
            for r in iter_responses(open_database(db_path), TRAFFORD)]
    started = time.perf_counter()
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Responses")
    sheet.append(["id", "submitted", "channel"] + [f"{q}/{s}" for q, s in columns])
    for row in rows:
        sheet.append(row)
    book.save(out)
    return {"seconds": time.perf_counter() - started, "peak_mb": peak_mb()}


def measure(mode: str, db_path: str, out: str) -> dict:
    """Run one measurement in a fresh process and read its figures back."""
    result = subprocess.run([sys.executable, __file__, "--one", mode, db_path, out],
                            capture_output=True, text=True, check=True, cwd=REPO)
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--one", nargs=3, metavar=("MODE", "DB", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        mode, db_path, out = args.one
        print(json.dumps({"report": run_report, "raw": run_raw, "floor": run_floor}[mode](
            db_path, out)))
        return

    print(f"{'responses':>10} {'fill s':>7} {'report s':>9} {'raw s':>6} {'floor s':>8} "
          f"{'ratios':>11} {'report MB':>10} {'raw MB':>7} {'floor MB':>9} {'report s/1k':>12}")
    with tempfile.TemporaryDirectory() as folder:
        for size in (int(s) for s in args.sizes.split(",")):
            db_path = os.path.join(folder, f"bench-{size}.db")
            filled = fill(db_path, size)
            report = measure("report", db_path, os.path.join(folder, f"report-{size}.xlsx"))
            raw = measure("raw", db_path, os.path.join(folder, f"raw-{size}.xlsx"))
            floor = measure("floor", db_path, os.path.join(folder, f"floor-{size}.xlsx"))
            ratios = (f"{report['seconds'] / floor['seconds']:.2f}/"
                      f"{raw['seconds'] / floor['seconds']:.2f}")
            print(f"{size:>10,} {filled:>7.1f} {report['seconds']:>9.1f} {raw['seconds']:>6.1f} "
                  f"{floor['seconds']:>8.1f} {ratios:>11} {report['peak_mb']:>10.0f} "
                  f"{raw['peak_mb']:>7.0f} {floor['peak_mb']:>9.0f} "
                  f"{1000 * report['seconds'] / size:>12.3f}", flush=True)
    print("targets at 100,000: ratios (report/floor, raw/floor) under 3.00, each under 500 MB; "
          "s/1k roughly flat (linear)")


if __name__ == "__main__":
    main()
