"""Safeguarding review: worrying words flag a comment as it is stored; an officer records what was
done; until then the comment is left out of every export and staff page."""
from __future__ import annotations

import csv
import html
import io
import re
from io import BytesIO

import pytest
from conftest import TRAFFORD_FORM, STAFF_PASSWORD, TRAFFORD, hidden_fields, trafford_answers
from openpyxl import load_workbook

from exports.workbook import COMMENTS_NOTE
from survey import create_app
from survey.results.reports import CONCERN, HELD_BACK, summary_of
from survey.store.flags import DEFAULT_WORDS, compile_words, matches, read_words
from survey.store.review import DECISIONS, LONG_NOTES, NEED_REFERENCE, NOTES_LENGTH
from survey.store.users import add_user

WORRYING = "My foster carer hits me when I am late"
CLEAN = "More help with college applications."


@pytest.mark.parametrize("text, found", [
    ("He HITS ME sometimes", ["hits me"]),
    ("I self-harm", ["self harm"]),
    ("I self  harm", ["self harm"]),
    ("It was harmless fun at the pharmacy", []),
    ("I feel unsafe and I want to run away", ["unsafe", "run away"]),
    ("I don’t feel safe at home", ["don't feel safe"]),
    ("", []),
])
def test_the_shipped_list_matches_whole_words_and_phrases_in_any_case(text, found):
    pattern = compile_words(read_words(DEFAULT_WORDS.read_text(encoding="utf-8")))
    assert matches(pattern, text) == found


def test_the_shipped_list_has_the_words_the_issue_names():
    words = set(read_words(DEFAULT_WORDS.read_text(encoding="utf-8")))
    assert {"harm", "hurt myself", "abuse", "unsafe", "self harm", "suicide", "kill myself",
            "running away", "hits me", "touched me"} <= words
    assert DEFAULT_WORDS.read_text().startswith("#")  # commented


def flags(db):
    return db.execute("SELECT response_id, question_id, item_id, matched, decision"
                      " FROM safeguarding_flags ORDER BY id").fetchall()


def test_a_worrying_answer_sent_through_the_form_is_flagged_and_a_clean_one_is_not(submit, db):
    assert submit(trafford_answers(q3=CLEAN)).status_code == 302
    assert flags(db) == []
    assert submit(trafford_answers(q3=WORRYING)).status_code == 302
    rid = db.execute("SELECT max(id) FROM responses").fetchone()[0]
    assert flags(db) == [(rid, "q3", "", "hits me", None)]


def test_an_other_answer_is_checked_but_an_option_id_never_is(submit, db):
    submit(trafford_answers(q1="other", **{"q1-other": "someone who was abused"}))
    assert [f[1:4] for f in flags(db)] == [("q1", "other", "abused")]


def test_the_list_is_a_setting(tmp_path, questionnaires):
    words = tmp_path / "words.txt"
    words.write_text("# ours\ncollege\n")
    app = create_app({"TESTING": True, "SECRET_KEY": "x", "DATABASE": str(tmp_path / "w.db"),
                      "QUESTIONNAIRES": str(questionnaires), "SAFEGUARDING_WORDS": str(words)})
    client = app.test_client()
    page = client.get(TRAFFORD_FORM)
    client.post(f"/c/{TRAFFORD}", data={**hidden_fields(page.text), **trafford_answers(q3=CLEAN)})
    from survey.store.db import connect
    db = connect(app.config["DATABASE"])
    assert [f[3] for f in flags(db)] == ["college"]


def test_a_missing_word_list_stops_the_app_from_starting(tmp_path, questionnaires):
    with pytest.raises(OSError):
        create_app({"TESTING": True, "SECRET_KEY": "x", "DATABASE": str(tmp_path / "m.db"),
                    "QUESTIONNAIRES": str(questionnaires),
                    "SAFEGUARDING_WORDS": str(tmp_path / "missing.txt")})


def test_the_queue_shows_oldest_first_and_says_the_flag_is_not_a_decision(staff_client, submit):
    submit(trafford_answers(q3="first: I feel unsafe"))
    submit(trafford_answers(q3="second: someone touched me"))
    page = staff_client.get("/staff/safeguarding")
    assert page.status_code == 200
    text = page.text
    assert text.index("first: I feel unsafe") < text.index("second: someone touched me")
    assert "never a decision" in text
    assert "Corporate Parenting Strategy Review 2018-20" in text
    assert "How can we help you" in text or "3." in text  # the question's heading


