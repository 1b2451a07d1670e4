"""Question types are one table: every layer that keeps its own behaviour per type has an entry for
every row of `QUESTION_TYPES`, the row's docstring says so, and nothing else branches on a type's
name. Adding a type without its form fields, its page block or its demo answers fails here, naming
what is missing."""
from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest

from survey.definition import load_text
from survey.definition import types
from survey.definition.model import OTHER, comment_item
from survey.definition.types import (QUESTION_TYPES, answer_choices, answer_items, items_of,
                                     text_items, type_of)
from survey.respond.form import FIELD_TYPES
from survey.respond.render import BLOCK_TYPES
from survey.store.demo import GENERATORS

REPO = Path(__file__).resolve().parents[2]

# Every table kept per type outside survey/definition, by the name the docstring gives it.
LAYER_TABLES = {
    "survey.respond.form.FIELD_TYPES": FIELD_TYPES,
    "survey.respond.render.BLOCK_TYPES": BLOCK_TYPES,
    "survey.store.demo.GENERATORS": GENERATORS,
}


@pytest.mark.parametrize("name", LAYER_TABLES)
def test_every_layer_table_has_an_entry_for_every_type(name):
    table = LAYER_TABLES[name]
    assert sorted(set(QUESTION_TYPES) - set(table)) == [], f"{name} has no entry for these types"
    assert sorted(set(table) - set(QUESTION_TYPES)) == [], f"{name} has entries for no type"


@pytest.mark.parametrize("name", LAYER_TABLES)
def test_the_docstring_names_every_table_a_new_type_needs(name):
    assert f"`{name}`" in " ".join(types.__doc__.split())


def test_nothing_outside_the_table_branches_on_a_type_name():
    """`question.type == "likert"` and the like belong in the row, not in the code that reads it."""
    branch = re.compile(r"""\.type\s*(==|!=)\s*["']|\.type\s+(not\s+)?in\s*[(\[{"']"""
                        r"|\.type\.(endswith|startswith)")
    found = [f"{path.relative_to(REPO)}:{n}: {line.strip()}"
             for root in ("survey", "analysis", "exports")
             for path in sorted((REPO / root).rglob("*"))
             if path.suffix in (".py", ".html")
             for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if branch.search(line)]
    assert found == []


def test_each_row_is_answered_one_way():
    """A type's answers are written, picked from options, or picked on a scale: only one."""
    for qtype in QUESTION_TYPES.values():
        assert [qtype.free_text, qtype.on_options, qtype.on_scale].count(True) == 1, qtype.name
        assert qtype.picked == (not qtype.free_text), qtype.name
        assert qtype.needs <= qtype.keys, qtype.name
        assert qtype.label, qtype.name


QUESTIONNAIRE = """\
id: test
title: Test
organisation: Test Council
sections:
  - id: only
    questions:
      - id: who
        type: single_choice
        text: Who are you?
        options: [{id: a, label: A}, {id: b, label: B}]
        other: Someone else
      - id: what
        type: multiple_choice
        text: What helps?
        options: [{id: a, label: A}]
        comment: Tell us more
      - id: feel
        type: likert
        text: How do you feel?
        scale: agreement
        statements:
          - {id: safe, text: I feel safe, comment: Why?}
          - {id: heard, text: I feel heard}
      - id: say
        type: long_text
        text: Anything else?
"""


def test_the_items_answers_are_stored_under_come_from_the_row():
    q = {question.id: question
         for question in load_text(textwrap.dedent(QUESTIONNAIRE), "t.yaml").questions}
    assert answer_items(q["who"]) == [""]
    assert answer_items(q["feel"]) == ["safe", "heard"]
    assert items_of(q["who"]) == ["", OTHER]
    assert items_of(q["what"]) == ["", comment_item()]
    assert items_of(q["feel"]) == ["safe", "heard", comment_item("safe")]
    assert items_of(q["say"]) == [""]
    # Comments are read whether or not the box is there now: an earlier version may have had it.
    assert text_items(q["what"]) == [OTHER, comment_item()]
    assert text_items(q["feel"]) == [comment_item(), comment_item("safe"), comment_item("heard")]
    assert text_items(q["say"]) == ["", comment_item()]
    assert [c.id for c in answer_choices(q["who"])] == ["a", "b", OTHER]
    assert answer_choices(q["feel"]) == q["feel"].scale.choices
    assert answer_choices(q["say"]) == ()
    assert [type_of(q[i]).many for i in ("who", "what", "feel", "say")] == [False, True, False, False]
    assert [i for i in q if type_of(q[i]).splits_results] == ["who"]
