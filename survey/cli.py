"""The `survey` command: check definitions, make reports and exports, add demo data and users."""
from __future__ import annotations

import os
import sys
from datetime import date
from pathlib import Path

import click

from analysis.readability import (consultation_reading, level_words, not_measured, sentence_words,
                                  version_readings)
from survey.store.db import open_database
from survey.definition import DefinitionError, Questionnaire, load_file, load_folder
from survey.definition.messages import RESULTS_BY_PASSED

# `survey check`'s warning for a translation no speaker of its language has checked yet.
NEEDS_REVIEW = "translations, {code}: needs checking by {who} before it is used"

DEFAULT_DB = os.path.join("instance", "haveyoursay.db")

db_option = click.option(
    "--db", "db_path", default=lambda: os.environ.get("HAVEYOURSAY_DATABASE", DEFAULT_DB),
    show_default=DEFAULT_DB, type=click.Path(dir_okay=False), help="SQLite database file.")
questionnaires_option = click.option(
    "--questionnaires", "folder", default="questionnaires", show_default=True,
    type=click.Path(file_okay=False), help="Folder of questionnaire definitions.")
demo_option = click.option("--include-demo", is_flag=True,
                           help="Count demo responses too (left out unless asked for).")


def threshold_option(help_text: str = "Groups with fewer responses than this are not shown."):
    """The small-number threshold, as the app takes it (HAVEYOURSAY_SUPPRESSION_THRESHOLD)."""
    return click.option("--threshold", type=click.IntRange(min=1), default=10,
                        show_default=True, envvar="HAVEYOURSAY_SUPPRESSION_THRESHOLD",
                        help=help_text)


_database = open_database  # creates the file and its folder if missing, and migrates it


def _questionnaire(folder: str, consultation_id: str) -> Questionnaire:
    loaded, failures = load_folder(folder)
    if consultation_id in loaded:
        return loaded[consultation_id]
    hint = f" Known: {', '.join(sorted(loaded))}." if loaded else ""
    broken = f" {len(failures)} file(s) in {folder} did not load: run `survey check`." if failures else ""
    raise click.ClickException(f"no consultation '{consultation_id}' in {folder}.{hint}{broken}")


def _progress_printer():
    """Progress on stderr for long reports: a line per stage, updated in place on a terminal."""
    interactive = sys.stderr.isatty()  # CliRunner puts its own stream here in tests

    def show(stage: str, done: int, total: int) -> None:
        if total < 5_000:  # quick enough to need no progress
            return
        finished = done >= total
        if interactive:
            click.echo(f"\r{stage}: {done:,} of {total:,}", nl=finished, err=True)
        elif finished or done % 25_000 == 0:
            click.echo(f"{stage}: {done:,} of {total:,}", err=True)
    return show


@click.group()
@click.version_option(package_name="haveyoursay")
def cli():
    """Have Your Say: consultations for children's services."""


def _echo_reading(questionnaire: Questionnaire) -> None:
    """A consultation's reading level, and its hardest sentences with where they are."""
    reading = consultation_reading(questionnaire)
    click.echo(f"  {level_words(reading)}")
    if reading.sentences:
        click.echo("  The hardest sentences:")
        for sentence in reading.hardest():
            click.echo(f"    {sentence_words(sentence)}")
    for name, version_reading in version_readings(questionnaire):
        click.echo(f"  {level_words(version_reading, name)}")
    if unmeasured := not_measured(questionnaire):
        click.echo(f"  {unmeasured}")


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path())
def check(files):
    """Check questionnaire definition files and print every problem with its line; for each good
    one, its reading level and its three hardest sentences (and each version's reading level), and
    a warning if the day it promises to tell young people what was done (results_by) has passed,
    or for each translation still to be checked by a speaker of its language.

    Example: survey check questionnaires/*.yaml
    """
    problems = 0
    for name in files:
        try:
            questionnaire = load_file(name)
        except DefinitionError as error:
            for problem in error.problems:
                click.echo(str(problem), err=True)
            problems += len(error.problems)
        else:
            count = len(questionnaire.questions)
            click.echo(f"{name}: ok ({questionnaire.id}, {count} questions, version {questionnaire.version})")
            _echo_reading(questionnaire)
            if questionnaire.results_by and questionnaire.results_by < date.today():
                passed = RESULTS_BY_PASSED.format(results_by=questionnaire.results_by)
                click.echo(f"  Warning: {passed}")
            for translation in questionnaire.translations:
                if translation.needs_review:
                    click.echo("  Warning: " + NEEDS_REVIEW.format(
                        code=translation.language, who=translation.needs_review))
    if problems:
        raise click.ClickException(f"{problems} problem(s) found")