def download(staff_client, what):
    response = staff_client.get(f"/staff/c/{TRAFFORD}/{what}")
    assert response.status_code == 200
    return response.data


def comments_in_workbook(staff_client):
    """The managers' workbook's comments and About facts; every cell of the team's raw workbook."""
    wb = load_workbook(BytesIO(download(staff_client, "results.xlsx")))
    raw = load_workbook(BytesIO(download(staff_client, "raw-responses.xlsx")))
    responses = [str(c) for row in raw["Responses"].iter_rows(values_only=True) for c in row]
    return [r[1] for r in wb["Comments"].iter_rows(min_row=2, values_only=True)], responses, wb


def csv_text(staff_client):
    return download(staff_client, "raw-responses.csv").decode("utf-8-sig")


def everything_a_manager_gets(app, db) -> str:
    """Every page and file a manager can reach for Trafford, as text."""
    add_user(db, "manager1", STAFF_PASSWORD, "manager")
    manager = app.test_client()
    page = manager.get("/staff/sign-in")
    manager.post("/staff/sign-in", data={**hidden_fields(page.text), "username": "manager1",
                                         "password": STAFF_PASSWORD})
    texts = [manager.get(f"/staff/c/{TRAFFORD}").text]
    for denied in ("raw-responses.csv", "raw-responses.xlsx", "comments"):
        assert manager.get(f"/staff/c/{TRAFFORD}/{denied}").status_code == 403
    wb = load_workbook(BytesIO(manager.get(f"/staff/c/{TRAFFORD}/results.xlsx").data))
    texts += [str(c) for ws in wb for row in ws.iter_rows(values_only=True) for c in row if c]
    return "\n".join(texts)


def decide(staff_client, flag_id, decision, reference="", notes=""):
    page = staff_client.get("/staff/safeguarding")
    return staff_client.post("/staff/safeguarding/decide", data={
        **hidden_fields(page.text), "flag_id": str(flag_id), "decision": decision,
        "reference": reference, "notes": notes})


def enough_to_publish(submit, count: int = 10):
    """Responses with no comment, so the managers' workbook has 10 or more and shows comments."""
    for _ in range(count):
        submit(trafford_answers(q3=None))


def test_exports_leave_out_a_flagged_comment_until_no_concern_is_recorded(staff_client, submit, db):
    submit(trafford_answers(q3=CLEAN))
    submit(trafford_answers(q3=WORRYING))
    enough_to_publish(submit)
    comments, responses, wb = comments_in_workbook(staff_client)
    assert comments == [CLEAN]
    # The team's raw files mark where it was; the managers' workbook has no row to mark.
    assert WORRYING not in responses and HELD_BACK in responses
    assert HELD_BACK not in [str(c) for ws in wb for row in ws.iter_rows(values_only=True)
                             for c in row]
    about = {r[0]: r[1] for r in wb["About"].iter_rows(values_only=True) if r[0]}
    assert about["Comments included"] == COMMENTS_NOTE     # the same words, whatever is held
    assert WORRYING not in csv_text(staff_client) and HELD_BACK in csv_text(staff_client)
    page = staff_client.get(f"/staff/c/{TRAFFORD}/comments")
    assert WORRYING not in page.text and "1 comment is waiting for safeguarding review" in page.text

    flag_id = db.execute("SELECT id FROM safeguarding_flags").fetchone()[0]
    assert decide(staff_client, flag_id, "no-concern").status_code == 302
    comments, responses, wb = comments_in_workbook(staff_client)
    assert sorted(comments) == sorted([CLEAN, WORRYING]) and WORRYING in responses
    about = {r[0]: r[1] for r in wb["About"].iter_rows(values_only=True) if r[0]}
    assert about["Comments included"] == COMMENTS_NOTE
    rows = list(csv.reader(io.StringIO(csv_text(staff_client))))
    assert WORRYING in [cell for row in rows for cell in row]
    assert WORRYING in staff_client.get(f"/staff/c/{TRAFFORD}/comments").text
    assert db.execute("SELECT decision, decided_by FROM safeguarding_flags").fetchone() == (
        "no-concern", "officer1")
    assert db.execute("SELECT action, username, detail FROM audit_log WHERE action ="
                      " 'safeguarding decision'").fetchall() == [
        ("safeguarding decision", "officer1", "No concern")]


