"""The printable "You said, we did" poster (issue 16): one A4 page for children's homes, schools
and the Children in Care Council, with what young people said, what the council did or will do
about it, and the QR code of the consultation's public link.

What goes on it is a fixed rule (`on_poster`), so the page always prints as one sheet of A4
(tests/test_browser.py prints it and counts the pages): only entries with an action; entries
with a done action first, then in progress, planned, not possible (the order of FIRST), oldest
first within each; at most MOST_ENTRIES of them, and no more than fit in LINES lines of text,
each line reckoned as LINE_WIDTH characters. The entries left off are counted in "And 3 more
at <link>" (or, when none fits, "See what you said and what we did at <link>"). An entry
that would not fit even alone is left off too, and counted: the poster never cuts a young
person's words, nor an officer's, mid-sentence; the officer is told how many were left off.

Words for young people are the named constants below (reading age 9:
tests/respond/test_reading_age.py measures them), the status words of survey.store.actions
(`Status.young`), and what officers wrote. The officer's notes (not printed) are in the
template. Storage: survey.store.actions and survey.store.results_pages.
"""
from __future__ import annotations

from dataclasses import dataclass
from math import ceil

from flask import Blueprint, render_template

from survey.store import actions, results_pages
from survey.store.actions import Action, Entry
from survey.web.auth import role_required
from survey.web.catalogue import consultation_or_404
from survey.web.per_request import get_db
from survey.workspace.share import public_link

bp = Blueprint("you_said_poster", __name__)

# Words for young people (reading age 9).
YOU_SAID = "You said"
WE_DID = "We did"
WE_WILL = "We will"
TOLD_US_ABOUT = "You told us about ‘{about}’."
BY_DAY = "By {day}"
WHY_NOT = "Why not: {reason}"
SCAN = "Scan to see all the results"
OR_GO_TO = "Or go to"
AND_MORE = "And {count} more at {link}"
SEE_ALL = "See what you said and what we did at {link}"
NOTHING_YET = "We are still working out what to do. Look again soon."

# The fixed rule of what fits on one A4 page (see the module's docstring). Measured in
# Chromium with you-said-poster.css: the densest layout, many one-line actions each with its
# status line, takes about 24px a line and went to a second page at 30 lines; 26 leaves room
# for "And N more". Change the print sizes and these together.
MOST_ENTRIES = 6
LINES = 26
LINE_WIDTH = 75
# Which entries come first: the one with a done action before one in progress, and so on.
FIRST = ("done", "in-progress", "planned", "not-possible")


@dataclass(frozen=True)
class PosterAction:
    label: str       # WE_DID or WE_WILL, or "" when `text` starts with it
    text: str
    status: str      # in young people's words
    due: str         # "By 30 June 2027", or ""
    why_not: str     # "Why not: ...", or ""


@dataclass(frozen=True)
class PosterEntry:
    said: str
    actions: tuple[PosterAction, ...]

    @property
    def lines(self) -> int:
        """About how many printed lines it takes (the module's docstring)."""
        def lines_of(text: str) -> int:
            return max(1, ceil(len(text) / LINE_WIDTH))
        return 1 + lines_of(self.said) + sum(
            lines_of(f"{a.label}: {a.text}") + lines_of(" ".join(filter(None, (
                a.status, a.due, a.why_not)))) for a in self.actions)


def _rank(status_id: str) -> int:
    return FIRST.index(status_id) if status_id in FIRST else len(FIRST)


def _long_date(day) -> str:
    return f"{day.day} {day:%B %Y}"


def poster_action(action: Action) -> PosterAction:
    label, text = (WE_DID, action.we_did) if action.we_did else (WE_WILL, action.we_will)
    return PosterAction(
        # Not "We will: We will ...": words that start with it need no label.
        label="" if text.lower().startswith(label.lower() + " ") else label,
        text=text,
        status=action.status.young,
        due=BY_DAY.format(day=_long_date(action.due))
        if action.due and action.status.open else "",   # none for done or not possible
        why_not=WHY_NOT.format(reason=action.reason)
        if action.status.needs_reason and action.reason else "")


def poster_entry(entry: Entry) -> PosterEntry:
    ordered = sorted(entry.actions, key=lambda a: _rank(a.status.id))  # stable: oldest first
    return PosterEntry(said=entry.said or TOLD_US_ABOUT.format(about=entry.label),
                       actions=tuple(poster_action(a) for a in ordered))


def on_poster(entries: dict) -> tuple[list[PosterEntry], int]:
    """The entries the poster shows, by the fixed rule, and how many more there are."""
    acted = [entry for entry in entries.values() if entry.actions]
    acted.sort(key=lambda e: min(_rank(a.status.id) for a in e.actions))   # stable
    shown, used = [], 0
    for entry in acted:
        item = poster_entry(entry)
        if len(shown) < MOST_ENTRIES and used + item.lines <= LINES:
            shown.append(item)
            used += item.lines
    return shown, len(acted) - len(shown)


@bp.get("/staff/c/<consultation_id>/poster/you-said")
@role_required("officer", "manager")
def poster(consultation_id: str):
    questionnaire = consultation_or_404(consultation_id)
    db = get_db()
    shown, more = on_poster(actions.entries(db, questionnaire.id))
    link = public_link(questionnaire.id)
    link_text = link.split("://", 1)[-1]
    return render_template(
        "workspace/you_said/poster.html", q=questionnaire, shown=shown, link_text=link_text,
        more=more, more_words=(AND_MORE if shown else SEE_ALL).format(count=more, link=link_text),
        published=results_pages.is_published(db, questionnaire.id),
        words={"you_said": YOU_SAID, "scan": SCAN, "or_go_to": OR_GO_TO,
               "nothing_yet": NOTHING_YET},
        most=MOST_ENTRIES)
