"""Pages for participation officers and managers: consultations, responses, charts, downloads.

Who sees what (`analysis.disclosure.Audience`): an officer's page shows the team's figures, every
count; a manager's (or an officer's with ?view=managers, to check what managers see) shows the
published ones. Charts and the results workbook are always published: they go to the board. The
raw responses (one row per response, CSV or Excel) are for officers only, and every download is
in the audit log.
"""
from __future__ import annotations

import io
from datetime import date

from flask import (Blueprint, Response, abort, current_app, g, redirect, render_template, request,
                   send_file, url_for)
from flask_wtf import FlaskForm

from analysis.disclosure import Audience, fewer_than, shown_total

from survey.store import audit
from survey.results import board, chart_cache, dashboard
from survey.store import invitations
from survey.results import jobs
from survey.store import jobs as job_table
from survey.store import lifecycle
from survey.workspace import share
from survey.results import reports
from survey.web.auth import role_required
from survey.web.per_request import get_db
from survey.web.catalogue import consultation_or_404, catalogue
from survey.store.responses import count_responses, response_counts

bp = Blueprint("staff", __name__, url_prefix="/staff")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@bp.before_request
@role_required("officer", "manager")
def guard():
    """Every page in this blueprint needs a signed-in officer or manager."""



def _include_demo(asked: str | None = None) -> bool:
    """Whether demo responses are counted: officers only, since the demo count beside the real
    results would give a manager the exact number of a small consultation's responses."""
    asked = request.args.get("demo") if asked is None else asked
    return asked == "1" and g.user.has("officer")


def _threshold() -> int:
    return current_app.config["SUPPRESSION_THRESHOLD"]


def audience() -> Audience:
    """The team's view for officers, unless they ask to see what managers see."""
    if g.user.has("officer") and request.args.get("view") != "managers":
        return Audience.TEAM
    return Audience.MANAGERS


def _visible(count: int) -> int | None:
    """A number of responses as this user may see it: None for a manager when it is 1 to 9."""
    return count if audience() is Audience.TEAM else shown_total(count, _threshold())


def _count_text(count: int) -> str:
    """The same in words: "fewer than 10" where it is hidden (analysis.disclosure)."""
    shown = _visible(count)
    return fewer_than(_threshold()) if shown is None else f"{shown:,}"


@bp.get("/")
def index():
    today = date.today()
    db = get_db()
    counts, states = response_counts(db), lifecycle.states(db)
    rows = [(q, lifecycle.status(q, states.get(q.id, lifecycle.DEFAULT), today),
             _count_text(counts.get(q.id, 0))) for q in catalogue().all()]
    return render_template("workspace/results_page/index.html", rows=rows, failures=catalogue().failures)


@bp.get("/c/<consultation_id>")
def consultation(consultation_id: str):
    questionnaire = consultation_or_404(consultation_id)
    include_demo = _include_demo()
    db = get_db()
    charts_key = chart_cache.key_of(db, questionnaire, include_demo, _threshold())  # before reading
    team = reports.summary_of(db, questionnaire, include_demo)   # the responses, read once
    published = reports.publish_for(db, team, _threshold())
    view = audience()
    summary = team if view is Audience.TEAM else published
    state = lifecycle.state_of(db, questionnaire.id)
    responses = team.responses
    return render_template(
        "workspace/results_page/consultation.html", q=questionnaire, summary=summary, view=view,
        responses=responses, can_see_team=g.user.has("officer"), threshold=_threshold(),
        state=state, status=lifecycle.status(questionnaire, state, date.today()),
        moves=lifecycle.moves(state), link=share.public_link(questionnaire.id),
        choice_links=share.choice_links(questionnaire),
        shipped=catalogue().is_shipped(questionnaire.id),
        dashboard=dashboard.build(db, summary, include_demo),
        actions=dashboard.action_counts(db, questionnaire.id, date.today()),
        codes=invitations.counts(db, questionnaire.id),
        charts=chart_cache.remember(charts_key, reports.charts_of(published))
        if responses else [],
        include_demo=include_demo, board_formats=board.FORMATS.values(),
        pdf_missing=None if board.pdf_available() else board.NO_PANGO,
        # Officers only: beside "fewer than 10", the demo count would give the real one away.
        demo_count=count_responses(db, questionnaire.id, True) - responses
        if g.user.has("officer") and not include_demo else 0,
    )