def test_passing_it_on_needs_a_reference_and_is_kept_and_audited(staff_client, submit, db):
    submit(trafford_answers(q3=WORRYING))
    flag_id = db.execute("SELECT id FROM safeguarding_flags").fetchone()[0]
    page = decide(staff_client, flag_id, "referred", "  ")
    assert page.status_code == 200
    assert html.escape(NEED_REFERENCE, quote=False).replace("'", "&#39;") in page.text
    assert page.text.count("Enter the safeguarding team&#39;s reference") == 2  # summary, field
    assert page.text.count(f'href="#reference-{flag_id}"') == 1
    assert db.execute("SELECT decision FROM safeguarding_flags").fetchone() == (None,)
    assert decide(staff_client, flag_id, "referred", "MASH-2026-0042").status_code == 302
    assert db.execute("SELECT decision, reference FROM safeguarding_flags").fetchone() == (
        "referred", "MASH-2026-0042")
    assert db.execute("SELECT detail FROM audit_log WHERE action = 'safeguarding decision'"
                      ).fetchone()[0] == ("Concern: passed to the safeguarding team, reference"
                                          " MASH-2026-0042")
    queue = staff_client.get("/staff/safeguarding").text
    assert "Nothing is waiting for review" in queue and "MASH-2026-0042" in queue
    # a second decision on the same flag changes nothing
    decide(staff_client, flag_id, "no-concern")
    assert db.execute("SELECT decision FROM safeguarding_flags").fetchone() == ("referred",)


def test_a_comment_waiting_or_passed_on_never_reaches_a_manager(app, staff_client, submit, db):
    submit(trafford_answers(q3=CLEAN))
    submit(trafford_answers(q1="carer", q3=WORRYING))
    submit(trafford_answers(q3="I feel unsafe at night"))
    enough_to_publish(submit)
    waiting, referred = [row[0] for row in db.execute("SELECT id FROM safeguarding_flags ORDER BY id")]
    assert decide(staff_client, referred, "referred", "MASH-1").status_code == 302
    seen = everything_a_manager_gets(app, db)
    assert CLEAN in seen
    assert WORRYING not in seen and "I feel unsafe at night" not in seen and HELD_BACK not in seen
    # The officer's own raw file marks both: the one still waiting, and the concern.
    raw = csv_text(staff_client)
    assert "I feel unsafe at night" not in raw and WORRYING not in raw
    assert HELD_BACK in raw and CONCERN in raw


def test_choosing_nothing_is_an_error(staff_client, submit, db):
    submit(trafford_answers(q3=WORRYING))
    flag_id = db.execute("SELECT id FROM safeguarding_flags").fetchone()[0]
    page = staff_client.post("/staff/safeguarding/decide", data={
        **hidden_fields(staff_client.get("/staff/safeguarding").text), "flag_id": str(flag_id)})
    assert page.status_code == 200 and "Select what was done" in page.text
    assert re.search(r"<title>Error: ", page.text)


def test_a_manager_cannot_see_the_queue_or_decide(app, client, db, submit):
    submit(trafford_answers(q3=WORRYING))
    add_user(db, "manager1", STAFF_PASSWORD, "manager")
    page = client.get("/staff/sign-in")
    client.post("/staff/sign-in", data={**hidden_fields(page.text), "username": "manager1",
                                        "password": STAFF_PASSWORD})
    assert client.get("/staff/safeguarding").status_code == 403
    assert client.post("/staff/safeguarding/decide", data={
        "flag_id": "1", "decision": "no-concern"}).status_code == 403
    assert db.execute("SELECT decision FROM safeguarding_flags").fetchone() == (None,)


def test_demo_responses_are_not_flagged(runner, db, app):
    from survey.store.responses import save_many
    from survey.store.catalogue import Catalogue
    questionnaire = Catalogue.load(app.config["QUESTIONNAIRES"]).get(TRAFFORD)
    save_many(db, questionnaire, [("d" * 32, [("q3", "", WORRYING)], "2026-01-01T10:00Z")],
              is_demo=True)
    assert flags(db) == []


