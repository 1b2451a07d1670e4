"""The officers' comments page: every comment in one place, filtered, searched, paged and
tagged with themes; and the workbook's Themes sheet and tags column."""
from __future__ import annotations

from io import BytesIO

from conftest import STAFF_PASSWORD, TRAFFORD, hidden_fields, trafford_answers
from openpyxl import load_workbook

from survey.store.catalogue import Catalogue
from survey.store.responses import save_many
from survey.store.users import add_user

URL = f"/staff/c/{TRAFFORD}/comments"


def token(client) -> dict:
    return hidden_fields(client.get(URL).text)


def add_theme(client, name):
    return client.post(f"/staff/c/{TRAFFORD}/themes", data={**token(client), "name": name})


def theme_id(db, name):
    return db.execute("SELECT id FROM tags WHERE name = ?", [name]).fetchone()[0]


def tag(client, db, rid, question, item, name, action="add"):
    return client.post(f"{URL}/tag", data={
        **token(client), "response_id": str(rid), "question_id": question, "item_id": item,
        "tag_id": str(theme_id(db, name)), "action": action})


def test_themes_are_counted_per_question_in_the_workbook(staff_client, submit, db):
    submit(trafford_answers(q3="Help with college"))                          # response 1
    submit(trafford_answers(q3="College and seeing my brother"))              # response 2
    submit(trafford_answers(q1="other", **{"q1-other": "A brother in care"}, q3=None))  # 3
    for _ in range(10):      # with fewer than 10 responses, managers get no comment at all
        submit(trafford_answers(q3=None))
    assert add_theme(staff_client, "College").status_code == 302
    assert add_theme(staff_client, "Contact with family").status_code == 302
    for rid, question, item, name in [(1, "q3", "", "College"), (2, "q3", "", "College"),
                                      (2, "q3", "", "Contact with family"),
                                      (3, "q1", "other", "Contact with family")]:
        assert tag(staff_client, db, rid, question, item, name).status_code == 302
    # tagging twice counts once
    tag(staff_client, db, 1, "q3", "", "College")
    wb = load_workbook(BytesIO(staff_client.get(f"/staff/c/{TRAFFORD}/results.xlsx").data))
    assert wb.sheetnames == ["About", "Summary", "By respondent type", "By language", "By age group",
                            "Comments", "Themes", "You said, we did"]
    rows = [r for r in wb["Themes"].iter_rows(values_only=True) if r[0]]
    header = next(r for r in rows if r[0] == "Theme")
    assert header[-1] == "All questions"
    q1, q3 = header.index("1. Please identify whether you are"), 2
    assert header[q3].startswith("3. Are there any areas")
    # Hand-worked: College is on responses 1 and 2 (q3): q1 0, q3 2, all 2. Contact with family
    # is on response 2 (q3) and response 3's "Other" words (q1): but those words say who
    # response 3 is, and "Other" (1) is hidden, so the managers' workbook
    # leaves them out and counts only what it shows: 0, 1, 1. Other questions: 0.
    body = {r[0]: r for r in rows[rows.index(header) + 1:]}
    assert {name: (r[q1], r[q3], r[-1]) for name, r in body.items()} == {
        "College": (0, 2, 2), "Contact with family": (0, 1, 1)}
    assert all(sum(r[1:-1]) == r[-1] for r in body.values())
    # No response numbers, and in alphabetical order within a question.
    comments = [r[1:] for r in wb["Comments"].iter_rows(min_row=2, values_only=True)]
    assert comments == [("College and seeing my brother", None, "College; Contact with family"),
                        ("Help with college", None, "College")]
    # The officer's comments page still has all three, with every theme.
    assert "A brother in care" in staff_client.get(URL).text
    # taking a theme off
    tag(staff_client, db, 2, "q3", "", "College", action="remove")
    page = staff_client.get(URL).text
    assert page.count(">College</strong>") == 1


