"""The one gate every value passes on its way into a spreadsheet cell, whoever wrote it.

Text reaches our files from young people (answers), from officers (batch references, themes)
and from the definition itself (titles, question numbers, statements, options, scale labels),
which any officer can change in the browser or upload as YAML. Any of it that reads as a formula
would run on the machine of the manager who opens the file. So no writer decides which of its
values are "text from outside": every value of every row goes through `gate`, in the two places
rows are written (`exports.cells`, for every workbook cell, chart title, series name and table
column; `csv_writer`, for every CSV row). What must stay true:

- no file in exports/ appends a row to a worksheet or makes a CSV writer except through those
  two places (tests/results/test_formula_gate.py looks, and reads back every file the app makes
  from a definition whose every field starts like a formula);
- str values are neutralised; numbers, dates and None pass as they are; any other type is
  refused with a TypeError, so a new kind of value is thought about, not written raw;
- we write no formula of our own. If one is ever needed it must be its own type, made from cell
  references only, never from text, and let through by `gate` by that type alone.

`neutralise`'s rule, in order:

1. Characters a spreadsheet file cannot hold become a space: the control characters
   U+0000-U+0008, U+000B, U+000C, U+000E-U+001F (openpyxl raises IllegalCharacterError on them, so
   one such character in one answer would fail the whole export), lone surrogates and U+FFFE/U+FFFF
   (not allowed in XML). Tab, line feed and carriage return are kept.
2. Text whose first character is `=`, `+`, `-`, `@`, tab, carriage return or line feed, or the
   full-width `＝ ＋ － ＠`, gets a single quote `'` in front (the OWASP advice against CSV
   injection). Excel and LibreOffice then show it as text and never run it as a formula:
   `=HYPERLINK("http://x","click")` is shown as `'=HYPERLINK("http://x","click")`. The price is a
   visible quote on an answer such as `- more visits`; nothing else changes.
3. Text equal to an Excel error code (`#N/A`, `#REF!`, ...) gets the same quote, so it is read back
   as the words typed and not as an error value (in a CSV there is no other way to say "text").
4. Text longer than Excel's 32,767-character cell limit is cut, with a visible marker, instead of
   being cut silently.

`neutralise` is idempotent (a neutralised text is left as it is), so a value passed twice, as a
cell made by `exports.cells.cell` then appended, comes out the same. The workbook also writes
every text as a string cell (openpyxl data type "s"), so even a rule missed here could not become
a formula or an error cell there.
"""
from __future__ import annotations

import csv
import re
from datetime import date, time, timedelta
from decimal import Decimal
from typing import Iterable, TextIO

# What openpyxl refuses, plus what XML 1.0 cannot carry at all.
UNWRITABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
FORMULA_STARTS = frozenset("=+-@\t\r\n\uff1d\uff0b\uff0d\uff20")
ERROR_CODES = frozenset({
    "#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA",
    "#SPILL!", "#CALC!", "#FIELD!", "#BLOCKED!", "#CONNECT!", "#BUSY!", "#UNKNOWN!", "#PYTHON!",
})
MAX_CELL = 32_767
CUT_MARKER = " [cut: too long for one cell]"


def neutralise(text: str) -> str:
    """Return `text` as it can be written to a workbook or CSV cell and read back as text."""
    if not text:
        return text
    text = UNWRITABLE.sub(" ", text)
    if text[0] in FORMULA_STARTS or (text[0] == "#" and text.strip().upper() in ERROR_CODES):
        text = "'" + text
    if len(text) > MAX_CELL:
        text = text[: MAX_CELL - len(CUT_MARKER)] + CUT_MARKER
    return text


# What passes the gate untouched: numbers and dates are values, never formulas (datetime is a date).
PLAIN = (int, float, Decimal, date, time, timedelta)


def gate(value):
    """`value` as it may be written to a cell: text neutralised, numbers, dates and None as
    they are. TypeError for anything else (a list, an object): say what it is as text first."""
    if isinstance(value, str):
        return neutralise(value)
    if value is None or isinstance(value, PLAIN):
        return value
    raise TypeError(f"exports.safe.gate: a cell holds text, a number or a date, not "
                    f"{type(value).__name__} ({value!r:.60})")


class _GatedWriter:
    """A csv.writer whose every field goes through `gate` (None as an empty field)."""

    def __init__(self, out: TextIO, **options):
        self._writer = csv.writer(out, **options)

    def writerow(self, values: Iterable) -> None:
        self._writer.writerow(["" if v is None else gate(v) for v in values])

    def writerows(self, rows: Iterable[Iterable]) -> None:
        for row in rows:
            self.writerow(row)


def csv_writer(out: TextIO, **options) -> _GatedWriter:
    """The one way exports/ writes a CSV row: `csv.writer(out, **options)` behind the gate."""
    return _GatedWriter(out, **options)
