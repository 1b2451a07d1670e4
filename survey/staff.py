"""Pages for participation officers and managers: consultations, responses, charts, downloads."""
from __future__ import annotations

import io
from datetime import date

from flask import (Blueprint, Response, abort, current_app, render_template, request,
                   send_file)

from . import audit, dashboard, invitations, lifecycle, reach, reports
from .auth import role_required
from .db import get_db
from .registry import consultation_or_404, registry
from .storage import count_responses, response_counts

bp = Blueprint("staff", __name__, url_prefix="/staff")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@bp.before_request
@role_required("officer", "manager")
def guard():
    """Every page in this blueprint needs a signed-in officer or manager."""



def _include_demo() -> bool:
    return request.args.get("demo") == "1"


@bp.get("/")
def index():
    today = date.today()
    db = get_db()
    counts, states = response_counts(db), lifecycle.states(db)
    rows = [(q, lifecycle.status(q, states.get(q.id, lifecycle.DEFAULT), today), counts.get(q.id, 0))
            for q in registry().all()]
    return render_template("staff/index.html", rows=rows, failures=registry().failures)


@bp.get("/c/<consultation_id>")
def consultation(consultation_id: str):
    questionnaire = consultation_or_404(consultation_id)
    include_demo = _include_demo()
    db = get_db()
    threshold = current_app.config["SUPPRESSION_THRESHOLD"]
    summary = reports.summary_of(db, questionnaire, include_demo, threshold)
    state = lifecycle.state_of(db, questionnaire.id)
    return render_template(
        "staff/consultation.html", q=questionnaire, summary=summary,
        state=state, status=lifecycle.status(questionnaire, state, date.today()),
        moves=lifecycle.moves(state), link=reach.public_link(questionnaire.id),
        dashboard=dashboard.build(db, summary, include_demo, threshold),
        codes=invitations.counts(db, questionnaire.id),
        charts=reports.charts_of(summary) if summary.responses else [],
        include_demo=include_demo,
        demo_count=count_responses(db, questionnaire.id, True) - summary.responses
        if not include_demo else 0,
    )


@bp.get("/c/<consultation_id>/charts/<name>.<fmt>")
def chart(consultation_id: str, name: str, fmt: str):
    questionnaire = consultation_or_404(consultation_id)
    if fmt not in reports.CHART_FORMATS:
        abort(404)
    summary = reports.summary_of(get_db(), questionnaire, _include_demo(),
                                 current_app.config["SUPPRESSION_THRESHOLD"])
    found = next((c for c in reports.charts_of(summary) if c.name == name), None)
    if found is None:
        abort(404)
    return Response(found.draw(fmt), mimetype=reports.CHART_FORMATS[fmt])


@bp.get("/c/<consultation_id>/results.xlsx")
def workbook(consultation_id: str):
    questionnaire = consultation_or_404(consultation_id)
    buffer = io.BytesIO()
    reports.write_report(get_db(), questionnaire, buffer, _include_demo(),
                         current_app.config["SUPPRESSION_THRESHOLD"])
    buffer.seek(0)
    audit.record(get_db(), "results downloaded", questionnaire.id,
                 "workbook, with demo data" if _include_demo() else "workbook")
    return send_file(buffer, mimetype=XLSX, as_attachment=True,
                     download_name=f"{questionnaire.id}-results.xlsx")


@bp.get("/c/<consultation_id>/responses.csv")
def responses_csv(consultation_id: str):
    questionnaire = consultation_or_404(consultation_id)
    text = io.StringIO()
    reports.write_responses_csv(get_db(), questionnaire, text, _include_demo())
    data = text.getvalue().encode("utf-8-sig")  # the BOM tells Excel the file is UTF-8
    audit.record(get_db(), "responses downloaded", questionnaire.id,
                 "CSV, with demo data" if _include_demo() else "CSV")
    return send_file(io.BytesIO(data), mimetype="text/csv", as_attachment=True,
                     download_name=f"{questionnaire.id}-responses.csv")
