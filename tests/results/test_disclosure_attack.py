"""An information-governance reviewer's attack on the manager's results workbook.

`analysis.disclosure` promises: for every figure a reader can work out by adding and subtracting
the figures shown, the people it is about number 0 or at least T (10). This file checks that
promise the way a reviewer would, from the file alone:

  - consultations are generated (hypothesis): a breakdown question with 1 to 6 options, maybe an
    "Other", one or two Likert questions on the `agreement` scale, 0 to 30 people per group, any
    answer or none per statement, some people skipping the breakdown question;
  - every response is stored with `save_response` in a real SQLite file, and the workbook is
    written with `write_report` to a real .xlsx and read back from it with openpyxl;
  - the attacker takes the total, the group sizes, the breakdown question's table, everyone's
    counts per point and each shown group's n x % per point, subtracts, and every derived
    figure must cover 0 or at least T people. Every figure shown must also be the true one: the
    layer hides, it never distorts.

Only adding and subtracting is tried, as the promise says. Bounds are not: where the rest left
over is unanimous (every one of them picked the same point), a reader also knows that every
smaller part of it, a hidden group's few answers included, picked that point.

Then a few consultations worked out by hand, and the one row-level file (the team's CSV).
"""
from __future__ import annotations

import csv
import io
import re
import tempfile
import textwrap
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from analysis.disclosure import HIDDEN
from survey.store.db import open_database
from survey.definition import BUILTIN_SCALES, OTHER, Questionnaire, load_text
from survey.results.reports import write_raw_csv, write_report
from survey.store.responses import save_response

