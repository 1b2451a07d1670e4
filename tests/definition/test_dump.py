"""The model -> YAML writer: whatever it writes, the loader reads back into an equal model."""
from __future__ import annotations

import dataclasses
import textwrap
from pathlib import Path

import pytest

from survey.definition import load_file, load_text
from survey.definition.dump import dump

REPO = Path(__file__).resolve().parents[2]
SHIPPED = sorted((REPO / "questionnaires").glob("*.yaml"))


def plain(value):
    """A model with where-it-came-from (source, path, version, line) cleared, for comparing."""
    if dataclasses.is_dataclass(value):
        cleared = {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
        for name in ("source", "path", "version", "line"):
            if name in cleared:
                cleared[name] = type(getattr(value, name))()
        return type(value)(**cleared)
    if isinstance(value, tuple):
        return tuple(plain(v) for v in value)
    return value


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_every_shipped_questionnaire_round_trips(path):
    original = load_file(path)
    text = dump(original)
    again = load_text(text, "dumped.yaml")
    assert plain(again) == plain(original)
    assert dump(again) == text  # and writing it again changes nothing


EVERYTHING = textwrap.dedent("""\
    id: everything
    title: "Yes: every key"
    organisation:
      name: Test Council
      contact: participation@example.org.uk
      privacy_url: https://example.org.uk/privacy
      colour: "#1d4f91"
      logo: test.svg
      help: {text: "Call us: 0800 0000", url: "https://example.org.uk/help"}
    introduction: |
      Two lines,
      with a "quote" and # not a comment.
    opens: 2026-01-05
    closes: 2026-03-31
    results_by: 2026-06-30
    breakdown: who
    layout: pages
    start: {about: About it., who_reads: The team., time: 5 minutes.}
    series: the-series
    wave: "2026"
    scales:
      mood:
        points:
          - {id: up, label: "Up", face: very-happy}
          - {id: down, label: "no", face: sad, safeguarding: true}
        direction: two-way
        top_count: 1
        top_label: Good
        bottom_count: 1
        bottom_label: Bad
        dont_know: {id: not-sure, label: Not sure}
    sections:
      - id: one
        title: First
        intro: Start here.
        questions:
          - id: who
            number: 1
            type: single_choice
            text: Who are you?
            required: true
            hint: Pick one
            options:
              - {id: a, label: "true"}
              - {id: b, label: "B: the second", counted: false}
              - {id: c, label: "I don't feel safe", safeguarding: true}
            other: Something else
            comment: Tell us more
          - {id: many, number: 2a, type: multiple_choice, text: Which?, options: [{id: x, label: X}]}
      - id: two
        show_if: {question: who, is: [a, b]}
        questions:
          - id: feel
            type: likert
            text: How do you feel?
            scale: mood
            statements:
              - {id: s1, text: "At home: today", comment: Say more}
              - {id: s2, text: At school}
      - id: three
        questions:
          - id: agree
            type: likert
            text: Do you agree?
            scale: agreement
            show_if: {question: feel, statement: s1, is: up}
            statements: [{id: s3, text: It is fine}]
          - {id: short, type: short_text, text: Name a thing, max_length: 50}
          - {id: long, type: long_text, text: Tell us, max_length: 2000}
    """)


def test_every_key_round_trips():
    original = load_text(EVERYTHING, "everything.yaml")
    again = load_text(dump(original), "dumped.yaml")
    assert plain(again) == plain(original)


def test_the_results_date_round_trips_as_a_plain_date():
    text = dump(load_text(EVERYTHING))
    assert "results_by: 2026-06-30\n" in text
    assert load_text(text).results_by == load_text(EVERYTHING).results_by
    assert "results_by" not in dump(load_text(EVERYTHING.replace("results_by: 2026-06-30\n", "")))


def test_answers_sent_to_the_safeguarding_review_stay_marked():
    again = load_text(dump(load_text(EVERYTHING)), "dumped.yaml")
    assert [o.id for o in again.question("who").options if o.safeguarding] == ["c"]
    assert [p.id for p in again.question("feel").scale.points if p.safeguarding] == ["down"]
    assert "safeguarding: false" not in dump(again)  # the default is left out


def test_keys_come_in_the_readme_order_and_defaults_are_left_out():
    text = dump(load_text(EVERYTHING))
    order = [line.split(":")[0] for line in text.splitlines() if line and line[0] not in " -"]
    assert order == ["id", "title", "organisation", "introduction", "opens", "closes",
                     "results_by", "breakdown", "layout", "start", "series", "wave", "scales",
                     "sections"]
    assert "max_length: 2000" not in text  # the long_text default
    assert "agreement:" not in text  # a built-in scale is named, not written out
    assert "number: 1\n" in text and "number: 2a" in text


SHORT_SCALE = textwrap.dedent("""\
    id: short-scale
    title: Short scale
    organisation: {{name: Test Council}}
    scales:
      family-time:
        points:
          - {{id: happy, label: Happy}}
          - {{id: ok, label: OK}}
          - {{id: not-happy, label: Not happy}}
{counts}    sections:
      - id: one
        questions:
          - {{id: feel, type: likert, text: How do you feel?, scale: family-time, statements: [{{id: s1, text: Family time}}]}}
    """)


def test_a_3_point_scale_without_counts_loads_with_1_and_1():
    scale = load_text(SHORT_SCALE.format(counts="")).question("feel").scale
    assert (scale.top_count, scale.bottom_count) == (1, 1)


def test_counts_a_short_scale_does_not_default_to_are_written_and_read_back():
    counts = "        top_count: 2\n        bottom_count: 1\n"
    original = load_text(SHORT_SCALE.format(counts=counts))
    text = dump(original)
    assert "top_count: 2" in text and "bottom_count" not in text  # 1 is the default here
    assert load_text(text).question("feel").scale.top_count == 2
