"""Charts: real PNG and SVG, text kept as text, ranked bars, and no hidden figure anywhere.

Charts for managers and the public are drawn from published summaries
(`analysis.disclosure.publish`); every expected figure is worked out in the comments."""
from __future__ import annotations

import io
import re
import textwrap
import xml.etree.ElementTree as ET
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from PIL import Image

from analysis import charts
from analysis.disclosure import publish
from analysis.summary import summarise
from survey.definition import load_file, load_text
from survey.results.reports import charts_of
from survey.store.responses import StoredResponse

REPO = Path(__file__).resolve().parents[2]
TRAFFORD = load_file(REPO / "questionnaires" / "trafford-corporate-parenting-review-2018.yaml")
POINTS = [p.id for p in TRAFFORD.question("q2").scale.points]
SVG = "{http://www.w3.org/2000/svg}"

# Per statement of question 2, in questionnaire order: how many of the 20 respondents picked
# Very well, Quite, Somewhat, Not very, Not at all. % Informed = the first two out of 20.
COUNTS = [
    (2, 4, 6, 4, 4),      # placement stability       30%
    (1, 1, 2, 6, 10),     # foster families           10%
    (10, 4, 2, 2, 2),     # education                 70%
    (0, 0, 0, 0, 0),      # special guardianship      nobody: base 0
    (4, 6, 6, 2, 2),      # services working together 50%
    (6, 6, 4, 2, 2),      # early help                60%
    (0, 4, 8, 4, 4),      # adoption                  20%
]
RANKED = ["education", "early-help", "services-working-together", "placement-stability",
          "adoption", "foster-families-closer-to-home", "special-guardianship"]


def trafford_responses(counts=COUNTS) -> list[StoredResponse]:
    statements = TRAFFORD.question("q2").statements
    picks = {s.id: [p for p, n in zip(POINTS, found) for _ in range(n)]
             for s, found in zip(statements, counts)}
    rows = []
    for i in range(20):
        answers = {("q2", sid): (values[i],) for sid, values in picks.items()
                   if i < len(values)}
        answers[("q1", "")] = ("young-person-in-care",) if i < 17 else ("care-leaver",)
        day = "2026-01-01" if i == 0 else "2026-03-31" if i == 19 else "2026-02-14"
        rows.append(StoredResponse(i + 1, f"{day}T12:00Z", answers=answers))
    return rows


@pytest.fixture(scope="module")
def summary():
    # Published: 17 young people and 3 care leavers are both hidden (3 is under 10, then 17 so
    # that 20 - 17 cannot give the 3 away), but every statement was answered by 20 or by
    # nobody, so each one's figures are shown.
    return publish(summarise(TRAFFORD, trafford_responses()))


@pytest.fixture(scope="module")
def likert_svg(summary) -> bytes:
    return charts.likert_chart(summary.likert["q2"], charts.source_line(summary), "svg")


def texts(svg: bytes) -> list[str]:
    """Every piece of text in the SVG, in drawing order."""
    return ["".join(t.itertext()) for t in ET.fromstring(svg).iter(f"{SVG}text")]


def numbers(strings) -> set[str]:
    return {n for s in strings for n in re.findall(r"\d[\d,]*", s)}


def test_source_line(summary):
    assert charts.source_line(summary) == ("Trafford Council, Corporate Parenting Strategy Review "
                                           "2018-20, 1 Jan 2026 to 31 Mar 2026, 20 responses")


def test_source_line_one_day_one_response():
    # The team's own summary says it; a published one says only that there were fewer than
    # 10, with no dates.
    one = summarise(TRAFFORD, trafford_responses()[:1])
    assert charts.source_line(one).endswith("2018-20, 1 Jan 2026, 1 response")
    assert charts.source_line(publish(one)) == (
        "Trafford Council, Corporate Parenting Strategy Review 2018-20, fewer than 10 responses")
    assert charts.source_line(publish(summarise(TRAFFORD, []))).endswith("2018-20, 0 responses")


def test_likert_png_is_a_real_image(summary):
    png = charts.likert_chart(summary.likert["q2"], charts.source_line(summary))
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    image = Image.open(io.BytesIO(png))
    image.load()
    assert image.width == 1125                           # 7.5 inches at 150 dpi
    assert 600 < image.height < 2400                     # 7 wrapped statements, not a strip


