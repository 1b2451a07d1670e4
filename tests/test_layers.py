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
# The rooms of pages, which call survey.store's named functions and run no SQL themselves.
PAGES = ("survey/web", "survey/respond", "survey/builder", "survey/workspace", "survey/app.py",
         "survey/cli.py")
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


def test_no_page_runs_sql_itself():
    """Every SQL statement the pages need is a named function in survey.store: a module of the
    web, respond, builder or workspace rooms (or the app factory, or the command line) that calls
    execute, executemany or executescript has put SQL back in a page."""
    assert all((REPO / place).exists() for place in PAGES)
    files = [path for place in PAGES
             for path in ((REPO / place).rglob("*.py") if (REPO / place).is_dir() else [REPO / place])]
    found = [f"{path.relative_to(REPO)} line {number}: {line.strip()}"
             for path in files
             for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if RUNS_SQL.search(line)]
    assert not found, "SQL outside survey.store:\n" + "\n".join(found)