@cli.command()
@click.argument("consultation_id")
@click.option("--out", required=True, type=click.Path(dir_okay=False), help="Workbook to write (.xlsx).")
@click.option("--charts", "charts_dir", type=click.Path(file_okay=False),
              help="Also write every chart as PNG and SVG, with its alt text, to this folder.")
@threshold_option()
@demo_option
@db_option
@questionnaires_option
def report(consultation_id, out, charts_dir, threshold, include_demo, db_path, folder):
    """Write the results workbook for a consultation: for managers and the board, figures
    only, with small groups hidden.

    Example: survey report trafford-corporate-parenting-review-2018 --out results.xlsx --charts charts
    """
    from survey.results.reports import write_report  # matplotlib is only loaded when needed
    questionnaire = _questionnaire(folder, consultation_id)
    summary = write_report(_database(db_path), questionnaire, out, include_demo, threshold,
                           charts_dir, progress=_progress_printer())
    responses = (f"fewer than {threshold} responses, so no figures are shown" if summary.too_few
                 else f"{summary.responses:,} responses")
    click.echo(f"Wrote {out}: {responses}"
               + (f"; charts in {charts_dir}" if charts_dir and not summary.too_few else ""))


@cli.command("board-report")
@click.argument("consultation_id")
@click.option("--out", required=True, type=click.Path(dir_okay=False),
              help="Report to write: .docx (Word) or .pdf (tagged PDF).")
@threshold_option()
@demo_option
@db_option
@questionnaires_option
def board_report(consultation_id, out, threshold, include_demo, db_path, folder):
    """Write the board report for a consultation: a summary, each question's chart and table,
    and the method, with small groups hidden and only the comments officers chose to quote.
    The format comes from the file's extension.

    Example: survey board-report trafford-corporate-parenting-review-2018 --out board.docx
    """
    from survey.results import board  # python-docx and matplotlib are only loaded when needed
    extension = Path(out).suffix.lower().lstrip(".")
    if extension not in board.FORMATS:
        known = " or ".join(f".{name}" for name in board.FORMATS)
        raise click.ClickException(
            f"--out {out}: the board report is written as {known}; the file name must end in "
            "one of those.")
    from survey.results.reports import wave_before
    from survey.store.catalogue import Catalogue
    questionnaire = _questionnaire(folder, consultation_id)
    try:
        made = board.write_board_report(_database(db_path), questionnaire, out, extension,
                                        include_demo, threshold, progress=_progress_printer(),
                                        earlier=wave_before(Catalogue.load(folder), questionnaire))
    except board.PdfUnavailable as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Wrote {out}: {board.FORMATS[extension].name}, {len(made.sections)} sections")


@cli.command()
@click.argument("series")
@click.option("--out", required=True, type=click.Path(dir_okay=False), help="Workbook to write (.xlsx).")
@click.option("--charts", "charts_dir", type=click.Path(file_okay=False),
              help="Also write a chart per question as PNG and SVG, with its alt text, to this folder.")
@threshold_option("A wave with fewer answers to a statement than this is not shown.")
@demo_option
@db_option
@questionnaires_option
def compare(series, out, charts_dir, threshold, include_demo, db_path, folder):
    """Compare the waves of a series (runs of one questionnaire), statement by statement:
    n and % in the top group per wave, the change from the wave before (and whether it is
    unlikely to be chance), and what was done after the wave before ("You said, we did").

    Example: survey compare sefton-pledge --out waves.xlsx --charts charts
    """
    from exports.waves import summary_lines
    from survey.store.catalogue import Catalogue
    from survey.results.reports import NotEnoughWaves, actions_after, write_waves_report
    registry = Catalogue.load(folder)
    db = _database(db_path)
    try:
        comparison = write_waves_report(db, registry, series, out, include_demo,
                                        threshold, charts_dir)
    except NotEnoughWaves as error:
        broken = (f" {len(registry.failures)} file(s) in {folder} did not load: run `survey check`."
                  if registry.failures else "")
        raise click.ClickException(f"{error}{broken}")
    waves = ", ".join(w.name for w in comparison.waves)
    click.echo(f"Wrote {out}: {len(comparison.waves)} waves ({waves}), "
               f"{len(comparison.rows)} statements"
               + (f"; charts in {charts_dir}" if charts_dir else ""))
    for line in summary_lines(comparison, actions_after(db, comparison)):
        click.echo(line)


