"""The chart of a choice question (one choice or many): one bar per option, in option order.

Drawn like the other charts (`analysis.charts`: the same frame, type sizes, PNG and repeatable
SVG with text kept as text) from a published `analysis.summary.ChoiceSummary`; nothing is
computed or hidden here. What it shows is what the workbook's table of the question shows
(`exports.sheets._choice_table`):

- answered by fewer than the threshold (`shown` False): no figures, every option reads HIDDEN;
- the breakdown question while one of its groups is hidden (`base` None): counts only, a hidden
  group reads HIDDEN, and no percentages, which would give its size away;
- otherwise each counted option's % of those who answered (its count beside it), and an option
  kept out of the percentages ("I'd prefer not to say") its count alone, without a bar.

The alt text says every figure the chart shows, in words, so the chart needs no eyes to read.
"""
from __future__ import annotations

from .charts import (BAR_COLOUR, BAR_HEIGHT, COLUMN_GAP, GROUP_CHARS, MARGIN, MUTED, ROW_PAD,
                     TEXT_SIZE, _Frame, _line, percent_text, text_width, wrap)
from .disclosure import HIDDEN, fewer_than, rule
from .summary import ChoiceSummary

GROUP_ROW = 0.36
LEFT_OUT = "not in the percentages"
MANY = ("People could pick more than one answer, so the percentages can add up to more than "
        "100%.")


def _rows(choice: ChoiceSummary) -> list[tuple[str, float | None, str]]:
    """Per option: its label, the length of its bar (None: no bar) and the words beside it."""
    by_percent = choice.shown and choice.base is not None
    rows = []
    for (_, label, count), share in zip(choice.counts, choice.percents):
        if count is None:
            rows.append((label, None, HIDDEN))
        elif not by_percent:
            rows.append((label, float(count), f"{count:,}"))
        elif share is None:
            rows.append((label, None, f"{count:,}, {LEFT_OUT}"))
        else:
            rows.append((label, share, f"{percent_text(share)} ({count:,})"))
    return rows


def _notes(choice: ChoiceSummary, threshold: int | None, many: bool) -> list[str]:
    if not choice.shown:
        return [f"{choice.answered:,} answered this question: {fewer_than(threshold)}, so its "
                "figures are not shown."]
    notes = []
    if choice.base is None:
        notes.append("Percentages are not shown while a group is hidden: they would give its "
                     "size away. " + rule(threshold))
    else:
        notes.append(f"Percentages are of the {choice.base:,} who gave a counted answer.")
    if many and choice.base is not None:
        notes.append(MANY)
    return notes


def choice_chart(choice: ChoiceSummary, source: str, threshold: int | None, many: bool,
                 fmt: str = "png") -> bytes:
    """One bar per option; `many`: the question let people pick more than one."""
    rows = _rows(choice)
    labels = ["\n".join(wrap(label, GROUP_CHARS)) for label, _, _ in rows]
    heights = [max(GROUP_ROW, (label.count("\n") + 1) * _line(TEXT_SIZE) + ROW_PAD)
               for label in labels]
    centres = [sum(heights[:i]) + h / 2 for i, h in enumerate(heights)]
    label_width = text_width([line for label in labels for line in label.split("\n")], TEXT_SIZE)
    words_width = text_width([words for _, _, words in rows], TEXT_SIZE)
    frame = _Frame(choice.question.heading, max(sum(heights), GROUP_ROW),
                   MARGIN + label_width + COLUMN_GAP, words_width + COLUMN_GAP + MARGIN,
                   [f"Source: {source}."] + _notes(choice, threshold, many), axis=0)
    ax = frame.axes
    frame.row_labels(centres, labels)
    by_percent = choice.shown and choice.base is not None
    ax.set_xlim(0, 100 if by_percent else max((v for _, v, _ in rows if v), default=1))
    for y, (_, value, words) in zip(centres, rows):
        if value is None:
            ax.text(0, y, words, va="center", fontsize=TEXT_SIZE, style="italic", color=MUTED)
            continue
        ax.barh(y, value, height=BAR_HEIGHT, color=BAR_COLOUR)
        ax.annotate(words, (value, y), xytext=(4, 0), textcoords="offset points", va="center",
                    fontsize=TEXT_SIZE, annotation_clip=False)
    return frame.render(fmt)


def choice_alt_text(choice: ChoiceSummary, threshold: int | None, many: bool) -> str:
    """The chart in words: every option's figure as the chart shows it, then its notes."""
    text = f"Bar chart of answers to \"{choice.question.text}\""
    if not choice.shown:
        return f"{text}. " + _notes(choice, threshold, many)[0]
    if choice.answered is not None:
        text += f", answered by {choice.answered:,}"
    if choice.answered == 0:
        return text + ". No one has answered yet."
    parts = [f"{label}: {words}" for label, _, words in _rows(choice)]
    return f"{text}. " + "; ".join(parts) + ". " + " ".join(_notes(choice, threshold, many))
