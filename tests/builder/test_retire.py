"""Retiring: a question, statement or option with answers stops being asked, and every answer
already given stays in the summary, the workbook and the CSV.

The must-hold test of the officers' issue is here: an open consultation is edited (a statement
reworded, one added, one retired, a question retired, an option retired) between responses, and
every answer given before each edit is still in the report and the export.
"""
from __future__ import annotations

import csv
import dataclasses
import html
import io
import re
import textwrap

import openpyxl
import pytest
from conftest import english_only, TRAFFORD, hidden_fields, trafford_answers

from survey.definition import DefinitionError, load_text
from survey.definition import messages as msg
from survey.definition.dump import dump
from survey.definition.journey import pages
from survey.store.lifecycle import set_state
from survey.results.reports import summary_of, write_raw_csv, write_raw_workbook

NEW_ID = "trafford-2027"
RETIRED = "(no longer asked) "


def registry(app):
    return app.extensions["haveyoursay.catalogue"]


def copy_trafford(client, db) -> None:
    page = client.get("/staff/builder/copy")
    response = client.post("/staff/builder/copy", data={
        **hidden_fields(page.text), "source": TRAFFORD, "id": NEW_ID, "title": "Trafford 2027"})
    assert response.status_code == 302, response.text
    english_only(client, NEW_ID)
    set_state(db, NEW_ID, "open")


def edit_and_save(app, client, change) -> str:
    """Change the current model, send its text through the builder's edit page, read what the
    change will do, and save it from the confirm page as an officer would."""
    text = dump(change(registry(app).get(NEW_ID)))
    page = client.get(f"/staff/builder/c/{NEW_ID}/source")
    confirm = client.post(f"/staff/builder/c/{NEW_ID}/source",
                          data={**hidden_fields(page.text), "source": text})
    assert confirm.status_code == 200 and "Save this version" in confirm.text, confirm.text
    source = html.unescape(re.search(r'name="source" value="([^"]*)"', confirm.text).group(1))
    saved = client.post(f"/staff/builder/c/{NEW_ID}/save", data={
        **hidden_fields(confirm.text), "source": source, "action": "definition saved"})
    assert saved.status_code == 302, saved.text
    return confirm.text


def replace_statements(questionnaire, question_id, change):
    """The questionnaire with `change(statements)` as question `question_id`'s statements."""
    sections = []
    for section in questionnaire.sections:
        questions = tuple(dataclasses.replace(q, statements=tuple(change(list(q.statements))))
                          if q.id == question_id else q for q in section.questions)
        sections.append(dataclasses.replace(section, questions=questions))
    return dataclasses.replace(questionnaire, sections=tuple(sections))


def replace_question(questionnaire, question_id, **changes):
    return dataclasses.replace(questionnaire, sections=tuple(
        dataclasses.replace(s, questions=tuple(dataclasses.replace(q, **changes) if q.id == question_id
                                               else q for q in s.questions))
        for s in questionnaire.sections))


def first_edit(questionnaire):
    """Reword one statement, add one, retire one; retire the first text question."""
    def statements(items):
        items[0] = dataclasses.replace(items[0], text="Helping you stay in one home.")
        items = [dataclasses.replace(s, retired=True) if s.id == "adoption" else s for s in items]
        return items + [type(items[0])("leaving-care", "Helping care leavers find a home.")]
    return replace_question(replace_statements(questionnaire, "q2", statements), "q3", retired=True)


def second_edit(questionnaire):
    """Retire an option and reword another statement."""
    q1 = questionnaire.question("q1")
    options = tuple(dataclasses.replace(o, retired=True) if o.id == "councillor" else o
                    for o in q1.options)
    changed = replace_question(questionnaire, "q1", options=options)
    return replace_statements(changed, "q2", lambda items: [
        dataclasses.replace(s, text="Doing well at school.") if s.id == "education" else s
        for s in items])


def answers_of(db, response_id) -> set:
    return set(map(tuple, db.execute(
        "SELECT question_id, item_id, value FROM answers WHERE response_id = ?",
        [response_id]).fetchall()))


