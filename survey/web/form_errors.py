"""What every form on every page shares: the text a person typed, cleaned of characters no one
means to type, and the errors in the order the fields appear, for the GOV.UK error summary.

A FieldError names the field's id, so the summary's link lands on it; a page-wide problem (an
expired page, say) has no name.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from flask_babel import gettext
from flask_wtf import FlaskForm

from survey.web.language import N_

# Characters that no one means to type and that spreadsheets refuse (a single vertical tab
# would make the whole Excel export fail): removed as the answer comes in. That is every control
# character but tab and line feed, including the C1 set (U+0080-U+009F) that old encodings leave.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def clean_text(value: str | None) -> str | None:
    if value is None:
        return None
    return CONTROL_CHARACTERS.sub("", value.replace("\r\n", "\n").replace("\r", "\n")).strip()


@dataclass(frozen=True)
class FieldError:
    name: str | None   # the id to link to; None for a problem with the page, not a field
    message: str


# Fields the young person never sees: an error in them means the page is old (the CSRF token
# or submission id expired or was tampered with). Their answers are kept; they send again.
HIDDEN_FIELDS = {"csrf_token", "submission_id"}
# Said to a young person too, so in words a nine-year-old knows ("timed out" is not one).
TIMED_OUT = N_("This page was open for too long. Your answers are still here: check them and send them again")


def errors_in_order(form: FlaskForm) -> list[FieldError]:
    """Errors in the order the fields appear on the page, for the error summary, in the page's
    language."""
    errors = [FieldError(None, gettext(TIMED_OUT))] if any(
        form[name].errors for name in HIDDEN_FIELDS if name in form) else []
    # str(): a form made once for every request carries its messages as lazy strings, made
    # in the page's language only now (survey.respond.flow.CodeForm).
    return errors + [FieldError(field.name, str(field.errors[0]))
                     for field in form if field.errors and field.name not in HIDDEN_FIELDS]
