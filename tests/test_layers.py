"""The arrows between the parts hold: checked by import-linter's contracts (pyproject.toml) and
by what Python actually loads.

Data flows one way: definition -> stored response -> summary -> disclosure check -> files. The
model (`survey.definition`), the store (`survey.store`, every SQL statement), the results
(`survey.results`), the analysis and the files (`exports`) never import a web framework, and
`analysis` and `exports` take nothing from `survey` but the model, so `survey report` and the
results pages use them without the web app. The rooms and their arrows: docs/architecture.md.
"""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import grimp

REPO = Path(__file__).resolve().parent.parent
WEB = ("flask", "flask_wtf", "werkzeug", "wtforms", "jinja2", "govuk_frontend_jinja")
# Where SQL may run: the store, and only there.
SQL_PLACES = ("survey/store/",)
RUNS_SQL = re.compile(r"\.execute\(|executemany\(|\.executescript\(")


def test_the_import_contracts_hold():
    from importlinter.cli import lint_imports
    assert lint_imports(config_filename=str(REPO / "pyproject.toml")) == 0


def test_analysis_and_exports_take_only_the_model_from_survey():
    graph = grimp.build_graph("survey", "analysis", "exports")
    wrong = sorted(
        (module, imported)
        for package in ("analysis", "exports")
        for module in graph.find_descendants(package) | {package}
        for imported in graph.find_modules_directly_imported_by(module)
        if imported.split(".")[0] == "survey" and imported != "survey"
        and not imported.startswith("survey.definition"))
    assert not wrong, wrong


def test_importing_the_model_the_store_the_results_and_the_files_loads_no_web_framework():
    """`survey report` and `survey export` run without the web app: every module below the
    pages imports cleanly with no web framework loaded."""
    code = ("import importlib, pkgutil, sys\n"
            "for name in ('survey.definition', 'survey.store', 'survey.results', 'analysis', "
            "'exports'):\n"
            "    package = importlib.import_module(name)\n"
            "    for found in pkgutil.walk_packages(package.__path__, name + '.'):\n"
            "        importlib.import_module(found.name)\n"
            f"print(sorted(m for m in sys.modules if m.split('.')[0] in {WEB!r}))")
    loaded = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True,
                            text=True, check=True).stdout.strip()
    assert loaded == "[]"


def test_every_sql_statement_is_in_the_store():
    """Every SQL statement is a named function in survey.store: a module anywhere else (the
    pages of web, respond, builder and workspace, the app factory, the command line, the
    results, the model, the analysis, the files) that calls execute, executemany or executescript has put SQL back where it does not belong."""
    files = [path for package in ("survey", "analysis", "exports")
             for path in sorted((REPO / package).rglob("*.py"))
             if not path.relative_to(REPO).as_posix().startswith(SQL_PLACES)]
    assert any(path.match("survey/workspace/*.py") for path in files)  # the scan found the pages
    found = [f"{path.relative_to(REPO)} line {number}: {line.strip()}"
             for path in files
             for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if RUNS_SQL.search(line)]
    assert not found, "SQL outside survey.store:\n" + "\n".join(found)
