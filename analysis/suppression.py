"""Small-number protection: which groups' figures must not be shown.

A group with fewer than `threshold` responses is suppressed (primary suppression). If the total
is published and only one group is suppressed, the total minus the others would give it away, so
the next smallest group is suppressed too (secondary suppression). Empty groups reveal nobody and
are left alone.
"""
from __future__ import annotations

from typing import Hashable, Mapping

DEFAULT_THRESHOLD = 10  # Ofsted Parent View publishes a question's results only from 10 responses

# What a suppressed group shows instead of a number, in charts and workbooks alike. It has to be
# true of every suppressed group: one hidden by the second rule may have more than `threshold`.
HIDDEN = "not shown (small numbers)"


def rule(threshold: int) -> str:
    """The suppression rule in words, for notes under charts and the workbook's About sheet."""
    return (f"Groups with fewer than {threshold} responses are not shown, and where only one "
            "group is hidden the next smallest is hidden too, so no figure can be worked out "
            "from the total.")


def suppressed(counts: Mapping[Hashable, int], threshold: int = DEFAULT_THRESHOLD) -> set:
    hidden = {key for key, n in counts.items() if 0 < n < threshold}
    if len(hidden) == 1:
        others = sorted((n, str(key), key) for key, n in counts.items()
                        if key not in hidden and n > 0)
        if others:
            hidden.add(others[0][2])
    return hidden
