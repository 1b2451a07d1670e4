"""Start Have Your Say locally: `python run.py` (see README.md).

Creates the database if missing, loads every definition in questionnaires/, and on the first
start with no staff account creates an officer and prints its password once.
"""
from __future__ import annotations

import argparse
import os

from survey.app import create_app
from survey.web.per_request import get_db
from survey.store.users import add_user, count_users, random_password


def first_start(app, base: str) -> str | None:
    """With no staff account yet, make an officer (who is also admin and manager) and return
    the message that gives its password, once: where to sign in, and the two ways to add more
    accounts (the Users page, or the `survey user add` command). None when accounts exist."""
    with app.app_context():
        db = get_db()
        if count_users(db):
            return None
        password = random_password()
        add_user(db, "officer", password, ("admin", "officer", "manager"))
    return ("\nFirst start: a staff account was made. Sign in at "
            f"{base}/staff/sign-in with\n"
            f"  user name: officer\n  password:  {password}\n"
            "This is shown only once. Add more accounts on the Users page, "
            f"{base}/staff/admin/ (Users and audit log),\n"
            "or with the command: survey user add NAME --role manager\n")


def main() -> None:
    parser = argparse.ArgumentParser(description="Start Have Your Say on this computer.")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=5000, help="port (default 5000)")
    parser.add_argument("--db", default=os.path.join("instance", "haveyoursay.db"),
                        help="SQLite file, created if missing (default instance/haveyoursay.db)")
    parser.add_argument("--questionnaires", default="questionnaires",
                        help="folder of questionnaire definitions (default questionnaires)")
    args = parser.parse_args()

    app = create_app({"DATABASE": os.path.abspath(args.db),
                      "QUESTIONNAIRES": os.path.abspath(args.questionnaires)})
    if message := first_start(app, f"http://{args.host}:{args.port}"):
        print(message)
    registry = app.extensions["haveyoursay.catalogue"]
    print(f"Loaded {len(registry.questionnaires)} questionnaire(s) from {args.questionnaires}; "
          f"{len(registry.failures)} could not be loaded (see /staff).")
    print(f"Database: {os.path.abspath(args.db)}")
    # Flask's development server: for one computer. See README.md for serving many people.
    app.run(host=args.host, port=args.port, debug=False)


if __name__ == "__main__":
    main()