def test_theme_names_go_through_neutralise(staff_client, submit, db):
    submit(trafford_answers(q3="Anything"))
    for _ in range(9):
        submit(trafford_answers(q3=None))
    add_theme(staff_client, "=HYPERLINK(x)")
    tag(staff_client, db, 1, "q3", "", "=HYPERLINK(x)")
    wb = load_workbook(BytesIO(staff_client.get(f"/staff/c/{TRAFFORD}/results.xlsx").data))
    assert [r[3] for r in wb["Comments"].iter_rows(min_row=2, values_only=True)] == [
        "'=HYPERLINK(x)"]
    assert any(r[0] == "'=HYPERLINK(x)" for r in wb["Themes"].iter_rows(values_only=True))


def test_creating_and_deleting_a_theme_is_audited_and_a_duplicate_refused(staff_client, db):
    add_theme(staff_client, "Money")
    page = add_theme(staff_client, "  money ")
    assert page.status_code == 200 and "There is already a theme called" in page.text
    assert "Error: " in page.text.split("</title>")[0]
    assert add_theme(staff_client, "").status_code == 200
    staff_client.post(f"/staff/c/{TRAFFORD}/themes/delete",
                      data={**token(staff_client), "tag_id": str(theme_id(db, "Money"))})
    assert db.execute("SELECT count(*) FROM tags").fetchone()[0] == 0
    assert db.execute("SELECT action, target, detail FROM audit_log WHERE action LIKE 'theme%'"
                      " ORDER BY id").fetchall() == [
        ("theme created", TRAFFORD, "Money"), ("theme deleted", TRAFFORD, "Money (was on 0 comments)")]


def test_filter_by_question_search_and_pages(app, staff_client, submit, db):
    questionnaire = Catalogue.load(app.config["QUESTIONNAIRES"]).get(TRAFFORD)
    save_many(db, questionnaire, [(f"{i:032x}", [("q3", "", f"Comment number {i}")],
                                   "2026-01-01T10:00Z") for i in range(1, 53)])
    submit(trafford_answers(q1="other", **{"q1-other": "A COUSIN"}, q3=None))
    first = staff_client.get(URL).text
    assert "Comments 1 to 50 of 53" in first and "Page 1 of 2" in first
    second = staff_client.get(URL, query_string={"page": 2}).text
    assert "Comments 51 to 53 of 53" in second
    only_q1 = staff_client.get(URL, query_string={"question": "q1"}).text
    assert "Comments 1 to 1 of 1" in only_q1 and "A COUSIN" in only_q1
    found = staff_client.get(URL, query_string={"search": "a cousin"}).text
    assert "Comments 1 to 1 of 1" in found
    found = staff_client.get(URL, query_string={"search": "NUMBER 5"}).text
    assert "Comments 1 to 4 of 4" in found  # 5, 50, 51 and 52


def quote(client, key, action="add"):
    rid, question, item = key
    return client.post(f"{URL}/quote", data={
        **token(client), "response_id": str(rid), "question_id": question, "item_id": item,
        "action": action})


def test_quoting_a_comment_is_shown_audited_and_can_be_stopped(staff_client, submit, db):
    from survey.store import audit, results_pages
    submit(trafford_answers(q3="More help with college applications."))
    (rid,) = db.execute("SELECT id FROM responses").fetchone()
    page = staff_client.get(URL).text
    assert "Quote on the results page" in page and "None is quoted yet" in page
    response = quote(staff_client, (rid, "q3", ""))
    assert response.status_code == 302 and response.headers["Location"].endswith(
        f"#comment-{rid}-q3-")
    assert results_pages.quoted(db, TRAFFORD) == {(rid, "q3", "")}
    page = staff_client.get(URL).text
    assert "Quoted on the results page" in page and "Stop quoting" in page
    assert "1 comment is quoted" in page
    quote(staff_client, (rid, "q3", ""), "remove")
    assert results_pages.quoted(db, TRAFFORD) == set()
    assert [e.action for e in audit.entries(db) if "quoted" in e.action] == [
        "comment no longer quoted", "comment quoted"]


def test_only_a_listed_comment_can_be_quoted(staff_client, submit, db):
    submit(trafford_answers())
    (rid,) = db.execute("SELECT id FROM responses").fetchone()
    # An answer picked from a list is not a comment.
    assert quote(staff_client, (rid, "q1", "")).status_code == 404
    assert quote(staff_client, (rid + 1, "q3", "")).status_code == 404
    assert quote(staff_client, (rid, "q3", ""), "sideways").status_code == 400