def test_likert_svg_keeps_statements_and_percentages_as_text(summary, likert_svg):
    found = texts(likert_svg)
    joined = " ".join(found)
    for statement in TRAFFORD.question("q2").statements:
        assert statement.text in joined                  # wrapped only at spaces...
        lines = charts.wrap(statement.text, charts.LABEL_CHARS)
        assert set(lines) <= set(found)                  # ...into lines of 45 characters or fewer
        assert all(len(line) <= charts.LABEL_CHARS for line in lines)
    # Education: Very well 10/20 = 50%, Quite 4/20 = 20%; wide enough to be labelled.
    assert {"50%", "20%", "10%"} <= set(found)
    assert "n=20" in found and "no answers" in found and "n=0" in found
    assert any(line.startswith("2. How well informed") for line in found)
    assert any("Source: Trafford Council" in line for line in found)
    assert [p.label for p in TRAFFORD.question("q2").scale.points] == [
        t for t in found if t in {"Very well", "Quite", "Somewhat", "Not very", "Not at all"}]


def test_bars_are_ranked_by_percent_top(summary, likert_svg):
    ranked = summary.likert["q2"].ranked()
    assert [s.statement.id for s in ranked] == RANKED
    assert [s.top for s in ranked] == [70.0, 60.0, 50.0, 30.0, 20.0, 10.0, 0.0]
    joined = " ".join(texts(likert_svg))
    positions = [joined.index(s.statement.text) for s in ranked]
    assert positions == sorted(positions)


def test_svg_is_repeatable(summary, likert_svg):
    again = charts.likert_chart(summary.likert["q2"], charts.source_line(summary), "svg")
    assert again == likert_svg


def test_charts_can_be_drawn_from_several_threads(summary, likert_svg):
    source = charts.source_line(summary)
    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(lambda _: charts.likert_chart(summary.likert["q2"], source,
                                                              "svg"), range(4)))
    assert results == [likert_svg] * 4


def test_unknown_format_is_refused(summary):
    with pytest.raises(ValueError, match="png, svg"):
        charts.likert_chart(summary.likert["q2"], "x", "gif")


def test_likert_alt_text_states_the_main_figures(summary):
    alt = charts.likert_alt_text(summary.likert["q2"])
    assert "7 statements" in alt and "highest % informed first" in alt
    assert ("Highest % informed: Supporting children to do as well as they possibly can in "
            "their education (70% informed, n=20).") in alt
    assert ("Lowest % informed: Finding more foster families for children so that children "
            "can be placed closer to home in Trafford (10%, n=20).") in alt


def test_alt_text_before_anyone_answers():
    alt = charts.likert_alt_text(publish(summarise(TRAFFORD, [])).likert["q2"])
    assert alt.endswith("No one has answered yet.")


# COUNTS, but 3 of the 20 answered special guardianship (Very well): fewer than 10, so published
# it shows only its n. Its bar sits last, where the unanswered one was.
FEW = [(3, 0, 0, 0, 0) if n == 3 else counts for n, counts in enumerate(COUNTS)]


@pytest.fixture(scope="module")
def few():
    return publish(summarise(TRAFFORD, trafford_responses(FEW)))


def test_a_statement_answered_by_too_few_is_drawn_without_figures(few, likert_svg):
    statement = next(s for s in few.likert["q2"].statements
                     if s.statement.id == "special-guardianship")
    assert (statement.shown, statement.base, statement.percents) == (False, 3, ())
    found = texts(charts.likert_chart(few.likert["q2"], charts.source_line(few), "svg"))
    assert "not shown: too few answered" in found and "n=3" in found
    assert "no answers" not in found and "n=0" not in found
    # Otherwise the same texts as the chart where nobody answered it: no segment, no %.
    swapped = {"not shown: too few answered": "no answers", "n=3": "n=0"}
    assert [swapped.get(t, t) for t in found] == texts(likert_svg)


def test_alt_text_says_how_many_statements_were_answered_by_too_few(few):
    alt = charts.likert_alt_text(few.likert["q2"])
    assert "7 statements" in alt
    assert " 1 statement was answered by too few people to show." in alt
    assert "special guardianship" not in alt.lower()
    # The highest and lowest are still of the shown statements: 70% and 10%, n=20.
    assert "(70% informed, n=20)." in alt and "(10%, n=20)." in alt


def test_alt_text_when_every_statement_was_answered_by_too_few():
    # 20 responses, but only 4 answered the one statement anyone answered: not shown.
    rows = trafford_responses([(4, 0, 0, 0, 0)] + [(0,) * 5] * 6)
    alt = charts.likert_alt_text(publish(summarise(TRAFFORD, rows)).likert["q2"])
    assert alt.endswith("highest % informed first. 1 statement was answered by too few people "
                        "to show.")


AGREEMENT = textwrap.dedent("""\
    id: agreement
    title: Agreement
    organisation: {name: Test Council}
    introduction: For tests.
    breakdown: who
    sections:
      - id: s
        title: S
        questions:
          - id: who
            type: single_choice
            text: Who are you?
            options:
              - {id: yp, label: A young person in care}
              - {id: cl, label: A care leaver}
              - {id: carer, label: A foster carer}
          - id: views
            type: likert
            text: How much do you agree?
            scale: agreement
            statements:
              - {id: heard, text: I am listened to}
    """)


