"""The waves chart: % in the top group per statement, one bar per wave, oldest wave on top.

Drawn like the other charts (`analysis.charts`: the same frame, type sizes, PNG and repeatable
SVG with text kept as text) from an `analysis.waves.WaveComparison`; nothing is computed here.
The axis always runs from 0 to 100%. A hidden wave (small numbers) has no bar, only the words
"not shown", and the rule is in the notes; a wave that did not ask a statement says so. Every
bar's label starts with its wave's name, so the chart reads without telling colours apart.
"""
from __future__ import annotations

from matplotlib.colors import to_hex, to_rgb

from .charts import (
    COLUMN_GAP, GAP, LABEL_CHARS, LEGEND_CHARS, MARGIN, MUTED, ROW_PAD, SMALL_SIZE,
    TEXT_SIZE, _Frame, _legend, _line, percent_text, text_width, wrap,
)
from .waves import QuestionTrend, WaveComparison, WaveFigure, wave_rule

# Wave colours, oldest to latest: mid blue to dark navy. Each has at least 3:1 contrast with the
# white background (WCAG 1.4.11), so no bar depends on a pale colour being seen.
OLDEST, LATEST = "#4191C6", "#083C7D"
WAVE_BAR = 0.22                  # inches per wave's bar within a statement's group
BAR_SHARE = 0.8                  # of WAVE_BAR: the rest is the gap between a group's bars


def wave_colours(count: int) -> list[str]:
    low, high = to_rgb(OLDEST), to_rgb(LATEST)
    return [to_hex([a + (b - a) * (i / (count - 1) if count > 1 else 1)
                    for a, b in zip(low, high)]).upper() for i in range(count)]


def waves_source(comparison: WaveComparison) -> str:
    """"Sefton Council, <title>: 2025 (40 responses), 2026 (52 responses)"."""
    waves = ", ".join(f"{w.name} ({w.responses_text})" for w in comparison.waves)
    head = ", ".join(p for p in (comparison.organisation, comparison.title) if p)
    return f"{head}: {waves}"


def _bar_label(figure: WaveFigure) -> tuple[str, bool]:
    """The words at the end of a bar, and whether there is a bar at all."""
    if not figure.asked:
        return "not asked", False
    if figure.hidden:
        return "not shown (small numbers)", False
    if figure.top is None:
        return "no answers (n=0)", False
    return f"{percent_text(figure.top)} (n={figure.base:,})", True


def waves_chart(comparison: WaveComparison, question: QuestionTrend, fmt: str = "png") -> bytes:
    """Grouped horizontal bars: per statement (in questionnaire order), one bar per wave."""
    waves = comparison.waves
    colours = wave_colours(len(waves))
    labels = [wrap(s.text, LABEL_CHARS) for s in question.statements]
    group = len(waves) * WAVE_BAR
    heights = [max(group, len(lines) * _line(TEXT_SIZE)) + ROW_PAD for lines in labels]
    tops = [sum(heights[:i]) for i in range(len(heights))]
    legend_labels = ["\n".join(wrap(w.name, LEGEND_CHARS)) for w in waves]
    legend_lines = max(label.count("\n") + 1 for label in legend_labels)
    # Each label names its wave, so no bar (or missing bar) is told apart by colour alone.
    bar_labels = [[(f"{wave.name}: {text}", has_bar) for wave, (text, has_bar)
                   in zip(waves, map(_bar_label, s.figures))] for s in question.statements]
    points = " or ".join(question.top_points)
    detail = f" ({points})" if points.lower() != question.top_label.lower() else ""
    subtitle = (f"% {question.top_label.lower()}{detail} in each wave, oldest first. "
                "Statements in questionnaire order.")
    notes = [f"Source: {waves_source(comparison)}.",
             "n is the number who picked a point of the scale (\"don't know\" answers are left "
             "out); % is of n."]
    if any(f.hidden for s in question.statements for f in s.figures):
        notes.append(wave_rule(comparison.threshold))
    if any(s.reworded for s in question.statements):
        notes.append("Statements are shown in their latest wording; some were worded "
                     "differently in earlier waves.")
    label_width = text_width([line for lines in labels for line in lines], TEXT_SIZE)
    end_width = text_width([text for row in bar_labels for text, _ in row], SMALL_SIZE)
    frame = _Frame(question.heading, sum(heights), MARGIN + label_width + COLUMN_GAP,
                   end_width + COLUMN_GAP + MARGIN, notes, subtitle=subtitle,
                   header=legend_lines * _line(TEXT_SIZE) + GAP)
    ax = frame.axes
    _legend(frame, legend_labels, colours)
    frame.row_labels([top + h / 2 for top, h in zip(tops, heights)],
                     ["\n".join(lines) for lines in labels])
    ax.set_xlim(0, 100)
    ax.set_xticks([0, 25, 50, 75, 100], ["0%", "25%", "50%", "75%", "100%"])
    ax.tick_params(axis="x", labelsize=SMALL_SIZE, labelcolor=MUTED)
    ax.grid(axis="x", color="#DDDDDD", linewidth=0.6)
    ax.set_axisbelow(True)
    for top, height, statement, row in zip(tops, heights, question.statements, bar_labels):
        first = top + (height - group) / 2 + WAVE_BAR / 2
        for index, (figure, (text, has_bar)) in enumerate(zip(statement.figures, row)):
            y = first + index * WAVE_BAR
            end = 0.0
            if has_bar:
                end = figure.top
                ax.barh(y, figure.top, height=WAVE_BAR * BAR_SHARE, color=colours[index])
            ax.annotate(text, (end, y), xytext=(3, 0), textcoords="offset points",
                        va="center", fontsize=SMALL_SIZE, annotation_clip=False,
                        color="black" if has_bar else MUTED,
                        style="normal" if has_bar else "italic")
    return frame.render(fmt)


def waves_alt_text(comparison: WaveComparison, question: QuestionTrend) -> str:
    """The chart in words: what it shows, then each statement's figures wave by wave."""
    names = [w.name for w in comparison.waves]
    count = len(question.statements)
    measure = question.top_label.lower()
    text = (f"Grouped bar chart of % {measure} for {count} statement{'' if count == 1 else 's'}"
            f" of \"{question.heading}\", one bar per wave ({', '.join(names)}).")
    for statement in question.statements:
        parts = [f"{name} {_bar_label(f)[0]}" for name, f in zip(names, statement.figures)]
        text += f" {statement.text.rstrip('. ')}: {'; '.join(parts)}."
    if any(f.hidden for s in question.statements for f in s.figures):
        text += " " + wave_rule(comparison.threshold)
    return text