def test_editing_an_open_consultation_between_responses_keeps_every_earlier_answer(
        app, staff_client, db, submit, tmp_path):
    copy_trafford(staff_client, db)
    # Response 1, against the first version: every question, adoption "Very well", q3 written.
    assert submit(trafford_answers(q1="councillor"), consultation=NEW_ID).status_code == 302
    first = answers_of(db, 1)

    confirm = edit_and_save(app, staff_client, first_edit)
    said = html.unescape(confirm)
    assert ("The statement \u2018Helping children stay in the same placement for longer even\u2026\u2019 "
            "in question 2 will read \u2018Helping you stay in one home.\u2019") in said
    assert "A new statement in question 2: \u2018Helping care leavers find a home.\u2019" in said
    assert ("The statement \u2018Making sure we consider whether adoption is right for\u2026\u2019 in "
            "question 2 will no longer be asked (its answers stay in the results)") in said
    assert ("Question 3 \u2018Are there any areas you feel need to be improved?\u2019 will no longer "
            "be asked (its answers stay in the results)") in said

    form = staff_client.get(f"/c/{NEW_ID}?age=older").text
    assert "Helping you stay in one home." in form and "Helping care leavers find a home." in form
    assert "adoption" not in form and "Are there any areas you feel need to be improved?" not in form
    # Response 2, against the second version. A forged answer to the retired statement and
    # question is not stored: they are no longer part of the form.
    assert submit(trafford_answers(**{"q2-leaving-care": "quite", "q2-adoption": "not-at-all",
                                      "q3": "forged"}), consultation=NEW_ID).status_code == 302
    assert ("q2", "adoption", "not-at-all") not in answers_of(db, 2)
    assert ("q3", "", "forged") not in answers_of(db, 2)

    edit_and_save(app, staff_client, second_edit)
    assert 'value="councillor"' not in staff_client.get(f"/c/{NEW_ID}?age=older").text
    # Response 3, against the third version.
    assert submit(trafford_answers(q1="carer", **{"q2-leaving-care": "very-well", "q2-adoption": None,
                                                  "q3": None}),
                  consultation=NEW_ID).status_code == 302

    # Nothing stored before an edit changed.
    assert answers_of(db, 1) == first
    versions = [r[0] for r in db.execute("SELECT version FROM responses ORDER BY id")]
    assert len(set(versions)) == 3

    current = registry(app).get(NEW_ID)
    summary = summary_of(db, current)
    q2 = {s.statement.id: s for s in summary.likert["q2"].statements}
    # Worked by hand: placement-stability "very-well" in all three responses.
    assert q2["placement-stability"].statement.text == "Helping you stay in one home."
    assert q2["placement-stability"].counts == (3, 0, 0, 0, 0)
    # Adoption: only response 1 answered it, "Very well".
    assert q2["adoption"].statement.text.startswith(RETIRED + "Making sure we consider")
    assert (q2["adoption"].counts, q2["adoption"].base) == ((1, 0, 0, 0, 0), 1)
    # The new statement: responses 2 (Quite) and 3 (Very well).
    assert (q2["leaving-care"].counts, q2["leaving-care"].base) == ((1, 1, 0, 0, 0), 2)
    assert q2["education"].statement.text == "Doing well at school."
    assert q2["education"].counts == (0, 0, 3, 0, 0)
    q1 = {option_id: (label, n) for option_id, label, n in summary.choices["q1"].counts}
    assert q1["councillor"] == (RETIRED + "A councillor", 1)
    assert q1["care-leaver"][1] == 1 and q1["carer"][1] == 1
    assert [c.text for c in summary.comments["q3"]] == ["More help with college applications."]

    # The team's raw workbook: response 1's answers to the retired statement, option and
    # question. (The managers' workbook shows no figure of 3 responses, and no row of any.)
    out = tmp_path / "raw.xlsx"
    write_raw_workbook(db, current, out)
    sheet = openpyxl.load_workbook(out)["Responses"]
    rows = list(sheet.iter_rows(values_only=True))
    header = next(i for i, row in enumerate(rows) if row and row[0] == "Response id")
    heads = rows[header]
    by_id = {row[0]: dict(zip(heads, row)) for row in rows[header + 1:] if row[0]}
    adoption = next(h for h in heads if h and "Making sure we consider" in h)
    q3 = next(h for h in heads if h and "Are there any areas" in h)
    q1_head = next(h for h in heads if h and h.startswith("1."))
    assert RETIRED in adoption and RETIRED in q3
    assert [by_id[i][adoption] for i in (1, 2, 3)] == ["Very well", None, None]
    assert [by_id[i][q3] for i in (1, 2, 3)] == ["More help with college applications.", None, None]
    assert by_id[1][q1_head] == RETIRED + "A councillor"

    # The CSV: the same.
    text = io.StringIO()
    write_raw_csv(db, current, text)
    table = list(csv.DictReader(io.StringIO(text.getvalue().split("\n", 1)[1])))
    assert [row[adoption] for row in table] == ["Very well", "", ""]
    assert table[0][q3] == "More help with college applications."


MINIMAL = textwrap.dedent("""\
    id: retiring
    title: Retiring
    organisation: {name: Test Council}
    layout: pages
    breakdown: who
    sections:
      - id: one
        questions:
          - id: who
            type: single_choice
            text: Who are you?
            options:
              - {id: young, label: A young person}
              - {id: carer, label: A carer}
              - {id: old, label: An old option, retired: true}
          - id: views
            type: likert
            text: How well informed do you feel?
            scale: informed
            statements:
              - {id: a, text: About A}
              - {id: b, text: About B, retired: true}
      - id: two
        questions:
          - {id: gone, type: short_text, text: A question no longer asked, retired: true}
      - id: three
        questions:
          - {id: more, type: long_text, text: Anything else?}
    """)


