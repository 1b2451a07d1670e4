"""Officer and manager pages: refused without sign-in, and the right numbers with it."""
from __future__ import annotations

import csv
import io
import re

import pytest
from conftest import TRAFFORD_FORM, STAFF_PASSWORD, TRAFFORD, hidden_fields, trafford_answers
from openpyxl import load_workbook

STAFF_PAGES = ["/staff/", f"/staff/c/{TRAFFORD}", f"/staff/c/{TRAFFORD}/results.xlsx",
               f"/staff/c/{TRAFFORD}/raw-responses.csv", f"/staff/c/{TRAFFORD}/raw-responses.xlsx",
               f"/staff/c/{TRAFFORD}/charts/q2.png",
               f"/staff/c/{TRAFFORD}/charts/q2.svg"]


@pytest.mark.parametrize("url", STAFF_PAGES)
def test_staff_pages_refuse_anonymous_users(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert "/staff/sign-in" in response.headers["Location"]


def test_every_staff_route_is_guarded(app, client):
    """A new route under /staff without the guard fails here."""
    open_routes = {"/staff/sign-in", "/staff/sign-out"}
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/staff") and rule.rule not in open_routes:
            url = rule.rule.replace("<consultation_id>", TRAFFORD).replace("<name>", "q2").replace("<fmt>", "png")
            url = re.sub(r"<int:[a-z_]+>", "1", url)
            send = client.get if "GET" in rule.methods else client.post
            assert send(url).status_code == 302, rule.rule


def test_wrong_password_gives_the_same_message_as_unknown_user(client, staff_client):
    staff_client.post("/staff/sign-out", data=hidden_fields(staff_client.get("/staff/").text))
    messages = []
    for username, password in (("officer1", "wrong password"), ("nobody", STAFF_PASSWORD)):
        page = client.get("/staff/sign-in")
        response = client.post("/staff/sign-in", data={**hidden_fields(page.text),
                                                        "username": username, "password": password})
        assert response.status_code == 200
        messages.append("Enter a correct user name and password" in response.text)
    assert messages == [True, True]


def test_sign_out_ends_access(staff_client):
    page = staff_client.get("/staff/")
    staff_client.post("/staff/sign-out", data=hidden_fields(page.text))
    assert staff_client.get("/staff/").status_code == 302


def test_sign_in_redirect_stays_on_this_site(client, staff_client):
    staff_client.post("/staff/sign-out", data=hidden_fields(staff_client.get("/staff/").text))
    page = client.get("/staff/sign-in")
    response = client.post("/staff/sign-in?next=https://evil.example/", data={
        **hidden_fields(page.text), "username": "officer1", "password": STAFF_PASSWORD})
    assert response.headers["Location"] == "/staff/"


def test_consultation_list_shows_response_counts(submit, staff_client):
    submit(trafford_answers())
    submit(trafford_answers())
    page = staff_client.get("/staff/")
    assert "Corporate Parenting Strategy Review 2018-20" in page.text
    assert 'govuk-table__cell--numeric">2</td>' in page.text


def test_broken_definition_is_shown_to_officers_and_others_still_serve(app, tmp_path, questionnaires):
    from survey import create_app
    from survey.store.db import connect
    from survey.store.users import add_user
    (questionnaires / "broken.yaml").write_text("id: broken\ntitle: Broken\nsections: []\n")
    app = create_app({"TESTING": True, "SECRET_KEY": "x", "DATABASE": str(tmp_path / "b.db"),
                      "QUESTIONNAIRES": str(questionnaires)})
    client = app.test_client()
    assert client.get(TRAFFORD_FORM).status_code == 200
    add_user(connect(tmp_path / "b.db"), "o", STAFF_PASSWORD, "officer")
    page = client.get("/staff/sign-in")
    client.post("/staff/sign-in", data={**hidden_fields(page.text), "username": "o", "password": STAFF_PASSWORD})
    page = client.get("/staff/")
    assert "1 questionnaire file could not be loaded" in page.text
    assert "broken.yaml" in page.text
    assert "Line 1: the questionnaire: &#39;organisation&#39; is required but missing." in page.text


def test_consultation_page_shows_count_and_chart(submit, staff_client):
    submit(trafford_answers())
    page = staff_client.get(f"/staff/c/{TRAFFORD}")
    assert "1</span> response" in page.text          # the officer sees every count
    # ...but a chart goes to the board, and one response is too few to show.
    assert "charts/q2.png" not in page.text and "too few responses to show charts" in page.text
    assert staff_client.get(f"/staff/c/{TRAFFORD}/charts/q2.png").status_code == 404
    for _ in range(9):
        submit(trafford_answers())
    page = staff_client.get(f"/staff/c/{TRAFFORD}")
    assert "10</span> responses" in page.text
    assert f'src="/staff/c/{TRAFFORD}/charts/q2.png"' in page.text
    chart = staff_client.get(f"/staff/c/{TRAFFORD}/charts/q2.png")
    assert chart.mimetype == "image/png" and chart.data.startswith(b"\x89PNG")


def test_workbook_download_has_the_submitted_answers(submit, staff_client):
    submit(trafford_answers())
    submit(trafford_answers(**{"q2-placement-stability": "not-at-all"}))
    response = staff_client.get(f"/staff/c/{TRAFFORD}/results.xlsx")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    assert "attachment" in response.headers["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.data))
    assert "Responses" not in book.sheetnames        # figures only: no row per response
    facts = {row[0]: row[1] for row in book["About"].iter_rows(values_only=True) if row[0]}
    assert facts["Responses"] == "fewer than 10 responses"
    raw = load_workbook(io.BytesIO(staff_client.get(
        f"/staff/c/{TRAFFORD}/raw-responses.xlsx").data))
    assert raw.sheetnames == ["Personal data", "Responses"]
    assert raw["Personal data"]["A1"].value.startswith("PERSONAL DATA")
    rows = list(raw["Responses"].iter_rows(values_only=True))
    assert len(rows) == 1 + 2


def test_csv_download_neutralises_formulas(submit, staff_client):
    submit(trafford_answers(q3='=HYPERLINK("http://evil.example","click")'))
    response = staff_client.get(f"/staff/c/{TRAFFORD}/raw-responses.csv")
    assert response.data.startswith(b"\xef\xbb\xbf")
    assert "personal-data" in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert rows[0][0].startswith("PERSONAL DATA: every response to") and len(rows[0]) == 1
    assert rows[1][0] == "Response id"
    cells = [cell for row in rows[2:] for cell in row]
    assert "'=HYPERLINK(\"http://evil.example\",\"click\")" in cells
    assert not any(cell.startswith("=") for cell in cells)


def test_signing_in_with_a_blank_name_says_what_is_missing(client):
    page = client.get("/staff/sign-in")
    response = client.post("/staff/sign-in", data={**hidden_fields(page.text), "username": "",
                                                    "password": ""})
    assert "Enter your user name" in response.text and "Enter your password" in response.text


def test_someone_who_only_manages_accounts_lands_on_the_accounts_page(client, db):
    from survey.store.users import add_user
    add_user(db, "admin-only", STAFF_PASSWORD, "admin")
    page = client.get("/staff/sign-in")
    response = client.post("/staff/sign-in", data={**hidden_fields(page.text),
                                                    "username": "admin-only", "password": STAFF_PASSWORD})
    assert response.headers["Location"] == "/staff/admin/"


def test_downloads_are_in_the_audit_log(staff_client, db):
    staff_client.get(f"/staff/c/{TRAFFORD}/results.xlsx")
    staff_client.get(f"/staff/c/{TRAFFORD}/raw-responses.csv")
    staff_client.get(f"/staff/c/{TRAFFORD}/raw-responses.xlsx?demo=1")
    rows = db.execute("SELECT username, action, target, detail FROM audit_log"
                      " WHERE action LIKE '%downloaded' ORDER BY id").fetchall()
    assert rows == [("officer1", "results downloaded", TRAFFORD, "workbook"),
                    ("officer1", "raw responses downloaded", TRAFFORD, "CSV"),
                    ("officer1", "raw responses downloaded", TRAFFORD,
                     "workbook, with demo data")]


def test_a_manager_sees_fewer_than_10_where_an_officer_sees_the_count(app, submit, staff_client,
                                                                       db):
    from survey.store.users import add_user
    for _ in range(3):
        submit(trafford_answers())
    cell = re.compile(r"2018-20</a>.*?numeric\">([^<]*)</td>", re.S)
    assert cell.search(staff_client.get("/staff/").text).group(1) == "3"
    add_user(db, "manager1", STAFF_PASSWORD, "manager")
    manager = app.test_client()
    page = manager.get("/staff/sign-in")
    manager.post("/staff/sign-in", data={**hidden_fields(page.text), "username": "manager1",
                                         "password": STAFF_PASSWORD})
    assert cell.search(manager.get("/staff/").text).group(1) == "fewer than 10"
    page = manager.get(f"/staff/c/{TRAFFORD}")
    assert '<span class="app-big-number">fewer than 10</span>' in page.text
    assert "Raw responses" not in page.text and "charts/q2.png" not in page.text
    prepared = manager.post(f"/staff/c/{TRAFFORD}/results/prepare",
                            data=hidden_fields(page.text))
    from survey.results import jobs
    job_id = prepared.headers["Location"].rsplit("/", 1)[1]
    jobs.shutdown(app)      # waits for the job to finish
    done = manager.get(f"/staff/c/{TRAFFORD}/results/{job_id}").text
    assert "It holds fewer than 10 responses" in done and "3 responses" not in done


def test_demo_data_is_for_officers_only(app, runner, submit, staff_client, db):
    # 5 real responses and 20 demo ones: "25 with demo data" beside "fewer than 10" would give
    # a manager the 5, so managers never get demo data counted or mentioned.
    from survey.store.users import add_user
    for _ in range(5):
        submit(trafford_answers())
    runner.invoke("demo", TRAFFORD, "--responses", "20", "--seed", "4")
    assert "25</span> responses, including demo data" in staff_client.get(
        f"/staff/c/{TRAFFORD}?demo=1").text
    add_user(db, "manager1", STAFF_PASSWORD, "manager")
    manager = app.test_client()
    page = manager.get("/staff/sign-in")
    manager.post("/staff/sign-in", data={**hidden_fields(page.text), "username": "manager1",
                                         "password": STAFF_PASSWORD})
    for url in (f"/staff/c/{TRAFFORD}", f"/staff/c/{TRAFFORD}?demo=1"):
        text = manager.get(url).text
        assert '<span class="app-big-number">fewer than 10</span> responses' in text
        assert "demo" not in text.lower()
    book = load_workbook(io.BytesIO(manager.get(f"/staff/c/{TRAFFORD}/results.xlsx?demo=1").data))
    facts = {row[0]: row[1] for row in book["About"].iter_rows(values_only=True) if row[0]}
    assert facts["Responses"] == "fewer than 10 responses"
    assert facts["Demo responses"].startswith("Not included")


YES_NO = """\
id: listened
title: Being listened to
organisation: {name: Test Council}
introduction: For tests.
sections:
  - id: s
    title: S
    questions:
      - id: heard
        type: single_choice
        text: Do you feel listened to?
        options:
          - {id: "yes", label: "Yes"}
          - {id: "no", label: "No"}
          - {id: not-sure, label: Not sure}
      - id: told
        type: single_choice
        text: Were you told about your rights?
        options:
          - {id: "yes", label: "Yes"}
          - {id: "no", label: "No"}
"""


def test_a_yes_no_question_is_charted_on_the_consultation_page(questionnaires, request):
    """6 Yes, 4 No, 1 Not sure: 55%, 36% and 9% of 11. "told", answered by 6 (under 10),
    shows that number and no figures; both charts have their words beside them."""
    import html
    from survey.definition import load_text
    from survey.store.responses import save_many
    (questionnaires / "listened.yaml").write_text(YES_NO)
    staff_client, db = request.getfixturevalue("staff_client"), request.getfixturevalue("db")
    heard = ["yes"] * 6 + ["no"] * 4 + ["not-sure"]
    save_many(db, load_text(YES_NO, "listened.yaml"), [
        (f"{i:032d}", [("heard", "", answer)] + ([("told", "", "no")] if i < 6 else []),
         "2026-02-01T12:00:00Z") for i, answer in enumerate(heard)])
    page = html.unescape(staff_client.get("/staff/c/listened").text)
    assert 'src="/staff/c/listened/charts/heard.png"' in page
    assert ('Bar chart of answers to "Do you feel listened to?", answered by 11. Yes: 55% (6); '
            "No: 36% (4); Not sure: 9% (1).") in page
    assert ('Bar chart of answers to "Were you told about your rights?". 6 answered this '
            "question: fewer than 10, so its figures are not shown.") in page
    assert "Download as SVG<span class=\"govuk-visually-hidden\"> (Do you feel listened to?)" in page
    assert "(heard)" not in page and "(told)" not in page
    svg = staff_client.get("/staff/c/listened/charts/heard.svg")
    assert svg.mimetype == "image/svg+xml" and b"55% (6)" in svg.data
    told = staff_client.get("/staff/c/listened/charts/told.svg").data
    assert b"not shown (small numbers)" in told and b"% (" not in told


def test_waiting_for_another_workbook_is_said_only_when_another_is_ahead(app, staff_client, db,
                                                                         monkeypatch):
    """The first workbooks (as many as there are job threads) start at once: their page says
    "Starting", not "Waiting for another workbook to finish"; one more, with every thread
    taken, does wait, and says so. The jobs are held before they begin so the page can be seen."""
    import threading

    from survey.results import jobs
    from survey.store.users import add_user
    gate, real = threading.Event(), jobs.run

    def held(*args, **kwargs):
        gate.wait(20)
        return real(*args, **kwargs)
    monkeypatch.setattr(jobs, "run", held)

    def prepare(client, demo: bool = False) -> str:
        page = client.get(f"/staff/c/{TRAFFORD}" + ("?demo=1" if demo else ""))
        form = re.search(r'<form method="post" action="([^"]*/results/prepare)">(.*?)</form>',
                         page.text, re.S)
        data = {**hidden_fields(form.group(2)), **({"demo": "1"} if demo else {})}
        response = client.post(form.group(1), data=data)
        assert response.status_code == 303
        return client.get(response.headers["Location"]).text

    add_user(db, "officer2", STAFF_PASSWORD, "officer")
    other = app.test_client()
    page = other.get("/staff/sign-in")
    other.post("/staff/sign-in", data={**hidden_fields(page.text), "username": "officer2",
                                       "password": STAFF_PASSWORD})
    try:
        assert jobs.MAX_WORKERS == 2
        for first in (prepare(staff_client), prepare(staff_client, demo=True)):
            assert "Waiting for another workbook" not in first
            assert "Starting. It will count" in first
        third = prepare(other)
        assert "Waiting for another workbook to finish. It will count" in third
    finally:
        gate.set()
        jobs.shutdown(app)


UNDATED = """\
id: {id}
title: Undated
organisation: {{name: Test Council}}
sections:
  - id: one
    questions:
      - {{id: q1, type: short_text, text: Anything?}}
"""


@pytest.fixture
def undated_file(questionnaires):
    """A consultation shipped as a file with no dates (written before the app loads it)."""
    (questionnaires / "undated-file.yaml").write_text(UNDATED.format(id="undated-file"))


def test_with_no_dates_a_file_says_so_and_a_browser_built_one_links_to_its_settings(
        undated_file, staff_client):
    page = staff_client.get("/staff/builder/upload")
    uploaded = staff_client.post("/staff/builder/upload", data={
        **hidden_fields(page.text),
        "file": (io.BytesIO(UNDATED.format(id="undated-built").encode()), "built.yaml")},
        content_type="multipart/form-data")
    assert uploaded.status_code == 302, uploaded.text
    built = staff_client.get("/staff/c/undated-built").text
    assert "questionnaire file" not in built
    assert ('No dates are set. <a class="govuk-link" href="/staff/builder/c/undated-built/settings">'
            'Set them on the settings page</a>.') in built
    shipped = staff_client.get("/staff/c/undated-file")
    assert shipped.status_code == 200
    assert "No dates are set in the questionnaire file." in shipped.text
    assert "/settings" not in shipped.text


# -- "You said, we did" on the consultation's page --

def test_the_consultation_page_counts_the_actions_and_links_to_them(staff_client, db):
    from datetime import date, timedelta

    from survey.store.actions import About, ActionFields, add_action
    yesterday = date.today() - timedelta(days=1)
    for n, (status, due) in enumerate([("done", None), ("planned", yesterday),
                                       ("in-progress", None), ("in-progress", yesterday),
                                       ("not-possible", None)]):
        add_action(db, TRAFFORD, About("q2", f"s{n}"), f"Statement {n}", "",
                   ActionFields("We will.", status=status, reason="No money.", due=due))
    page = staff_client.get(f"/staff/c/{TRAFFORD}").text
    section = page[page.index(">You said, we did</h2>"):page.index(">Reach young people<")]
    assert "<strong>1</strong> done" in section
    assert ">2 overdue</strong>" in section
    assert "<strong>1</strong> open" in section and "<strong>1</strong> not possible" in section
    assert f'href="/staff/c/{TRAFFORD}/you-said"' in section
    assert "Write what you will do" not in section


def test_with_no_actions_the_consultation_page_asks_for_them(staff_client):
    page = staff_client.get(f"/staff/c/{TRAFFORD}").text
    section = page[page.index(">You said, we did</h2>"):page.index(">Reach young people<")]
    assert "Write what you will do" in section and "done" not in section


# -- the board report: offered beside the workbook, prepared the same way ------------------------

def _press_board_report(client, fmt: str):
    """Press "Prepare the board report (Word)" (or PDF) on the consultation page."""
    page = client.get(f"/staff/c/{TRAFFORD}").text
    forms = re.findall(r'<form method="post" action="([^"]*/board-report/prepare)">(.*?)</form>',
                       page, re.S)
    action, body = next((a, b) for a, b in forms if f'name="format" value="{fmt}"' in b)
    return client.post(action, data={**hidden_fields(body), "format": fmt})


@pytest.mark.parametrize("fmt, name, magic", [("docx", "Word", b"PK"), ("pdf", "PDF", b"%PDF")])
def test_the_board_report_is_prepared_then_downloaded_and_the_download_audited(
        app, staff_client, submit, db, fmt, name, magic):
    from survey.results import jobs
    for _ in range(2):
        submit(trafford_answers())
    assert f"Prepare the board report ({name})" in staff_client.get(f"/staff/c/{TRAFFORD}").text
    prepared = _press_board_report(staff_client, fmt)
    assert prepared.status_code == 303
    job_page = prepared.headers["Location"]
    assert re.fullmatch(rf"/staff/c/{TRAFFORD}/results/[A-Za-z0-9_-]{{22}}", job_page)
    jobs.shutdown(app)      # waits for the job to finish
    done = staff_client.get(job_page).text
    assert f"The board report ({name}) is ready" in done
    assert "Download the board report" in done
    download = staff_client.get(job_page + "/file")
    assert download.status_code == 200 and download.data.startswith(magic)
    assert download.headers["Content-Disposition"] == (
        f"attachment; filename={TRAFFORD}-board-report.{fmt}")
    assert db.execute("SELECT detail FROM audit_log WHERE action = 'results downloaded'"
                      ).fetchall() == [(f"board report ({name})",)]


def test_a_manager_can_prepare_the_board_report_too(app, db, submit):
    from survey.results import jobs
    from survey.store.users import add_user
    add_user(db, "manager1", STAFF_PASSWORD, "manager")
    manager = app.test_client()
    page = manager.get("/staff/sign-in")
    manager.post("/staff/sign-in", data={**hidden_fields(page.text), "username": "manager1",
                                         "password": STAFF_PASSWORD})
    job_page = _press_board_report(manager, "docx").headers["Location"]
    jobs.shutdown(app)
    assert manager.get(job_page + "/file").data.startswith(b"PK")


def test_the_board_report_refuses_a_format_it_does_not_make(staff_client):
    page = staff_client.get(f"/staff/c/{TRAFFORD}").text
    response = staff_client.post(f"/staff/c/{TRAFFORD}/board-report/prepare",
                                 data={**hidden_fields(page), "format": "xlsx"})
    assert response.status_code == 400


def test_without_pango_the_page_says_so_and_still_offers_word(staff_client, monkeypatch):
    from exports.board import pdf
    from survey.results import board
    monkeypatch.setattr(board, "pdf_available", lambda: False)
    page = staff_client.get(f"/staff/c/{TRAFFORD}").text
    assert "Prepare the board report (Word)" in page
    assert "Prepare the board report (PDF)" not in page
    assert pdf.NO_PANGO.split(" (")[0] in page


def _offered_in_welsh_and_two_versions(app):
    """Trafford offered in Welsh too, in versions for two age bands, served by the app."""
    from dataclasses import replace
    from survey.definition.model import Translation, Version
    registry = app.extensions["haveyoursay.catalogue"]
    trafford = replace(registry.get(TRAFFORD), translations=(Translation("cy", {}),), versions=(
        Version("younger", "8 to 12 year olds", "I am 8 to 12"),
        Version("older", "13 to 18 year olds", "I am 13 or older")))
    registry.put(trafford)
    return trafford


def test_the_results_page_shows_by_language_and_by_age_group(app, db, staff_client):
    from survey.store.responses import save_response
    from survey.store.users import add_user
    trafford = _offered_in_welsh_and_two_versions(app)
    # English 12 and Welsh 11; 8 to 12 year olds 14 and 13 to 18 year olds 9.
    for n, (language, version) in enumerate([("en", "younger")] * 7 + [("en", "older")] * 5
                                            + [("cy", "younger")] * 7 + [("cy", "older")] * 4):
        save_response(db, trafford, [("q1", "", "care-leaver")], f"{n:032d}",
                      language=language, version=version)
    table = re.compile(r"<caption[^>]*>\s*{}\s*</caption>(.*?)</table>", re.S)

    def rows(page: str, caption: str) -> list[tuple[str, str]]:
        found = table.pattern.format(caption)
        body = re.search(found, page, re.S).group(1)
        return re.findall(r'<th scope="row"[^>]*>([^<]*)</th>\s*<td[^>]*>([^<]*)</td>', body)

    officer_page = staff_client.get(f"/staff/c/{TRAFFORD}").text
    assert rows(officer_page, "By language") == [("English", "12"), ("Welsh", "11")]
    assert rows(officer_page, "By age group") == [("8 to 12 year olds", "14"),
                                                  ("13 to 18 year olds", "9")]
    add_user(db, "manager1", STAFF_PASSWORD, "manager")
    manager = app.test_client()
    page = manager.get("/staff/sign-in")
    manager.post("/staff/sign-in", data={**hidden_fields(page.text), "username": "manager1",
                                         "password": STAFF_PASSWORD})
    manager_page = manager.get(f"/staff/c/{TRAFFORD}").text
    assert rows(manager_page, "By language") == [("English", "12"), ("Welsh", "11")]
    # 9 is under 10, and the 14 would give it away: both hidden.
    assert rows(manager_page, "By age group") == [
        ("8 to 12 year olds", "not shown (small numbers)"),
        ("13 to 18 year olds", "not shown (small numbers)")]


def test_the_results_page_offers_no_language_or_age_group_table_without_them(app, db,
                                                                            staff_client):
    from dataclasses import replace
    from survey.store.responses import save_response
    registry = app.extensions["haveyoursay.catalogue"]
    one_language = replace(registry.get(TRAFFORD), translations=(), versions=())
    registry.put(one_language)
    save_response(db, one_language, [("q1", "", "care-leaver")], "n" * 32)
    page = staff_client.get(f"/staff/c/{TRAFFORD}").text
    assert "By language" not in page and "By age group" not in page
