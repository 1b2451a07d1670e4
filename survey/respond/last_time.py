""""Last time you said ..., we did ...": what a later wave's start page (and the top of its
one-page form) tells young people about the wave just before it (issue 16: waves carry "You
said, we did" on).

The wave before is found as `survey compare` finds it: the consultations of the same `series`
in the catalogue, in `analysis.waves.wave_order`. Up to MOST "You said" entries' actions are
shown, done ones first, each with its "You said" words, its "We did" words (else "We will"),
and its status in young people's words (`Status.young`), then a link to the earlier wave's own
address, which shows its results once they are published.

What must stay true:
- Nothing is shown unless the earlier wave's results page is published
  (`survey.store.results_pages.is_published`): an officer's draft actions are never shown;
  taking the page down takes these away too.
- An entry with no "You said" words yet is left out: a young person never reads "You said:"
  followed by nothing.
- `LastTime` is the whole of what is shown, and hashable: the one-page form's cache
  (`survey.respond.pagecache`) keys on it, so a changed action or publishing shows at once.
- Words here read at age 9 (tests/respond/test_reading_age.py collects these constants).
"""
from __future__ import annotations

from dataclasses import dataclass

import sqlite_utils

from survey.definition import Questionnaire
from survey.results.reports import wave_before
from survey.store import actions, results_pages
from survey.store.catalogue import Catalogue
from survey.web.language import N_

MOST = 3
# In English; respond/_last_time.html shows them in the page's language.
HEADING = N_("What we did after last time")
INTRO = N_("Last time, you told us what you think. Here is what we did.")
YOU_SAID = N_("You said")
WE_DID = N_("We did")
WE_WILL = N_("We will")
SEE_MORE = N_("See what else we did")


@dataclass(frozen=True)
class Said:
    said: str          # the "You said" words
    label: str         # WE_DID or WE_WILL
    did: str           # the "We did" words, else the "We will" words
    status: str        # the status in young people's words


@dataclass(frozen=True)
class LastTime:
    earlier_id: str    # the wave before: its link shows the rest
    items: tuple[Said, ...]


def last_time(db: sqlite_utils.Database, registry: Catalogue,
              questionnaire: Questionnaire) -> LastTime | None:
    """What to show from the wave before, or None when there is nothing to show."""
    earlier = wave_before(registry, questionnaire)
    if earlier is None or not results_pages.is_published(db, earlier.id):
        return None
    found = [(entry.said, action) for entry in actions.entries(db, earlier.id).values()
             if entry.said for action in entry.actions]
    if not found:
        return None
    found.sort(key=lambda pair: pair[1].status.id != "done")     # stable: done ones first
    return LastTime(earlier.id, tuple(
        Said(said, WE_DID if action.we_did else WE_WILL, action.we_did or action.we_will,
             action.status.young)
        for said, action in found[:MOST]))