def test_retired_parts_load_dump_and_are_left_out_of_what_is_asked():
    questionnaire = load_text(MINIMAL)
    assert dump(load_text(dump(questionnaire))) == dump(questionnaire)
    assert "retired: true" in dump(questionnaire)
    asked = questionnaire.asked
    assert [s.id for s in asked.sections] == ["one", "three"]  # section two asks nothing now
    assert [o.id for o in asked.question("who").options] == ["young", "carer"]
    assert [s.id for s in asked.question("views").statements] == ["a"]
    reported = questionnaire.reported
    assert [s.id for s in reported.sections] == ["one", "two", "three"]
    assert reported.question("gone").text == RETIRED + "A question no longer asked"
    assert reported.question("who").label_of("old") == RETIRED + "An old option"
    assert questionnaire.question("who").label_of("old") == "An old option"


def test_a_section_with_every_question_retired_is_not_a_page():
    questionnaire = load_text(MINIMAL)
    assert [p.number for p in pages(questionnaire, {})] == [1, 3]  # page 3 stays page 3
    assert [p.section.id for p in pages(questionnaire, {})] == ["one", "three"]


@pytest.mark.parametrize("change, line, message", [
    (lambda t: t.replace("text: Anything else?}", "text: Anything else?, show_if: {question: who, is: old}}")
, 28,
     msg.CONDITION_RETIRED.format(where="question 'more'", what="option 'old' of 'who'")),
    (lambda t: t.replace("text: Anything else?}",
                         "text: Anything else?, show_if: {question: views, statement: b, is: quite}}"), 28,
     msg.CONDITION_RETIRED.format(where="question 'more'", what="statement 'b' of 'views'")),
    (lambda t: t.replace("text: Who are you?", "text: Who are you?\n        retired: true"), 5,
     msg.BREAKDOWN_RETIRED.format(found="who")),
    (lambda t: t.replace("{id: a, text: About A}", "{id: a, text: About A, retired: true}"), 21,
     msg.ALL_RETIRED.format(where="question 'views'", item="statement", whole="question")),
    (lambda t: t.replace("{id: young, label: A young person}", "{id: young, label: A young person, retired: true}")
     .replace("{id: carer, label: A carer}", "{id: carer, label: A carer, retired: true}"), 13,
     msg.ALL_RETIRED.format(where="question 'who'", item="option", whole="question")),
], ids=["condition on a retired option", "condition on a retired statement", "breakdown retired",
        "every statement retired", "every option retired"])
def test_what_cannot_be_retired_gets_a_located_message(change, line, message):
    with pytest.raises(DefinitionError) as raised:
        load_text(change(MINIMAL))
    assert (line, message) in [(p.line, p.message) for p in raised.value.problems], raised.value


def test_retiring_every_question_is_refused():
    text = textwrap.dedent("""\
        id: none-left
        title: None left
        organisation: {name: Test Council}
        sections:
          - id: one
            questions:
              - {id: q1, type: short_text, text: Anything?, retired: true}
        """)
    with pytest.raises(DefinitionError) as raised:
        load_text(text)
    assert [(p.line, p.message) for p in raised.value.problems] == [(5, msg.NOTHING_ASKED)]


def test_a_tell_us_more_box_with_answers_is_kept_unless_it_had_none():
    """changes.refusals: a question's or a statement's comment box with stored answers cannot
    be emptied (its answers would leave the CSV and the Responses sheet); one never answered
    can. Only the home statement's box and q1's box have answers here."""
    from survey.definition.differences import Answered, refusals
    old = load_text(
        "id: c\ntitle: T\norganisation: {name: O}\nsections:\n  - id: s\n    questions:\n"
        "      - {id: q1, type: long_text, text: Anything?, comment: More?}\n"
        "      - id: q2\n        type: likert\n        text: How well?\n        scale: informed\n"
        "        statements:\n          - {id: home, text: Home, comment: Say more}\n"
        "          - {id: school, text: School, comment: Say more}\n", "c.yaml")
    emptied = load_text(old.source.replace(", comment: More?", "")
                        .replace("Say more}", "''}"), "c.yaml")
    answered = Answered(frozenset({("q1", "#comment"), ("q2", "home#comment"), ("q2", "home")}),
                        frozenset(), 1)
    reasons = refusals(old, emptied, answered)
    assert [r.split(",")[0] for r in reasons] == [
        "The question \u2018Anything?\u2019 has answers in its \u201cTell us more\u201d box",
        "The statement \u2018Home\u2019 in the question \u2018How well?\u2019 has answers in its "
        "\u201cTell us more\u201d box"]
    assert refusals(old, emptied, Answered(frozenset(), frozenset(), 0)) == []
