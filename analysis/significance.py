"""Is a change between two waves unlikely to be chance? One statement's % in the top group in
one wave against the wave before, from the published figures only (issue 17).

Two waves are two different groups of young people, so a top-group share moves a little from
wave to wave even when nothing changed. A change is marked only when a two-proportion test at
95% says it is unlikely to be chance; otherwise it reads "No clear change", and where the
figures are too few for the test to mean anything, "Too few to tell".

The test: Pearson's chi-squared test of the 2x2 table (wave x in the top group or not), without
Yates's continuity correction, from scipy (`scipy.stats.chi2_contingency`). It is the same test
as the classic two-proportion z-test with a pooled proportion (chi-squared is z squared), the one
survey reports usually mean by "statistically significant". The 95% range of the difference is
Newcombe's hybrid score interval (Newcombe 1998, method 10), built from the two Wilson score
intervals that scipy gives (`scipy.stats.binomtest(...).proportion_ci(method="wilson")`); it is
statsmodels' default for a difference too, and behaves well near 0% and 100% where the simple
"plus or minus 1.96 standard errors" one does not.

Why scipy and not statsmodels: statsmodels' `test_proportions_2indep` and
`confint_proportions_2indep` would give both at once, but statsmodels depends on scipy itself and
brings pandas, patsy and formulaic besides (about 100 MB more installed); scipy needs only numpy,
which matplotlib already brings, and has wheels for Python 3.11 to 3.14 from 1.14.1 on. The test
and both intervals are the library's; only Newcombe's two-line combination is written here.
`scipy.stats` takes over a second to import, so it is imported when a test is first worked out,
not when this module is: the young people's pages import `analysis.waves` for its order only.

The "too few to tell" rule (`MIN_EXPECTED`): the chi-squared test is only trusted when every cell
of the table would hold at least 5 people if nothing had changed (Cochran's rule: the expected
count, row total x column total / grand total). Under it, or where either wave's figure is hidden
by the small-number rule (`analysis.disclosure`), nothing is tested or marked. So 3 of 20
against 9 of 20 is tested (6 expected in the top group in each wave, 14 outside it), but 2 of 20
against 1 of 20 is too few to tell (1.5 expected in the top group).

What must stay true: a hidden figure is never tested (callers pass only published, shown
counts); the verdict follows the p-value alone, at `ALPHA`; with many statements tested, about
1 in 20 changes marked "unlikely to be chance" can still be chance, and `METHOD` says so.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from enum import Enum

ALPHA = 0.05                 # 95%
MIN_EXPECTED = 5             # Cochran's rule for the chi-squared test


class Verdict(Enum):
    UP = "Up, unlikely to be chance"
    DOWN = "Down, unlikely to be chance"
    NO_CLEAR_CHANGE = "No clear change"
    TOO_FEW = "Too few to tell"

    @property
    def words(self) -> str:
        return self.value

    @property
    def marked(self) -> bool:
        return self in (Verdict.UP, Verdict.DOWN)


@dataclass(frozen=True)
class Change:
    """A tested change of % in the top group, later wave minus earlier, in percentage points."""
    points: float
    verdict: Verdict
    p_value: float | None = None     # None: too few to tell
    low: float | None = None         # the 95% range of the difference, in points
    high: float | None = None

    @property
    def marked(self) -> bool:
        return self.verdict.marked

    @property
    def range_text(self) -> str:
        """'+1 to +28 points', or '' when too few to tell."""
        if self.low is None or self.high is None:
            return ""
        return f"{self.low:+.0f} to {self.high:+.0f} points"


# The method in plain words, for the waves workbook's About sheet and the board report.
METHOD = (
    ("Is a change chance?",
     "Each wave asks a different group of young people, so the % in the top group moves a "
     "little from wave to wave even when nothing has changed. A change is marked \"unlikely to "
     "be chance\" only when a two-proportion test (Pearson's chi-squared test, which is the same "
     "as the two-proportion z-test) says that a change this big would happen by chance less "
     "than 1 time in 20 (a p-value under 0.05, that is 95% confidence). Otherwise it reads "
     "\"No clear change\": the figure may have moved, but not by more than chance could explain."),
    ("95% range",
     "The change could really be anywhere in this range (Newcombe's method for the difference "
     "of two percentages). When the range does not include 0, the change is unlikely to be "
     "chance."),
    ("Too few to tell",
     f"The test needs enough people: where, if nothing had changed, fewer than {MIN_EXPECTED} "
     "people would be expected in the top group or outside it in either wave, no test is done "
     "and the change reads \"Too few to tell\". A figure hidden by the small-number rule is "
     "never tested."),
    ("Many statements",
     "Each statement is tested on its own. When many are tested, about 1 in 20 of the changes "
     "marked \"unlikely to be chance\" can still be chance, so read a single marked change "
     "with care, and look for changes that agree with each other."),
    ("Where the figures come from",
     "Only the published figures are tested: the number in the top group and n, as they are "
     "shown, never a figure hidden by the small-number rule."),
)


def two_proportions(top_before: int, base_before: int, top_after: int, base_after: int) -> Change:
    """Test `top_after` of `base_after` against `top_before` of `base_before` (counts in the
    top group, and bases, as published)."""
    for count, base in ((top_before, base_before), (top_after, base_after)):
        if base <= 0 or not 0 <= count <= base:
            raise ValueError(f"{count} in the top group of {base}: not a published figure")
    points = 100.0 * (top_after / base_after - top_before / base_before)
    table = [[top_before, base_before - top_before], [top_after, base_after - top_after]]
    total = base_before + base_after
    columns = (top_before + top_after, total - top_before - top_after)
    if min(row * column for row in (base_before, base_after) for column in columns) \
            < MIN_EXPECTED * total:
        return Change(points, Verdict.TOO_FEW)
    from scipy.stats import chi2_contingency  # imported here: see the module's docstring
    p_value = float(chi2_contingency(table, correction=False).pvalue)
    low, high = _newcombe(top_before, base_before, top_after, base_after)
    if p_value >= ALPHA:
        verdict = Verdict.NO_CLEAR_CHANGE
    else:
        verdict = Verdict.UP if points > 0 else Verdict.DOWN
    return Change(points, verdict, p_value, 100.0 * low, 100.0 * high)


def _newcombe(x1: int, n1: int, x2: int, n2: int) -> tuple[float, float]:
    """Newcombe's hybrid score interval for p2 - p1, from scipy's Wilson intervals."""
    from scipy.stats import binomtest
    p1, p2 = x1 / n1, x2 / n2
    w1 = binomtest(x1, n1).proportion_ci(1 - ALPHA, method="wilson")
    w2 = binomtest(x2, n2).proportion_ci(1 - ALPHA, method="wilson")
    difference = p2 - p1
    return (difference - math.hypot(p2 - w2.low, w1.high - p1),
            difference + math.hypot(w2.high - p2, p1 - w1.low))