@cli.command()
@click.argument("consultation_id")
@click.option("--csv", "csv_path", type=click.Path(dir_okay=False),
              help="CSV file to write: a line saying it is personal data, then one row per response.")
@click.option("--xlsx", "xlsx_path", type=click.Path(dir_okay=False),
              help="Workbook to write: a Personal data sheet, then one row per response.")
@demo_option
@db_option
@questionnaires_option
def export(consultation_id, csv_path, xlsx_path, include_demo, db_path, folder):
    """Export every response to a consultation, one row each: personal data, for the
    consultation team only (managers and the board get `survey report`). Each export is
    recorded in the audit log.

    Example: survey export trafford-corporate-parenting-review-2018 --csv responses.csv
    """
    from survey.store import audit
    from survey.results.reports import write_raw_csv, write_raw_workbook
    if not csv_path and not xlsx_path:
        raise click.UsageError("give --csv FILE, --xlsx FILE or both")
    questionnaire = _questionnaire(folder, consultation_id)
    db = _database(db_path)
    for path, kind in ((csv_path, "CSV"), (xlsx_path, "workbook")):
        if not path:
            continue
        if kind == "CSV":
            with open(path, "w", encoding="utf-8-sig", newline="") as handle:
                rows = write_raw_csv(db, questionnaire, handle, include_demo)
        else:
            rows = write_raw_workbook(db, questionnaire, path, include_demo)
        audit.record(db, "raw responses downloaded", questionnaire.id,
                     f"{kind}, with demo data" if include_demo else kind)
        click.echo(f"Wrote {path}: {rows:,} responses (personal data: for the team only)")


@cli.command()
@click.argument("consultation_id")
@click.option("--responses", "count", required=True, type=click.IntRange(1, 1_000_000),
              help="How many synthetic responses to add.")
@click.option("--seed", type=int, help="Seed, for the same responses every time.")
@db_option
@questionnaires_option
def demo(consultation_id, count, seed, db_path, folder):
    """Add synthetic responses, marked as demo data, so reports can be tried.

    Demo responses are left out of reports and exports unless --include-demo is given.

    Example: survey demo trafford-corporate-parenting-review-2018 --responses 200 --seed 1
    """
    from survey.store.demo import demo_responses
    from survey.store.responses import save_many
    questionnaire = _questionnaire(folder, consultation_id)
    added = save_many(_database(db_path), questionnaire,
                      demo_responses(questionnaire, count, seed), is_demo=True)
    click.echo(f"Added {added:,} demo responses to {consultation_id}")


@cli.group()
def user():
    """Manage staff accounts."""


@user.command("add")
@click.argument("name")
@click.option("--role", "roles", required=True, multiple=True,
              type=click.Choice(["admin", "officer", "manager"]),
              help="admin, officer or manager; give --role again for several.")
@click.password_option(help="The password (asked for if not given).")
@db_option
def user_add(name, roles, password, db_path):
    """Add a staff account: an admin (manages users), a participation officer or a manager.

    Example: survey user add sam --role officer --role manager
    """
    from survey.store.users import UserError, add_user
    try:
        added = add_user(_database(db_path), name, password, roles)
    except UserError as error:
        raise click.ClickException(str(error))
    click.echo(f"Added {added.username} ({added.role_names})")


@user.command("disable")
@click.argument("name")
@db_option
def user_disable(name, db_path):
    """Disable a staff account. It is signed out everywhere at once.

    Example: survey user disable sam
    """
    from survey.store.users import UserError, set_disabled
    try:
        set_disabled(_database(db_path), name)
    except UserError as error:
        raise click.ClickException(str(error))
    click.echo(f"Disabled {name}; their sessions have ended")


@user.command("enable")
@click.argument("name")
@db_option
def user_enable(name, db_path):
    """Enable a disabled staff account again.

    Example: survey user enable sam
    """
    from survey.store.users import UserError, set_disabled
    try:
        set_disabled(_database(db_path), name, disabled=False)
    except UserError as error:
        raise click.ClickException(str(error))
    click.echo(f"Enabled {name}")


