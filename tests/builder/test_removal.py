"""Removing a section or a question asks first, and in a draft can be undone: Undo puts back
exactly the version from before, and only while nothing else has changed since."""
from __future__ import annotations

import dataclasses
import html
import re

from conftest import hidden_fields
from test_structure import AGES, AGES_EDIT, press, registry, stored

from survey.builder.removal import CAN_UNDO, REMOVE_QUESTION, REMOVED, UNDONE_TOO_LATE



def undo_form(text: str) -> dict[str, str]:
    """What the Undo button sends: the token and the versions before and after the removal."""
    versions = dict(re.findall(r'name="(before|after)" value="([^"]*)"', text))
    assert set(versions) == {"before", "after"}, "no Undo button"
    return {**hidden_fields(text), **versions}


def plain(value):
    """Models with where each part was written (its line) cleared, for comparing."""
    if dataclasses.is_dataclass(value):
        return dataclasses.replace(value, **{
            f.name: 0 if f.name == "line" else plain(getattr(value, f.name))
            for f in dataclasses.fields(value) if f.init})
    if isinstance(value, tuple):
        return tuple(plain(v) for v in value)
    return value


def test_removing_asks_first_and_a_get_removes_nothing(app, ages, db):
    before = stored(db, AGES)
    page = ages.get(AGES_EDIT)
    assert f'href="{AGES_EDIT}/questions/often/remove"' in page.text  # a link to a page that asks
    asked = ages.get(f"{AGES_EDIT}/questions/often/remove")
    assert asked.status_code == 200
    assert "Remove question 2?" in asked.text and "Yes, remove it" in asked.text
    assert REMOVE_QUESTION in html.unescape(asked.text) and CAN_UNDO in asked.text
    section = ages.get(f"{AGES_EDIT}/sections/older/remove")
    assert "Remove the section \u2018Older\u2019?" in html.unescape(section.text)
    assert "question is taken out of the consultation with it: \u2018Do you work?\u2019" in (
        html.unescape(section.text))
    assert stored(db, AGES) == before and len(registry(app).get(AGES).questions) == 5


def test_remove_then_undo_puts_the_question_back_exactly(app, ages, db):
    original = registry(app).get(AGES)
    removed = press(ages, f"{AGES_EDIT}/questions/often/remove")
    assert removed.status_code == 302
    page = ages.get(AGES_EDIT)
    assert REMOVED.format(name="How often?") in html.unescape(page.text)
    assert "How often?</h3>" not in page.text
    undone = ages.post(f"{AGES_EDIT}/undo", data=undo_form(page.text))
    assert undone.status_code == 302
    assert plain(registry(app).get(AGES).sections) == plain(original.sections)
    assert "Undo" not in ages.get(AGES_EDIT).text  # done once; nothing more to undo


def test_a_section_removed_can_be_undone_too(app, ages, db):
    original = registry(app).get(AGES)
    assert press(ages, f"{AGES_EDIT}/sections/older/remove").status_code == 302
    assert [s.id for s in registry(app).get(AGES).sections] == ["you", "last"]
    page = ages.get(AGES_EDIT)
    assert REMOVED.format(name="Older") in html.unescape(page.text)
    assert ages.post(f"{AGES_EDIT}/undo", data=undo_form(page.text)).status_code == 302
    assert plain(registry(app).get(AGES).sections) == plain(original.sections)


def test_undo_does_nothing_once_something_else_has_changed(app, ages, db):
    press(ages, f"{AGES_EDIT}/questions/often/remove")
    stale = undo_form(ages.get(AGES_EDIT).text)
    assert press(ages, f"{AGES_EDIT}/questions/final/move", direction="up").status_code == 302
    assert "Undo" not in ages.get(AGES_EDIT).text
    before = stored(db, AGES)
    refused = ages.post(f"{AGES_EDIT}/undo", data=stale)
    assert refused.status_code == 409 and UNDONE_TOO_LATE in html.unescape(refused.text)
    assert stored(db, AGES) == before and "often" not in {q.id for q in registry(app).get(AGES).questions}
