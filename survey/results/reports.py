"""From the database to what people take away: summaries, charts, the results workbook, the
team's raw responses, and the comparison of a series' waves.

The one place that joins storage to analysis and exports, used by the staff pages and the CLI
alike, so both give the same numbers. Two kinds of output, for two audiences
(`analysis.disclosure.Audience`):

- the team's: `summary_of` (every count, for officers' pages) and the raw responses
  (`write_raw_csv`, `write_raw_workbook`, one row per response, saying first that they hold
  personal data);
- everyone else's: `published_of`, the one way a summary reaches managers, the board or the
  public (workbook, charts and alt text, dashboard, waves, retention's kept summary). It asks
  `analysis.disclosure.publish`, giving it the comments safeguarding keeps out.

Comments flagged for safeguarding review and not yet reviewed are left out of every summary (so
out of the staff pages too) and shown as HELD_BACK in the team's raw files. Comments recorded as
a concern (passed to the safeguarding team, or already known to it) are left out the same way,
shown as CONCERN in the raw files: the safeguarding review keeps them, with the whole response. Officers' themes are read
here too, for the Comments and Themes sheets.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, Callable, Iterable, Iterator, TextIO

import sqlite_utils

from analysis import charts, choice_charts, wave_charts
from analysis.disclosure import DEFAULT_THRESHOLD, count_table, publish, quoted_only
from analysis.summary import ConsultationSummary, summarise
from analysis.waves import WaveComparison, compare, wave_order
from exports import raw
from exports.waves import write_waves_workbook
from exports.workbook import write_workbook
from exports.you_said_sheet import ActionRow
from survey.definition import Questionnaire
from survey.definition.types import type_of

from survey.results import dashboard
from survey.store import actions, results_pages
from survey.store.actions import About
from survey.store.comments import tags_by_comment, theme_names, themes
from survey.store.flags import concerns, held_back, not_publishable
from survey.store.jobs import STAGES
from survey.store.responses import StoredResponse, count_responses, iter_responses, version_counts

if TYPE_CHECKING:
    from survey.store.catalogue import Catalogue

# Called as progress(stage, done, total) while a long report is written.
Progress = Callable[[str, int, int], None]
PROGRESS_EVERY = 1_000
CHART_FORMATS = {"png": "image/png", "svg": "image/svg+xml"}
HELD_BACK = "[held back: waiting for safeguarding review]"
CONCERN = "[left out: a safeguarding concern, kept in the safeguarding review]"
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
    title: str = ""    # what it is of, in the officer's words (never the name, an id)


def summary_of(db: sqlite_utils.Database, questionnaire: Questionnaire,
               include_demo: bool = False,
               responses: Iterable[StoredResponse] | None = None) -> ConsultationSummary:
    """The team's summary, every count in it: comments waiting for review left out, themes
    counted. `responses` (the consultation's, streamed) is read if given, for progress."""
    held = held_back(db, questionnaire.id) | concerns(db, questionnaire.id)
    if responses is None:
        responses = iter_responses(db, questionnaire.id, include_demo)
    return summarise(questionnaire, without_held(responses, held),
                     tags_by_comment(db, questionnaire.id), theme_names(db, questionnaire.id))


def published_of(db: sqlite_utils.Database, questionnaire: Questionnaire,
                 include_demo: bool = False, threshold: int = DEFAULT_THRESHOLD,
                 responses: Iterable[StoredResponse] | None = None) -> ConsultationSummary:
    """The summary managers, the board and the public may see (analysis.disclosure)."""
    return publish_for(db, summary_of(db, questionnaire, include_demo, responses), threshold)


def publish_for(db: sqlite_utils.Database, team: ConsultationSummary,
                threshold: int = DEFAULT_THRESHOLD) -> ConsultationSummary:
    """Publish a team summary already made, leaving out what safeguarding keeps back."""
    return publish(team, threshold, not_publishable(db, team.questionnaire.id))


def public_of(db: sqlite_utils.Database, questionnaire: Questionnaire,
              include_demo: bool = False, threshold: int = DEFAULT_THRESHOLD,
              responses: Iterable[StoredResponse] | None = None) -> ConsultationSummary:
    """What young people's results page and the board report show: the published summary, with
    only the comments an officer quoted (survey.store.results_pages). `responses` as for
    summary_of (the board report streams them, for progress)."""
    team = summary_of(db, questionnaire, include_demo, responses)
    return quoted_for(db, team, publish_for(db, team, threshold))


def quoted_for(db: sqlite_utils.Database, team: ConsultationSummary,
               published: ConsultationSummary) -> ConsultationSummary:
    """`published` (made from `team`) keeping only the comments an officer quoted."""
    keys = results_pages.quoted(db, team.questionnaire.id)
    return quoted_only(published, {(c.question_id, c.item_id, c.text)
                                   for found in team.comments.values() for c in found
                                   if c.key in keys})


def versions_of(db: sqlite_utils.Database, consultation_id: str, include_demo: bool = False,
                threshold: int | None = None) -> dict[str, int | None]:
    """Responses per definition version; published (small counts hidden) given a threshold."""
    counts = version_counts(db, consultation_id, include_demo)
    return counts if threshold is None else count_table(counts, threshold)


def charts_of(summary: ConsultationSummary) -> list[Chart]:
    """Every chart of a published summary: one per closed question (on a scale, one choice or
    many), in questionnaire order, then who responded. The breakdown question's own answers are
    that last chart, so they are not drawn twice. An empty list for a consultation with too few
    responses to show."""
    if not summary.published:
        raise ValueError("charts are drawn from a published summary (published_of)")
    if summary.too_few:
        return []
    source = charts.source_line(summary)
    breakdown_id = summary.breakdown.question.id if summary.breakdown is not None else None
    result = []
    for question in summary.questionnaire.questions:
        likert, choice = summary.likert.get(question.id), summary.choices.get(question.id)
        if likert is not None:
            result.append(Chart(question.id, charts.likert_alt_text(likert),
                                lambda fmt, s=likert: charts.likert_chart(s, source, fmt),
                                question.heading))
        elif choice is not None and question.id != breakdown_id:
            many = type_of(question).many
            result.append(Chart(
                question.id, choice_charts.choice_alt_text(choice, summary.threshold, many),
                lambda fmt, c=choice, m=many: choice_charts.choice_chart(
                    c, source, summary.threshold, m, fmt), question.heading))
    if summary.breakdown is not None:
        result.append(Chart("respondents", charts.respondents_alt_text(summary.breakdown),
                            lambda fmt: charts.respondents_chart(summary.breakdown, source, fmt),
                            "Who responded"))
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


counted = _counted  # survey.results.board streams the responses the same way, for progress


def write_report(db: sqlite_utils.Database, questionnaire: Questionnaire, out: str | Path | BinaryIO,
                 include_demo: bool = False, threshold: int = DEFAULT_THRESHOLD,
                 charts_dir: str | Path | None = None,
                 progress: Progress | None = None) -> ConsultationSummary:
    """Write the results workbook, for managers and the board (and, given a folder, every chart
    as PNG and SVG with its alt text). Returns the published summary it was written from.

    The responses are read once, streamed, to summarise them; then the workbook is written."""
    total = count_responses(db, questionnaire.id, include_demo)
    summary = published_of(db, questionnaire, include_demo, threshold, _counted(
        iter_responses(db, questionnaire.id, include_demo), STAGES[0], total, progress))
    if progress:
        progress(STAGES[1], 0, total)
    all_charts = charts_of(summary)
    first_likert = next((c for c in all_charts if c.name in summary.likert), None)
    first_png = first_likert.draw("png") if first_likert is not None else None
    if charts_dir is not None:
        _write_charts(Path(charts_dir), all_charts)
    write_workbook(summary, out, chart_png=first_png, includes_demo=include_demo,
                   versions=versions_of(db, questionnaire.id, include_demo, threshold),
                   turnout=dashboard.turnout_of(db, questionnaire.id, include_demo),
                   you_said=you_said_rows(db, questionnaire, date.today()))
    if progress:
        progress(STAGES[1], total, total)
    return summary


def you_said_rows(db: sqlite_utils.Database, questionnaire: Questionnaire,
                  today: date) -> list[ActionRow]:
    """The workbook's "You said, we did" rows: one per action, oldest entry first, and one for
    an entry with none yet. What each is about in the consultation's words as they are now (a
    part or theme since removed keeps the words it had when its entry was last saved)."""
    words = {About(question.id): question.text for question in questionnaire.questions}
    words.update({About(question.id, statement.id): statement.text
                  for question in questionnaire.questions for statement in question.statements})
    words.update({About(theme_id=theme.id): theme.name for theme in themes(db, questionnaire.id)})
    rows = []
    for about, entry in actions.entries(db, questionnaire.id).items():
        said = {"about": words.get(about, entry.label), "said": entry.said}
        rows += [ActionRow(**said, we_will=action.we_will, we_did=action.we_did,
                           status=action.status.name, reason=action.reason, due=action.due,
                           team=action.team, overdue=action.overdue(today))
                 for action in entry.actions] or [ActionRow(**said)]
    return rows


def _raw_rows(db: sqlite_utils.Database, questionnaire: Questionnaire,
              include_demo: bool) -> tuple[Iterator[StoredResponse], int]:
    held = held_back(db, questionnaire.id)
    rows = without_held(iter_responses(db, questionnaire.id, include_demo), held, HELD_BACK)
    return without_held(rows, concerns(db, questionnaire.id), CONCERN), len(held)


def write_raw_csv(db: sqlite_utils.Database, questionnaire: Questionnaire, out: TextIO,
                  include_demo: bool = False) -> int:
    """The team's CSV: one row per response, after a first line saying it is personal data."""
    rows, _ = _raw_rows(db, questionnaire, include_demo)
    return raw.write_csv(questionnaire, rows, out)


def write_raw_workbook(db: sqlite_utils.Database, questionnaire: Questionnaire,
                       out: str | Path | BinaryIO, include_demo: bool = False) -> int:
    """The team's workbook: a Personal data sheet, then one row per response."""
    rows, held = _raw_rows(db, questionnaire, include_demo)
    return raw.write_raw_workbook(questionnaire, rows, out, includes_demo=include_demo,
                                  held_back=held)


class NotEnoughWaves(ValueError):
    """A series needs two waves or more to be compared."""


def series_waves(registry: "Catalogue", series: str) -> list[Questionnaire]:
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


def wave_before(registry: "Catalogue", questionnaire: Questionnaire) -> Questionnaire | None:
    """The wave just before this one in its series (in `wave_order`, as `survey compare` orders
    them), or None: no series, or the first wave."""
    if not questionnaire.series:
        return None
    waves = sorted((q for q in registry.questionnaires.values()
                    if q.series == questionnaire.series), key=wave_order)
    index = next((i for i, q in enumerate(waves) if q.id == questionnaire.id), 0)
    return waves[index - 1] if index > 0 else None


def compare_series(db: sqlite_utils.Database, registry: "Catalogue", series: str,
                   include_demo: bool = False, threshold: int = DEFAULT_THRESHOLD) -> WaveComparison:
    """Publish every wave of a series from the database, each on its own, and compare them."""
    return compare((published_of(db, q, include_demo, threshold)
                    for q in series_waves(registry, series)), threshold)


def wave_charts_of(comparison: WaveComparison) -> list[Chart]:
    """One waves chart per Likert question, named "waves-<question id>"."""
    return [Chart(f"waves-{question.id}", wave_charts.waves_alt_text(comparison, question),
                  lambda fmt, q=question: wave_charts.waves_chart(comparison, q, fmt))
            for question in comparison.questions]


def write_waves_report(db: sqlite_utils.Database, registry: "Catalogue", series: str,
                       out: str | Path | BinaryIO, include_demo: bool = False,
                       threshold: int = DEFAULT_THRESHOLD,
                       charts_dir: str | Path | None = None) -> WaveComparison:
    """Write the waves workbook (and, given a folder, each waves chart as PNG and SVG with its
    alt text)."""
    comparison = compare_series(db, registry, series, include_demo, threshold)
    if charts_dir is not None:
        _write_charts(Path(charts_dir), wave_charts_of(comparison))
    write_waves_workbook(comparison, out, includes_demo=include_demo,
                         actions=actions_after(db, comparison))
    return comparison


def actions_after(db: sqlite_utils.Database,
                  comparison: WaveComparison) -> dict[str, dict[tuple[str, str], list[str]]]:
    """What the council did after each wave but the latest: per wave id, per (question id,
    statement id), each "You said, we did" action on that statement in words, as the order they
    were written in ("Done: We moved the reviews.", with "We did" words once there are some,
    else "We will" words; a "Not possible" one with its reason). Plain words, since the
    waves workbook (exports) reads no database."""
    found: dict[str, dict[tuple[str, str], list[str]]] = {}
    for wave in comparison.waves[:-1]:
        for about, entry in actions.entries(db, wave.id).items():
            if about.statement_id and entry.actions:
                found.setdefault(wave.id, {})[(about.question_id, about.statement_id)] = [
                    action_words(action) for action in entry.actions]
    return found


def action_words(action: actions.Action) -> str:
    words = f"{action.status.name}: {action.we_did or action.we_will}"
    return f"{words} (why: {action.reason})" if action.reason else words


def _write_charts(folder: Path, all_charts: list[Chart]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for chart in all_charts:
        for fmt in CHART_FORMATS:
            (folder / f"{chart.name}.{fmt}").write_bytes(chart.draw(fmt))
        (folder / f"{chart.name}.alt.txt").write_text(chart.alt + "\n", encoding="utf-8")
