"""How long an officer's results page takes with all its charts, for a large consultation: the
charts drawn from one reading of the responses (kept, survey.results.chart_cache) against each
chart image reading every response again (the way before, measured in the same run by emptying
the kept charts before each image).

Usage: python bench/charts.py [--responses 5000]

It fills a fresh database with synthetic Trafford responses, signs in as an officer through the
real app (Flask's test client: no network), then loads the results page and every chart image
on it, three times each way, and prints the median of each beside the other.
"""
from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))
TRAFFORD = "trafford-corporate-parenting-review-2018"
PASSWORD = "a long bench password 4471"  # nosec B105: a throwaway account in a temporary file


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--responses", type=int, default=5000)
    args = parser.parse_args()
    from harness import hidden_fields
    from report import fill
    from survey.app import create_app
    from survey.results import chart_cache
    from survey.store.db import connect
    from survey.store.users import add_user

    with tempfile.TemporaryDirectory() as tmp:
        database = str(Path(tmp) / "bench.db")
        fill(database, args.responses)
        app = create_app({"SECRET_KEY": "bench-only", "DATABASE": database})
        add_user(connect(database), "officer1", PASSWORD, "officer")
        client = app.test_client()
        page = client.get("/staff/sign-in")
        client.post("/staff/sign-in", data={**hidden_fields(page.text), "username": "officer1",
                                            "password": PASSWORD})

        def visit(forget_each: bool) -> tuple[float, int]:
            chart_cache.forget()
            started = time.perf_counter()
            text = client.get(f"/staff/c/{TRAFFORD}").text
            images = re.findall(r'<img src="(/staff/c/[^"]+/charts/[^"]+\.png)', text)
            for image in images:
                if forget_each:
                    chart_cache.forget()
                assert client.get(image).status_code == 200
            return time.perf_counter() - started, len(images)

        times = {"kept": [], "again": []}
        for _ in range(3):
            for way, forget_each in (("again", True), ("kept", False)):
                seconds, images = visit(forget_each)
                times[way].append(seconds)
        again, kept = statistics.median(times["again"]), statistics.median(times["kept"])
        print(f"{args.responses:,} responses; the results page and its {images} chart images")
        print(f"  each image reads the responses again (before): {again:6.2f} s")
        print(f"  charts drawn from one reading, kept (now):     {kept:6.2f} s  "
              f"({kept / again:.2f} of before)")


if __name__ == "__main__":
    main()