def agreement_summary(groups: dict[str, int]):
    questionnaire = load_text(AGREEMENT, "agreement.yaml")
    values = ["strongly-agree", "agree", "neither", "disagree", "strongly-disagree", "dont-know"]
    rows, rid = [], 0
    for group, count in groups.items():
        for _ in range(count):
            rid += 1
            rows.append(StoredResponse(rid, "2026-02-01T12:00Z", answers={
                ("who", ""): (group,), ("views", "heard"): (values[rid % 6],)}))
    return publish(summarise(questionnaire, rows))


def test_dont_know_is_in_the_n_label_not_a_segment():
    # 24 responses, values cycling from response 1: each of the six values 4 times. Base 20
    # (each point 20%), 4 Don't know. One group of 24: nothing hidden.
    summary = agreement_summary({"yp": 24})
    found = texts(charts.likert_chart(summary.likert["views"], "Test", "svg"))
    assert "n=20" in found and "(+4 don't know)" in found
    assert found.count("20%") == 5
    assert "Don't know" not in found                      # not in the legend


def test_palettes_run_in_scale_order():
    one_way, two_way = charts.palette("one-way", 5), charts.palette("two-way", 5)
    assert one_way == list(charts.PALETTES["one-way"])
    assert two_way[2] == "#D9D9D9"                        # the neutral middle is grey
    assert len(charts.palette("two-way", 7)) == 7 and len(charts.palette("one-way", 3)) == 3
    assert charts.palette("two-way", 7)[3] == "#D9D9D9"
    assert charts.ink(one_way[0]) == "white" and charts.ink(one_way[-1]) == "black"
    assert charts.ink(two_way[2]) == "black" and charts.ink("#E66101") == "black"


def test_percent_text_rounds_halves_up():
    assert [charts.percent_text(p) for p in (12.5, 12.4999, 0.5, 99.5)] == [
        "13%", "12%", "1%", "100%"]


def test_respondents_chart_never_shows_a_hidden_count():
    # 12 young people (shown), 11 care leavers and 3 carers: the carers are under 10, and the
    # care leavers are hidden too so that 26 - 12 cannot give the carers away; together the
    # hidden are 14, not under 10, so the young people stay shown.
    summary = agreement_summary({"yp": 12, "cl": 11, "carer": 3})
    breakdown = summary.breakdown
    assert [g.suppressed for g in breakdown.groups] == [False, True, True]
    source = charts.source_line(summary)
    svg = charts.respondents_chart(breakdown, source, "svg")
    found = texts(svg)
    assert "12" in found
    assert found.count(charts.HIDDEN) == 2
    shown = numbers(found)
    assert "11" not in shown and "3" not in shown
    alt = charts.respondents_alt_text(breakdown)
    assert "A young person in care: 12" in alt
    assert "A care leaver: not shown (small numbers)" in alt
    assert "11" not in numbers([alt]) and "3" not in numbers([alt])
    assert alt.endswith("Groups of fewer than 10 responses are not shown, and more are "
                        "hidden until the hidden ones add up to at least 10, so no group can "
                        "be worked out from the total.")
    assert "hidden until the hidden ones add up to at least 10" in " ".join(found)


def test_respondents_png_is_a_real_image():
    summary = agreement_summary({"yp": 12, "cl": 11, "carer": 3})
    png = charts.respondents_chart(summary.breakdown, "Test", "png")
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG" and image.width == 1125 and 200 < image.height < 1200


def test_charts_of_a_published_summary(summary):
    # One chart per Likert question, then who responded; the alt text is the chart's own.
    found = charts_of(summary)
    assert [c.name for c in found] == ["q2", "respondents"]
    assert found[0].alt == charts.likert_alt_text(summary.likert["q2"])
    assert found[0].draw("svg") == charts.likert_chart(summary.likert["q2"],
                                                       charts.source_line(summary), "svg")
    # Every group of `summary` is hidden (17 and 3), so its respondents chart shows no count.
    assert "A young person in care: not shown (small numbers)" in found[1].alt
    assert {"17", "3"}.isdisjoint(numbers([found[1].alt]))


def test_charts_of_needs_a_published_summary_and_enough_responses():
    with pytest.raises(ValueError, match="published summary"):
        charts_of(summarise(TRAFFORD, trafford_responses()))
    # 9 responses: fewer than 10, so no chart at all.
    assert charts_of(publish(summarise(TRAFFORD, trafford_responses()[:9]))) == []
