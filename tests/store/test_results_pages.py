"""The results page's store on a real SQLite file: publishing it, and quoting comments, each
audited; only a comment the comments page lists can be quoted, and a quote goes with its
response when that is erased."""
from __future__ import annotations

import pytest

from survey.definition import load_text
from survey.store import audit, results_pages
from survey.store.db import open_database, write
from survey.store.responses import delete_responses, save_response

DEFINITION = """
id: quotes
title: Quotes
organisation:
  name: A council
sections:
  - id: s1
    title: About
    questions:
      - id: q1
        type: long_text
        text: What should we change?
"""


@pytest.fixture
def db(tmp_path):
    database = open_database(tmp_path / "a.db")
    yield database
    database.conn.close()


@pytest.fixture
def questionnaire():
    return load_text(DEFINITION)


def _actions(db) -> list[str]:
    return [entry.action for entry in audit.entries(db)]


def test_publishing_is_recorded_once_and_can_be_undone(db):
    assert not results_pages.is_published(db, "quotes")
    assert results_pages.publish(db, "quotes") is True
    assert results_pages.publish(db, "quotes") is False      # already: nothing new
    assert results_pages.is_published(db, "quotes")
    assert not results_pages.is_published(db, "another")
    assert results_pages.unpublish(db, "quotes") is True
    assert results_pages.unpublish(db, "quotes") is False
    assert not results_pages.is_published(db, "quotes")
    assert _actions(db).count("results page published") == 1
    assert _actions(db).count("results page taken down") == 1


def test_a_listed_comment_can_be_quoted_and_unquoted(db, questionnaire):
    response_id, _ = save_response(db, questionnaire, [("q1", "", "More time with my worker")], "a")
    key = (response_id, "q1", "")
    results_pages.set_quoted(db, questionnaire, key, True)
    results_pages.set_quoted(db, questionnaire, key, True)    # twice is once
    assert results_pages.quoted(db, "quotes") == {key}
    results_pages.set_quoted(db, questionnaire, key, False)
    assert results_pages.quoted(db, "quotes") == set()
    assert _actions(db).count("comment quoted") == 1
    assert _actions(db).count("comment no longer quoted") == 1


def test_only_a_comment_of_this_consultation_can_be_quoted(db, questionnaire):
    response_id, _ = save_response(db, questionnaire, [("q1", "", "Words")], "a")
    for key in [(response_id + 1, "q1", ""), (response_id, "q2", ""),
                (response_id, "q1", "other")]:
        with pytest.raises(LookupError):
            results_pages.set_quoted(db, questionnaire, key, True)
    assert results_pages.quoted(db, "quotes") == set()


def test_a_quote_goes_with_its_erased_response(db, questionnaire):
    response_id, _ = save_response(db, questionnaire, [("q1", "", "Words")], "a")
    results_pages.set_quoted(db, questionnaire, (response_id, "q1", ""), True)
    with write(db):
        delete_responses(db, "quotes", response_id)
    assert results_pages.quoted(db, "quotes") == set()
