"""Results combined across languages and versions for age bands, and split by either (issue 18),
on a real SQLite file: every expected figure is worked out by hand in the comments.

The consultation is offered in English (its working language) and Welsh, in a version for
"8 to 12 year olds" (id younger, with a question of its own, `school`) and one for "13 to 18 year
olds" (older). 23 responses, stored with the language and version they were given in:

    language  version  responses  views.heard    school (younger only)
    en        younger      7      Strongly agree  yes x5, no x2
    en        older        5      Disagree        (not asked)
    cy        younger      7      Agree           yes x5, no x2
    cy        older        4      Disagree        (not asked)

So English 12, Welsh 11; younger 14, older 9 (under the threshold of 10).
"""
from __future__ import annotations

import textwrap
from dataclasses import replace

import pytest

from analysis.disclosure import publish
from analysis.splits import BY_LANGUAGE, BY_VERSION, asked_only
from analysis.summary import NOT_ANSWERED, Group, summarise
from survey.definition import load_text
from survey.definition.model import Translation, Version
from survey.results import reports
from survey.store.db import open_database
from survey.store.responses import iter_responses, save_response

DEFINITION = textwrap.dedent("""\
    id: combined
    title: Combined consultation
    organisation:
      name: Test Council
    introduction: For tests.
    sections:
      - id: views
        title: Your views
        questions:
          - id: views
            type: likert
            text: How much do you agree?
            scale: agreement
            statements:
              - {id: heard, text: I am listened to}
          - id: school
            type: single_choice
            text: Do you like school?
            options:
              - {id: "yes", label: "Yes"}
              - {id: "no", label: "No"}
          - id: ideas
            type: long_text
            text: Any ideas?
    """)
BASE = load_text(DEFINITION, "combined.yaml")
SA, A, D = "strongly-agree", "agree", "disagree"
YOUNGER = Version("younger", "8 to 12 year olds", "I am 8 to 12")
OLDER = Version("older", "13 to 18 year olds", "I am 13 or older")


def with_versions(questionnaire):
    """The consultation in Welsh too, with two versions; `school` asked only of younger."""
    section = questionnaire.sections[0]
    questions = tuple(replace(q, versions=("younger",)) if q.id == "school" else q
                      for q in section.questions)
    return replace(questionnaire, sections=(replace(section, questions=questions),),
                   translations=(Translation("cy", {"title": "Ymgynghoriad"}),),
                   versions=(YOUNGER, OLDER))


QUESTIONNAIRE = with_versions(BASE)
CELLS = [("en", "younger", 7, SA), ("en", "older", 5, D), ("cy", "younger", 7, A),
         ("cy", "older", 4, D)]


def store(db, questionnaire=QUESTIONNAIRE, cells=CELLS):
    n = 0
    for language, version, count, heard in cells:
        for index in range(count):
            n += 1
            answers = [("views", "heard", heard), ("ideas", "", f"idea {n}")]
            if version == "younger":
                answers.append(("school", "", "yes" if index < 5 else "no"))
            save_response(db, questionnaire, answers, f"{n:032d}", language=language,
                          version=version)


@pytest.fixture
def db(tmp_path):
    database = open_database(tmp_path / "combined.db")
    store(database)
    yield database
    database.conn.close()


def test_answers_in_every_language_and_version_are_counted_together(db):
    team = reports.summary_of(db, QUESTIONNAIRE)
    assert team.responses == 23
    heard = team.likert["views"].statements[0]
    # Strongly agree 7 (en younger), Agree 7 (cy younger), Disagree 5 + 4 = 9: base 23.
    # 7/23 = 30.43%, 9/23 = 39.13%; top (SA + A) 14/23 = 60.87%; bottom 9/23; net 21.74.
    assert heard.counts == (7, 7, 0, 9, 0) and heard.base == 23
    assert heard.percents[0] == pytest.approx(30.434, abs=0.01)
    assert heard.percents[3] == pytest.approx(39.130, abs=0.01)
    assert heard.top == pytest.approx(60.870, abs=0.01)
    assert heard.net == pytest.approx(21.739, abs=0.01)
    # Median: cumulative 7, 14 >= 11.5 at Agree.
    assert heard.median == "Agree"


def test_labels_are_always_the_working_languages(db):
    team = reports.summary_of(db, QUESTIONNAIRE)
    assert team.likert["views"].statements[0].statement.text == "I am listened to"
    assert team.questionnaire.title == "Combined consultation"


def test_the_variant_of_one_version_for_one_young_person_is_refused():
    with pytest.raises(ValueError, match="every version's questions"):
        summarise(replace(QUESTIONNAIRE, in_version="younger"), [])


def test_a_question_asked_only_in_one_version_has_that_versions_base(db):
    team = reports.summary_of(db, QUESTIONNAIRE)
    school = team.choices["school"]
    # Only the 14 younger were asked: yes 5 + 5 = 10, no 2 + 2 = 4; base 14 (not 23):
    # 10/14 = 71.43%, 4/14 = 28.57%. The 9 older ones are not counted as not answering.
    assert (school.answered, school.base) == (14, 14)
    assert [n for _, _, n in school.counts] == [10, 4]
    assert school.percents == pytest.approx((71.429, 28.571), abs=0.01)
    assert team.asked_only == {"school": ("younger",)}
    assert team.asked_in("school") == ("8 to 12 year olds",)
    assert team.asked_in("views") == ()


