"""The board report as a tagged PDF (PDF/UA-1), written by WeasyPrint from `exports.board.html`.

WeasyPrint needs Pango from the operating system (Debian and Ubuntu: `apt-get install
libpango-1.0-0 libpangoft2-1.0-0`). It is imported only when a PDF is written, so that without
Pango everything else works (the Word report included) and the PDF choice says in plain words
what is missing (NO_PANGO) rather than failing with a traceback about shared libraries.
"""
from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from .html import to_html
from .document import Report

NO_PANGO = ("The PDF cannot be made on this server: it needs the Pango text library, which is "
            "not installed. Ask whoever looks after Have Your Say to install it (on Debian or "
            "Ubuntu: apt-get install libpango-1.0-0 libpangoft2-1.0-0). The Word version works "
            "without it.")


class PdfUnavailable(RuntimeError):
    """WeasyPrint or the system libraries it needs are missing; the message says so plainly."""


def weasyprint():
    """The weasyprint module, or PdfUnavailable with NO_PANGO."""
    try:
        import weasyprint as module
    except (ImportError, OSError) as error:  # OSError: cannot load library 'libpango-1.0-0'
        raise PdfUnavailable(NO_PANGO) from error
    return module


def available() -> bool:
    try:
        weasyprint()
    except PdfUnavailable:
        return False
    return True


def write_pdf(report: Report, out: str | Path | BinaryIO) -> None:
    module = weasyprint()
    module.HTML(string=to_html(report)).write_pdf(out, pdf_variant="pdf/ua-1")
