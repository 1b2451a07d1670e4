"""Make what a young person typed safe to put in a spreadsheet, as text, exactly once.

Both writers (the workbook and the CSV) pass every piece of respondent text through `neutralise`.
The rule, in order:

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

The workbook also writes respondent text as string cells (openpyxl data type "s"), so even a
rule missed here could not become a formula or an error cell there.
"""
from __future__ import annotations

import re

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
