"""The board report from the database: the one place that gathers what it may show.

Everything comes from what may go to the corporate parenting board: the summary of
`reports.public_of` (published by the disclosure rules, with only the comments an officer quoted),
the response rate by channel as the dashboard publishes it, the "You said, we did" actions
(turned here into plain data: exports never import the store) and the published charts with
their alt text. `exports.board` makes the document and writes it as Word or PDF (FORMATS).

Changes between waves: given the wave before (`earlier`, from `reports.wave_before`), both
waves are published on their own and compared by `analysis.waves`; the summary lists the
changes its test marks unlikely to be chance, biggest first, and the method says how they were
tested (`analysis.significance.METHOD`). With no wave before, the report says so.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import BinaryIO, Callable

import sqlite_utils

from analysis.disclosure import DEFAULT_THRESHOLD
from analysis.significance import METHOD
from analysis.summary import ConsultationSummary
from analysis.waves import changes, compare
from exports.board import model, pdf, word
from survey.definition import Questionnaire
from survey.results import dashboard, reports
from survey.store import actions as action_store
from survey.store.jobs import BOARD_DOCX, BOARD_PDF, BOARD_STAGES
from survey.store.responses import count_responses, iter_responses

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@dataclass(frozen=True)
class Format:
    extension: str        # "docx": the file's, and `survey board-report --out`'s
    kind: str             # the prepared job's kind (survey.store.jobs)
    name: str             # what officers call it: "Word", "PDF"
    mimetype: str
    write: Callable[[model.Report, object], None]


FORMATS = {f.extension: f for f in (
    Format("docx", BOARD_DOCX, "Word", DOCX_TYPE, word.write_docx),
    Format("pdf", BOARD_PDF, "PDF", "application/pdf", pdf.write_pdf),
)}
BY_KIND = {f.kind: f for f in FORMATS.values()}
PdfUnavailable, NO_PANGO = pdf.PdfUnavailable, pdf.NO_PANGO
# The Method section's words on changes between waves: how analysis.significance tests them.
WAVES_METHOD = " ".join(words for _, words in METHOD)
pdf_available = pdf.available


def actions_of(db: sqlite_utils.Database, consultation_id: str) -> tuple[model.Action, ...]:
    """Every "You said, we did" action, oldest entry first, in the officers' words."""
    found = []
    for entry in action_store.entries(db, consultation_id).values():
        for action in entry.actions:
            found.append(model.Action(
                about=entry.label, said=entry.said, we_will=action.we_will,
                status=action.status.name, we_did=action.we_did, reason=action.reason,
                due=action.due, team=action.team))
    return tuple(found)


def channels_of(db: sqlite_utils.Database, summary: ConsultationSummary,
                include_demo: bool) -> tuple[model.ChannelRow, ...]:
    """Responses by channel as the dashboard publishes them for managers."""
    board = dashboard.build(db, summary, include_demo)
    return tuple(model.ChannelRow(row.label, row.count, row.percent) for row in board.channels)


def changes_since(db: sqlite_utils.Database, earlier: Questionnaire | None,
                  summary: ConsultationSummary, include_demo: bool,
                  threshold: int) -> tuple[tuple[model.Change, ...] | None, bool]:
    """The changes from the wave before to `summary` (published) that the test marks unlikely
    to be chance, biggest first (None when there is no wave before); and whether no change at
    all could be tested (every one too few to tell, or hidden)."""
    if earlier is None:
        return None, False
    comparison = compare([reports.published_of(db, earlier, include_demo, threshold), summary],
                         threshold)
    tested = any(figure.tested is not None and figure.tested.p_value is not None
                 for _, statement in comparison.rows for figure in statement.figures[1:])
    return tuple(model.Change(question=marked.question.heading,
                              statement=marked.statement.text,
                              before=marked.statement.figures[0].top,
                              after=marked.figure.top, earlier=marked.before.name)
                 for marked in changes(comparison)), not tested


def report_of(db: sqlite_utils.Database, questionnaire: Questionnaire,
              include_demo: bool = False, threshold: int = DEFAULT_THRESHOLD,
              earlier: Questionnaire | None = None,
              progress: reports.Progress | None = None,
              made_on: date | None = None) -> model.Report:
    """The board report of a consultation, as a document to write in any of FORMATS;
    `earlier`: the wave before, if any, whose changes to this one are tested."""
    total = count_responses(db, questionnaire.id, include_demo)
    summary = reports.public_of(db, questionnaire, include_demo, threshold, reports.counted(
        iter_responses(db, questionnaire.id, include_demo), BOARD_STAGES[0], total, progress))
    if progress:
        progress(BOARD_STAGES[1], 0, total)
    charts = tuple(model.Chart(c.name, c.title, c.alt, c.draw("png"))
                   for c in reports.charts_of(summary))
    marked, too_few = changes_since(db, earlier, summary, include_demo, threshold)
    return model.build(model.Inputs(
        summary=summary,
        turnout=dashboard.turnout_of(db, questionnaire.id, include_demo),
        channels=channels_of(db, summary, include_demo),
        actions=actions_of(db, questionnaire.id),
        charts=charts,
        changes=marked,
        too_few_to_test=too_few,
        waves_method=WAVES_METHOD,
        made_on=made_on or date.today(),
        includes_demo=include_demo,
    ))


def write_board_report(db: sqlite_utils.Database, questionnaire: Questionnaire,
                       out: str | Path | BinaryIO, extension: str, include_demo: bool = False,
                       threshold: int = DEFAULT_THRESHOLD,
                       progress: reports.Progress | None = None,
                       earlier: Questionnaire | None = None) -> model.Report:
    """Write the board report as FORMATS[extension] (KeyError for any other). PdfUnavailable,
    in plain words, when the PDF cannot be made on this machine."""
    chosen = FORMATS[extension]
    if chosen.kind == BOARD_PDF:
        pdf.weasyprint()  # say so before the responses are read, not after
    made = report_of(db, questionnaire, include_demo, threshold, earlier, progress)
    chosen.write(made, out)
    if progress:
        total = count_responses(db, questionnaire.id, include_demo)
        progress(BOARD_STAGES[1], total, total)
    return made
