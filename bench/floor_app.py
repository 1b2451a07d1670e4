"""The floors the benches compare Have Your Say against, served exactly as serve.py serves it.

  python bench/floor_app.py floor          a minimal Flask app: POST /insert stores one row
  python bench/floor_app.py survey-hello   Have Your Say itself, plus GET /bench/hello

Both use serve.py's gunicorn settings (HAVEYOURSAY_WORKERS, _THREADS, _BIND; gthread) and
survey.store.db's connections (WAL, synchronous=FULL, busy timeout; BEGIN IMMEDIATE through write()),
one connection per request as the app does. The floor's table is created once in the master
before the workers start, as serve.py does for the app's schema.
"""
from __future__ import annotations

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from flask import Flask, g, redirect, request  # noqa: E402

import serve  # noqa: E402
from survey.store.db import connect, keep_open, write  # noqa: E402

FLOOR_SCHEMA = ("CREATE TABLE IF NOT EXISTS floor (id INTEGER PRIMARY KEY, "
                "submission_id TEXT NOT NULL UNIQUE, at REAL NOT NULL)")


def floor_app(database: str) -> Flask:
    app = Flask(__name__)

    @app.post("/insert")
    def insert():
        keep_open(database)   # as the app's requests do (survey.web.per_request.get_db)
        db = g.db = connect(database)
        with write(db):
            db.execute("INSERT INTO floor (submission_id, at) VALUES (?, ?)",
                       [request.form["submission_id"], time.time()])
        return redirect("/done")

    @app.get("/")
    def ready():
        return "ready"

    @app.teardown_appcontext
    def close(_error=None):
        db = g.pop("db", None)
        if db is not None:
            db.conn.close()

    return app


def survey_hello_app():
    app = serve.production_app()
    app.add_url_rule("/bench/hello", "bench_hello", lambda: "Hello, world!")
    return app


def main() -> None:
    kind = sys.argv[1] if len(sys.argv) > 1 else ""
    chosen = serve.settings()
    if kind == "floor":
        database = os.environ["HAVEYOURSAY_DATABASE"]
        db = connect(database)   # the schema once, in the master
        with write(db):
            db.execute(FLOOR_SCHEMA)
        db.conn.close()
        load = lambda: floor_app(database)  # noqa: E731
    elif kind == "survey-hello":
        serve.prepare()
        load = survey_hello_app
    else:
        sys.exit("usage: python bench/floor_app.py floor|survey-hello")
    serve.Server(load, serve.gunicorn_options(chosen)).run()


if __name__ == "__main__":
    main()