# -- notes, the whole response, three outcomes ---------------------------------------------------

def sign_in_manager(app, db):
    add_user(db, "manager1", STAFF_PASSWORD, "manager")
    manager = app.test_client()
    page = manager.get("/staff/sign-in")
    manager.post("/staff/sign-in", data={**hidden_fields(page.text), "username": "manager1",
                                         "password": STAFF_PASSWORD})
    return manager


def test_the_queue_offers_three_outcomes_each_saying_what_it_does(staff_client, submit):
    submit(trafford_answers(q3=WORRYING))
    text = html.unescape(staff_client.get("/staff/safeguarding").text)
    for label in ("No concern", "Concern: passed to the safeguarding team",
                  "Concern: already known to the safeguarding team"):
        assert label in text
    assert "The comment can be used in the results." in text
    assert text.count("The comment is kept out of every result and download.") == 2  # both concerns
    assert 'value="known"' in text and 'name="notes"' in text


def test_notes_are_kept_with_the_decision_for_officers_and_not_in_the_audit_log(
        app, staff_client, submit, db):
    submit(trafford_answers(q3=WORRYING))
    flag_id = db.execute("SELECT id FROM safeguarding_flags").fetchone()[0]
    notes = "Spoke to the duty social worker; they already have a plan."
    assert decide(staff_client, flag_id, "known", "", notes).status_code == 302
    assert db.execute("SELECT decision, reference, notes FROM safeguarding_flags").fetchone() == (
        "known", "", notes)
    assert html.unescape(staff_client.get("/staff/safeguarding").text).count(notes) == 1
    assert html.unescape(staff_client.get(f"/staff/safeguarding/{flag_id}").text).count(notes) == 1
    details = [row[0] for row in db.execute("SELECT detail FROM audit_log")]
    assert "Concern: already known to the safeguarding team" in details
    assert not any(notes in d for d in details)
    assert notes not in everything_a_manager_gets(app, db)


def test_notes_longer_than_the_limit_are_refused_and_nothing_is_recorded(staff_client, submit, db):
    submit(trafford_answers(q3=WORRYING))
    flag_id = db.execute("SELECT id FROM safeguarding_flags").fetchone()[0]
    page = decide(staff_client, flag_id, "no-concern", "", "x" * (NOTES_LENGTH + 1))
    assert page.status_code == 200
    assert html.unescape(page.text).count(LONG_NOTES) == 2        # the summary and the field
    assert f'href="#notes-{flag_id}"' in page.text
    assert db.execute("SELECT decision, notes FROM safeguarding_flags").fetchone() == (None, "")
    assert decide(staff_client, flag_id, "no-concern", "", "x" * NOTES_LENGTH).status_code == 302


def test_already_known_needs_no_reference_but_keeps_one_given(staff_client, submit, db):
    submit(trafford_answers(q3=WORRYING))
    submit(trafford_answers(q3="I feel unsafe at night"))
    first, second = [r[0] for r in db.execute("SELECT id FROM safeguarding_flags ORDER BY id")]
    assert decide(staff_client, first, "known").status_code == 302
    assert decide(staff_client, second, "known", "CASE-77").status_code == 302
    assert db.execute("SELECT decision, reference FROM safeguarding_flags ORDER BY id").fetchall() \
        == [("known", ""), ("known", "CASE-77")]
    assert [r[0] for r in db.execute("SELECT detail FROM audit_log WHERE action ="
                                     " 'safeguarding decision' ORDER BY id")] == [
        "Concern: already known to the safeguarding team",
        "Concern: already known to the safeguarding team, reference CASE-77"]


