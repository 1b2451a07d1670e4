"""Charts for board papers, drawn from the summaries that `analysis.summary` works out.

Nothing here computes a statistic: the bars, percentages and counts are the summary's own, only
rounded for display. Each chart is its own `Figure` on an Agg canvas (no pyplot state), so pages
can draw charts from several threads at once. Layout is in inches: the statement and "n" columns
are as wide as their widest line (measured), the bars take the rest of a fixed width, and the
height follows the number of wrapped lines.

SVG output keeps its text as text (searchable, readable by assistive technology) and is the same
bytes every time for the same summary: `svg.fonttype` and `svg.hashsalt` are set once, below.
"""
from __future__ import annotations

import io
import math
import textwrap
from datetime import date

import matplotlib
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_hex, to_rgb
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.patches import Patch

from .summary import Breakdown, ConsultationSummary, LikertSummary, StatementSummary
from .disclosure import HIDDEN, fewer_than, rule

matplotlib.rcParams["svg.fonttype"] = "none"
matplotlib.rcParams["svg.hashsalt"] = "haveyoursay"

# Colours for each scale direction, most positive first, interpolated when a scale has another
# number of points. One-way: ColorBrewer Blues, dark to light. Two-way: blue through a neutral
# grey to orange (a colour-blind safe pair), so the middle point is the grey.
PALETTES = {
    "one-way": ("#083C7D", "#1967AD", "#4191C6", "#7AB6D9", "#B7D4EA"),
    "two-way": ("#2166AC", "#92C5DE", "#D9D9D9", "#FDB863", "#E66101"),
}
BAR_COLOUR = "#1967AD"
MUTED = "#505050"
FORMATS = {"png": {"dpi": 150}, "svg": {"metadata": {"Date": None}}}

# Sizes: inches for layout, points for type. 7.5 inches wide scales to A4 text width (16 cm) with
# type of 7.5pt or more. The label and "n" columns are as wide as their widest line, measured.
WIDTH, MARGIN, GAP, COLUMN_GAP = 7.5, 0.15, 0.12, 0.15
TITLE_SIZE, TEXT_SIZE, SMALL_SIZE = 11, 9, 7.5
TITLE_CHARS, LABEL_CHARS, LEGEND_CHARS, NOTE_CHARS, GROUP_CHARS = 75, 45, 18, 120, 32
BAR_HEIGHT, ROW_PAD, AXIS_HEIGHT, GROUP_ROW = 0.30, 0.16, 0.28, 0.42
SMALL_STATEMENT = "not shown: too few answered"
SEGMENT_PAD = 0.06                            # a segment's % is shown only if it fits with this


def _line(size: float) -> float:
    """Height in inches of one line of text in matplotlib's default 1.2 line spacing."""
    return size * 1.2 / 72


def text_width(lines: list[str], size: float) -> float:
    """The widest of `lines`, in inches, as Agg draws them in the default font."""
    renderer = FigureCanvasAgg(Figure(figsize=(1, 1), dpi=72)).get_renderer()
    font = FontProperties(size=size)
    return max((renderer.get_text_width_height_descent(line, font, ismath=False)[0]
                for line in lines), default=0.0) / 72


def wrap(text: str, width: int) -> list[str]:
    """Lines of at most `width` characters, broken only at spaces, so joining them with spaces
    gives the text back."""
    return textwrap.wrap(" ".join(text.split()), width, break_long_words=False,
                         break_on_hyphens=False) or [""]


def percent_text(value: float) -> str:
    """Whole percent, halves rounded up as a spreadsheet rounds them (12.5 -> 13%)."""
    return f"{math.floor(value + 0.5)}%"


def palette(direction: str, count: int) -> list[str]:
    """`count` colours for a scale, spread evenly along the direction's colours (so an odd count
    on a two-way scale puts the neutral colour exactly in the middle)."""
    anchors = [to_rgb(c) for c in PALETTES[direction]]
    colours = []
    for i in range(count):
        position = i * (len(anchors) - 1) / (count - 1) if count > 1 else 0
        low = min(int(position), len(anchors) - 2)
        share = position - low
        colours.append(to_hex([a + (b - a) * share
                               for a, b in zip(anchors[low], anchors[low + 1])]).upper())
    return colours


