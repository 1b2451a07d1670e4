"""Small helpers for writing a write-only openpyxl sheet row by row, and the workbooks' gate.

A write-only sheet takes its column widths and frozen panes before its first row, and cannot be
read back while it is written, so `Sheet` keeps the row number itself, sets each wrapped row's
height, and names each Excel table's columns from the labels it was given.

Every value of every workbook passes `exports.safe.gate` here, whatever its source: `cell` gates
the value of each cell it makes, `Sheet.append` and `Sheet.stream` (the only calls that add a
row to a worksheet) gate each value of the row again, plain or a cell, and `Sheet.table` gates
the column names it gives a table, so they still match the header cells, as Excel requires.
Chart titles and series names are text in the file too: pass them through `safe_text`. A writer
never calls the worksheet's own `append` (tests/results/test_formula_gate.py looks).
"""
from __future__ import annotations

import re
import warnings
from copy import copy
from datetime import date, datetime, timezone
from weakref import WeakKeyDictionary

from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.table import Table, TableStyleInfo

from .safe import gate

BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)
HEADING = Font(bold=True, size=12)
NOTE = Font(italic=True, color="505A5F")
WRAP = Alignment(wrap_text=True, vertical="top")
# In a table row the numbers sit at the bottom (Excel's default), so the label does too.
WRAP_ROW = Alignment(wrap_text=True)
WRAP_RIGHT = Alignment(wrap_text=True, vertical="top", horizontal="right")
RIGHT = Alignment(horizontal="right")
TOP = Alignment(vertical="top")
LEFT = Alignment(horizontal="left", vertical="top")
PERCENT = "0%"
POINTS = "+0;-0;0"
LINE_HEIGHT = 15           # points, for 11-point text
DEFAULT_WIDTH = 8.43
TABLE_STYLE = TableStyleInfo(name="TableStyleLight9", showRowStripes=True)


class Sheet:
    """A write-only worksheet with the row number kept, and Excel tables registered by name."""

    def __init__(self, workbook, title: str, widths: list[float], freeze: str | None = None,
                 table_names: set[str] | None = None, fit_width: bool = True):
        self.ws = workbook.create_sheet(title)
        self.set_widths(widths)
        if freeze:
            self.ws.freeze_panes = freeze
        # Printed for a board paper: landscape A4, as wide as the page, as many pages as needed.
        self.ws.page_setup.orientation = "landscape"
        self.ws.page_setup.paperSize = "9"
        if fit_width:
            self.ws.sheet_properties.pageSetUpPr.fitToPage = True
            self.ws.page_setup.fitToWidth, self.ws.page_setup.fitToHeight = 1, 0
        self.row = 0
        # Table names must be unique across the workbook: sheets share one set.
        self._table_names = table_names if table_names is not None else set()

    def set_widths(self, widths: list[float]) -> None:
        """Column widths in characters; before the first row, as a write-only sheet needs."""
        self.widths = list(widths)
        for index, width in enumerate(widths, 1):
            self.ws.column_dimensions[get_column_letter(index)].width = width

    def left_px(self, column: int) -> int:
        """Left edge of a 1-based column in pixels (w characters are about 7w + 5 pixels)."""
        return round(sum(self._width(i) * 7 + 5 for i in range(column - 1)))

    def append(self, values) -> int:
        """Append a row, tall enough for its wrapped text (not every program fits it on opening)."""
        values = [_gated(v) for v in values]
        self.row += 1
        lines = max((wrapped_lines(v.value, self._width(i)) for i, v in enumerate(values)
                     if isinstance(v, Cell) and v.alignment.wrap_text
                     and isinstance(v.value, str)), default=1)
        if lines > 1:
            self.ws.row_dimensions[self.row].height = LINE_HEIGHT * lines
        self.ws.append(values)
        return self.row

    def stream(self, values) -> int:
        """Append a row as it is, with no height worked out: for the raw Responses sheet's
        hundred thousand rows. Its values are gated like any other row's."""
        self.row += 1
        self.ws.append([_gated(v) for v in values])
        return self.row

    def _width(self, index: int) -> int:
        return self.widths[index] if index < len(self.widths) else DEFAULT_WIDTH

    def blank(self, count: int = 1) -> None:
        for _ in range(count):
            self.append([])

    def title(self, text: str) -> None:
        self.append([cell(self.ws, text, font=TITLE)])

    def heading(self, text: str) -> None:
        self.append([cell(self.ws, text, font=HEADING)])

    def note(self, text: str) -> None:
        self.append([cell(self.ws, text, font=NOTE)])

    def header(self, labels: list[str], numbers_from: int | None = None) -> int:
        """A bold header row; columns from `numbers_from` (1-based) hold numbers: align right."""
        numbers_from = numbers_from or len(labels) + 1
        return self.append([cell(self.ws, label, font=BOLD, text=True,
                                 alignment=WRAP_RIGHT if index >= numbers_from else WRAP)
                            for index, label in enumerate(labels, 1)])

    def table(self, name: str, labels: list[str], header_row: int) -> None:
        """Make the rows from `header_row` to the current row an Excel table with filters."""
        if self.row <= header_row:
            return
        name = self._unique(name)
        labels = [safe_text(label) for label in labels]       # as the header cells were written
        ref = f"A{header_row}:{get_column_letter(len(labels))}{self.row}"
        table = Table(displayName=name, ref=ref, tableStyleInfo=TABLE_STYLE)
        table._initialise_columns()
        for column, label in zip(table.tableColumns, labels):
            column.name = label
        with warnings.catch_warnings():
            # openpyxl warns on every write-only table; the columns are named just above.
            warnings.filterwarnings("ignore", "In write-only mode you must add table columns")
            self.ws.add_table(table)

    def _unique(self, name: str) -> str:
        base = re.sub(r"\W+", "_", name).strip("_")[:200] or "Table"
        if not re.match(r"[A-Za-z_]", base):
            base = "T_" + base
        name, n = base, 1
        while name.lower() in self._table_names:
            n += 1
            name = f"{base}_{n}"
        self._table_names.add(name.lower())
        return name