def test_the_whole_response_reads_every_answer_in_the_questions_words_and_is_audited(
        staff_client, submit, db):
    submit(trafford_answers(q1="other", **{"q1-other": "A youth worker"}, q3=WORRYING,
                            q4="More youth clubs"))
    flag_id, response_id = db.execute("SELECT id, response_id FROM safeguarding_flags").fetchone()
    page = staff_client.get(f"/staff/safeguarding/{flag_id}")
    assert page.status_code == 200
    text = html.unescape(page.text)
    assert f"Every answer in response {response_id}" in text
    for words in ("1. Please identify whether you are", "Their words for ‘Other’", "A youth worker",
                  "2. How well informed do you feel",
                  "Helping children stay in the same placement for longer",
                  "3. Are there any areas you feel need to be improved?", WORRYING,
                  "4. How can we develop our practice", "More youth clubs"):
        assert words in text, words
    body = text.split("<main", 1)[1]
    for an_id in ("q1", "q2", "q3", "placement-stability", "very-well", "not-at-all",
                  "care-leaver", "#comment"):
        assert not re.search(rf"(?<![\w-]){re.escape(an_id)}(?![\w-])", body), an_id
    # The flagged comment is marked, and only it.
    tag = 'govuk-tag--red">flagged<'
    assert body.count(tag) == 1 and body.index(tag) < body.index(WORRYING)
    assert db.execute("SELECT action, username, target FROM audit_log WHERE action ="
                      " 'safeguarding response viewed'").fetchall() == [
        ("safeguarding response viewed", "officer1", f"{TRAFFORD} response {response_id}"
                                                     f" (flag {flag_id})")]


def test_the_queue_links_each_comment_to_its_whole_response(staff_client, submit, db):
    submit(trafford_answers(q3=WORRYING))
    flag_id = db.execute("SELECT id FROM safeguarding_flags").fetchone()[0]
    assert f'href="/staff/safeguarding/{flag_id}"' in staff_client.get("/staff/safeguarding").text
    decide(staff_client, flag_id, "no-concern")
    assert f'href="/staff/safeguarding/{flag_id}"' in staff_client.get("/staff/safeguarding").text


def test_a_manager_cannot_see_a_whole_response_and_a_missing_flag_is_not_found(
        app, staff_client, submit, db):
    submit(trafford_answers(q3=WORRYING))
    flag_id = db.execute("SELECT id FROM safeguarding_flags").fetchone()[0]
    manager = sign_in_manager(app, db)
    assert manager.get(f"/staff/safeguarding/{flag_id}").status_code == 403
    assert staff_client.get(f"/staff/safeguarding/{flag_id + 1}").status_code == 404
    assert db.execute("SELECT count(*) FROM audit_log WHERE action ="
                      " 'safeguarding response viewed'").fetchone()[0] == 0


@pytest.mark.parametrize("decision, reference", [("referred", "MASH-9"), ("known", "")])
def test_a_concern_is_kept_out_of_every_results_output(app, staff_client, submit, db,
                                                       decision, reference):
    submit(trafford_answers(q3=CLEAN))
    submit(trafford_answers(q3=WORRYING))
    enough_to_publish(submit)
    flag_id = db.execute("SELECT id FROM safeguarding_flags").fetchone()[0]
    assert decide(staff_client, flag_id, decision, reference).status_code == 302
    # The managers' workbook, read back with openpyxl, and the team's raw workbook.
    comments, responses, wb = comments_in_workbook(staff_client)
    assert comments == [CLEAN]
    assert WORRYING not in [str(c) for ws in wb for row in ws.iter_rows(values_only=True)
                            for c in row]
    assert WORRYING not in responses and CONCERN in responses
    # The team's CSV marks the cell, saying why, without the words.
    rows = list(csv.reader(io.StringIO(csv_text(staff_client))))
    cells = [cell for row in rows for cell in row]
    assert WORRYING not in cells and CONCERN in cells and CLEAN in cells
    # The results pages (the officer's, the managers' view of it) and the comments page.
    for url in (f"/staff/c/{TRAFFORD}", f"/staff/c/{TRAFFORD}?view=managers",
                f"/staff/c/{TRAFFORD}/comments"):
        assert WORRYING not in html.unescape(staff_client.get(url).text), url
    assert CLEAN in html.unescape(staff_client.get(f"/staff/c/{TRAFFORD}/comments").text)
    # The team's own summary, which every officer page and report is made from.
    team = summary_of(db, app.extensions["haveyoursay.catalogue"].get(TRAFFORD))
    assert [c.text for c in team.comments["q3"]] == [CLEAN]
    assert WORRYING not in everything_a_manager_gets(app, db)
    # The review keeps it, with the whole response.
    assert WORRYING in html.unescape(staff_client.get(f"/staff/safeguarding/{flag_id}").text)