@bp.get("/c/<consultation_id>/charts/<name>.<fmt>")
def chart(consultation_id: str, name: str, fmt: str):
    questionnaire = consultation_or_404(consultation_id)
    if fmt not in reports.CHART_FORMATS:
        abort(404)
    db, include_demo, threshold = get_db(), _include_demo(), _threshold()
    key = chart_cache.key_of(db, questionnaire, include_demo, threshold)
    found = next((c for c in chart_cache.charts(db, questionnaire, key, include_demo, threshold)
                  if c.name == name), None)
    if found is None:
        abort(404)
    return Response(found.draw(fmt), mimetype=reports.CHART_FORMATS[fmt])


@bp.get("/c/<consultation_id>/results.xlsx")
def workbook(consultation_id: str):
    questionnaire = consultation_or_404(consultation_id)
    buffer = io.BytesIO()
    reports.write_report(get_db(), questionnaire, buffer, _include_demo(), _threshold())
    buffer.seek(0)
    audit.record(get_db(), "results downloaded", questionnaire.id,
                 "workbook, with demo data" if _include_demo() else "workbook")
    return send_file(buffer, mimetype=XLSX, as_attachment=True,
                     download_name=f"{questionnaire.id}-results.xlsx")


@bp.get("/c/<consultation_id>/raw-responses.csv")
@role_required("officer")
def raw_csv(consultation_id: str):
    """Every response, one row each: personal data, for the team only."""
    return _raw_responses(consultation_id, "csv")


@bp.get("/c/<consultation_id>/raw-responses.xlsx")
@role_required("officer")
def raw_workbook(consultation_id: str):
    """The same as the raw CSV, as a workbook whose first sheet says it is personal data."""
    return _raw_responses(consultation_id, "xlsx")


RAW = {"csv": ("text/csv", "CSV"), "xlsx": (XLSX, "workbook")}  # format -> type, audit word


def _raw_responses(consultation_id: str, fmt: str):
    """Write the team's raw responses in `fmt`, record the download, send the file."""
    questionnaire = consultation_or_404(consultation_id)
    mimetype, kind = RAW[fmt]
    if fmt == "csv":
        text = io.StringIO()
        reports.write_raw_csv(get_db(), questionnaire, text, _include_demo())
        buffer = io.BytesIO(text.getvalue().encode("utf-8-sig"))  # the BOM: Excel reads UTF-8
    else:
        buffer = io.BytesIO()
        reports.write_raw_workbook(get_db(), questionnaire, buffer, _include_demo())
        buffer.seek(0)
    audit.record(get_db(), "raw responses downloaded", questionnaire.id,
                 f"{kind}, with demo data" if _include_demo() else kind)
    return send_file(buffer, mimetype=mimetype, as_attachment=True,
                     download_name=f"{questionnaire.id}-raw-responses-personal-data.{fmt}")


# -- the workbook prepared in the background, with a page showing how far it has got ------------

JOB_HEADINGS = {
    "running": "Preparing the {name}",
    "done": "The {name} is ready",
    "failed": "The {name} could not be prepared",
}


class Prepared:
    """What a kind of prepared file is called on its pages, and how it is sent."""

    def __init__(self, name: str, short: str, mimetype: str, suffix: str, fmt: str = "",
                 audited: str = ""):
        self.name, self.short, self.mimetype, self.suffix = name, short, mimetype, suffix
        self.format = fmt    # the board report's format, sent again by "Try again"
        self.audited = audited or name   # the download's words in the audit log

    @property
    def endpoint(self) -> str:
        return ".prepare_board_report" if self.format else ".prepare_workbook"


