"""The definition loader: the shipped files load exactly, broken files give located messages."""
from __future__ import annotations

import re
import textwrap
from datetime import date
from pathlib import Path

import pytest

from survey.definition import BUILTIN_SCALES, DefinitionError, load_file, load_folder, load_text
from survey.definition import messages as msg
from survey.definition.types import safeguarding_picks

REPO = Path(__file__).resolve().parents[2]
SEED = REPO.parent / "shared" / "seeds" / "002_e08752e85c6da7f9.txt"
TRAFFORD_FILE = REPO / "questionnaires" / "trafford-corporate-parenting-review-2018.yaml"

MINIMAL = """\
id: test
title: Test
organisation: Test Council
sections:
  - id: only
    questions:
      - id: q1
        type: single_choice
        text: Who are you?
        options:
          - {id: a, label: A}
"""


def problems(text: str) -> list[tuple[int, str]]:
    with pytest.raises(DefinitionError) as raised:
        load_text(textwrap.dedent(text), "test.yaml")
    return [(p.line, p.message) for p in raised.value.problems]


def test_every_shipped_definition_loads():
    for path in sorted((REPO / "questionnaires").glob("*.yaml")):
        assert load_file(path).questions


def test_trafford_keeps_every_question_and_priority_in_order():
    q = load_file(TRAFFORD_FILE)
    assert [x.number for x in q.questions] == [str(n) for n in range(1, 9)]
    assert [x.type for x in q.questions] == ["single_choice", "likert"] + ["long_text"] * 6
    likert = q.question("q2")
    assert likert.text == ("How well informed do you feel about the following priorities which "
                           "feature in the current Corporate Parenting Strategy?")
    assert [p.label for p in likert.scale.points] == [
        "Very well", "Quite", "Somewhat", "Not very", "Not at all"]
    assert len(likert.statements) == 7
    assert likert.statements[0].text.startswith("Helping children stay in the same placement")
    assert likert.statements[6].text.startswith("Making sure we consider whether adoption")
    assert [x.required for x in q.questions] == [True, True] + [False] * 6
    assert q.breakdown == "q1"


@pytest.mark.skipif(not SEED.exists(), reason="the seed documents are not beside this checkout")
def test_trafford_words_are_the_seeds_words():
    """Every question and statement's wording appears in the seed, word for word."""
    seed = " ".join(SEED.read_text(encoding="utf-8").split())
    q = load_file(TRAFFORD_FILE)
    texts = [x.text for x in q.questions] + [s.text for s in q.question("q2").statements]
    texts.append(q.question("q5").hint)
    for text in texts:
        assert " ".join(text.split()) in seed, text


def test_version_is_a_hash_of_the_content():
    first = load_text(MINIMAL)
    assert load_text(MINIMAL).version == first.version
    assert load_text(MINIMAL.replace("Who are you?", "Who are you, please?")).version != first.version


def test_builtin_scales_include_trafford_informed_agreement_and_frequency():
    assert {"informed", "agreement", "frequency"} <= set(BUILTIN_SCALES)
    assert BUILTIN_SCALES["agreement"].dont_know.label == "Don't know"
    assert BUILTIN_SCALES["informed"].dont_know is None


