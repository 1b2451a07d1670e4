"""Have Your Say's app factory: settings, the database, the loaded questionnaires and every
blueprint, put together by `create_app` (the Flask tutorial's pattern)."""
from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path

from flask import Flask
from jinja2 import ChoiceLoader, PackageLoader, PrefixLoader

from survey.web import per_request as web
from survey.store.catalogue import Catalogue
from survey.store.responses import record_definition

REPO_ROOT = Path(__file__).resolve().parent.parent


def _secret_key(instance_path: str) -> str:
    """A key kept in the instance folder, made on first start and never committed."""
    path = Path(instance_path) / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_hex(32))
    return path.read_text().strip()


def create_app(test_config: dict | None = None) -> Flask:
    """Build the app. `test_config` overrides settings (tests, run.py's flags)."""
    from survey.web.per_request import Request
    app = Flask(__name__, instance_relative_config=True)
    app.request_class = Request
    app.config.from_mapping(
        SECRET_KEY=None,
        DATABASE=os.path.join(app.instance_path, "haveyoursay.db"),
        QUESTIONNAIRES=str(REPO_ROOT / "questionnaires"),
        # The officers' guide, a staff page (survey/workspace/guide.py); none if the file is missing.
        OFFICERS_GUIDE=str(REPO_ROOT / "docs" / "officers.md"),
        SUPPRESSION_THRESHOLD=10,
        # The largest form is a few KB; anything far bigger is refused with a clear page.
        MAX_CONTENT_LENGTH=512 * 1024,
        MAX_FORM_PARTS=500,
        # CSRF tokens last long enough for a young person who stops halfway to finish.
        WTF_CSRF_TIME_LIMIT=8 * 3600,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        PERMANENT_SESSION_LIFETIME=timedelta(hours=8),
        # Staff are signed out after this long without a request.
        STAFF_IDLE_MINUTES=30,
        # Answers saved with a resume code are kept this long after the last change.
        DRAFT_DAYS=14,
    )
    # Settings from HAVEYOURSAY_* environment variables, then whatever the caller gives.
    app.config.from_prefixed_env("HAVEYOURSAY")
    app.config.update(test_config or {})
    if app.config.get("PRODUCTION"):
        from survey.production import check_config
        check_config(app.config)  # refuses to start with a weak or missing setting
    if not app.config["SECRET_KEY"]:
        app.config["SECRET_KEY"] = _secret_key(app.instance_path)

    app.jinja_loader = ChoiceLoader([
        app.jinja_loader,
        PrefixLoader({"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja")}),
    ])
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True

    web.init_database(app)
    registry = Catalogue.load(app.config["QUESTIONNAIRES"])
    app.extensions["haveyoursay.catalogue"] = registry
    with app.app_context():
        database = web.get_db()
        for questionnaire in registry.questionnaires.values():
            record_definition(database, questionnaire)

    from survey.builder import (conditions, consultations, logo, removal, scales,  # noqa: F401
                                settings, structure)
    from survey.respond import chosen, one_page, paged, results
    from survey.web import auth, errors, language
    from survey.workspace import (account, admin, comments, guide, lifecycle, paper_entry,
                                  results_page, results_publish, retention, safeguarding,
                                  share, sign_in, you_said, you_said_poster)
    from survey.builder import versions  # the Versions page for age bands
    web.init_app(app)
    # The fixed words of young people's pages in their language (g.language); staff pages in English.
    language.init_app(app)
    errors.init_app(app)
    auth.init_app(app)  # who is signed in: first, before every other hook
    chosen.register(app)  # a young person's language and version, carried in their addresses
    # The young person's pages, then the officers' and managers' workspace: the consultations
    # and their results, accounts and the audit log, changing a password, paper and group entry,
    # comments and themes, safeguarding review, retention, consultation states, and reaching
    # young people (link, QR code, poster, invitation codes); then the builder. The builder's
    # scales, conditions and logo pages add their routes to the settings blueprint when
    # imported, and removal its routes to the structure editor's, so they are imported (above)
    # before those are registered.
    for part in (sign_in, one_page, paged, results_page, admin, account, paper_entry,
                 consultations, comments, safeguarding, retention, lifecycle, share, structure,
                 settings, guide, you_said, you_said_poster, results, results_publish, versions):
        app.register_blueprint(part.bp)
    from survey.builder import languages  # the builder's Languages page
    app.register_blueprint(languages.bp)
    return app