PREPARED = {
    job_table.WORKBOOK: Prepared("results workbook", "workbook", XLSX, "results.xlsx",
                                 audited="workbook"),
    **{f.kind: Prepared(f"board report ({f.name})", "board report", f.mimetype,
                        f"board-report.{f.extension}", f.extension)
       for f in board.FORMATS.values()},
}
# A job's id is secrets.token_urlsafe(16), 22 characters: at least 8, so ".../prepare" is not one
JOB_ID = "<string(minlength=8):job_id>"


@bp.context_processor
def _download_limits():
    return {"quick_responses": jobs.QUICK_RESPONSES}


def _own_job(questionnaire, job_id: str) -> job_table.Job:
    """The job, if the signed-in user started it for this consultation; 404 for anyone else.
    A job whose process has gone (a restart) is claimed and started again first."""
    jobs.look_after(current_app._get_current_object(), get_db(), job_id)
    job = job_table.find(get_db(), job_id)
    if job is None or job.consultation_id != questionnaire.id or job.username != g.user.username:
        abort(404)
    return job


@bp.post("/c/<consultation_id>/results/prepare")
def prepare_workbook(consultation_id: str):
    questionnaire = consultation_or_404(consultation_id)
    if not FlaskForm().validate_on_submit():  # only the CSRF token
        abort(400)
    job_id = jobs.prepare_workbook(current_app._get_current_object(), get_db(), questionnaire,
                                   g.user.username, _include_demo(request.form.get("demo")))
    return redirect(url_for(".workbook_job", consultation_id=questionnaire.id, job_id=job_id), 303)


@bp.post("/c/<consultation_id>/board-report/prepare")
def prepare_board_report(consultation_id: str):
    """The board report, in the format asked for (`format`: docx or pdf), prepared as the
    workbook is: the same progress page and download."""
    questionnaire = consultation_or_404(consultation_id)
    if not FlaskForm().validate_on_submit():  # only the CSRF token
        abort(400)
    chosen = board.FORMATS.get(request.form.get("format", ""))
    if chosen is None:
        abort(400)
    job_id = jobs.prepare_workbook(current_app._get_current_object(), get_db(), questionnaire,
                                   g.user.username, _include_demo(request.form.get("demo")),
                                   chosen.kind)
    return redirect(url_for(".workbook_job", consultation_id=questionnaire.id, job_id=job_id), 303)


@bp.get(f"/c/<consultation_id>/results/{JOB_ID}")
def workbook_job(consultation_id: str, job_id: str):
    """How far the job has got. It never reloads itself; "Check progress" (or, with JavaScript,
    progress.js every 2 seconds) asks again."""
    questionnaire = consultation_or_404(consultation_id)
    job = _own_job(questionnaire, job_id)
    status = job.status()
    prepared = PREPARED[job.kind]
    return render_template("workspace/results_page/results_job.html", q=questionnaire, job=job, status=status,
                           heading=JOB_HEADINGS[status].format(name=prepared.name),
                           prepared=prepared, total=_count_text(job.total),
                           counts_shown=_visible(job.total) is not None)


@bp.get(f"/c/<consultation_id>/results/{JOB_ID}/file")
def workbook_file(consultation_id: str, job_id: str):
    questionnaire = consultation_or_404(consultation_id)
    job = _own_job(questionnaire, job_id)
    if job.state == "running":
        return redirect(url_for(".workbook_job", consultation_id=questionnaire.id, job_id=job.id),
                        303)
    path = job_table.file_of(job_table.folder_for(current_app.config["DATABASE"]), job)
    if path is None:
        abort(404)
    prepared = PREPARED[job.kind]
    audit.record(get_db(), "results downloaded", questionnaire.id,
                 f"{prepared.audited}, with demo data" if job.include_demo else prepared.audited)
    return send_file(path, mimetype=prepared.mimetype, as_attachment=True,
                     download_name=f"{questionnaire.id}-{prepared.suffix}")
