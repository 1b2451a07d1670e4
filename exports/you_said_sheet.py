"""The workbook's "You said, we did" sheet (issue 16): one row per action, for the board to see
what was done because young people spoke, and what is late.

exports/ takes nothing from survey.store (import-linter), so the rows come in as plain
`ActionRow`s, made from survey.store.actions by survey.results.reports (`you_said_rows`),
which also works out `overdue` against the day the file is written. An entry with no action yet
is one row with its "You said" words and the rest empty.

What must stay true:
- "About" is the question's, statement's or theme's words, never an id;
- the due date is a real date cell (a board can sort and filter by it), not text;
- every text passes the formula gate (exports.cells), so "=1+2" typed as an action stays text;
- with no entries at all the sheet is still there and says "No actions yet", so a board paper
  made from the workbook shows that nothing has been written, rather than leaving it out.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Sequence

from .cells import WRAP_ROW, Sheet, cell

SHEET = "You said, we did"
NOTE = ("What young people said about a question, statement or comment theme, and what is being "
        "done about it: one row per action. \"Overdue\" marks an action planned or in progress "
        "whose due date has passed.")
NONE_YET = ("No actions yet: officers write them on the consultation's \"You said, we did\" "
            "page.")
LABELS = ["About", "You said", "We will", "We did", "Status", "Why not possible", "Due date",
          "Team or role", "Overdue"]
WIDTHS = [36, 48, 48, 40, 14, 36, 16, 24, 10]
DUE_FORMAT = "d mmmm yyyy"
OVERDUE = "Overdue"


@dataclass(frozen=True)
class ActionRow:
    about: str               # the question's, statement's or theme's words
    said: str
    we_will: str = ""
    we_did: str = ""
    status: str = ""         # the officers' word: "Planned", "Done"...
    reason: str = ""         # why not possible
    due: date | None = None
    team: str = ""
    overdue: bool = False


def you_said_sheet(workbook, table_names: set[str]) -> Sheet:
    return Sheet(workbook, SHEET, WIDTHS, freeze="B4", table_names=table_names)


def write_you_said(sheet: Sheet, rows: Sequence[ActionRow]) -> None:
    ws = sheet.ws
    sheet.title("You said, we did")
    sheet.note(NOTE)
    if not rows:
        sheet.note(NONE_YET)
        return
    header = sheet.header(LABELS)
    for row in rows:
        sheet.append([
            _words(ws, row.about), _words(ws, row.said), _words(ws, row.we_will),
            _words(ws, row.we_did), row.status or None, _words(ws, row.reason),
            cell(ws, row.due, number_format=DUE_FORMAT) if row.due else None,
            row.team or None,
            OVERDUE if row.overdue else None,
        ])
    sheet.table("YouSaidWeDid", LABELS, header)


def _words(ws, text: str):
    """Text that may run to 500 characters, wrapped; an empty cell when there is none."""
    return cell(ws, text, alignment=WRAP_ROW, text=True) if text else None
