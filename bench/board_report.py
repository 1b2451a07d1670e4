"""How long the board report takes, and how much memory, beside the results workbook for the
same data in the same run.

Usage: python bench/board_report.py [--sizes 10000]

For each size it fills a fresh database with synthetic Trafford responses (bench/report.py's
fill), then in separate processes (so each peak memory figure is that run's own) writes:
  workbook  the managers' results workbook (`survey report`)
  word      the board report as .docx (`survey board-report --out report.docx`)
  pdf       the board report as a tagged PDF (`survey board-report --out report.pdf`)
Target at 10,000 responses: each board report under 30 s.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from report import TRAFFORD, fill, peak_mb  # noqa: E402  (bench/report.py, beside this file)

TARGET_SECONDS = 30


def run_one(mode: str, db_path: str, out: str) -> dict:
    from survey.definition import load_file
    from survey.store.db import open_database
    questionnaire = load_file(REPO / "questionnaires" / f"{TRAFFORD}.yaml")
    db = open_database(db_path)
    started = time.perf_counter()
    if mode == "workbook":
        from survey.results.reports import write_report
        write_report(db, questionnaire, out)
    else:
        from survey.results.board import write_board_report
        write_board_report(db, questionnaire, out, {"word": "docx", "pdf": "pdf"}[mode])
    return {"seconds": time.perf_counter() - started, "peak_mb": peak_mb(),
            "kb": os.path.getsize(out) / 1024}


def measure(mode: str, db_path: str, out: str) -> dict:
    """Run one measurement in a fresh process and read its figures back."""
    result = subprocess.run([sys.executable, __file__, "--one", mode, db_path, out],
                            capture_output=True, text=True, check=True, cwd=REPO)
    return json.loads(result.stdout.strip().splitlines()[-1])


MODES = {"workbook": "xlsx", "word": "docx", "pdf": "pdf"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10000")
    parser.add_argument("--one", nargs=3, metavar=("MODE", "DB", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_one(*args.one)))
        return
    print(f"{'responses':>10} {'what':>9} {'seconds':>8} {'peak MB':>8} {'file KB':>8}  target")
    with tempfile.TemporaryDirectory() as folder:
        for size in (int(s) for s in args.sizes.split(",")):
            db_path = os.path.join(folder, f"bench-{size}.db")
            fill(db_path, size)
            for mode, extension in MODES.items():
                found = measure(mode, db_path, os.path.join(folder, f"{mode}-{size}.{extension}"))
                verdict = ("" if mode == "workbook" else
                           "ok" if found["seconds"] < TARGET_SECONDS else "OVER")
                print(f"{size:>10,} {mode:>9} {found['seconds']:>8.1f} {found['peak_mb']:>8.0f} "
                      f"{found['kb']:>8.0f}  {verdict}", flush=True)
    print(f"target: each board report under {TARGET_SECONDS} s at 10,000 responses")


if __name__ == "__main__":
    main()