BROKEN = [
    # (what is wrong, the file, line, message)
    ("unknown scale with a suggestion", MINIMAL + """\
      - id: q2
        type: likert
        text: How informed?
        scale: informd
        statements:
          - {id: s1, text: One}
""", 15, msg.UNKNOWN_SCALE.format(where="question 'q2'", found="informd",
                                  allowed=", ".join(sorted(BUILTIN_SCALES)),
                                  suggestion=msg.DID_YOU_MEAN.format(guess="informed"))),
    ("duplicate question id", MINIMAL + """\
      - id: q1
        type: short_text
        text: Again
""", 12, msg.DUPLICATE_ID.format(where="question 'q1'", id="q1", first=7,
                                 scope="across the questionnaire")),
    ("unknown key with a suggestion", MINIMAL.replace("title: Test", "titel: Test"), 2,
     msg.UNKNOWN_KEY.format(where="the questionnaire", key="titel",
                            allowed="breakdown, closes, id, introduction, language, layout, numbering, opens, "
                                    "organisation, results_by, scales, sections, series, start, title, "
                                    "translations, versions, wave",
                            suggestion=msg.DID_YOU_MEAN.format(guess="title"))),
    ("empty option list", MINIMAL.replace("        options:\n          - {id: a, label: A}\n",
                                          "        options: []\n"), 10,
     msg.EMPTY_LIST.format(where="question 'q1'", key="options", item="option")),
    ("bad date", MINIMAL + "opens: 2026-02-30\n", 12,
     msg.BAD_DATE.format(where="the questionnaire", key="opens", found="2026-02-30")),
    ("closes before opens", MINIMAL + "opens: 2026-03-01\ncloses: 2026-02-01\n", 13,
     msg.DATES_REVERSED.format(where="the questionnaire", opens="2026-03-01", closes="2026-02-01")),
    ("results date not a date", MINIMAL + "results_by: 30 June 2027\n", 12,
     msg.BAD_DATE.format(where="the questionnaire", key="results_by", found="30 June 2027")),
    ("results date not a real day", MINIMAL + "results_by: 2027-06-31\n", 12,
     msg.BAD_DATE.format(where="the questionnaire", key="results_by", found="2027-06-31")),
    ("results date before closing", MINIMAL + "closes: 2027-03-31\nresults_by: 2027-03-01\n", 13,
     msg.RESULTS_BEFORE_CLOSING.format(where="the questionnaire", results_by="2027-03-01",
                                       key="closes", day="2027-03-31")),
    ("results date before opening", MINIMAL + "opens: 2027-01-05\nresults_by: 2027-01-01\n", 13,
     msg.RESULTS_BEFORE_CLOSING.format(where="the questionnaire", results_by="2027-01-01",
                                       key="opens", day="2027-01-05")),
    ("unknown question type", MINIMAL.replace("type: single_choice", "type: single_choise"), 8,
     msg.UNKNOWN_TYPE.format(where="question 'q1'", found="single_choise",
                             allowed="likert, long_text, multiple_choice, short_text, single_choice",
                             suggestion=msg.DID_YOU_MEAN.format(guess="single_choice"))),
    ("duplicate key", MINIMAL.replace("title: Test\n", "title: Test\ntitle: Again\n"), 3,
     msg.DUPLICATE_KEY.format(key="title", first=2)),
    ("tab indentation", MINIMAL.replace("  - id: only", "\t- id: only"), 5, None),
    ("alias", MINIMAL + "extra: &a [1]\nmore: *a\n", 13, msg.ALIAS),
    ("bad id", MINIMAL.replace("id: q1", "id: Question 1"), 7,
     msg.BAD_ID.format(where="question 'Question 1'", found="Question 1")),
    ("breakdown names a text question", MINIMAL + """\
      - id: q2
        type: short_text
        text: Name a thing
breakdown: q2
""", 15, msg.BREAKDOWN_NOT_CHOICE.format(found="q2", type="short_text")),
    ("key of another type", MINIMAL.replace("        text: Who are you?\n",
                                            "        text: Who are you?\n        max_length: 20\n"), 10,
     msg.KEY_NOT_FOR_TYPE.format(where="question 'q1'", key="max_length", type="single_choice",
                                 allowed="comment, hint, id, number, options, other, required, retired, show_if, "
                                         "text, type, versions")),
    ("required is not true/false", MINIMAL.replace("text: Who are you?", "text: Who are you?\n        required: yes please"), 10,
     msg.WRONG_KIND.format(where="question 'q1'", key="required", expected="true or false", found="text")),
]


@pytest.mark.parametrize("text,line,message", [b[1:] for b in BROKEN], ids=[b[0] for b in BROKEN])
def test_broken_definition_gives_located_message(text, line, message):
    found = problems(text)
    lines = [l for l, _ in found]
    assert line in lines, found
    if message is not None:
        assert (line, message) in found, found


def test_tabs_are_explained():
    found = problems(MINIMAL.replace("  - id: only", "\t- id: only"))
    assert msg.TAB_HINT.strip() in found[0][1]


def test_every_error_in_a_file_is_reported_at_once():
    found = problems(MINIMAL.replace("titl", "titel").replace("type: single_choice", "type: radio"))
    assert len(found) >= 2


