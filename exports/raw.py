"""The team's raw responses: one row per response, as an Excel workbook or a CSV file.

Row-level data is the consultation team's alone (`analysis.disclosure.Audience.TEAM`): it never
goes to managers, the board or the public, and each file says first of all that it holds
personal data. The workbook's first sheet, "Personal data", says so with what the file holds; the
CSV's first line says so before the header row (a program reading it skips one line).

Columns are `exports.columns.response_columns`, shared by both files. The workbook is written in
openpyxl's write-only mode (100,000 rows in about 25 s and 40 MB; normal mode takes about 580 MB)
and reads the responses once, as a stream.
"""
from __future__ import annotations

from collections import Counter
from datetime import datetime, timezone
from pathlib import Path
from typing import BinaryIO, Iterable, TextIO

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from analysis.disclosure import Audience
from survey.definition import Questionnaire

from .cells import BOLD, TITLE, TOP, WRAP, Sheet, cell, long_time
from .columns import response_columns
from .safe import csv_writer

PERSONAL_DATA = "Personal data"
TIME_FORMAT = "yyyy-mm-dd hh:mm"


def notice(questionnaire: Questionnaire) -> str:
    """The first words of every raw file."""
    return (f"PERSONAL DATA: every response to \"{questionnaire.title}\" "
            f"({questionnaire.organisation.name}), one row per response. "
            + Audience.TEAM.description)


def write_raw_workbook(questionnaire: Questionnaire, responses: Iterable,
                       out: str | Path | BinaryIO, generated_at: datetime | None = None,
                       includes_demo: bool = False, held_back: int = 0) -> int:
    """Write the Personal data and Responses sheets; return the number of responses written.
    `held_back`: comments waiting for safeguarding review, shown as a marker in their cells."""
    workbook = Workbook(write_only=True)
    names: set[str] = set()
    about = Sheet(workbook, PERSONAL_DATA, [28, 100], table_names=names)
    rows = Sheet(workbook, "Responses", [], freeze="B2", table_names=names, fit_width=False)
    versions = write_responses(rows, questionnaire.reported, responses)
    facts = [
        ("Who this file is for", Audience.TEAM.description),
        ("Consultation", questionnaire.title),
        ("Organisation", questionnaire.organisation.name),
        ("Responses", sum(versions.values())),
        ("Generated", long_time(generated_at or datetime.now(timezone.utc))),
        ("Demo responses", "INCLUDED: made-up practice responses are in this file." if includes_demo
         else "Not included."),
        ("Comments waiting for review", f"{held_back:,}: their cells read \"held back\" until "
         "an officer has reviewed them in the safeguarding queue." if held_back else "None."),
        ("For the board", "Use the results workbook instead: it holds figures only, with small "
         "groups hidden."),
    ]
    about.append([cell(about.ws, notice(questionnaire), font=TITLE, alignment=WRAP, text=True)])
    about.blank()
    for label, value in facts:
        value = (cell(about.ws, value, alignment=WRAP, text=True)
                 if isinstance(value, str) else value)
        about.append([cell(about.ws, label, font=BOLD, alignment=TOP, text=True), value])
    workbook.save(out)
    return sum(versions.values())


def _time(ws, stamp: str):
    """'2018-05-01T10:30Z' as an Excel date-time (UTC); anything else as text."""
    try:
        moment = datetime.fromisoformat(stamp.removesuffix("Z"))
    except (TypeError, ValueError):
        return cell(ws, stamp, text=True) if stamp else None
    if moment.tzinfo is not None:
        moment = moment.astimezone(timezone.utc).replace(tzinfo=None)
    return cell(ws, moment, number_format=TIME_FORMAT)


def write_responses(sheet: Sheet, questionnaire: Questionnaire, responses: Iterable) -> Counter:
    """One row per response, streamed; returns how many responses each definition version had."""
    ws = sheet.ws
    columns = response_columns(questionnaire)
    sheet.set_widths([c.width for c in columns])
    sheet.header([c.header for c in columns])
    text_columns = [i for i, c in enumerate(columns) if c.is_text]
    time_columns = [i for i, c in enumerate(columns) if c.kind == "time"]
    versions: Counter = Counter()
    for response in responses:
        values = [c.value(response) for c in columns]
        for i in text_columns:
            if values[i]:
                values[i] = cell(ws, values[i], text=True)
        for i in time_columns:
            values[i] = _time(ws, values[i])
        sheet.stream(values)
        versions[response.version] += 1
    ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{max(sheet.row, 2)}"
    return versions


def write_csv(questionnaire: Questionnaire, responses: Iterable, out: TextIO) -> int:
    """The notice line, a header row and one row per response; returns the number written.

    Open `out` with encoding "utf-8-sig" and newline="" (as the csv module asks): the byte order
    mark makes Excel read the file as UTF-8, so names and accents survive a double click. Every
    field goes through `exports.safe.gate` (`csv_writer`): the definition's words in the header
    and the answers' labels as much as what was typed.

        with open("responses.csv", "w", encoding="utf-8-sig", newline="") as f:
            write_csv(questionnaire, responses, f)
    """
    columns = response_columns(questionnaire.reported)  # retired parts marked, none left out
    writer = csv_writer(out)
    writer.writerow([notice(questionnaire)])
    writer.writerow([c.header for c in columns])
    count = 0
    for response in responses:
        writer.writerow([c.value(response) for c in columns])
        count += 1
    return count