def test_asked_only_names_versions_that_leave_a_question_or_statement_out():
    leaving = replace(QUESTIONNAIRE, versions=(
        replace(YOUNGER, leave_out=("views.heard",)), replace(OLDER, leave_out=("ideas",))))
    assert asked_only(leaving) == {"views.heard": ("older",), "ideas": ("younger",),
                                   "school": ("younger",)}
    assert asked_only(BASE) == {}


def test_the_team_sees_every_language_and_version(db):
    team = reports.summary_of(db, QUESTIONNAIRE)
    assert [(b.question.id, [(g.label, g.respondents) for g in b.groups]) for b in team.splits] == [
        (BY_LANGUAGE, [("English", 12), ("Welsh", 11)]),
        (BY_VERSION, [("8 to 12 year olds", 14), ("13 to 18 year olds", 9)])]
    welsh = team.split(BY_LANGUAGE).likert[("views", "cy")].statements[0]
    # Welsh: Agree 7, Disagree 4: base 11, top 7/11 = 63.64%.
    assert (welsh.counts, welsh.base) == ((0, 7, 0, 4, 0), 11)
    assert welsh.top == pytest.approx(63.636, abs=0.01)


def test_by_language_both_groups_of_10_or_more_are_shown(db):
    published = reports.published_of(db, QUESTIONNAIRE, threshold=10)
    by_language = published.split(BY_LANGUAGE)
    assert by_language.groups == (Group("en", "English", 12, False),
                                  Group("cy", "Welsh", 11, False))
    english = by_language.likert[("views", "en")].statements[0]
    # English: Strongly agree 7, Disagree 5: base 12, top 7/12 = 58.33%. Both groups have
    # 10 or more and together are everyone (23 - 12 - 11 = 0 left over), so both are shown.
    assert english.shown and english.base == 12
    assert english.top == pytest.approx(58.333, abs=0.01)
    assert by_language.likert[("views", "cy")].statements[0].shown


def test_by_version_the_small_group_and_its_complement_are_hidden(db):
    published = reports.published_of(db, QUESTIONNAIRE, threshold=10)
    by_version = published.split(BY_VERSION)
    # 13 to 18 year olds: 9, under 10, hidden. Hidden together: 9, under 10, so the smallest
    # shown group (8 to 12, 14) is hidden too: else 23 - 14 would give the 9 away.
    assert [(g.label, g.suppressed) for g in by_version.groups] == [
        ("8 to 12 year olds", True), ("13 to 18 year olds", True)]
    assert by_version.likert == {}
    # The question only 8 to 12 year olds were asked would give their number away (14
    # answered it): it is not published, nor its comments, while that group is hidden.
    assert "school" not in published.choices and published.not_shown == ("school",)
    # Everyone's figures are still there.
    assert published.responses == 23 and published.likert["views"].statements[0].shown


def test_with_a_small_language_the_next_smallest_is_hidden_too(tmp_path):
    db = open_database(tmp_path / "three.db")
    three = replace(QUESTIONNAIRE, translations=(Translation("cy", {}), Translation("ar", {})))
    store(db, three, CELLS + [("ar", "younger", 3, A)])
    published = reports.published_of(db, three, threshold=10)
    # Arabic 3: hidden. Hidden so far 3 < 10, so the smallest shown, Welsh (11), is hidden
    # too: 3 + 11 = 14. English (12) is shown; 26 - 12 = 14 gives neither away.
    assert [(g.label, g.respondents, g.suppressed)
            for g in published.split(BY_LANGUAGE).groups] == [
        ("English", 12, False), ("Welsh", 11, True), ("Arabic", 3, True)]
    assert set(published.split(BY_LANGUAGE).likert) == {("views", "en")}
    # Versions: 8 to 12 year olds 17, 13 to 18 year olds 9: both hidden, as before.
    assert all(g.suppressed for g in published.split(BY_VERSION).groups)
    db.conn.close()


def test_old_responses_count_as_the_working_language_and_no_version(tmp_path):
    db = open_database(tmp_path / "old.db")
    # Stored before languages and versions: no language or version said.
    for n in range(3):
        save_response(db, QUESTIONNAIRE, [("views", "heard", A)], f"old{n:029d}")
    store(db, QUESTIONNAIRE, [("cy", "younger", 2, A)])
    assert {(r.language, r.age_version) for r in iter_responses(db, QUESTIONNAIRE.id)} == {
        ("", ""), ("cy", "younger")}
    team = reports.summary_of(db, QUESTIONNAIRE)
    assert [(g.id, g.respondents) for g in team.split(BY_LANGUAGE).groups] == [("en", 3),
                                                                              ("cy", 2)]
    assert [(g.id, g.label, g.respondents) for g in team.split(BY_VERSION).groups] == [
        ("younger", "8 to 12 year olds", 2), (NOT_ANSWERED, "No version recorded", 3)]
    db.conn.close()


