"""One kit for every chart: the palette, the font, bars laid out in slots, legends and the up-and-down frame.

Charts are SVG drawn on the server, so the page and the PDF (WeasyPrint) show the same. Python
computes every coordinate; templates only draw (the shared ones live in `core/templates/charts/`).
Colours are SVG presentation attributes, allowed by the CSP. They come from one palette, the
colours of `app.css`; the ones that draw a series or text have at least 3:1 contrast against
white and the grey track (`core/tests/test_charts.py`), the light ones are fills and grid lines.
No reading depends on colour alone: direction, outline, dash pattern, bold type or a number in
text tells the same.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Palette:
    """The colours of `app.css` by role; templates read them through `{% load charts %}{% colour "ink" %}`."""

    ink: str = "#1d2a30"  # text
    soft: str = "#4a5a61"  # axes and their labels
    paper: str = "#fbf9f4"  # a bar still to come
    line: str = "#d9d4c7"  # the edges of a plotting area
    track: str = "#ece8de"  # the empty part of a bar, grid lines
    brand: str = "#0e5a63"  # one series on its own: taps, held sessions, mutual choices
    brand_dark: str = "#083c42"
    brand_soft: str = "#e3f1ef"  # the fill of a planned bar
    brand_mid: str = "#5f9ea5"  # part of a bar still under way
    accent: str = "#b4531c"
    positive: str = "#276b35"
    negative: str = "#a4262c"
    warn: str = "#8a5a00"
    blue: str = "#1a5fb4"
    purple: str = "#6b3fa0"
    grey: str = "#6b6f72"  # a neutral series (the children's share)
    white: str = "#ffffff"


PALETTE = Palette()
FONT = "DejaVu Sans, sans-serif"  # the charts' font: WeasyPrint has it, and text_width() is measured in it


def scaled(value: float, most: float, length: float) -> float:
    """`value` as a length on a bar where `most` fills `length`; nothing when there is no most."""
    return round(length * value / most, 1) if most > 0 else 0.0


def slots(count: int, left: float, right: float, max_slot: float) -> tuple[float, float]:
    """(slot width, x of the first slot) for `count` bars between left and right, centred.

    The slot is never wider than `max_slot`, so that a few bars do not turn into very wide ones.
    """
    span = right - left
    slot = min(max_slot, span / max(count, 1))
    return slot, left + (span - slot * count) / 2


def bar_in_slot(offset: float, index: int, slot: float) -> tuple[float, float]:
    """(x, width) of the bar in slot `index`: 70% of the slot, centred in it."""
    return round(offset + index * slot + slot * 0.15, 1), round(slot * 0.7, 1)


# --- legends --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    title: str


@dataclass(frozen=True)
class Series:
    label: str
    colour: str
    dash: str
    points: tuple[Point, ...]

    @property
    def path(self) -> str:
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.points)


@dataclass(frozen=True)
class LegendEntry:
    x: float
    label: str
    colour: str
    dash: str
    dy: int = 0  # below the legend's first row, when the labels need more than one


LEGEND_FONT = 11
LEGEND_SWATCH = 27  # the sample line and the space before its label
LEGEND_GAP = 16
LEGEND_ROW = 16
# Advance widths of DejaVu Sans (the charts' font) in ems, by kind of letter, rounded up a little:
# a label's width can then be estimated on the server, where the drawing is made.
ADVANCES = {
    **dict.fromkeys("ijl.,:;'!|", 0.3),
    **dict.fromkeys("frt ()", 0.4),
    **dict.fromkeys("acksvxyz", 0.6),
    **dict.fromkeys("mwMW", 0.92),
}
DEFAULT_ADVANCE = 0.66  # other letters, capitals and digits


def text_width(text: str, font_size: float = LEGEND_FONT) -> float:
    """About how wide a text is drawn: a little wider rather than narrower than it really is."""
    return font_size * sum(ADVANCES.get(char, DEFAULT_ADVANCE) for char in text)


def legend_layout(series: Sequence[Series], left: float, right: float) -> tuple[LegendEntry, ...]:
    """The legend in even columns when every label fits its column, else label after label in rows.

    Even columns of a fixed width let a long label ("Eerlijke verwachtingen") run into the next
    entry's sample line; the rows never do.
    """
    widths = [LEGEND_SWATCH + text_width(s.label) for s in series]
    column = (right - left) / max(len(series), 1)
    if all(width + LEGEND_GAP <= column for width in widths):
        return tuple(
            LegendEntry(round(left + i * column, 1), s.label, s.colour, s.dash) for i, s in enumerate(series)
        )
    entries, x, dy = [], left, 0
    for s, width in zip(series, widths, strict=True):
        if x > left and x + width > right:
            x, dy = left, dy + LEGEND_ROW
        entries.append(LegendEntry(round(x, 1), s.label, s.colour, s.dash, dy))
        x += width + LEGEND_GAP
    return tuple(entries)


def legend_height(legend: Sequence[LegendEntry]) -> int:
    """How much lower than one row the legend reaches."""
    return max((entry.dy for entry in legend), default=0)


@dataclass(frozen=True)
class Swatch:
    """A filled square and its label, for the legend of a bar chart."""

    x: float
    label: str
    colour: str


def swatches(entries: Sequence[tuple[str, str]]) -> tuple[Swatch, ...]:
    """(label, colour) pairs side by side, each as far along as its label needs."""
    found, x = [], 0.0
    for label, colour in entries:
        found.append(Swatch(round(x, 1), label, colour))
        x += 20 + text_width(label) + LEGEND_GAP
    return tuple(found)


# --- the up-and-down bar chart --------------------------------------------------------------------


@dataclass(frozen=True)
class UpDown:
    """One column of an up-and-down chart: what grows up from the middle line and what hangs below it."""

    up: float
    down: float
    label: str  # under the column; empty when columns are too many to label each
    title: str  # the column in words, for a pointer and for the chart's description


@dataclass(frozen=True)
class UpDownColumn:
    x: float
    width: float
    up_y: float  # the top of the upward bar
    up_height: float
    down_height: float
    up_value: float
    down_value: float
    label: str
    title: str

    @property
    def centre(self) -> float:
        return self.x + self.width / 2


@dataclass(frozen=True)
class UpDownChart:
    """Bars up (positive contacts, techniques used) and down (corrections, slips) from one middle line.

    Drawn by `charts/up_down.html`. The axis says what a full bar stands for above and below.
    """

    columns: tuple[UpDownColumn, ...]
    description: str
    up_most: int
    down_most: int
    up_colour: str
    down_colour: str
    width: float
    left: int
    top: int
    half: int
    right: int
    axis_label: str = ""
    legend: tuple[Swatch, ...] = field(default=())

    @property
    def middle(self) -> int:
        return self.top + self.half

    @property
    def bottom(self) -> int:
        return self.middle + self.half

    @property
    def right_edge(self) -> float:
        return self.width - self.right

    @property
    def height(self) -> int:
        return self.bottom + (58 if self.legend else 22)

    @property
    def legend_y(self) -> int:
        return self.bottom + 46


@dataclass(frozen=True)
class UpDownFrame:
    """Where an up-and-down chart sits: margins, the height of each half, the widest slot."""

    left: int
    top: int
    half: int
    right: int
    max_slot: float


def up_down_chart(
    items: Sequence[UpDown],
    frame: UpDownFrame,
    *,
    width: float,
    up_most: int,
    down_most: int,
    up_colour: str = PALETTE.positive,
    down_colour: str = PALETTE.negative,
    axis_label: str = "",
    legend: tuple[Swatch, ...] = (),
) -> UpDownChart:
    """The columns laid out in slots between the frame's margins, each half scaled to its own most."""
    slot, offset = slots(len(items), frame.left, width - frame.right, frame.max_slot)
    columns = []
    for index, item in enumerate(items):
        x, bar_width = bar_in_slot(offset, index, slot)
        up = scaled(item.up, up_most, frame.half)
        columns.append(
            UpDownColumn(
                x=x,
                width=bar_width,
                up_y=round(frame.top + frame.half - up, 1),
                up_height=up,
                down_height=scaled(item.down, down_most, frame.half),
                up_value=item.up,
                down_value=item.down,
                label=item.label,
                title=item.title,
            )
        )
    return UpDownChart(
        columns=tuple(columns),
        description="; ".join(item.title for item in items),
        up_most=up_most,
        down_most=down_most,
        up_colour=up_colour,
        down_colour=down_colour,
        width=width,
        left=frame.left,
        top=frame.top,
        half=frame.half,
        right=frame.right,
        axis_label=axis_label,
        legend=legend,
    )
