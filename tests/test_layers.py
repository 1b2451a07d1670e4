"""The arrows between the parts hold: checked by import-linter's contracts (pyproject.toml) and
by what Python actually loads.

Data flows one way: definition -> stored response -> summary -> disclosure check -> files. The
model (`survey.definition`), storing responses (`survey.db`, `survey.storage`, and
`survey.flagging`, which flags them in the same transaction), the analysis and the files
(`exports`) never import a web framework, and `analysis` and `exports` take nothing from
`survey` but the model, so `survey report` and any later results page can use them without the
web app.
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import grimp

REPO = Path(__file__).resolve().parent.parent
WEB = ("flask", "flask_wtf", "werkzeug", "wtforms", "jinja2", "govuk_frontend_jinja")


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


def test_importing_storage_the_analysis_and_the_files_loads_no_web_framework():
    code = ("import sys, analysis.summary, analysis.disclosure, analysis.charts, analysis.waves, "
            "exports.workbook, exports.raw, exports.waves, survey.storage, survey.flagging; "
            f"print(sorted(m for m in sys.modules if m.split('.')[0] in {WEB!r}))")
    loaded = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True,
                            text=True, check=True).stdout.strip()
    assert loaded == "[]"
