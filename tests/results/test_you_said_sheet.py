"""The results workbook's "You said, we did" sheet, written by the real `write_report` from real
actions in a real database, and read back with openpyxl."""
from __future__ import annotations

from datetime import date, datetime, timedelta

from conftest import TRAFFORD
from openpyxl import load_workbook
from test_exports import facts_of, no_formula_or_error_cell, rows_of, tables_match_their_header_cells

from exports.you_said_sheet import DUE_FORMAT, LABELS, NONE_YET, SHEET
from survey.results.reports import write_report, you_said_rows
from survey.store.actions import About, ActionFields, add_action, save_said
from survey.store.comments import create_theme

TODAY = date.today()


def trafford(app):
    return app.extensions["haveyoursay.catalogue"].get(TRAFFORD)


def written(app, db, tmp_path):
    path = tmp_path / "results.xlsx"
    write_report(db, trafford(app), path)
    return path, load_workbook(path)


def test_one_row_per_action_in_the_consultations_words(app, db, tmp_path):
    questionnaire = trafford(app)
    statement = questionnaire.questions[1].statements[0]      # q2, placement-stability
    stay = About("q2", statement.id)
    add_action(db, TRAFFORD, stay, "Staying", "7 in 10 of you want to stay put.",
               ActionFields("We will plan calm moves.", status="done",
                            we_did="We planned every move.", due=TODAY - timedelta(days=30),
                            team="Fostering team"))
    add_action(db, TRAFFORD, stay, "Staying", "",
               ActionFields("We will ask you before a move.", due=TODAY - timedelta(days=1),
                            team="Head of Service"))
    add_action(db, TRAFFORD, About("q3"), "Improve", "You want more help at college.",
               ActionFields("We will pay for a tutor.", status="not-possible",
                            reason="There is no money this year.", due=TODAY - timedelta(days=1)))
    save_said(db, TRAFFORD, About("q2", "education"), "Education", "School matters to you.")
    path, wb = written(app, db, tmp_path)
    ws = wb[SHEET]
    rows = rows_of(ws)
    header = rows.index(LABELS)
    found = [dict(zip(LABELS, row)) for row in rows[header + 1:]]
    assert [(r["About"], r["You said"], r["We will"], r["Status"], r["Overdue"])
            for r in found] == [
        (statement.text, "7 in 10 of you want to stay put.", "We will plan calm moves.", "Done",
         None),
        (statement.text, "7 in 10 of you want to stay put.", "We will ask you before a move.",
         "Planned", "Overdue"),
        ("Are there any areas you feel need to be improved?", "You want more help at college.",
         "We will pay for a tutor.", "Not possible", None),
        (questionnaire.questions[1].statements[2].text, "School matters to you.", None, None,
         None),                                                     # no action yet: one row
    ]
    assert found[0]["We did"] == "We planned every move."
    assert found[0]["Team or role"] == "Fostering team"
    assert found[2]["Why not possible"] == "There is no money this year."
    # The due date is a date cell, shown as a date, not text.
    due = ws.cell(row=header + 2, column=LABELS.index("Due date") + 1)
    assert due.value == datetime.combine(TODAY - timedelta(days=30), datetime.min.time())
    assert due.number_format == DUE_FORMAT
    assert not any("placement-stability" in str(v) for row in rows for v in row)   # no ids
    assert set(ws.tables) == {"YouSaidWeDid"}
    tables_match_their_header_cells(wb)
    assert wb.sheetnames[-1] == SHEET
    assert facts_of(wb)[f"{SHEET} sheet"].startswith("What young people said")


def test_overdue_is_worked_out_from_the_status_and_the_day(app, db):
    """By hand: due yesterday and planned or in progress is overdue; due today is not yet; done
    or not possible never is."""
    cases = [("planned", -1, "Overdue"), ("in-progress", -1, "Overdue"), ("planned", 0, None),
             ("done", -5, None), ("not-possible", -5, None), ("planned", None, None)]
    for n, (status, days, _) in enumerate(cases):
        add_action(db, TRAFFORD, About("q2", f"s{n}"), f"Statement {n}", "",
                   ActionFields("We will.", status=status, reason="No money.",
                                due=None if days is None else TODAY + timedelta(days=days)))
    rows = you_said_rows(db, trafford(app), TODAY)
    assert [("Overdue" if row.overdue else None) for row in rows] == [c[2] for c in cases]
    assert [row.about for row in rows] == [f"Statement {n}" for n in range(len(cases))]


def test_a_theme_is_named_and_an_action_like_a_formula_stays_text(app, db, tmp_path):
    theme = create_theme(db, TRAFFORD, "Contact with family")
    add_action(db, TRAFFORD, About(theme_id=theme), "Contact with family", "=1+2",
               ActionFields('=HYPERLINK("http://example.invalid","Open")',
                            team="@Leaving care team"))
    path, wb = written(app, db, tmp_path)
    rows = rows_of(wb[SHEET])
    row = rows[rows.index(LABELS) + 1]
    assert row[:3] == ["Contact with family", "'=1+2",
                       '\'=HYPERLINK("http://example.invalid","Open")']
    assert row[LABELS.index("Team or role")] == "'@Leaving care team"
    assert no_formula_or_error_cell(path)


def test_no_entries_yet_is_said_on_the_sheet(app, db, tmp_path):
    _, wb = written(app, db, tmp_path)
    rows = rows_of(wb[SHEET])
    assert [NONE_YET] in [row[:1] for row in rows]
    assert LABELS not in rows