T = 10
SETTINGS = dict(deadline=None, database=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

SCALE = BUILTIN_SCALES["agreement"]
POINTS = [p.id for p in SCALE.points]                  # strongly-agree ... strongly-disagree
POINT_LABELS = [p.label for p in SCALE.points]
DONT_KNOW = SCALE.dont_know.id
SKIP = None
VALUES = POINTS + [DONT_KNOW, SKIP]                    # what one person does with a statement

OPTIONS = [("in-care", "A young person in care"), ("leaver", "A care leaver"),
           ("carer", "A foster carer"), ("worker", "Someone who works with children"),
           ("councillor", "A councillor"), ("advocate", "An advocate")]
OTHER_LABEL = "Other"
NOT_ANSWERED = "Not answered"
BREAKDOWN = "who"
PARTS = "XY"
LETTERS = "ABC"
OTHER_WORDS = "Something else"
ALLOWED_SHEETS = ["About", "Summary", "By respondent type", "Comments", "Themes",
                  "You said, we did"]   # officers' words only: no figure is worked out there
CHOICE_NOT_SHOWN = re.compile(r"^([\d,]+) answered this question: fewer than")
COUNT_RESPONSES = re.compile(r"^(\d+) responses$")


# -- the consultation: a definition and who answered what -----------------------------------------

def statement_text(part: int, index: int) -> str:
    # No digits: a too-small consultation's sheets are checked for any number at all.
    return f"Statement {LETTERS[index]} of part {PARTS[part]}"


def definition(options: int, other: bool, likerts: tuple[tuple[int, bool], ...]) -> str:
    """`likerts`: (statements, required) per Likert question."""
    lines = [f"          - {{id: {oid}, label: {label}}}" for oid, label in OPTIONS[:options]]
    text = textwrap.dedent("""\
        id: attack
        title: Attack on the published figures
        organisation:
          name: Test Council
        layout: one-page
        breakdown: who
        sections:
          - id: all
            title: Your views
            questions:
              - id: who
                type: single_choice
                text: Who are you?
                options:
        """) + "\n".join(lines) + "\n"
    if other:
        text += f"        other: {OTHER_LABEL}\n"
    for part, (statements, required) in enumerate(likerts):
        text += textwrap.indent(textwrap.dedent(f"""\
            - id: part-{part}
              type: likert
              text: How much do you agree, part {PARTS[part]}?
              scale: agreement
              required: {'true' if required else 'false'}
              statements:
            """), " " * 6)
        for index in range(statements):
            text += (f"          - {{id: s{index}, text: "
                     f"{statement_text(part, index)}}}\n")
    return text


@dataclass(frozen=True)
class Consultation:
    """What was generated: the definition's shape, and per group (option id, or None for people
    who skipped the breakdown question) per statement how many did each of VALUES."""
    options: int
    other: bool
    likerts: tuple[tuple[int, bool], ...]
    # group -> one tuple per statement (parts in order), counts in VALUES order
    answers: dict[str | None, tuple[tuple[int, ...], ...]]

    @property
    def statements(self) -> list[tuple[str, str, str]]:
        """(question id, statement id, text) of every statement, in order."""
        return [(f"part-{part}", f"s{index}", statement_text(part, index))
                for part, (count, _) in enumerate(self.likerts) for index in range(count)]

    def size(self, group: str | None) -> int:
        per_statement = self.answers.get(group)
        return sum(per_statement[0]) if per_statement else 0

    @property
    def total(self) -> int:
        return sum(self.size(group) for group in self.answers)

    def people(self):
        """Each person's answers as save_response takes them. Person j of a group takes the
        j-th value of the group's counts laid end to end, statement by statement."""
        for group, per_statement in self.answers.items():
            lists = [[value for value, n in zip(VALUES, counts) for _ in range(n)]
                     for counts in per_statement]
            for j in range(self.size(group)):
                answers = []
                if group is not None:
                    answers.append((BREAKDOWN, "", group))
                if group == OTHER:
                    answers.append((BREAKDOWN, OTHER, OTHER_WORDS))
                for (qid, sid, _), values in zip(self.statements, lists):
                    if values[j] is not SKIP:
                        answers.append((qid, sid, values[j]))
                yield answers


def split(draw, size: int, parts: int) -> tuple[int, ...]:
    """`size` people shared among `parts` answers, any way at all."""
    cuts = sorted(draw(st.lists(st.integers(0, size), min_size=parts - 1, max_size=parts - 1)))
    edges = [0] + cuts + [size]
    return tuple(b - a for a, b in zip(edges, edges[1:]))


# Near the threshold more often than not: that is where the rules bite.
SIZES = st.one_of(st.just(0), st.integers(1, 12), st.integers(0, 30))


@st.composite
def consultations(draw) -> Consultation:
    options = draw(st.integers(1, len(OPTIONS)))
    other = draw(st.booleans())
    likerts = tuple(draw(st.lists(st.tuples(st.integers(1, 3), st.booleans()),
                                  min_size=1, max_size=2)))
    groups = [oid for oid, _ in OPTIONS[:options]] + ([OTHER] if other else []) + [None]
    answers = {}
    for group in groups:
        size = draw(SIZES)
        per_statement = []
        for statements, required in likerts:
            for _ in range(statements):
                # Often everyone picks a point, so that groups' percentages are shown at all.
                aside = draw(st.one_of(st.just(0), st.integers(0, size)))
                points = split(draw, size - aside, len(POINTS))
                if required:  # a required question: a point or Don't know, never skipped
                    per_statement.append(points + (aside, 0))
                else:
                    per_statement.append(points + split(draw, aside, 2))
        answers[group] = tuple(per_statement)
    return Consultation(options, other, likerts, answers)


def store(consultation: Consultation, folder: Path) -> tuple[Questionnaire, object]:
    questionnaire = load_text(definition(consultation.options, consultation.other,
                                         consultation.likerts))
    db = open_database(folder / "attack.db")
    # A throwaway file: no need to wait for the disk on every response (this connection only).
    db.execute("PRAGMA synchronous = OFF")
    for answers in consultation.people():
        save_response(db, questionnaire, answers, uuid.uuid4().hex)
    return questionnaire, db


def group_labels(consultation: Consultation) -> dict[str | None, str]:
    labels: dict[str | None, str] = dict(OPTIONS[:consultation.options])
    if consultation.other:
        labels[OTHER] = OTHER_LABEL
    labels[None] = NOT_ANSWERED
    return labels


# -- what the reader has: the file, read back ----------------------------------------------------

@dataclass
class Row:
    """One Likert table row as shown: n always; the rest only where figures are shown."""
    n: object
    counts: list | None = None       # per point (Summary only)
    dont_know: object = None         # Summary only
    percents: list | None = None     # fractions 0-1 per point; None cells where base is 0


@dataclass
class Shown:
    sheetnames: list[str]
    cells: dict[str, list[tuple]]                     # sheet -> rows of values
    about: dict[str, object]
    everyone: dict[str, Row]                          # statement text -> Summary row
    choice: dict[str, tuple[object, object]]          # label -> (count or HIDDEN, % or None)
    choice_answered: int | None                       # "k answered this question" (not shown)
    sizes: dict[str, object]                          # group label -> responses or HIDDEN
    by_group: dict[tuple[str, str], Row]              # (group label, statement text) -> row
    hidden_sections: set[str]                         # groups shown as HIDDEN in a Likert section


def likert_row(row: tuple, header: tuple, full: bool) -> Row:
    row = row + (None,) * (len(header) - len(row))
    if isinstance(row[2], str):  # "fewer than 10 answered: not shown", or HIDDEN
        assert all(v is None for v in row[3:]), f"a hidden statement shows more than n: {row}"
        return Row(row[1])
    where = {label: i for i, label in enumerate(header) if label}
    percents = [row[where[f"% {label}"]] for label in POINT_LABELS]
    if all(p is None for p in percents):  # nobody picked a point: blank percentage cells
        percents = None
    if not full:
        assert percents is not None or all(v is None for v in row[2:]), row
        return Row(row[1], percents=percents)
    counts = [row[where[label]] for label in POINT_LABELS]
    return Row(row[1], counts, row[where["Don't know"]], percents)


def read(path: Path, consultation: Consultation) -> Shown:
    workbook = load_workbook(path)  # values only: no formula is ever written
    cells = {ws.title: [tuple(r) for r in ws.iter_rows(values_only=True)] for ws in workbook}
    about = {r[0]: r[1] for r in cells["About"] if r and r[0]}
    texts = {text for _, _, text in consultation.statements}
    labels = set(group_labels(consultation).values())

    everyone: dict[str, Row] = {}
    choice: dict[str, tuple[object, object]] = {}
    choice_answered = None
    rows = cells["Summary"]
    for i, row in enumerate(rows):
        if not row:
            continue
        if row[:2] == ("Statement", "n"):
            for below in rows[i + 1:]:
                if not below or below[0] not in texts:
                    break
                everyone[below[0]] = likert_row(below, row, full=True)
        elif row[:3] == ("Answer", "Responses", "% of those who answered"):
            for below in rows[i + 1:]:
                if not below or below[0] not in labels:
                    break
                choice[below[0]] = (below[1], below[2] if len(below) > 2 else None)
        elif isinstance(row[0], str) and CHOICE_NOT_SHOWN.match(row[0]):
            choice_answered = int(CHOICE_NOT_SHOWN.match(row[0]).group(1).replace(",", ""))

    sizes: dict[str, object] = {}
    by_group: dict[tuple[str, str], Row] = {}
    hidden_sections: set[str] = set()
    rows = cells["By respondent type"]
    start = next((i for i, r in enumerate(rows) if r and r[:2] == ("Respondent type", "Responses")),
                 None)
    if start is not None:
        end = start + 1
        while end < len(rows) and rows[end] and rows[end][0] in labels:
            sizes[rows[end][0]] = rows[end][1]
            end += 1
        group, header = None, None
        for row in rows[end:]:
            if not row or row[0] is None:
                continue
            if row[0] in labels and len(row) > 1 and isinstance(row[1], str):
                group, header = row[0], None
                if row[1] == HIDDEN:
                    hidden_sections.add(group)
                    group = None
                else:
                    assert COUNT_RESPONSES.match(row[1]), row
            elif row[:2] == ("Statement", "n"):
                assert group is not None, "a Likert table under a hidden group"
                header = row
            elif row[0] in texts:
                assert group is not None and header is not None, row
                by_group[(group, row[0])] = likert_row(row, header, full=False)
    return Shown(workbook.sheetnames, cells, about, everyone, choice, choice_answered, sizes,
                 by_group, hidden_sections)


def numbers(rows: list[tuple]) -> set:
    """Every number in the rows, as a cell value or as digits inside a text."""
    found = set()
    for row in rows:
        for value in row:
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                found.add(value)
            elif isinstance(value, str):
                found.update(int(d) for d in re.findall(r"\d+", value))
    return found


def count(n_times_fraction: float) -> int:
    """A count worked out from n x % (the % a fraction): a whole number, up to float rounding."""
    nearest = round(n_times_fraction)
    assert abs(n_times_fraction - nearest) < 1e-6, n_times_fraction
    return nearest


def leak_free(figure: int, what: str) -> None:
    assert figure == 0 or figure >= T, f"{what} covers {figure} people: 1 to {T - 1} revealed"


# -- the attack ---------------------------------------------------------------------------------

def attack(consultation: Consultation, shown: Shown) -> None:
    labels = group_labels(consultation)
    true_size = {labels[g]: consultation.size(g) for g in labels}
    n_true = consultation.total

    # 4. No row per response, anywhere.
    assert shown.sheetnames[:4] == ALLOWED_SHEETS[:4]
    assert set(shown.sheetnames) <= set(ALLOWED_SHEETS) and "Responses" not in shown.sheetnames
    for sheet, rows in shown.cells.items():
        assert not any(v == "Response id" for r in rows for v in r), sheet
    other_comments = [r for r in shown.cells["Comments"][1:]
                      if len(r) > 2 and r[2] == f'Their words for "{OTHER_LABEL}"']

    # 1. Too few responses: no figure anywhere.
    if 0 < n_true < T:
        assert shown.about["Responses"] == f"fewer than {T} responses"
        assert shown.about["First response"] == shown.about["Last response"] == "none shown"
        for fact in ("Responses", "Versions answered", "Who took part"):
            assert numbers([(shown.about[fact],)]) <= {T}, shown.about[fact]
        for sheet in ("Summary", "By respondent type"):
            assert numbers(shown.cells[sheet]) <= {T}, (sheet, numbers(shown.cells[sheet]))
        assert not shown.everyone and not shown.sizes and not shown.choice
        assert not other_comments and len(shown.cells["Comments"]) == 1
        return
    n = shown.about["Responses"]
    assert n == n_true, (n, n_true)

    # 2. Group sizes, on By respondent type.
    for label, size in shown.sizes.items():
        assert true_size[label] > 0, f"an empty group {label!r} is listed"
        if size != HIDDEN:
            assert size == true_size[label], (label, size, true_size[label])
            leak_free(size, f"group {label!r}")
    assert {label for label, size in true_size.items() if size} == set(shown.sizes) or n == 0
    shown_groups = {label: size for label, size in shown.sizes.items() if size != HIDDEN}
    hidden_groups = set(shown.sizes) - set(shown_groups)
    leak_free(n - sum(shown_groups.values()), "the hidden groups together (By respondent type)")
    assert shown.hidden_sections == hidden_groups

    # 2. The same from the breakdown question's own table on the Summary sheet.
    if shown.choice_answered is not None:
        # Fewer than T answered it: only how many did (a count, allowed), no table.
        assert shown.choice_answered == n_true - consultation.size(None) < T
        assert not shown.choice and not shown_groups
    elif n:
        assert set(shown.choice) == ({label for label in labels.values() if label != NOT_ANSWERED}
                                     | ({NOT_ANSWERED} if true_size[NOT_ANSWERED] else set()))
        for label, (size, _) in shown.choice.items():
            if size == HIDDEN:
                assert label in hidden_groups, f"{label!r} hidden on Summary only"
            else:
                assert size == true_size[label], (label, size, true_size[label])
                assert shown_groups.get(label, 0) == size, f"{label!r} differs between sheets"
                leak_free(size, f"option {label!r} (Summary)")
        shown_counts = {label: size for label, (size, _) in shown.choice.items() if size != HIDDEN}
        leak_free(n - sum(shown_counts.values()), "the hidden groups together (Summary)")
        percents = {label: share for label, (_, share) in shown.choice.items()
                    if share is not None}
        if percents:
            # A percentage gives its base away, and base x % any hidden count.
            assert len(shown_counts) == len(shown.choice), "percentages beside a hidden count"
            answered = n - shown_counts.get(NOT_ANSWERED, 0)
            for label, share in percents.items():
                if share:
                    base = shown_counts[label] / share
                    assert abs(base - answered) < 1e-6, (label, base, answered)
                assert count(answered * share) == shown_counts[label], (label, share)

    # "Other, please say" words only for a shown Other group, one per person in it.
    other_shown = OTHER_LABEL in shown_groups
    assert len(other_comments) == (true_size.get(OTHER_LABEL, 0) if other_shown else 0)

    # 3. Per statement: everyone's counts minus the shown groups' n x %.
    for qid, sid, text in consultation.statements:
        index = consultation.statements.index((qid, sid, text))
        truth = {labels[g]: counts[index] for g, counts in consultation.answers.items()}
        true_all = [sum(t[k] for t in truth.values()) for k in range(len(VALUES))]
        true_base = sum(true_all[:len(POINTS)])
        everyone = shown.everyone[text]
        assert everyone.n == true_base, (text, everyone.n, true_base)
        if everyone.counts is not None:
            assert everyone.counts == true_all[:len(POINTS)], (text, everyone.counts)
            assert everyone.dont_know == true_all[len(POINTS)]
            leak_free(everyone.n, f"everyone's answers to {text!r}")
            leak_free(everyone.n + everyone.dont_know, f"everyone's answers to {text!r}")
        n_rest = everyone.n
        rest = list(everyone.counts) if everyone.counts is not None else None
        known = []   # the shown groups whose answers per point the reader knows
        for label in shown_groups:
            row = shown.by_group[(label, text)]
            group_true = truth[label]
            assert row.n == sum(group_true[:len(POINTS)]), (label, text, row.n)
            n_rest -= row.n
            if row.percents is not None:
                assert row.n >= T, f"{label!r} shows percentages of {row.n} answers to {text!r}"
                assert rest is not None, f"{label!r} has percentages where everyone's are hidden"
                derived = [count(row.n * p) for p in row.percents]
            elif row.n == 0:
                derived = [0] * len(POINTS)   # n 0 says as much as percentages would
            else:
                continue
            assert derived == list(group_true[:len(POINTS)]), (label, text, derived)
            known.append(label)
            if rest is not None:
                rest = [a - b for a, b in zip(rest, derived)]
        # Everyone's n minus every shown group's n: the hidden groups' n, a count only.
        assert n_rest == sum(sum(truth[label][:len(POINTS)]) for label in hidden_groups)
        if rest is not None and known:
            # Everyone's answers minus those of the groups the reader knows: the rest's answers.
            assert min(rest) >= 0
            leak_free(sum(rest), f"everyone minus {known} on {text!r} ({rest})")
            others = [label for label in truth if label not in known]
            assert rest == [sum(truth[label][k] for label in others) for k in range(len(POINTS))]


def describe(consultation: Consultation, shown: Shown) -> None:
    """What kind of case this was (`pytest --hypothesis-show-statistics` counts them), so a
    change of the generator that stopped reaching the rules would show."""
    if 0 < consultation.total < T:
        event("fewer than T responses")
        return
    labels = group_labels(consultation)
    hidden = {label for label, size in shown.sizes.items() if size == HIDDEN}
    if hidden:
        event("some group hidden")
    if any(consultation.size(g) >= T for g, label in labels.items() if label in hidden):
        event("a group of T or more hidden to protect a smaller one")
    if shown.choice_answered is not None:
        event("breakdown question answered by fewer than T")
    if any(row.percents is None and row.n >= T for row in shown.by_group.values()):
        event("a group's percentages held back by the left-over rule")
    if any(row.percents is not None for row in shown.by_group.values()):
        event("some group's percentages shown")


@settings(max_examples=60, **SETTINGS)
@given(consultations())
def test_nothing_a_reader_works_out_from_the_managers_workbook_covers_fewer_than_ten(
        consultation):
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        questionnaire, db = store(consultation, folder)
        try:
            write_report(db, questionnaire, folder / "results.xlsx", threshold=T)
        finally:
            db.conn.close()
        shown = read(folder / "results.xlsx", consultation)
        describe(consultation, shown)
        attack(consultation, shown)


# -- worked by hand -----------------------------------------------------------------------------

def workbook_of(tmp_path: Path, consultation: Consultation) -> Shown:
    questionnaire, db = store(consultation, tmp_path)
    write_report(db, questionnaire, tmp_path / "results.xlsx", threshold=T)
    db.conn.close()
    shown = read(tmp_path / "results.xlsx", consultation)
    attack(consultation, shown)
    return shown


def one_statement(**groups: tuple[int, ...]) -> Consultation:
    """Three options, one Likert question with one statement; counts per group in VALUES order
    (Strongly agree, Agree, Neither, Disagree, Strongly disagree, Don't know, skipped)."""
    key = {"in_care": "in-care", "leaver": "leaver", "carer": "carer", "not_answered": None}
    return Consultation(3, False, ((1, False),),
                        {key[name]: (counts,) for name, counts in groups.items()})


def test_the_issues_case_hides_the_young_people_in_care_too(tmp_path):
    # 12 young people in care all "Agree"; 3 care leavers and 1 foster carer all "Strongly
    # disagree". Care leavers 3 and carers 1 are under 10: hidden. Together they are 4, under
    # 10, so the smallest shown group, in care (12), is hidden too: every group is hidden.
    # Everyone: n 16, Agree 12, Strongly disagree 4 (shown: 16 >= 10), but no group's size or
    # answers, so nobody's answers can be tied to their group.
    shown = workbook_of(tmp_path, one_statement(in_care=(0, 12, 0, 0, 0, 0, 0),
                                                leaver=(0, 0, 0, 0, 3, 0, 0),
                                                carer=(0, 0, 0, 0, 1, 0, 0)))
    assert shown.about["Responses"] == 16
    assert shown.sizes == {"A young person in care": HIDDEN, "A care leaver": HIDDEN,
                           "A foster carer": HIDDEN}
    assert shown.by_group == {}
    assert shown.everyone[statement_text(0, 0)] == Row(
        16, [0, 12, 0, 0, 4], 0, [0, 0.75, 0, 0, 0.25])
    assert {label: size for label, (size, _) in shown.choice.items()} == {
        "A young person in care": HIDDEN, "A care leaver": HIDDEN, "A foster carer": HIDDEN}
    assert all(share is None for _, share in shown.choice.values())
    numbers_by_type = numbers(shown.cells["By respondent type"])
    assert numbers_by_type <= {T}, numbers_by_type


def test_three_responses_show_no_counts(tmp_path):
    # 3 responses, under 10: the About sheet says "fewer than 10 responses" and neither the
    # Summary nor the By respondent type sheet holds a single number.
    shown = workbook_of(tmp_path, one_statement(in_care=(1, 1, 0, 0, 0, 0, 0),
                                                leaver=(0, 0, 0, 0, 1, 0, 0)))
    assert shown.about["Responses"] == "fewer than 10 responses"
    assert numbers(shown.cells["Summary"]) <= {T}
    assert numbers(shown.cells["By respondent type"]) <= {T}


def test_a_statement_most_of_a_group_skipped_holds_back_the_next_smallest_groups_percentages(
        tmp_path):
    # Groups: in care 15, care leavers 12, carers 11: all shown (none under 10).
    # The statement: in care 15 answered (10 Agree, 5 Disagree); care leavers 12 (all Neither);
    # carers 11 of whom 8 skipped and 3 Strongly disagree. Everyone: n 30.
    # With in care and care leavers' percentages shown, 30 - 15 - 12 = 3: the carers' 3 answers
    # (all Strongly disagree) would be worked out. So the smaller of the two, care leavers (12),
    # shows only its n, leaving 30 - 15 = 15 people; carers show only n (3, under 10).
    shown = workbook_of(tmp_path, one_statement(in_care=(0, 10, 0, 5, 0, 0, 0),
                                                leaver=(0, 0, 12, 0, 0, 0, 0),
                                                carer=(0, 0, 0, 0, 3, 0, 8)))
    text = statement_text(0, 0)
    assert shown.sizes == {"A young person in care": 15, "A care leaver": 12, "A foster carer": 11}
    assert shown.by_group[("A young person in care", text)] == Row(
        15, percents=pytest.approx([0, 10 / 15, 0, 5 / 15, 0]))
    assert shown.by_group[("A care leaver", text)] == Row(12)
    assert shown.by_group[("A foster carer", text)] == Row(3)


def test_people_who_skip_the_breakdown_question_are_a_group_like_any_other(tmp_path):
    # In care 20 and care leavers 12 shown; 4 people skipped "Who are you?": "Not answered" 4 is
    # hidden, and 4 < 10 hides the smallest shown group too, care leavers (12): 16 hidden.
    # The breakdown question's table then shows no percentages (their base, 32, would give
    # the "Not answered" 4 away: 36 - 32).
    shown = workbook_of(tmp_path, one_statement(in_care=(5, 5, 5, 5, 0, 0, 0),
                                                leaver=(0, 12, 0, 0, 0, 0, 0),
                                                not_answered=(0, 0, 0, 0, 4, 0, 0)))
    assert shown.sizes == {"A young person in care": 20, "A care leaver": HIDDEN,
                           NOT_ANSWERED: HIDDEN}
    assert shown.choice == {"A young person in care": (20, None), "A care leaver": (HIDDEN, None),
                            "A foster carer": (0, None), NOT_ANSWERED: (HIDDEN, None)}


def test_the_raw_csv_is_the_only_row_level_file_and_says_so_first(tmp_path):
    consultation = one_statement(in_care=(1, 1, 0, 0, 0, 0, 0))
    questionnaire, db = store(consultation, tmp_path)
    out = io.StringIO()
    assert write_raw_csv(db, questionnaire, out) == 2
    db.conn.close()
    first_line = next(csv.reader(io.StringIO(out.getvalue())))
    assert first_line[0].startswith("PERSONAL DATA")


# -- the board report: no figure the workbook does not show ---------------------------------------
#
# The board report (survey.results.board) is read from the Word file alone, table by table under
# its question's heading. Every figure in it must be one the manager's workbook of the same data
# shows (percentages rounded to whole numbers), and hidden where the workbook hides it; the
# workbook itself is attacked above, so a reader of the report can work out nothing it could
# not work out from the workbook.

def report_tables(path: Path) -> dict[tuple[str, str], list[list[str]]]:
    """(question heading, table caption) -> each such table's rows of cell texts."""
    from docx import Document
    from docx.oxml.ns import qn
    from docx.table import Table
    from docx.text.paragraph import Paragraph
    document = Document(str(path))
    found: dict[tuple[str, str], list[list[str]]] = {}
    heading = caption = ""
    for child in document.element.body.iterchildren():
        if child.tag == qn("w:p"):
            paragraph = Paragraph(child, document)
            if paragraph.style.name == "Heading 2":
                heading = paragraph.text
            elif paragraph.style.name == "Caption":
                caption = paragraph.text
        elif child.tag == qn("w:tbl"):
            rows = [[cell.text for cell in row.cells] for row in Table(child, document).rows]
            found.setdefault((heading, caption), []).append(rows)
    return found


def report_paragraphs(path: Path) -> list[str]:
    from docx import Document
    return [p.text for p in Document(str(path)).paragraphs]


def same_percent(shown: str, fraction) -> bool:
    """The report's "75%" beside the workbook's 0.75 (rounding to a whole number either way)."""
    if fraction is None:
        return shown == ""
    return shown.endswith("%") and abs(int(shown[:-1]) - fraction * 100) <= 0.5 + 1e-9


def check_report(consultation: Consultation, shown: Shown, path: Path) -> None:
    tables = report_tables(path)
    texts = {text for _, _, text in consultation.statements}
    if 0 < consultation.total < T:
        # Too few: no table at all, and no number but T in what the report says of the results.
        assert not tables, list(tables)
        paragraphs = report_paragraphs(path)
        method = paragraphs.index("Method")       # its words hold no figure of the results
        body = [p for p in paragraphs[2:method]   # after the title and the dated header
                if not re.fullmatch(r"There were \d+ questions?\.", p)]
        assert numbers([(p,) for p in body]) <= {T}, numbers([(p,) for p in body])
        return
    # Who responded: the workbook's group sizes, hidden alike.
    sizes = {row[0]: row[1] for (_, caption), found in tables.items()
             if caption.startswith("Who responded") for row in found[0][1:]}
    as_text = {label: size if size == HIDDEN else f"{size:,}" for label, size in shown.sizes.items()}
    assert sizes == as_text, (sizes, as_text)
    # The breakdown question's own table.
    question = "Who are you?"
    choice = {row[0]: (row[1], row[2]) for found in tables.get((question, question), [])
              for row in found[1:]}
    for label, (size, share) in shown.choice.items():
        count_text, percent_shown = choice[label]
        assert count_text == (HIDDEN if size == HIDDEN else f"{size:,}"), (label, count_text)
        assert same_percent(percent_shown, share), (label, percent_shown, share)
    if shown.choice_answered is not None:
        assert not choice
    # Everyone's table and each shown group's, per statement.
    groups_with_tables = set()
    for (heading, caption), found in tables.items():
        for rows in found:
            header = rows[0]
            if header[:2] != ["Statement", "n"]:
                continue
            where = {label: i for i, label in enumerate(header)}
            if caption.startswith("Everyone: "):
                expected = shown.everyone
            else:
                group = caption.rsplit(" (", 1)[0]
                assert shown.sizes.get(group) not in (None, HIDDEN), f"a table for {group!r}"
                assert caption == f"{group} ({shown.sizes[group]:,} responses)"
                groups_with_tables.add(group)
                expected = {text: shown.by_group[(group, text)] for (g, text) in shown.by_group
                            if g == group}
            for row in rows[1:]:
                assert row[0] in texts, row
                truth = expected[row[0]]
                assert row[1] == f"{truth.n:,}", (caption, row, truth)
                percents = [row[where[f"% {label}"]] for label in POINT_LABELS]
                if truth.percents is None:
                    assert all(p == "" or not p.endswith("%") for p in percents), (caption, row)
                else:
                    assert all(same_percent(p, f) for p, f in zip(percents, truth.percents)), (
                        caption, row, truth.percents)
    shown_groups = {label for label, size in shown.sizes.items() if size != HIDDEN}
    if shown.everyone and shown_groups:
        assert groups_with_tables == shown_groups, (groups_with_tables, shown_groups)


@settings(max_examples=25, **SETTINGS)
@given(consultations())
def test_the_board_report_shows_no_figure_the_managers_workbook_does_not(consultation):
    from survey.results.board import write_board_report
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        questionnaire, db = store(consultation, folder)
        try:
            write_report(db, questionnaire, folder / "results.xlsx", threshold=T)
            write_board_report(db, questionnaire, folder / "board.docx", "docx", threshold=T)
        finally:
            db.conn.close()
        shown = read(folder / "results.xlsx", consultation)
        attack(consultation, shown)
        check_report(consultation, shown, folder / "board.docx")


# -- the young people's results page (survey.respond.results) -----------------------------------
#
# The same consultations, published, and the page read back as HTML. It shows how many took
# part, each statement's share in its top points and each option's share, in whole tenths of
# those who answered ("7 in 10 of you", analysis.you_said.share) with a bar of the same tenths,
# and nothing by group. The attacker strips the share sentences and the consultation's own words:
# no number may be left but how many took part (from T up) and T itself; each share must be the
# true one, said only of T or more people; and no share of the breakdown question is shown when
# one of its groups is under T (the rest would give it away).

SHARE = re.compile(r"(None of you|All of you|Nearly all of you|Fewer than 1 in 10 of you"
                   r"|(?:About )?(?:\d+ in 10|[Hh]alf) of you) (said|picked) (.+?)\.")
BAR = re.compile(r'<svg class="app-bar"[^>]*>.*?<rect width="(\d+)"[^>]*/>\s*<rect width="(\d+)"',
                 re.S)
LI = re.compile(r"<li[^>]*>(.*?)</li>", re.S)


def page_of(consultation: Consultation, folder: Path) -> str:
    """The consultation stored, its results page published, and the page's HTML."""
    from survey.app import create_app
    from survey.results import young_results
    from survey.store.results_pages import publish
    questionnaire, db = store(consultation, folder)
    publish(db, questionnaire.id)
    db.conn.close()
    (folder / "questionnaires").mkdir()
    (folder / "questionnaires" / "attack.yaml").write_text(
        definition(consultation.options, consultation.other, consultation.likerts))
    app = create_app({"TESTING": True, "SECRET_KEY": "attack", "DATABASE": str(folder / "attack.db"),
                      "QUESTIONNAIRES": str(folder / "questionnaires"),
                      "SUPPRESSION_THRESHOLD": T})
    young_results.forget()
    page = app.test_client().get("/c/attack/results")
    assert page.status_code == 200
    return page.text


def main_of(html: str) -> str:
    """The page's <main> element's content: what is this page's own, not every page's."""
    return html.split("<main", 1)[1].split(">", 1)[1].split("</main>", 1)[0]


def plain(html: str) -> str:
    import html as entities
    return " ".join(entities.unescape(re.sub(r"<[^>]+>", " ", html)).split())


def attack_page(consultation: Consultation, html: str) -> None:
    from analysis.you_said import share
    from survey.respond.results import HIDDEN as HIDDEN_WORDS
    from survey.respond.results import took_part_words
    labels = group_labels(consultation)
    n_true = consultation.total
    text = plain(html)
    main = plain(main_of(html))
    shares = SHARE.findall(main)
    bars = BAR.findall(html)
    assert OTHER_WORDS not in text, "a young person's words that no officer quoted"
    assert "style=" not in html

    # Whatever is left once the share sentences and the consultation's own words are gone.
    rest = SHARE.sub(" ", main)
    for words in ([t for _, _, t in consultation.statements] + [lab for _, lab in OPTIONS]
                  + [OTHER_LABEL, "Attack on the published figures", "Test Council"]):
        rest = rest.replace(words, " ")
    if 0 < n_true < T:
        assert not shares and not bars, "figures on the page of a consultation under T"
        assert {int(d) for d in re.findall(r"\d+", rest)} <= {T}, rest
        return
    assert took_part_words(n_true) in text
    rest = rest.replace(took_part_words(n_true), " ")
    assert {int(d) for d in re.findall(r"\d+", rest)} <= {T}, rest
    # No group is named but as an answer to the breakdown question.
    assert not any(label in rest for label in labels.values() if label != NOT_ANSWERED), rest
    assert [int(track) for track, _ in bars] == [100] * len(bars)
    assert len(bars) == len(shares)
    tenths = iter(int(fill) // 10 for _, fill in bars)

    items = [plain(li) for li in LI.findall(main_of(html))]
    statements = {t: i for i, (_, _, t) in enumerate(consultation.statements)}
    for item in items:
        found = SHARE.search(item)
        head = item.split(found.group(0))[0].strip() if found else item.replace(
            HIDDEN_WORDS, "").strip()
        if head in statements:                    # a statement: everyone's top two points
            index = statements[head]
            truth = [sum(counts[index][k] for counts in consultation.answers.values())
                     for k in range(len(VALUES))]
            base, answered = sum(truth[:len(POINTS)]), sum(truth[:len(POINTS) + 1])
            if found:
                leak_free(base, f"the share of {head!r}")
                leak_free(answered, f"those who answered {head!r}")
                assert found.group(1) == share(truth[0] + truth[1], base), (head, found.group(0))
                assert next(tenths) == (20 * (truth[0] + truth[1]) + base) // (2 * base)
            else:
                assert HIDDEN_WORDS in item or "No one answered" in item, item
        elif found:                              # an option of the breakdown question
            label = found.group(3).strip("‘’")
            group = next(g for g, lab in labels.items() if lab == label)
            small = [lab for g, lab in labels.items() if g is not None and 0 < consultation.size(g) < T]
            assert not small, f"{label!r}'s share shown beside the small groups {small}"
            answered = n_true - consultation.size(None)
            leak_free(answered, "those who answered the breakdown question")
            assert found.group(1) == share(consultation.size(group), answered), item
            next(tenths)


@settings(max_examples=30, **SETTINGS)
@given(consultations())
def test_nothing_a_reader_works_out_from_the_young_peoples_results_page_covers_fewer_than_ten(
        consultation):
    with tempfile.TemporaryDirectory() as folder:
        html = page_of(consultation, Path(folder))
        attack_page(consultation, html)
    kinds = {kind for _, kind, _ in SHARE.findall(plain(main_of(html)))}
    for kind, what in (("picked", "the breakdown question's shares"),
                       ("said", "a statement's share")):
        if kind in kinds:
            event(f"page: {what} shown")


def test_the_issues_case_on_the_young_peoples_page(tmp_path):
    # As test_the_issues_case_hides_the_young_people_in_care_too: every group hidden, so no
    # share of "Who are you?" at all; everyone's 12 of 16 agreeing is "About 8 in 10 of you".
    consultation = one_statement(in_care=(0, 12, 0, 0, 0, 0, 0), leaver=(0, 0, 0, 0, 3, 0, 0),
                                 carer=(0, 0, 0, 0, 1, 0, 0))
    html = page_of(consultation, tmp_path)
    attack_page(consultation, html)
    text = plain(html)
    assert "16 people took part." in text
    assert "About 8 in 10 of you said ‘Strongly agree’ or ‘Agree’." in text
    assert "picked" not in text and "A care leaver" not in text


def test_the_breakdown_questions_shares_on_the_young_peoples_page(tmp_path):
    # 12 young people in care and 18 care leavers, nobody skipping "Who are you?": both groups
    # shown, so 12 of 30 is "4 in 10 of you" and 18 of 30 "6 in 10 of you"; still no group's
    # answers to the statement (24 of 30 agreeing is "8 in 10 of you", for everyone only).
    consultation = one_statement(in_care=(2, 10, 0, 0, 0, 0, 0), leaver=(0, 12, 6, 0, 0, 0, 0))
    html = page_of(consultation, tmp_path)
    attack_page(consultation, html)
    text = plain(html)
    assert "4 in 10 of you picked ‘A young person in care’." in text
    assert "6 in 10 of you picked ‘A care leaver’." in text
    assert "8 in 10 of you said ‘Strongly agree’ or ‘Agree’." in text
    assert "None of you picked ‘A foster carer’." in text


# -- the splits by language and by age group (issue 18) ------------------------------------------
#
# The same generated consultations, each group's people also answering in a language of their
# own and a version for an age group of their own (people who skipped the breakdown question:
# the working language, no version). The By language and By age group sheets are then
# attacked on their own as By respondent type is: group sizes, and everyone's answers minus each
# shown group's n x %. (Each sheet alone: two splits of one partition hidden with different
# ties could be set against each other; real splits by language, age group and respondent type
# are different partitions.)

LANGUAGE_OF = {None: "en", "in-care": "cy", "leaver": "ar", "carer": "ps", "worker": "fa",
               "councillor": "ur", "advocate": "ti", OTHER: "so"}


def store_split(consultation: Consultation, folder: Path) -> tuple[Questionnaire, object]:
    from dataclasses import replace
    from survey.definition.model import Translation, Version
    questionnaire = replace(
        load_text(definition(consultation.options, consultation.other, consultation.likerts)),
        translations=tuple(Translation(code, {}) for code in LANGUAGE_OF.values() if code != "en"),
        versions=tuple(Version(f"v-{g}", f"Version {LANGUAGE_OF[g]}", f"I am {g}")
                       for g in LANGUAGE_OF if g is not None))
    db = open_database(folder / "split.db")
    db.execute("PRAGMA synchronous = OFF")
    groups = [g for g in consultation.answers for _ in range(consultation.size(g))]
    for group, answers in zip(groups, consultation.people()):
        save_response(db, questionnaire, answers, uuid.uuid4().hex, language=LANGUAGE_OF[group],
                      version=f"v-{group}" if group is not None else "")
    return questionnaire, db


def split_labels(sheet: str) -> dict[str | None, str]:
    from survey.definition.languages import LANGUAGES
    if sheet == "By language":
        return {g: LANGUAGES[code].english for g, code in LANGUAGE_OF.items()}
    return {g: f"Version {code}" if g is not None else "No version recorded"
            for g, code in LANGUAGE_OF.items()}


def attack_split(consultation: Consultation, path: Path, sheet: str, first: str) -> None:
    shown = read(path, consultation)      # everyone's figures, from the Summary sheet
    if 0 < consultation.total < T:
        assert numbers(shown.cells[sheet]) <= {T}, numbers(shown.cells[sheet])
        return
    labels = split_labels(sheet)
    true_size = {labels[g]: consultation.size(g) for g in consultation.answers}
    texts = {text for _, _, text in consultation.statements}
    rows = shown.cells[sheet]
    start = next(i for i, r in enumerate(rows) if r and r[:2] == (first, "Responses"))
    sizes, end = {}, start + 1
    while end < len(rows) and rows[end] and rows[end][0] in true_size:
        sizes[rows[end][0]] = rows[end][1]
        end += 1
    by_group, group, header = {}, None, None
    for row in rows[end:]:
        if not row or row[0] is None:
            continue
        if row[0] in true_size and len(row) > 1 and isinstance(row[1], str):
            group = None if row[1] == HIDDEN else row[0]
            header = None
        elif row[:2] == ("Statement", "n"):
            assert group is not None, "a Likert table under a hidden group"
            header = row
        elif row[0] in texts:
            by_group[(group, row[0])] = likert_row(row, header, full=False)
    n = consultation.total
    assert set(sizes) == {label for label, size in true_size.items() if size}
    shown_groups = {label: size for label, size in sizes.items() if size != HIDDEN}
    for label, size in shown_groups.items():
        assert size == true_size[label], (sheet, label, size)
        leak_free(size, f"{sheet}: {label!r}")
    leak_free(n - sum(shown_groups.values()), f"{sheet}: the hidden groups together")
    for index, (_, _, text) in enumerate(consultation.statements):
        truth = {labels[g]: counts[index] for g, counts in consultation.answers.items()}
        everyone = shown.everyone[text]
        rest = list(everyone.counts) if everyone.counts is not None else None
        known = []
        for label in shown_groups:
            row = by_group[(label, text)]
            assert row.n == sum(truth[label][:len(POINTS)]), (sheet, label, text)
            if row.percents is not None:
                assert row.n >= T and rest is not None, (sheet, label, text)
                derived = [count(row.n * p) for p in row.percents]
            elif row.n == 0:
                derived = [0] * len(POINTS)
            else:
                continue
            assert derived == list(truth[label][:len(POINTS)]), (sheet, label, text)
            known.append(label)
            if rest is not None:
                rest = [a - b for a, b in zip(rest, derived)]
        if rest is not None and known:
            leak_free(sum(rest), f"{sheet}: everyone minus {known} on {text!r} ({rest})")


@settings(max_examples=30, **SETTINGS)
@given(consultations())
def test_nothing_a_reader_works_out_by_language_or_by_age_group_covers_fewer_than_ten(
        consultation):
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        questionnaire, db = store_split(consultation, folder)
        try:
            write_report(db, questionnaire, folder / "results.xlsx", threshold=T)
        finally:
            db.conn.close()
        attack_split(consultation, folder / "results.xlsx", "By language", "Language")
        attack_split(consultation, folder / "results.xlsx", "By age group", "Age group")
