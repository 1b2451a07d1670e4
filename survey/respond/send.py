"""Sending a young person's answers: the one way a response is stored from their pages, used by
the one-page form and by the paged check page alike.

What must stay true:
- A response and all its answers are stored in one transaction, claiming the invitation code
  this browser holds (if any) in that same transaction
  (survey.respond.invitation_code.save_with_held_code).
- Nothing a young person sends is lost without them being told: when the database fails, `send`
  returns None and the page they sent from is shown again, with their answers still on it and
  NOT_SAVED at the top (status 503). There is one such message, wherever they sent from.
- The same submission id sent again (a double click, Back and send again) stores nothing more and
  gets the thanks page, as the first send did (save_response looks for it before anything else).
"""
from __future__ import annotations

import sqlite3
from typing import Callable, Iterable

from flask import current_app, redirect, url_for

from survey.store import invitations
from survey.respond import help_now, invitation_code
from survey.web.per_request import get_db
from survey.web.language import N_
from survey.store.responses import Answer

# For a 12-year-old: what happened (nothing was sent), that it is not their fault, that nothing
# is lost, and what to do.
NOT_SAVED = N_("Sorry, something went wrong on our side. Your answers were not sent, but they are "
               "still here. Please try again in a minute")


def send(questionnaire, answers: Iterable[Answer], submission_id: str,
         then: Callable[[], None] | None = None):
    """Store one response; where to go next, or None when it could not be stored.

    Returns the thanks page (a redirect) once stored, or the code page when the invitation code
    was refused (used meanwhile, or none held where one is needed). `then` runs once the response
    is stored (the paged flow deletes its draft there): should it fail on the database, the young
    person is told their answers were not sent, which is safe, since sending again finds the
    stored response and says thanks.

    None: nothing was stored (the failure is logged); the caller shows its page again with
    NOT_SAVED and status 503.
    """
    answers = list(answers)  # read twice: stored, then asked whether to offer help
    try:
        invitation_code.save_with_held_code(get_db(), questionnaire, answers, submission_id)
        if then is not None:
            then()
    except invitations.CodeUsed as refused:
        return invitation_code.page(questionnaire, message=refused.message)
    except sqlite3.Error:
        current_app.logger.exception("could not store a response")
        return None
    help_now.remember(questionnaire, answers)  # the thanks page offers help, large
    return redirect(url_for("respond.thanks", consultation_id=questionnaire.id))