def test_no_concern_lets_the_comment_into_every_results_output(staff_client, submit, db):
    submit(trafford_answers(q3=WORRYING))
    enough_to_publish(submit)
    flag_id = db.execute("SELECT id FROM safeguarding_flags").fetchone()[0]
    assert decide(staff_client, flag_id, "no-concern", "", "Fine: about a film").status_code == 302
    comments, responses, _ = comments_in_workbook(staff_client)
    assert comments == [WORRYING] and WORRYING in responses
    assert WORRYING in csv_text(staff_client)
    assert WORRYING in html.unescape(staff_client.get(f"/staff/c/{TRAFFORD}/comments").text)
    assert set(DECISIONS) == {"no-concern", "referred", "known"}


def test_answers_in_words_names_scale_points_and_keeps_answers_to_a_question_since_removed(app):
    from survey.workspace.safeguarding import GONE, answers_in_words
    trafford = app.extensions["haveyoursay.catalogue"].get(TRAFFORD)
    found = answers_in_words(trafford, {
        ("q1", ""): ("carer",), ("q2", "education"): ("very-well",),
        ("q3", ""): (WORRYING,), ("q99", ""): ("An answer to a question since removed",)},
        ("q3", ""))
    assert [(a.heading, [(l.about, l.text, l.flagged) for l in a.lines]) for a in found] == [
        ("1. Please identify whether you are", [("", "A foster carer or family member", False)]),
        (trafford.question("q2").heading, [
            ("Supporting children to do as well as they possibly can in their education.",
             "Very well", False)]),
        ("3. Are there any areas you feel need to be improved?", [("", WORRYING, True)]),
        (GONE, [("", "An answer to a question since removed", False)])]


# -- answers picked that the questionnaire sends to the review -----------------------------------
LANARKSHIRE = "north-lanarkshire-how-are-you-doing"


def picked_really_bad(app, db) -> tuple[int, int]:
    """Store a North Lanarkshire response answering "Really bad" to feeling safe where they
    live (marked for review in the shipped file); return (flag id, response id)."""
    from survey.definition import load_file
    from survey.store.responses import save_response
    questionnaire = load_file(f"{app.config['QUESTIONNAIRES']}/{LANARKSHIRE}.yaml")
    response_id, _ = save_response(db, questionnaire, [
        ("age-group", "", "age-10-12"), ("wellbeing-1", "safe", "really-bad"),
        ("wellbeing-1", "healthy", "good"), ("wellbeing-2", "included", "really-bad")], "p" * 32)
    return db.execute("SELECT id FROM safeguarding_flags").fetchone()[0], response_id


PICKED = ("Picked ‘Really bad’ for ‘Feeling safe where I live’ in the question ‘How are things "
          "going for you?’")


def test_the_queue_says_in_words_which_answer_was_picked(app, staff_client, db):
    flag_id, _ = picked_really_bad(app, db)
    page = html.unescape(staff_client.get("/staff/safeguarding").text)
    assert PICKED in page
    assert "What was done about this answer?" in page
    assert "Nothing changes in the results: the answer is counted either way." in page
    body = page.split("<main", 1)[1]
    for an_id in ("wellbeing-1", "really-bad"):  # ("safe" is a word of the statement too)
        assert not re.search(rf"(?<![\w/-]){re.escape(an_id)}(?![\w-])", body), an_id
    decide(staff_client, flag_id, "known")
    assert "Nothing is waiting for review" in staff_client.get("/staff/safeguarding").text


def test_the_whole_response_marks_the_answer_picked(app, staff_client, db):
    flag_id, response_id = picked_really_bad(app, db)
    page = staff_client.get(f"/staff/safeguarding/{flag_id}")
    assert page.status_code == 200
    body = html.unescape(page.text).split("<main", 1)[1]
    assert PICKED in body and "The answer under review is marked" in body
    answers = body.split(">Answers</h2>", 1)[1]
    tag = 'govuk-tag--red">flagged<'
    # Only "Feeling safe where I live", not "Feeling I belong", though both were "Really bad".
    assert answers.count(tag) == 1
    assert (answers.index(tag) < answers.index("Feeling safe where I live")
            < answers.index("Feeling I belong"))