def wrapped_lines(text: str, width: float) -> int:
    """About how many lines `text` takes when wrapped in a column `width` characters wide."""
    per_line = max(1, int(width * 1.05))
    if len(text) <= per_line and "\n" not in text:
        return 1
    lines = 0
    for paragraph in text.split("\n"):
        lines += 1
        used = 0
        for word in paragraph.split():
            if used and used + 1 + len(word) > per_line:
                lines += 1
                used = 0
            used += len(word) + (1 if used else 0)
            while used > per_line:           # a word longer than the column breaks anywhere
                lines += 1
                used -= per_line
    return lines


def safe_text(value: str) -> str:
    """Text written into the file outside a cell (a chart's title, a series' name), gated."""
    return gate(value)


def _gated(value):
    """A row's value through the gate; a cell's value too (it may have been changed since
    `cell` made it), kept a string cell."""
    if isinstance(value, Cell):
        if isinstance(value.value, str):
            value.value = gate(value.value)
            value.data_type = "s"
        return value
    return gate(value)


def cell(ws, value, *, font=None, alignment=None, number_format=None, text=False):
    """A styled write-only cell, its value gated (text is always a string cell, never a
    formula); `text=True` also makes a string cell of a number."""
    c = WriteOnlyCell(ws)
    if font is not None or alignment is not None or number_format is not None:
        # Styled before the value is set, so a date keeps this format instead of making one.
        c._style = copy(_style(ws, font, alignment, number_format))
    c.value = gate(value)
    if (text or isinstance(value, str)) and value is not None:
        c.data_type = "s"
    return c


# Workbook -> {(font id, alignment id, number format): (font, alignment, style)}
_STYLES: WeakKeyDictionary = WeakKeyDictionary()


def _style(ws, font, alignment, number_format):
    """A style registered once per workbook and then copied (as openpyxl copies styles itself).
    Setting a font or alignment on each cell hashes it again: with 80,000 comments that was
    half the time of the whole workbook."""
    known = _STYLES.setdefault(ws.parent, {})
    key = (id(font), id(alignment), number_format)
    if key not in known:
        prototype = WriteOnlyCell(ws)
        if font is not None:
            prototype.font = font
        if alignment is not None:
            prototype.alignment = alignment
        if number_format is not None:
            prototype.number_format = number_format
        known[key] = (font, alignment, prototype._style)   # keeps the ids in the key alive
    return known[key][2]


def percent_cell(ws, value: float | None, bold: bool = False):
    """A 0-100 percentage written as a fraction shown as a whole percent; blank when None."""
    if value is None:
        return None
    return cell(ws, value / 100, number_format=PERCENT, font=BOLD if bold else None)


def when(stamp: str | None) -> str:
    """'2018-05-01T10:30Z' as '1 May 2018, 10:30 UTC' (anything else as it is)."""
    if not stamp:
        return "none yet"
    try:
        moment = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        return stamp
    return long_time(moment)


def long_time(moment: datetime) -> str:
    if moment.tzinfo is None:
        return f"{moment.day} {moment:%B %Y, %H:%M}"
    moment = moment.astimezone(timezone.utc)
    return f"{moment.day} {moment:%B %Y, %H:%M} UTC"


def long_date(day: date | None) -> str:
    return f"{day.day} {day:%B %Y}" if day else "not set"