def ink(colour: str) -> str:
    """Black or white, whichever has the higher contrast ratio (WCAG 2) on `colour`."""
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in to_rgb(colour)]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return "white" if 1.05 / (luminance + 0.05) > (luminance + 0.05) / 0.05 else "black"


def _day(stamp: str) -> str:
    day = date.fromisoformat(stamp[:10])
    return f"{day.day} {day:%b %Y}"


def source_line(summary: ConsultationSummary) -> str:
    """"Trafford Council, <title>, 1 Jan 2026 to 31 Mar 2026, 126 responses"."""
    questionnaire = summary.questionnaire
    parts = [questionnaire.organisation.name, questionnaire.title]
    days = [_day(s) for s in (summary.first_submitted, summary.last_submitted) if s]
    if days:
        parts.append(days[0] if days[0] == days[-1] else f"{days[0]} to {days[-1]}")
    if summary.too_few:
        parts.append(f"{fewer_than(summary.threshold)} responses")
    else:
        parts.append(f"{summary.responses:,} response{'' if summary.responses == 1 else 's'}")
    return ", ".join(p for p in parts if p)


class _Frame:
    """A figure laid out top to bottom in inches: title, a header band (the legend), the chart
    body whose y axis runs in inches from its top, the x axis, then the source and notes."""

    def __init__(self, title: str, body: float, left: float, right: float, notes: list[str],
                 subtitle: str = "", header: float = 0.0, axis: float = AXIS_HEIGHT):
        title_lines = wrap(title, TITLE_CHARS)
        subtitle_lines = wrap(subtitle, TITLE_CHARS) if subtitle else []
        foot_lines = [line for note in notes for line in wrap(note, NOTE_CHARS)]
        self.top = (MARGIN + len(title_lines) * _line(TITLE_SIZE)
                    + len(subtitle_lines) * _line(TEXT_SIZE) + GAP)
        bottom = axis + GAP + len(foot_lines) * _line(SMALL_SIZE) + MARGIN
        self.height = self.top + header + body + bottom
        self.figure = Figure(figsize=(WIDTH, self.height))
        FigureCanvasAgg(self.figure)
        self.text(MARGIN, MARGIN, "\n".join(title_lines), fontsize=TITLE_SIZE, weight="bold")
        if subtitle_lines:
            self.text(MARGIN, MARGIN + len(title_lines) * _line(TITLE_SIZE),
                      "\n".join(subtitle_lines), fontsize=TEXT_SIZE)
        self.text(MARGIN, self.height - MARGIN, "\n".join(foot_lines), fontsize=SMALL_SIZE,
                  color=MUTED, va="bottom")
        self.axes = self.figure.add_axes((
            left / WIDTH, bottom / self.height,
            (WIDTH - left - right) / WIDTH, body / self.height))
        self.axes.set_ylim(body, 0)
        for spine in self.axes.spines.values():
            spine.set_visible(False)
        self.axes.tick_params(length=0, labelsize=TEXT_SIZE)
        self.axes.set_xticks([])

    @property
    def body_width(self) -> float:
        return self.axes.get_position().width * WIDTH

    def row_labels(self, centres: list[float], labels: list[str]) -> None:
        """Labels for the rows, left-aligned at the margin (a ragged right edge reads easier)."""
        self.axes.set_yticks(centres, labels, ha="left")
        self.axes.tick_params(axis="y", pad=(self.axes.get_position().x0 * WIDTH - MARGIN) * 72)

    def text(self, x: float, y: float, text: str, va: str = "top", **style) -> None:
        """Text at (x, y) inches from the figure's top left."""
        self.figure.text(x / WIDTH, 1 - y / self.height, text, ha="left", va=va, **style)

    def render(self, fmt: str) -> bytes:
        if fmt not in FORMATS:
            raise ValueError(f"unknown chart format {fmt!r}: use one of {', '.join(FORMATS)}")
        buffer = io.BytesIO()
        self.figure.savefig(buffer, format=fmt, facecolor="white", **FORMATS[fmt])
        return buffer.getvalue()


