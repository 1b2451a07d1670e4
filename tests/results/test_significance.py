"""Is a change between waves unlikely to be chance: the test worked by hand, and Newcombe's
interval checked against the paper's own worked example."""
from __future__ import annotations

import pytest

from analysis.significance import METHOD, MIN_EXPECTED, Verdict, two_proportions


def test_60_of_100_against_45_of_100_is_up_and_unlikely_to_be_chance():
    # By hand, the two-proportion z-test (the chi-squared test without correction is z squared):
    #   pooled share (45 + 60) / 200 = 0.525
    #   standard error sqrt(0.525 x 0.475 x (1/100 + 1/100)) = sqrt(0.0049875) = 0.070622
    #   z = (0.60 - 0.45) / 0.070622 = 2.1240; two-sided p = 2 x (1 - Phi(2.1240)) = 0.0337
    # Under 0.05, so marked. Newcombe's 95% range, from the Wilson intervals
    #   45/100: 0.3561 to 0.5476; 60/100: 0.5020 to 0.6906
    #   low  = 0.15 - sqrt((0.60 - 0.5020)^2 + (0.5476 - 0.45)^2) = 0.0117
    #   high = 0.15 + sqrt((0.6906 - 0.60)^2 + (0.45 - 0.3561)^2) = 0.2804
    change = two_proportions(45, 100, 60, 100)
    assert change.points == pytest.approx(15.0)
    assert change.p_value == pytest.approx(0.0337, abs=5e-5)
    assert (change.low, change.high) == (pytest.approx(1.17, abs=0.01),
                                         pytest.approx(28.04, abs=0.01))
    assert change.verdict is Verdict.UP and change.marked
    assert change.verdict.words == "Up, unlikely to be chance"
    assert change.range_text == "+1 to +28 points"


def test_the_same_fall_is_down_with_the_range_turned_round():
    change = two_proportions(60, 100, 45, 100)
    assert change.points == pytest.approx(-15.0)
    assert change.p_value == pytest.approx(0.0337, abs=5e-5)
    assert (change.low, change.high) == (pytest.approx(-28.04, abs=0.01),
                                         pytest.approx(-1.17, abs=0.01))
    assert change.verdict.words == "Down, unlikely to be chance"


def test_newcombes_worked_example():
    # Newcombe (1998), "Interval estimation for the difference between independent
    # proportions", Statistics in Medicine 17, 873-890, example (a): 56/70 - 48/80 = 0.2000,
    # method 10 (score interval, no continuity correction): 0.0524 to 0.3339.
    change = two_proportions(48, 80, 56, 70)
    assert change.points == pytest.approx(20.0)
    assert (change.low, change.high) == (pytest.approx(5.24, abs=0.005),
                                         pytest.approx(33.39, abs=0.005))
    assert change.verdict is Verdict.UP


def test_50_of_100_against_45_of_100_is_no_clear_change():
    # z = 0.05 / sqrt(0.475 x 0.525 x 0.02) = 0.05 / 0.070622 = 0.708: p = 0.479, over 0.05.
    change = two_proportions(45, 100, 50, 100)
    assert change.p_value == pytest.approx(0.479, abs=5e-4)
    assert change.verdict.words == "No clear change" and not change.marked
    assert change.low < 0 < change.high


@pytest.mark.parametrize("before, after", [
    # 2 of 20 and 1 of 20: 3 in the top group of 40, so 1.5 expected there in each wave.
    ((2, 20), (1, 20)),
    # 6 of 6, then 4 of 10: 6 of 16 outside the top group, so 6 x 6 / 16 = 2.25 expected
    # outside it in the first wave.
    ((6, 6), (4, 10)),
    # Nobody in the top group in either wave: 0 expected there.
    ((0, 100), (0, 100)),
])
def test_too_few_to_tell_tests_nothing(before, after):
    change = two_proportions(*before, *after)
    assert change.verdict.words == "Too few to tell" and not change.marked
    assert (change.p_value, change.low, change.high, change.range_text) == (None, None, None, "")


def test_just_enough_is_tested():
    # 3 of 20 against 9 of 20: 12 of 40 in the top group, so 20 x 12 / 40 = 6 expected there in
    # each wave and 14 outside it: every cell at least MIN_EXPECTED (5), so it is tested.
    # z = 0.30 / sqrt(0.3 x 0.7 x 0.1) = 0.30 / 0.14491 = 2.070: p = 0.0384.
    assert MIN_EXPECTED == 5
    change = two_proportions(3, 20, 9, 20)
    assert change.p_value == pytest.approx(0.0384, abs=5e-5)
    assert change.verdict is Verdict.UP


def test_a_figure_that_is_not_a_count_of_its_base_is_refused():
    with pytest.raises(ValueError, match="11 in the top group of 10: not a published figure"):
        two_proportions(11, 10, 5, 10)
    with pytest.raises(ValueError, match="0 in the top group of 0"):
        two_proportions(0, 0, 5, 10)


def test_the_method_says_95_and_1_in_20_in_words():
    words = " ".join(text for _, text in METHOD)
    assert "95%" in words and "1 in 20" in words and "Too few to tell" in words
