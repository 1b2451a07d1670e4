"""How long young people's results page takes for a large consultation: the first view (the
published summary worked out from every response) against a view while nothing has changed
(kept, survey.results.young_results), with the officers' results page for the same data as
the baseline measured in the same run. A QR code on a poster can bring a whole school's phones
to this page at once, so a kept view must cost about what a plain page does.

Usage: python bench/results_page.py [--responses 5000] [--views 50]

It fills a fresh database with synthetic Trafford responses, publishes the results page, and
loads it through the real app (Flask's test client: no network).
"""
from __future__ import annotations

import argparse
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
    parser.add_argument("--views", type=int, default=50)
    args = parser.parse_args()
    from harness import hidden_fields
    from report import fill
    from survey.app import create_app
    from survey.results import chart_cache, young_results
    from survey.store import results_pages
    from survey.store.db import connect
    from survey.store.users import add_user

    with tempfile.TemporaryDirectory() as tmp:
        database = str(Path(tmp) / "bench.db")
        fill(database, args.responses)
        db = connect(database)
        results_pages.publish(db, TRAFFORD)
        add_user(db, "officer1", PASSWORD, "officer")
        app = create_app({"SECRET_KEY": "bench-only", "DATABASE": database})
        young = app.test_client()
        staff = app.test_client()
        page = staff.get("/staff/sign-in")
        staff.post("/staff/sign-in", data={**hidden_fields(page.text), "username": "officer1",
                                           "password": PASSWORD})

        def timed(client, url: str, forget) -> float:
            forget()
            started = time.perf_counter()
            assert client.get(url).status_code == 200
            return time.perf_counter() - started

        results = f"/c/{TRAFFORD}/results"
        first = statistics.median(timed(young, results, young_results.forget) for _ in range(3))
        young.get(results)
        kept = statistics.median(timed(young, results, lambda: None) for _ in range(args.views))
        officers = statistics.median(timed(staff, f"/staff/c/{TRAFFORD}", chart_cache.forget)
                                     for _ in range(3))
        hello = statistics.median(timed(young, "/", lambda: None) for _ in range(args.views))
        print(f"{args.responses:,} responses; medians")
        print(f"  officers' results page, first view (baseline): {officers * 1000:8.1f} ms")
        print(f"  young people's results page, first view:        {first * 1000:8.1f} ms")
        print(f"  young people's results page, kept view:         {kept * 1000:8.1f} ms")
        print(f"  the list of consultations (a plain page):       {hello * 1000:8.1f} ms")


if __name__ == "__main__":
    main()