@cli.command("backup")
@click.argument("target", type=click.Path(dir_okay=False))
@db_option
def backup_command(target, db_path):
    """Back up the database to a new file, safely while the app is running.

    Example: survey backup backups/haveyoursay-2026-11-28.db
    """
    from survey.store.backup import BackupError, backup
    try:
        found = backup(db_path, target)
    except BackupError as error:
        raise click.ClickException(str(error))
    click.echo(f"Backed up to {target}: {found}")


@cli.command("restore")
@click.argument("backup_file", type=click.Path(dir_okay=False))
@click.option("--yes", is_flag=True, help="Do not ask before replacing the data.")
@db_option
def restore_command(backup_file, yes, db_path):
    """Replace the database with a backup, after checking the backup is sound.

    Example: survey restore backups/haveyoursay-2026-11-28.db
    """
    from survey.store.backup import BackupError, contents, restore
    try:
        found = contents(backup_file)
        click.echo(f"{backup_file} holds {found}")
        if Path(db_path).exists():
            try:
                click.echo(f"{db_path} now holds {contents(db_path)}")
            except BackupError as error:  # a damaged database is a reason to restore
                click.echo(f"{db_path}: {error}")
        if not yes:
            click.confirm(f"Replace everything in {db_path} with the backup?", abort=True)
        restored = restore(backup_file, db_path)
    except BackupError as error:
        raise click.ClickException(str(error))
    click.echo(f"Restored {db_path} from {backup_file}")
    if restored.erased_again:
        n = restored.erased_again
        click.echo(f"{n:,} response{'s' if n != 1 else ''} erased since that backup "
                   f"{'were' if n != 1 else 'was'} erased again")


@cli.command("retention")
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]),
              help="Act as if today were this date (YYYY-MM-DD); for checking what would go.")
@click.option("--kept", "kept_dir", type=click.Path(file_okay=False),
              help="Folder for the kept summary workbooks [default: retained/ beside the database].")
@threshold_option("Groups with fewer responses than this are not shown in the kept summary.")
@db_option
@questionnaires_option
def retention(today, kept_dir, threshold, db_path, folder):
    """Delete the raw responses of every consultation past its retention date, keeping only
    the suppressed summary (a workbook in the kept folder). Run it daily, from cron.

    A consultation with a comment or answer waiting for safeguarding review is left alone until an
    officer has reviewed it. Every deletion is recorded in the audit log.

    Example: survey retention --db instance/haveyoursay.db
    """
    from survey.store import jobs
    from survey.store.catalogue import Catalogue
    from survey.results.retention import apply
    db = _database(db_path)
    loaded, _ = load_folder(folder) if Path(folder).is_dir() else ({}, [])
    consultations = Catalogue(str(folder), loaded, shipped=frozenset(loaded))
    consultations.load_stored(db)  # those built in the browser keep their summary too
    kept = Path(kept_dir) if kept_dir else Path(db_path).resolve().parent / "retained"
    outcomes = apply(db, consultations.questionnaires, kept, today.date() if today else None,
                     threshold)
    prepared = jobs.clean_up(db, jobs.folder_of(db))
    if prepared:
        click.echo(f"Deleted {prepared:,} prepared workbook(s) more than an hour old")
    if not outcomes:
        click.echo("Nothing to delete: no consultation with responses is past its date")
    for outcome in outcomes:
        if outcome.waiting:
            click.echo(f"{outcome.consultation_id}: not deleted: {outcome.waiting} comment(s) are "
                       "waiting for safeguarding review", err=True)
        else:
            click.echo(f"{outcome.consultation_id}: deleted {outcome.deleted:,} responses; "
                       + (f"summary kept in {outcome.kept}" if outcome.kept else
                          "no summary kept (the questionnaire is not in the folder)"))


@cli.group()
def translation():
    """A consultation's other languages: a file for a translator, and its words back in."""


language_option = click.option("--language", "code", required=True,
                               help="The language's code, for example cy (Welsh) or ar (Arabic).")


def _definition_and_language(path: str, code: str) -> Questionnaire:
    """The definition file, loaded, and a language it can be offered in; else a polite error."""
    from survey.definition.languages import LANGUAGES, interface_languages
    questionnaire = _loaded(path)
    offered = [c for c in interface_languages() if c != questionnaire.language]
    if code not in offered:
        known = ", ".join(f"{c} ({LANGUAGES[c].english})" for c in offered)
        what = ("is the language it is written in" if code == questionnaire.language
                else "is not a language it can be offered in yet")
        raise click.ClickException(f"--language {code}: {what}. Languages: {known}")
    return questionnaire


