"""Serve Have Your Say to many people: `python serve.py` (see docs/deploy.md).

gunicorn, in production mode, with settings from the environment:
  HAVEYOURSAY_SECRET_KEY   required: a long random value (python -c 'import secrets; print(secrets.token_hex(32))')
  HAVEYOURSAY_DATABASE     the SQLite file on a local disk (default instance/haveyoursay.db)
  HAVEYOURSAY_BIND         address:port to listen on (default 127.0.0.1:8000)
  HAVEYOURSAY_WORKERS      processes (default 2)
  HAVEYOURSAY_THREADS      threads per process (default 4)
  HAVEYOURSAY_PROXIES      how many reverse proxies stand in front; only then are their
                           X-Forwarded-* headers trusted (default: none trusted)

The schema is created or migrated once, here in the gunicorn master, before any worker is forked:
several workers creating a new database at the same moment race (see docs/deploy.md). The master
also runs the production checks, so a bad setting stops the start with one line, not a crash loop.
"""
from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from typing import Callable

from gunicorn.app.base import BaseApplication
from werkzeug.middleware.proxy_fix import ProxyFix

DEFAULTS = {"BIND": "127.0.0.1:8000", "WORKERS": "2", "THREADS": "4"}


class SettingError(ValueError):
    """A HAVEYOURSAY_* server setting that cannot be used."""


@dataclass(frozen=True)
class Settings:
    bind: str
    workers: int
    threads: int
    proxies: int  # 0: forwarded headers are ignored


def _whole_number(environ, name: str, minimum: int) -> int:
    raw = environ.get(f"HAVEYOURSAY_{name}", DEFAULTS.get(name, "0")).strip()
    if not raw.isdigit() or int(raw) < minimum:
        raise SettingError(f"HAVEYOURSAY_{name} must be a whole number of {minimum} or more "
                           f"(it is {raw!r})")
    return int(raw)


def settings(environ=os.environ) -> Settings:
    return Settings(
        bind=environ.get("HAVEYOURSAY_BIND", DEFAULTS["BIND"]).strip(),
        workers=_whole_number(environ, "WORKERS", 1),
        threads=_whole_number(environ, "THREADS", 1),
        proxies=_whole_number(environ, "PROXIES", 0) if environ.get("HAVEYOURSAY_PROXIES") else 0,
    )


def gunicorn_options(chosen: Settings) -> dict:
    return {
        "bind": [chosen.bind],
        "workers": chosen.workers,
        "threads": chosen.threads,
        "worker_class": "gthread",
        "proc_name": "haveyoursay",
        # Forwarded headers are ProxyFix's job (only with HAVEYOURSAY_PROXIES): gunicorn must not
        # also believe them, even from 127.0.0.1.
        "forwarded_allow_ips": "",
        "secure_scheme_headers": {},
        # No access log: it would hold every young person's IP address. Errors go to stderr.
        "accesslog": None,
        "errorlog": "-",
        # Nothing else may steer this server at run time.
        "control_socket_disable": True,
        "reload": False,
        # heartbeat files in memory, as gunicorn advises, not on a disk that may stall
        "worker_tmp_dir": "/dev/shm" if os.path.isdir("/dev/shm") else None,  # nosec B108: gunicorn's heartbeat files, no data
    }


def production_app(proxies: int = 0):
    """The app in production mode, behind `proxies` trusted reverse proxies."""
    from survey.app import create_app
    # HAVEYOURSAY_DEBUG / FLASK_DEBUG are read as usual, so that check_config refuses them.
    app = create_app({"PRODUCTION": True})
    if proxies:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies,
                                x_prefix=proxies)
    return app


class Server(BaseApplication):
    """gunicorn, configured from a dict; `load_app` builds the WSGI app in each worker."""

    def __init__(self, load_app: Callable[[], object], options: dict):
        self.load_app = load_app
        self.options = options
        super().__init__()

    def load_config(self):
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        return self.load_app()


def prepare() -> str:
    """In the master, before forking: check the production settings and create or migrate the
    schema (create_app does both, then closes every connection). Returns the database path."""
    app = production_app()
    return app.config["DATABASE"]


def main() -> None:
    from survey.production import ConfigError
    try:
        chosen = settings()
        database = prepare()
    except (SettingError, ConfigError) as error:
        for line in str(error).splitlines():
            print(f"serve.py: {line}", file=sys.stderr)
        sys.exit(1)
    print(f"Have Your Say: serving http://{chosen.bind} with {chosen.workers} worker(s) x "
          f"{chosen.threads} thread(s); {chosen.proxies or 'no'} trusted proxy(ies); "
          f"database {database}", file=sys.stderr, flush=True)
    Server(lambda: production_app(chosen.proxies), gunicorn_options(chosen)).run()


if __name__ == "__main__":
    main()