def test_one_language_and_no_versions_means_no_splits(tmp_path):
    db = open_database(tmp_path / "plain.db")
    store(db, BASE, [("", "", 12, A)])
    team = reports.summary_of(db, BASE)
    assert team.splits == () and publish(team).splits == ()
    db.conn.close()


# -- the results workbook ------------------------------------------------------------------------

def rows_of(sheet) -> list[tuple]:
    return [tuple(v for v in row if v is not None) for row in sheet.iter_rows(values_only=True)]


def test_the_workbook_has_a_sheet_per_split_hidden_as_everywhere(db, tmp_path):
    from openpyxl import load_workbook
    path = tmp_path / "results.xlsx"
    reports.write_report(db, QUESTIONNAIRE, path, threshold=10)
    book = load_workbook(path)
    assert book.sheetnames[:5] == ["About", "Summary", "By respondent type", "By language",
                                   "By age group"]
    by_language = rows_of(book["By language"])
    assert ("Language", "Responses") in by_language
    assert ("English", 12) in by_language and ("Welsh", 11) in by_language
    # English on "I am listened to": n 12, 58% Strongly agree... top 7/12 = 0.5833.
    english = by_language.index(("English", "12 responses"))
    assert by_language[english + 2][:2] == ("I am listened to", 12)
    assert by_language[english + 2][-2] == pytest.approx(7 / 12)
    by_age = rows_of(book["By age group"])
    assert ("8 to 12 year olds", "not shown (small numbers)") in by_age
    assert ("13 to 18 year olds", "not shown (small numbers)") in by_age
    assert not any(14 in row or 9 in row for row in by_age)
    summary = rows_of(book["Summary"])
    # The question only 8 to 12 year olds were asked is not shown while that group is hidden.
    assert any("Asked only of 8 to 12 year olds: not shown" in str(row) for row in summary)
    assert not any(row[:1] == ("Yes",) for row in summary)
    about = dict(row[:2] for row in rows_of(book["About"]) if len(row) >= 2)
    assert about["Languages"].startswith("Offered in English, Welsh.")
    assert about["Versions for age groups"].startswith("8 to 12 year olds; 13 to 18 year olds.")


def test_the_workbook_says_whose_answers_a_version_question_is_of(tmp_path):
    from openpyxl import load_workbook
    db = open_database(tmp_path / "shown.db")
    # 10 in each version: no group hidden, so the question of 8 to 12 year olds is shown.
    store(db, QUESTIONNAIRE, [("en", "younger", 10, SA), ("cy", "older", 10, D)])
    path = tmp_path / "results.xlsx"
    reports.write_report(db, QUESTIONNAIRE, path, threshold=10)
    summary = rows_of(load_workbook(path)["Summary"])
    note = next(i for i, row in enumerate(summary)
                if row and str(row[0]).startswith("Asked only of 8 to 12 year olds: its figures"))
    # yes 5 of 10 (50%), no 5 of 10: of the 10 asked, not of all 20.
    assert ("Yes", 5, 0.5) in summary[note:] and ("No", 5, 0.5) in summary[note:]
    by_age = rows_of(load_workbook(path)["By age group"])
    assert ("8 to 12 year olds", 10) in by_age and ("13 to 18 year olds", 10) in by_age
    db.conn.close()


# -- the board report ---------------------------------------------------------------------------

def board_text(db, questionnaire, path):
    from docx import Document
    from survey.results import board
    board.write_board_report(db, questionnaire, path, "docx", threshold=10)
    document = Document(str(path))
    paragraphs = [p.text for p in document.paragraphs]
    tables = [[tuple(c.text for c in row.cells) for row in table.rows]
              for table in document.tables]
    return paragraphs, tables


def test_the_board_report_says_by_language_and_by_age_group(db, tmp_path):
    paragraphs, tables = board_text(db, QUESTIONNAIRE, tmp_path / "report.docx")
    assert any(p.startswith("It was offered in English and Welsh and in versions for 8 to 12 "
                            "year olds and 13 to 18 year olds.") for p in paragraphs)
    assert [("Language", "Responses"), ("English", "12"), ("Welsh", "11")] in tables
    assert [("Age group", "Responses"), ("8 to 12 year olds", "not shown (small numbers)"),
            ("13 to 18 year olds", "not shown (small numbers)")] in tables
    assert any(p.startswith("By language. ") for p in paragraphs)
    assert any(p.startswith("By age group. ") for p in paragraphs)
    # Welsh on "I am listened to": n 11; Agree 7/11 = 64%, Disagree 4/11 = 36%; top 64%.
    welsh = next(t for t in tables if t[0][0] == "Statement" and t is not tables[0]
                 and any(r[:2] == ("I am listened to", "11") for r in t))
    assert ("I am listened to", "11", "0%", "64%", "0%", "36%", "0%", "64%", "36%", "+27") \
        in welsh
    assert "8 to 12 year olds: not shown (small numbers)." in paragraphs
    assert any(p.startswith("Asked only of 8 to 12 year olds: not shown") for p in paragraphs)
    assert not any(14 == len(t) for t in tables if t and t[0][0] == "Answer")
