"""survey.store.definitions on a real SQLite file: every id a consultation's versions used."""
from __future__ import annotations

import dataclasses
import textwrap

import pytest

from survey.definition import load_text
from survey.store.db import open_database
from survey.store.definitions import UsedIds, save_source, used_ids
from survey.store.responses import record_definition

FIRST = textwrap.dedent("""\
    id: club
    title: Club
    organisation: {name: Test Council}
    sections:
      - id: about-you
        title: About you
        questions:
          - {id: who-are-you, type: single_choice, text: Who are you?, options: [
              {id: in-care, label: In care}, {id: leaver, label: A care leaver}]}
          - {id: how-old, type: short_text, text: How old are you?}
    """)


@pytest.fixture
def database(tmp_path):
    db = open_database(tmp_path / "s.db")
    yield db
    db.conn.close()


def test_ids_of_every_version_removed_ones_too(database):
    first = load_text(FIRST, "club.yaml")
    save_source(database, first, "officer", [], create=True)
    second = load_text(FIRST.replace("      - {id: how-old, type: short_text, text: How old are you?}\n", "")
                       .replace(", {id: leaver, label: A care leaver}", ""), "club.yaml")
    save_source(database, second, "officer", [])
    assert used_ids(database, "club") == UsedIds(
        frozenset({"about-you"}), frozenset({"who-are-you", "how-old"}),
        frozenset({("who-are-you", "in-care"), ("who-are-you", "leaver")}))
    assert used_ids(database, "another") == UsedIds()


def test_a_version_the_loader_no_longer_accepts_is_read_for_its_ids(database):
    """Its rules may have grown stricter since it was stored: its ids still count."""
    broken = FIRST.replace("title: Club\n", "title: Club\nnot-a-key: 1\n").replace(
        "how-old", "old-question")
    stored = dataclasses.replace(load_text(FIRST, "club.yaml"), source=broken, version="old")
    record_definition(database, stored)
    assert used_ids(database, "club").questions == {"who-are-you", "old-question"}
    assert ("who-are-you", "leaver") in used_ids(database, "club").parts


def test_only_a_draft_is_read_with_an_unfinished_translation(database):
    """read_source: a draft built in the browser may lack Welsh for a text (listed as missing);
    a consultation in any other state is read as strictly as a file."""
    from definition.test_unfinished_translations import DRAFT, MISSING, WELSH

    from survey.definition import DefinitionError
    from survey.store.definitions import read_source
    from survey.store.lifecycle import set_state
    text = DRAFT + WELSH
    save_source(database, load_text(text, unfinished_translations=True), "officer1", [])
    assert read_source(database, text, "draft").translation("cy").missing == MISSING
    set_state(database, "draft", "open")
    with pytest.raises(DefinitionError):
        read_source(database, text, "draft")
    assert read_source(database, text, "draft", state="draft").translation("cy").missing == MISSING