def _n_label(statement: StatementSummary, dont_know_label: str) -> str:
    """"n=120", with "(+4 don't know)" on a second line when some picked "Don't know"."""
    extra = f"(+{statement.dont_know:,} {dont_know_label.lower()})" if statement.dont_know else ""
    return "\n".join([f"n={statement.base:,}"] + wrap(extra, LEGEND_CHARS) * bool(extra))


def _legend(frame: _Frame, labels: list[str], colours: list[str]) -> None:
    handles = [Patch(facecolor=c, edgecolor="#999999", linewidth=0.4) for c in colours]
    frame.figure.legend(
        handles, labels, loc="upper left", ncols=len(labels), frameon=False, fontsize=TEXT_SIZE,
        bbox_to_anchor=(MARGIN / WIDTH, 1 - frame.top / frame.height),
        borderaxespad=0, borderpad=0, handlelength=1.2, columnspacing=1.2)


def likert_chart(summary: LikertSummary, source: str, fmt: str = "png") -> bytes:
    """One 100% bar per statement, highest % top first, one segment per point of the scale."""
    scale = summary.question.scale
    rows = summary.ranked()
    labels = [wrap(s.statement.text, LABEL_CHARS) for s in rows]
    heights = [max(BAR_HEIGHT, len(lines) * _line(TEXT_SIZE)) + ROW_PAD for lines in labels]
    centres = [sum(heights[:i]) + h / 2 for i, h in enumerate(heights)]
    legend_labels = ["\n".join(wrap(p.label, LEGEND_CHARS)) for p in scale.points]
    legend_lines = max(label.count("\n") + 1 for label in legend_labels)
    colours = palette(scale.direction, len(scale.points))
    dont_know = scale.dont_know.label if scale.dont_know else ""
    top_points = " or ".join(p.label for p in scale.points[: scale.top_count])
    subtitle = f"Highest % {scale.top_label.lower()} ({top_points}) first."
    notes = [f"Source: {source}.",
             "n is the number who picked a point of the scale"
             + (f" (\"{dont_know}\" is left out)" if dont_know else "")
             + ". Percentages are of n and may not add to 100 because of rounding."]
    n_labels = [_n_label(s, dont_know) for s in rows]
    label_width = text_width([line for lines in labels for line in lines], TEXT_SIZE)
    n_width = text_width([line for n in n_labels for line in n.split("\n")], SMALL_SIZE)
    frame = _Frame(summary.question.heading, sum(heights), MARGIN + label_width + COLUMN_GAP,
                   n_width + COLUMN_GAP + MARGIN, notes, subtitle=subtitle,
                   header=legend_lines * _line(TEXT_SIZE) + GAP)
    ax, inches_per_percent = frame.axes, frame.body_width / 100
    _legend(frame, legend_labels, colours)
    frame.row_labels(centres, ["\n".join(lines) for lines in labels])
    ax.set_xlim(0, 100)
    ax.set_xticks([0, 25, 50, 75, 100], ["0%", "25%", "50%", "75%", "100%"])
    ax.tick_params(axis="x", labelsize=SMALL_SIZE, labelcolor=MUTED)
    for y, statement, n_label in zip(centres, rows, n_labels):
        ax.annotate(n_label, (1, y), xycoords=ax.get_yaxis_transform(), va="center",
                    xytext=(COLUMN_GAP * 72, 0), textcoords="offset points",
                    fontsize=SMALL_SIZE, annotation_clip=False)
        if not statement.base or not statement.shown:
            ax.text(1, y, "no answers" if not statement.base else SMALL_STATEMENT, va="center",
                    fontsize=TEXT_SIZE, style="italic", color=MUTED)
            continue
        left = 0.0
        for share, colour in zip(statement.percents, colours):
            if share > 0:
                ax.barh(y, share, left=left, height=BAR_HEIGHT, color=colour,
                        edgecolor="white", linewidth=0.8)
                label = percent_text(share)
                if share * inches_per_percent >= text_width([label], SMALL_SIZE) + SEGMENT_PAD:
                    ax.text(left + share / 2, y, label, ha="center", va="center",
                            fontsize=SMALL_SIZE, color=ink(colour))
            left += share
    return frame.render(fmt)