def test_problem_reads_like_a_compiler_error():
    with pytest.raises(DefinitionError) as raised:
        load_text(MINIMAL.replace("type: single_choice", "type: radio"), "questionnaires/x.yaml")
    assert re.match(r"^questionnaires/x\.yaml:8: question 'q1': question type 'radio' is not known",
                    str(raised.value))


def test_a_results_date_loads_as_a_day_and_is_optional():
    assert load_text(MINIMAL).results_by is None
    loaded = load_text(MINIMAL + "closes: 2027-03-31\nresults_by: 2027-06-30\n")
    assert loaded.results_by == date(2027, 6, 30)
    # A day already past still loads: a file means the same whatever day it is read.
    assert load_text(MINIMAL + "results_by: 2020-01-31\n").results_by == date(2020, 1, 31)
    # The same day as closing is allowed.
    assert load_text(MINIMAL + "closes: 2027-03-31\nresults_by: 2027-03-31\n").results_by


def test_a_results_date_that_is_not_a_date_names_its_file_and_line():
    with pytest.raises(DefinitionError) as raised:
        load_text(MINIMAL + "results_by: end of June\n", "questionnaires/x.yaml")
    assert str(raised.value).startswith(
        "questionnaires/x.yaml:12: the questionnaire: 'results_by' must be a date written as "
        "YYYY-MM-DD, but found 'end of June'.")


def test_alias_bomb_is_refused_quickly():
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8))
    assert problems(bomb)[0] == (2, msg.ALIAS)


def test_a_broken_file_does_not_stop_the_others(tmp_path):
    (tmp_path / "good.yaml").write_text(MINIMAL)
    (tmp_path / "bad.yaml").write_text(MINIMAL.replace("id: test", "id: other").replace("scale", "x")
                                       .replace("type: single_choice", "type: nope"))
    loaded, failures = load_folder(tmp_path)
    assert list(loaded) == ["test"]
    assert [Path(f.path).name for f in failures] == ["bad.yaml"]


def test_not_utf8_is_reported(tmp_path):
    path = tmp_path / "latin1.yaml"
    path.write_bytes(MINIMAL.replace("Test Council", "Caf\xe9").encode("latin-1"))
    with pytest.raises(DefinitionError, match="not UTF-8"):
        load_file(path)


# -- the language's later parts: conditions, comments, the council's look ------------------------
PAGED = MINIMAL.replace("sections:", "layout: pages\nsections:") + """\
  - id: later
    questions:
      - id: q2
        type: likert
        text: How is it?
        scale: faces
        comment: Tell us more
        statements:
          - {id: s1, text: One, comment: Tell us more about one}
"""


def test_conditions_comments_and_faces_load_into_the_model():
    q = load_text(PAGED.replace("  - id: later\n", "  - id: later\n    show_if: {question: q1, is: a}\n"))
    later = q.sections[1]
    assert later.show_if.question == "q1" and later.show_if.values == ("a",)
    assert later.show_if.holds({("q1", ""): ["a"]}) and not later.show_if.holds({})
    q2 = q.question("q2")
    assert q2.comment == "Tell us more" and q2.statements[0].comment == "Tell us more about one"
    assert q2.scale.faces and q2.scale.points[0].face == "very-happy"
    assert q2.scale.dont_know.id == "prefer-not-to-say"