def _loaded(path: str) -> Questionnaire:
    try:
        return load_file(path)
    except DefinitionError as error:
        for problem in error.problems:
            click.echo(str(problem), err=True)
        raise click.ClickException(f"{path} does not load: {len(error.problems)} problem(s)")


@translation.command("export")
@click.argument("definition", type=click.Path(exists=True, dir_okay=False))
@language_option
@click.option("--out", required=True, type=click.Path(dir_okay=False),
              help="File to write for the translator: .xlsx (a spreadsheet) or .po.")
def translation_export(definition, code, out):
    """Write a file for a translator: every text of the consultation, where it is shown, its
    words in the working language and the translation so far, each keyed by its ids.

    Example: survey translation export questionnaires/sefton-pledge.yaml --language cy --out cy.xlsx
    """
    from exports.translations import FORMATS, missing, write_translation
    from survey.definition.texts import texts_of
    kind = Path(out).suffix.lower().lstrip(".")
    if kind not in FORMATS:
        raise click.ClickException(f"--out {out}: a file for a translator is written as .xlsx "
                                   "(a spreadsheet) or .po; the file name must end in one of those.")
    questionnaire = _definition_and_language(definition, code)
    Path(out).write_bytes(write_translation(questionnaire, code, kind))
    count, to_do = len(texts_of(questionnaire)), len(missing(questionnaire, code))
    click.echo(f"Wrote {out}: {count} texts, {to_do} of them still to translate")


@translation.command("import")
@click.argument("definition", type=click.Path(exists=True, dir_okay=False))
@language_option
@click.option("--from", "source", required=True, type=click.Path(exists=True, dir_okay=False),
              help="The translator's file: the .xlsx or .po that `survey translation export` wrote.")
def translation_import(definition, code, source):
    """Write a translator's file into the definition's `translations:` block, keeping the rest
    of the file as it was, comments included. Nothing is written unless every text is
    translated and the result loads. A changed translation needs checking again.

    Example: survey translation import questionnaires/sefton-pledge.yaml --language cy --from cy.xlsx
    """
    from exports.translation_block import spliced, with_translation
    from exports.translations import TranslationFileError, gaps, read_file
    from survey.definition import load_text
    from survey.definition.languages import LANGUAGES
    from survey.definition.model import Translation
    questionnaire = _definition_and_language(definition, code)
    try:
        read = read_file(source, code, questionnaire)
    except TranslationFileError as error:
        for problem in error.problems:
            click.echo(problem, err=True)
        raise click.ClickException(f"{len(error.problems)} problem(s) in {source}; "
                                   f"nothing was written to {definition}")
    missing = gaps(questionnaire, code, read, Path(source).name)
    if missing:
        for gap in missing:
            click.echo(gap, err=True)
        raise click.ClickException(f"{len(missing)} text(s) not translated yet in {source}; "
                                   f"nothing was written to {definition}")
    before = questionnaire.translation(code)
    same = before is not None and dict(before.texts) == read.texts
    new = Translation(code, read.texts, before.needs_review if same else LANGUAGES[code].reviewer)
    with open(definition, encoding="utf-8", newline="") as handle:
        text = handle.read()
    written = spliced(text, with_translation(questionnaire, new))
    try:
        load_text(written, definition)
    except DefinitionError as error:
        for problem in error.problems:
            click.echo(str(problem), err=True)
        raise click.ClickException(f"nothing was written to {definition}: with these texts it "
                                   f"would not load")
    with open(definition, "w", encoding="utf-8", newline="") as handle:
        handle.write(written)
    click.echo(f"Wrote {len(read.texts)} {LANGUAGES[code].english} texts into {definition}"
               + ("; nothing changed" if same else f"; they need checking by {new.needs_review}"))


@translation.command("status")
@click.argument("definition", type=click.Path(exists=True, dir_okay=False))
def translation_status(definition):
    """Each language a consultation is offered in: how many texts are missing, and whether it
    still needs checking by a native speaker.

    Example: survey translation status questionnaires/sefton-pledge.yaml
    """
    from exports.translations import state_words
    from survey.definition.languages import language
    questionnaire = _loaded(definition)
    click.echo(f"{language(questionnaire.language).english} ({questionnaire.language}): "
               "the language it is written in")
    for translation in questionnaire.translations:
        code = translation.language
        click.echo(f"{language(code).english} ({code}): {state_words(questionnaire, code)}")
    if not questionnaire.translations:
        click.echo("No other languages yet: `survey translation export` writes a file for a translator")