def likert_alt_text(summary: LikertSummary) -> str:
    """The chart in words: what it shows, and the statements with the highest and lowest % top."""
    scale = summary.question.scale
    measure = scale.top_label.lower()
    count = len(summary.statements)
    text = (f"Bar chart of answers to \"{summary.question.text}\" for {count} statement"
            f"{'' if count == 1 else 's'}, on a scale from {scale.points[0].label} to "
            f"{scale.points[-1].label}, highest % {measure} first.")
    answered = [s for s in summary.ranked() if s.base and s.shown]
    small = sum(1 for s in summary.statements if s.base and not s.shown)
    if small:
        text += (f" {small} statement{' was' if small == 1 else 's were'} answered by too few "
                 "people to show.")
    if not answered:
        return text + (" No one has answered yet." if not small else "")
    best, worst = answered[0], answered[-1]
    text += (f" Highest % {measure}: {best.statement.text.rstrip('. ')}"
             f" ({percent_text(best.top)} {measure}, n={best.base}).")
    if len(answered) > 1:
        text += (f" Lowest % {measure}: {worst.statement.text.rstrip('. ')}"
                 f" ({percent_text(worst.top)}, n={worst.base}).")
    return text


def respondents_chart(breakdown: Breakdown, source: str, fmt: str = "png") -> bytes:
    """Who responded: one bar per group, its count at the end; suppressed groups get no bar."""
    groups = breakdown.groups
    labels = ["\n".join(wrap(g.label, GROUP_CHARS)) for g in groups]
    heights = [max(GROUP_ROW, (label.count("\n") + 1) * _line(TEXT_SIZE) + ROW_PAD)
               for label in labels]
    centres = [sum(heights[:i]) + h / 2 for i, h in enumerate(heights)]
    notes = [f"Source: {source}."]
    if any(g.suppressed for g in groups):
        notes.append(rule(breakdown.threshold))
    counts = {g.id: f"{g.respondents:,}" for g in groups if not g.suppressed}
    label_width = text_width([line for label in labels for line in label.split("\n")], TEXT_SIZE)
    frame = _Frame("Who responded", max(sum(heights), GROUP_ROW),
                   MARGIN + label_width + COLUMN_GAP,
                   text_width(list(counts.values()), TEXT_SIZE) + COLUMN_GAP + MARGIN, notes,
                   subtitle=breakdown.question.heading, axis=0)
    ax = frame.axes
    frame.row_labels(centres, labels)
    ax.set_xlim(0, max((g.respondents for g in groups if not g.suppressed), default=1))
    for y, group in zip(centres, groups):
        if group.suppressed:
            ax.text(0, y, HIDDEN, va="center", fontsize=TEXT_SIZE, style="italic", color=MUTED)
            continue
        ax.barh(y, group.respondents, height=BAR_HEIGHT, color=BAR_COLOUR)
        ax.annotate(counts[group.id], (group.respondents, y), xytext=(4, 0),
                    textcoords="offset points", va="center", fontsize=TEXT_SIZE,
                    annotation_clip=False)
    return frame.render(fmt)


def respondents_alt_text(breakdown: Breakdown) -> str:
    parts = [f"{g.label}: {HIDDEN if g.suppressed else f'{g.respondents:,}'}"
             for g in breakdown.groups]
    text = (f"Bar chart of who responded ({breakdown.question.heading}). "
            + ("; ".join(parts) + "." if parts else "No one has answered yet."))
    if any(g.suppressed for g in breakdown.groups):
        text += " " + rule(breakdown.threshold)
    return text
