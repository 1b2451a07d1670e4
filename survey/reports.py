"""From the database to what managers take away: summary, charts, workbook, CSV, and the
comparison of a series' waves.

The one place that joins storage to analysis and exports, used by the staff pages and the CLI
alike, so both give the same numbers.

Comments flagged for safeguarding review and not yet reviewed are held back here, for every
caller: left out of the summary (so out of the Comments sheet and the staff pages), and shown as
HELD_BACK in the Responses sheet and the CSV. Officers' themes are read here too, for the
Comments and Themes sheets.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, Callable, Iterable, Iterator, TextIO

import sqlite_utils

from analysis import charts, wave_charts
from analysis.summary import ConsultationSummary, summarise
from analysis.waves import WaveComparison, compare, wave_order
from exports.csv_export import write_csv
from exports.waves import write_waves_workbook
from exports.workbook import write_workbook
from survey.definition import Questionnaire

from .comments import tags_by_comment, theme_names
from .safeguarding import held_back
from .storage import StoredResponse, count_responses, iter_responses

if TYPE_CHECKING:
    from .registry import Registry

# Called as progress(stage, done, total) while a long report is written.
Progress = Callable[[str, int, int], None]
PROGRESS_EVERY = 1_000
STAGES = ("Counting answers", "Writing the workbook")  # write_report's two passes, in order
CHART_FORMATS = {"png": "image/png", "svg": "image/svg+xml"}
HELD_BACK = "[held back: waiting for safeguarding review]"
Held = set[tuple[int, str, str]]


def without_held(responses: Iterable[StoredResponse], held: Held,
                 marker: str | None = None) -> Iterator[StoredResponse]:
    """The responses with each held-back text removed, or replaced by `marker`."""
    if not held:
        yield from responses
        return
    ids = {rid for rid, _, _ in held}
    for response in responses:
        if response.id in ids:
            answers = {}
            for (question_id, item_id), values in response.answers.items():
                if (response.id, question_id, item_id) not in held:
                    answers[(question_id, item_id)] = values
                elif marker is not None:
                    answers[(question_id, item_id)] = (marker,)
            response = replace(response, answers=answers)
        yield response


@dataclass(frozen=True)
class Chart:
    name: str          # file name without extension: the question id, "respondents", "waves-q1"
    alt: str
    draw: object       # fmt -> bytes


def summary_of(db: sqlite_utils.Database, questionnaire: Questionnaire, include_demo: bool = False,
               threshold: int = 10) -> ConsultationSummary:
    """The summary the staff pages show: comments waiting for review left out, themes counted."""
    held = held_back(db, questionnaire.id)
    return summarise(questionnaire,
                     without_held(iter_responses(db, questionnaire.id, include_demo), held),
                     threshold, tags_by_comment(db, questionnaire.id),
                     theme_names(db, questionnaire.id))


def charts_of(summary: ConsultationSummary) -> list[Chart]:
    """Every chart of a consultation: one per Likert question, then who responded."""
    source = charts.source_line(summary)
    result = [Chart(qid, charts.likert_alt_text(likert),
                    lambda fmt, s=likert: charts.likert_chart(s, source, fmt))
              for qid, likert in summary.likert.items()]
    if summary.breakdown is not None:
        result.append(Chart("respondents", charts.respondents_alt_text(summary.breakdown),
                            lambda fmt: charts.respondents_chart(summary.breakdown, source, fmt)))
    return result


def _counted(responses: Iterable[StoredResponse], stage: str, total: int,
             progress: Progress | None) -> Iterator[StoredResponse]:
    done = 0
    for done, response in enumerate(responses, start=1):
        yield response
        if progress and done % PROGRESS_EVERY == 0:
            progress(stage, done, total)
    if progress and done % PROGRESS_EVERY:
        progress(stage, done, total)


def write_report(db: sqlite_utils.Database, questionnaire: Questionnaire, out: str | Path | BinaryIO,
                 include_demo: bool = False, threshold: int = 10,
                 charts_dir: str | Path | None = None,
                 progress: Progress | None = None) -> ConsultationSummary:
    """Write the workbook (and, given a folder, every chart as PNG and SVG with its alt text).

    The responses are read twice, streamed: once to summarise, once to list them in the workbook.
    """
    total = count_responses(db, questionnaire.id, include_demo)
    held = held_back(db, questionnaire.id)
    summary = summarise(questionnaire, without_held(_counted(
        iter_responses(db, questionnaire.id, include_demo), STAGES[0], total, progress),
        held), threshold, tags_by_comment(db, questionnaire.id), theme_names(db, questionnaire.id))
    all_charts = charts_of(summary)
    first_png = all_charts[0].draw("png") if summary.likert else None
    if charts_dir is not None:
        _write_charts(Path(charts_dir), all_charts)
    rows = without_held(_counted(iter_responses(db, questionnaire.id, include_demo),
                                 STAGES[1], total, progress), held, HELD_BACK)
    write_workbook(summary, rows, out, chart_png=first_png, includes_demo=include_demo,
                   held_back=len(held))
    return summary


def write_responses_csv(db: sqlite_utils.Database, questionnaire: Questionnaire, out: TextIO,
                        include_demo: bool = False) -> int:
    held = held_back(db, questionnaire.id)
    return write_csv(questionnaire, without_held(iter_responses(db, questionnaire.id, include_demo),
                                                 held, HELD_BACK), out)


class NotEnoughWaves(ValueError):
    """A series needs two waves or more to be compared."""


def series_waves(registry: "Registry", series: str) -> list[Questionnaire]:
    """The loaded consultations of a series, oldest wave first; NotEnoughWaves if under two."""
    waves = sorted((q for q in registry.questionnaires.values() if q.series == series),
                   key=wave_order)
    if len(waves) >= 2:
        return waves
    if waves:
        raise NotEnoughWaves(f"series '{series}' has only one wave ({waves[0].id}): comparing "
                             "needs two or more consultations with the same series.")
    known = sorted({q.series for q in registry.questionnaires.values() if q.series})
    hint = f" Known series: {', '.join(known)}." if known else " No definition names a series."
    raise NotEnoughWaves(f"no consultation in {registry.folder} is in series '{series}'.{hint}")


def compare_series(db: sqlite_utils.Database, registry: "Registry", series: str,
                   include_demo: bool = False, threshold: int = 10) -> WaveComparison:
    """Summarise every wave of a series from the database and compare them."""
    return compare((summary_of(db, q, include_demo, threshold)
                    for q in series_waves(registry, series)), threshold)


def wave_charts_of(comparison: WaveComparison) -> list[Chart]:
    """One waves chart per Likert question, named "waves-<question id>"."""
    return [Chart(f"waves-{question.id}", wave_charts.waves_alt_text(comparison, question),
                  lambda fmt, q=question: wave_charts.waves_chart(comparison, q, fmt))
            for question in comparison.questions]


def write_waves_report(db: sqlite_utils.Database, registry: "Registry", series: str,
                       out: str | Path | BinaryIO, include_demo: bool = False,
                       threshold: int = 10,
                       charts_dir: str | Path | None = None) -> WaveComparison:
    """Write the waves workbook (and, given a folder, each waves chart as PNG and SVG with its
    alt text)."""
    comparison = compare_series(db, registry, series, include_demo, threshold)
    if charts_dir is not None:
        _write_charts(Path(charts_dir), wave_charts_of(comparison))
    write_waves_workbook(comparison, out, includes_demo=include_demo)
    return comparison


def _write_charts(folder: Path, all_charts: list[Chart]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for chart in all_charts:
        for fmt in CHART_FORMATS:
            (folder / f"{chart.name}.{fmt}").write_bytes(chart.draw(fmt))
        (folder / f"{chart.name}.alt.txt").write_text(chart.alt + "\n", encoding="utf-8")
