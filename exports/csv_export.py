"""Every response as one CSV row: the same columns as the workbook's Responses sheet.

The caller opens the file with encoding "utf-8-sig" and newline="" (as the csv module asks):
the byte order mark makes Excel read the file as UTF-8, so names and accents survive a
double click. Every piece of respondent text has been through `exports.safe.neutralise`, so an
answer such as `=HYPERLINK(...)` opens as text, never as a live formula.

    with open("responses.csv", "w", encoding="utf-8-sig", newline="") as f:
        write_csv(questionnaire, responses, f)
"""
from __future__ import annotations

import csv
from typing import Iterable, TextIO

from survey.definition import Questionnaire

from .columns import response_columns


def write_csv(questionnaire: Questionnaire, responses: Iterable, out: TextIO) -> int:
    """Write a header row and one row per response; return the number of responses written."""
    columns = response_columns(questionnaire.reported)  # retired parts marked, none left out
    writer = csv.writer(out)
    writer.writerow([c.header for c in columns])
    count = 0
    for response in responses:
        writer.writerow(["" if v is None else v for v in (c.value(response) for c in columns)])
        count += 1
    return count
