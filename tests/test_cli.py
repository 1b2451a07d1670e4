"""The `survey` command, run as a user would, against this test's database."""
from __future__ import annotations

import csv
import textwrap

from click.testing import CliRunner
from conftest import TRAFFORD, hidden_fields
from openpyxl import load_workbook

from survey.cli import cli
from survey.definition.messages import RESULTS_BY_PASSED
from survey.store.responses import count_responses


def test_check_accepts_the_shipped_definitions(questionnaires):
    result = CliRunner().invoke(cli, ["check", *map(str, sorted(questionnaires.glob("*.yaml")))])
    assert result.exit_code == 0, result.output
    assert f"ok ({TRAFFORD}, 8 questions" in result.output


def test_check_prints_errors_like_a_compiler_and_fails(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(textwrap.dedent("""\
        id: bad
        title: Bad
        organisation: X
        sections:
          - id: s
            questions:
              - id: q1
                type: likert
                text: How?
                scale: informd
                statements: [{id: a, text: A}]
    """))
    result = CliRunner().invoke(cli, ["check", str(bad)])
    assert result.exit_code == 1
    assert f"{bad}:10: question 'q1': scale 'informd' is not defined." in result.output
    assert "Did you mean 'informed'?" in result.output
    assert "Traceback" not in result.output


def test_check_warns_of_a_results_date_that_has_passed_but_accepts_the_file(tmp_path):
    text = textwrap.dedent("""\
        id: told
        title: Told
        organisation: X
        results_by: {day}
        sections:
          - id: s
            questions:
              - {{id: q1, type: short_text, text: What?}}
    """)
    past, future = tmp_path / "past.yaml", tmp_path / "future.yaml"
    past.write_text(text.format(day="2020-06-30"))
    future.write_text(text.format(day="2999-06-30"))
    result = CliRunner().invoke(cli, ["check", str(past), str(future)])
    assert result.exit_code == 0, result.output
    assert result.output.count("Warning:") == 1
    assert ("Warning: " + RESULTS_BY_PASSED.format(results_by="2020-06-30")) in result.output


def test_check_gives_each_version_s_reading_level_and_warns_of_a_translation_to_check(tmp_path):
    from definition.test_unfinished_translations import COMPLETE, DRAFT

    from analysis.readability import consultation_reading, level_words, not_measured
    from survey.cli import NEEDS_REVIEW
    from survey.definition import load_text
    from survey.definition.texts import variant
    path = tmp_path / "bands.yaml"
    path.write_text(DRAFT + COMPLETE)
    questionnaire = load_text(DRAFT + COMPLETE)
    result = CliRunner().invoke(cli, ["check", str(path)])
    assert result.exit_code == 0, result.output
    for version in questionnaire.versions:
        level = level_words(consultation_reading(variant(questionnaire, version=version.id)), version.name)
        assert f"  {level}\n" in result.output
    assert "  8 to 12 year olds: most sentences suit age" in result.output
    assert not_measured(questionnaire) == "Welsh is not measured: the reading grade is for English."
    assert not_measured(questionnaire) in result.output
    assert ("Warning: " + NEEDS_REVIEW.format(code="cy", who="a Welsh speaker")) in result.output
    assert result.output.count("Warning:") == 1
    checked = tmp_path / "checked.yaml"
    checked.write_text((DRAFT + COMPLETE).replace("    needs_review: true\n", ""))
    assert "Warning" not in CliRunner().invoke(cli, ["check", str(checked)]).output


def test_check_says_nothing_of_versions_or_languages_a_file_does_not_have(questionnaires):
    result = CliRunner().invoke(cli, ["check", str(questionnaires / "sefton-pledge.yaml")])
    assert "not measured" not in result.output and "year olds" not in result.output


def test_demo_adds_marked_responses_left_out_of_reports(runner, db, tmp_path):
    result = runner.invoke("demo", TRAFFORD, "--responses", "40", "--seed", "3")
    assert result.exit_code == 0, result.output
    assert count_responses(db, TRAFFORD) == 0
    assert count_responses(db, TRAFFORD, include_demo=True) == 40
    out = tmp_path / "r.xlsx"
    runner.invoke("report", TRAFFORD, "--out", str(out))
    about = load_workbook(out)["About"]
    assert any(row == ("Responses", 0) for row in about.iter_rows(values_only=True, max_col=2))


def test_demo_is_the_same_for_the_same_seed(runner, db):
    runner.invoke("demo", TRAFFORD, "--responses", "5", "--seed", "9")
    first = db.execute("SELECT question_id, item_id, value FROM answers ORDER BY rowid").fetchall()
    db.execute("DELETE FROM responses")
    runner.invoke("demo", TRAFFORD, "--responses", "5", "--seed", "9")
    assert db.execute("SELECT question_id, item_id, value FROM answers ORDER BY rowid").fetchall() == first


def test_report_writes_workbook_and_charts(runner, tmp_path):
    runner.invoke("demo", TRAFFORD, "--responses", "60", "--seed", "1")
    out, charts = tmp_path / "results.xlsx", tmp_path / "charts"
    result = runner.invoke("report", TRAFFORD, "--out", str(out), "--charts", str(charts), "--include-demo")
    assert result.exit_code == 0, result.output
    assert "60 responses" in result.output
    assert load_workbook(out).sheetnames == [  # no row per response
        "About", "Summary", "By respondent type", "By language", "By age group", "Comments",
        "Themes", "You said, we did"]
    names = sorted(p.name for p in charts.iterdir())
    assert names == ["q2.alt.txt", "q2.png", "q2.svg", "respondents.alt.txt", "respondents.png", "respondents.svg"]
    assert (charts / "q2.png").read_bytes().startswith(b"\x89PNG")


def test_export_writes_one_row_per_response(runner, tmp_path, db):
    runner.invoke("demo", TRAFFORD, "--responses", "12", "--seed", "2")
    out, book = tmp_path / "r.csv", tmp_path / "r.xlsx"
    result = runner.invoke("export", TRAFFORD, "--csv", str(out), "--xlsx", str(book),
                           "--include-demo")
    assert result.exit_code == 0, result.output
    assert "personal data: for the team only" in result.output
    with open(out, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0][0].startswith("PERSONAL DATA") and len(rows) == 1 + 1 + 12
    assert load_workbook(book)["Responses"].max_row == 1 + 12
    assert db.execute("SELECT username, action, detail FROM audit_log WHERE action ="
                      " 'raw responses downloaded' ORDER BY id").fetchall() == [
        ("(command line)", "raw responses downloaded", "CSV, with demo data"),
        ("(command line)", "raw responses downloaded", "workbook, with demo data")]


def test_export_needs_a_file_to_write(runner):
    result = CliRunner().invoke(cli, ["export", TRAFFORD])
    assert result.exit_code == 2 and "give --csv FILE, --xlsx FILE or both" in result.output


def test_report_of_too_few_responses_says_so(runner, tmp_path):
    runner.invoke("demo", TRAFFORD, "--responses", "9", "--seed", "3")
    out = tmp_path / "few.xlsx"
    result = runner.invoke("report", TRAFFORD, "--out", str(out), "--include-demo")
    assert result.exit_code == 0, result.output
    assert "fewer than 10 responses, so no figures are shown" in result.output


def test_unknown_consultation_is_a_one_line_error(runner, tmp_path):
    result = CliRunner().invoke(cli, ["report", "nope", "--out", str(tmp_path / "x.xlsx"),
                                      "--db", str(tmp_path / "x.db")])
    assert result.exit_code == 1
    assert result.output.startswith("Error: no consultation 'nope'")


def test_user_add_prompts_for_the_password(runner, db):
    result = runner.invoke("user", "add", "sam", "--role", "manager",
                           input="long enough pw\nlong enough pw\n")
    assert result.exit_code == 0, result.output
    assert db.execute("SELECT username, role FROM users").fetchall() == [("sam", "manager")]
    assert "long enough pw" not in db.execute("SELECT password_hash FROM users").fetchone()[0]


def test_user_add_refuses_a_short_password(runner):
    result = runner.invoke("user", "add", "sam", "--role", "officer", input="short\nshort\n")
    assert result.exit_code == 1
    assert "at least 8 characters" in result.output


def test_long_reports_show_progress(runner, tmp_path):
    runner.invoke("demo", TRAFFORD, "--responses", "5001", "--seed", "5")
    result = runner.invoke("report", TRAFFORD, "--out", str(tmp_path / "p.xlsx"), "--include-demo")
    assert result.exit_code == 0
    assert "Counting answers: 5,001 of 5,001" in result.output
    assert "Writing the workbook: 5,001 of 5,001" in result.output


def test_the_first_start_message_points_to_the_users_page_and_the_command(app, db):
    """run.py, started with no staff account, makes one and says how to add more: on the Users
    page (its address) or with `survey user add`; once accounts exist it says nothing."""
    import re

    from run import first_start
    from survey.store.users import count_users
    assert count_users(db) == 0
    message = first_start(app, "http://127.0.0.1:5000")
    assert "Sign in at http://127.0.0.1:5000/staff/sign-in" in message
    assert "Add more accounts on the Users page, http://127.0.0.1:5000/staff/admin/" in message
    assert "survey user add NAME --role manager" in message
    password = re.search(r"password:  (\S+)", message).group(1)
    client = app.test_client()
    page = client.get("/staff/sign-in")
    client.post("/staff/sign-in", data={**hidden_fields(page.text), "username": "officer",
                                        "password": password})
    users_page = client.get("/staff/admin/")
    assert users_page.status_code == 200  # the account it made may open the page it names
    assert first_start(app, "http://127.0.0.1:5000") is None


def test_board_report_writes_word_or_pdf_from_the_extension(app, tmp_path):
    from docx import Document
    from pypdf import PdfReader
    paths = ["--db", app.config["DATABASE"], "--questionnaires", app.config["QUESTIONNAIRES"]]
    for name in ("board.docx", "board.pdf"):
        out = tmp_path / name
        result = CliRunner().invoke(cli, ["board-report", TRAFFORD, "--out", str(out), *paths])
        assert result.exit_code == 0, result.output
        assert result.output.startswith(f"Wrote {out}: ")
    assert Document(str(tmp_path / "board.docx")).paragraphs[0].style.name == "Title"
    assert "Summary" in PdfReader(str(tmp_path / "board.pdf")).pages[0].extract_text()


def test_board_report_names_the_flag_for_any_other_extension(app, tmp_path):
    out = tmp_path / "board.xlsx"
    result = CliRunner().invoke(cli, ["board-report", TRAFFORD, "--out", str(out),
                                      "--db", app.config["DATABASE"]])
    assert result.exit_code == 1
    assert result.output == (f"Error: --out {out}: the board report is written as .docx or .pdf;"
                             " the file name must end in one of those.\n")
    assert not out.exists()