BROKEN_LATER = [
    ("condition on an unknown question",
     PAGED.replace("  - id: later\n", "  - id: later\n    show_if: {question: q9, is: a}\n"), 14,
     msg.CONDITION_UNKNOWN_QUESTION.format(where="section 'later'", found="q9", allowed="q1",
                                           suggestion="")),
    ("condition on an unknown answer",
     PAGED.replace("  - id: later\n", "  - id: later\n    show_if: {question: q1, is: [a, b]}\n"), 14,
     msg.CONDITION_UNKNOWN_VALUE.format(where="section 'later'", found="b", question="q1",
                                        allowed="a", suggestion="")),
    ("condition on the same page",
     PAGED.replace("        comment: Tell us more\n",
                   "        comment: Tell us more\n        show_if: {question: q2, statement: s1, is: ok}\n"), 20,
     msg.CONDITION_UNKNOWN_QUESTION.format(where="question 'q2'", found="q2", allowed="q1",
                                           suggestion="")),
    ("condition without pages",
     PAGED.replace("layout: pages\n", "").replace("  - id: later\n", "  - id: later\n    show_if: {question: q1, is: a}\n"), 13,
     msg.CONDITION_NEEDS_PAGES.format(where="section 'later'")),
    ("a light header colour",
     MINIMAL.replace("organisation: Test Council", "organisation: {name: Test Council, colour: '#ffdd00'}"), 3,
     msg.LOW_CONTRAST.format(found="#ffdd00", ratio=1.3)),
    ("a colour that is not #rrggbb",
     MINIMAL.replace("organisation: Test Council", "organisation: {name: Test Council, colour: blue}"), 3,
     msg.BAD_COLOUR.format(found="blue")),
    ("a logo outside the logos folder",
     MINIMAL.replace("organisation: Test Council", "organisation: {name: T, logo: ../secret.png}"), 3,
     msg.BAD_LOGO.format(found="../secret.png")),
    ("a help link that is not https",
     MINIMAL.replace("organisation: Test Council",
                     "organisation: {name: T, help: {text: Help, url: 'javascript:alert(1)'}}"), 3,
     msg.NOT_A_LINK.format(where="organisation, help", key="url", found="javascript:alert(1)")),
    ("a series without a wave", MINIMAL.replace("title: Test", "title: Test\nseries: pledge"), 3,
     msg.SERIES_WITHOUT_WAVE.format(where="the questionnaire")),
]


@pytest.mark.parametrize("name,text,line,message", BROKEN_LATER, ids=[c[0] for c in BROKEN_LATER])
def test_later_language_errors_are_located(name, text, line, message):
    assert (line, message) in problems(text)


# -- answers sent to the safeguarding review -----------------------------------------------------
MARKED = MINIMAL.replace("          - {id: a, label: A}\n", """\
          - {id: a, label: A}
          - {id: unsafe, label: "I don't feel safe", safeguarding: true}
""") + """\
      - id: q2
        type: likert
        text: How is it?
        scale: mine
        statements: [{id: home, text: At home}, {id: school, text: At school}]
scales:
  mine:
    points:
      - {id: fine, label: Fine}
      - {id: bad, label: Really bad, safeguarding: true}
"""


def test_an_option_or_a_scale_point_can_be_sent_to_the_safeguarding_review():
    q = load_text(MARKED)
    assert [(o.id, o.safeguarding) for o in q.question("q1").options] == [("a", False),
                                                                          ("unsafe", True)]
    assert [(p.id, p.safeguarding) for p in q.question("q2").scale.points] == [("fine", False),
                                                                             ("bad", True)]
    assert not any(p.safeguarding for s in BUILTIN_SCALES.values() for p in s.choices)


def test_safeguarding_must_be_true_or_false_with_its_file_and_line():
    with pytest.raises(DefinitionError) as raised:
        load_text(MARKED.replace("safeguarding: true}\n", "safeguarding: yes-please}\n", 1),
                  "questionnaires/x.yaml")
    where = "question 'q1', option 2"
    assert str(raised.value).startswith(
        "questionnaires/x.yaml:12: " + msg.WRONG_KIND.format(
            where=where, key="safeguarding", expected="true or false", found="text"))


def test_safeguarding_is_a_key_of_options_and_points_only():
    found = problems(MARKED.replace("{id: home, text: At home}",
                                    "{id: home, text: At home, safeguarding: true}"))
    assert found[0][0] == 17 and "unknown key 'safeguarding'" in found[0][1]


def test_safeguarding_picks_are_the_marked_answers_only():
    q = load_text(MARKED)
    rows = [("q1", "", "unsafe"), ("q1", "other", "unsafe"), ("q2", "home", "fine"),
            ("q2", "school", "bad"), ("q2", "#comment", "bad"), ("gone", "", "unsafe")]
    assert [(question.id, item, choice.label)
            for question, item, choice in safeguarding_picks(q, rows)] == [
        ("q1", "", "I don't feel safe"), ("q2", "school", "Really bad")]
    assert safeguarding_picks(q, [("q1", "", "a")]) == []
