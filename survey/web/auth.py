"""Who is signed in, and the guard on every staff page.

A signed-in browser holds a random session token; the session itself lives on the server
(survey.store.sessions), so it can be ended there. Every request looks it up before anything else
(`load_user`, registered by `init_app`); the sign-in and sign-out pages are
survey.workspace.sign_in.
"""
from __future__ import annotations

import functools

from flask import Flask, abort, current_app, g, redirect, request, session, url_for

from survey.store import sessions
from survey.web.per_request import get_db
from survey.store.users import get_user

TOKEN = "staff_token"  # nosec B105: the name of a session key, not a password


def init_app(app: Flask) -> None:
    """Look up who is signed in before every request (before any other hook)."""
    app.before_request(load_user)


def load_user() -> None:
    set_user(None)
    token = session.get(TOKEN)
    if not token:
        return
    db = get_db()
    user_id = sessions.resume(db, token, current_app.config["STAFF_IDLE_MINUTES"] * 60)
    set_user(get_user(db, user_id) if user_id else None)  # a disabled user is no user
    if g.user is None:
        session.pop(TOKEN, None)


def set_user(user) -> None:
    """Who this request is by: `g.user` for the pages, and `signed_in` on the request's
    connection for the audit log (survey.store.audit), if one is open; a connection opened
    later takes it from `g.user` (survey.web.per_request.get_db). No connection is opened here,
    so a request that needs no database (a stylesheet) opens none."""
    g.user = user
    if "db" in g:
        g.db.signed_in = user


def staff_required(view):
    """Any signed-in staff member; anyone else is sent to sign in."""
    @functools.wraps(view)
    def wrapped(**kwargs):
        if g.user is None:
            return redirect(url_for("auth.sign_in", next=request.path))
        return view(**kwargs)
    return wrapped


def role_required(*roles: str):
    """Staff holding one of `roles` only: others signed in get 403, anyone else signs in."""
    def decorate(view):
        @functools.wraps(view)
        def wrapped(**kwargs):
            if g.user is None:
                return redirect(url_for("auth.sign_in", next=request.path))
            if not g.user.has(*roles):
                abort(403)
            return view(**kwargs)
        return wrapped
    return decorate
