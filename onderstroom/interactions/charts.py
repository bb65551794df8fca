"""Server-rendered SVG bars: Python computes every length, the templates in `interactions/charts/` draw.

Colours are SVG presentation attributes (allowed by the CSP, printed by WeasyPrint). The numbers
always stand next to the bars in text, so nothing depends on colour or on seeing the chart.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from onderstroom.interactions.measures import Week

POSITIVE_COLOUR = "#276b35"
NEGATIVE_COLOUR = "#a4262c"
CHILDREN_COLOUR = "#8b9499"
TAPS_COLOUR = "#0e5a63"

BAR_WIDTH = 140  # a bar in a table cell
BAR_HEIGHT = 14


def _length(value: float, most: float, width: float) -> float:
    return round(width * value / most, 1) if most > 0 else 0.0


@dataclass(frozen=True)
class CountBar:
    """One horizontal bar in a table row, its length relative to the largest in the table."""

    length: float
    width: int = BAR_WIDTH
    height: int = BAR_HEIGHT
    colour: str = TAPS_COLOUR


def count_bar(value: int, most: int) -> CountBar:
    return CountBar(length=_length(value, most, BAR_WIDTH))


@dataclass(frozen=True)
class BalanceBar:
    """Corrections to the left of the middle line, positive contacts to the right."""

    negative: float
    positive: float
    width: int = BAR_WIDTH
    height: int = BAR_HEIGHT
    positive_colour: str = POSITIVE_COLOUR
    negative_colour: str = NEGATIVE_COLOUR

    @property
    def middle(self) -> float:
        return self.width / 2

    @property
    def negative_x(self) -> float:
        return self.middle - self.negative


def balance_bar(positive: int, negative: int, most: int) -> BalanceBar:
    half = BAR_WIDTH / 2
    return BalanceBar(negative=_length(negative, most, half), positive=_length(positive, most, half))


@dataclass(frozen=True)
class ShareBars:
    """Two bars: the category's share of the children and its share of the taps (0-100%)."""

    children: float
    taps: float
    width: int = BAR_WIDTH
    children_colour: str = CHILDREN_COLOUR
    taps_colour: str = TAPS_COLOUR


def share_bars(child_share: float, tap_share: float) -> ShareBars:
    return ShareBars(children=_length(child_share, 1, BAR_WIDTH), taps=_length(tap_share, 1, BAR_WIDTH))


# --- one child's weeks ----------------------------------------------------------------------------

WEEK_CHART_LEFT = 28
WEEK_COLUMN = 40
WEEK_HALF = 60  # height above and below the middle line
WEEK_TOP = 8


@dataclass(frozen=True)
class WeekColumn:
    x: float
    positive: float
    negative: float
    positive_y: float  # the top of the positive bar, which grows up from the middle line
    positive_count: int
    negative_count: int
    label: str


@dataclass(frozen=True)
class WeekChart:
    columns: tuple[WeekColumn, ...]
    scale: int  # the count a full half-height bar stands for
    description: str
    positive_colour: str = POSITIVE_COLOUR
    negative_colour: str = NEGATIVE_COLOUR
    left: int = WEEK_CHART_LEFT
    column: int = WEEK_COLUMN
    half: int = WEEK_HALF
    top: int = WEEK_TOP

    @property
    def width(self) -> int:
        return self.left + len(self.columns) * self.column + 8

    @property
    def middle(self) -> int:
        return self.top + self.half

    @property
    def bottom(self) -> int:
        return self.middle + self.half

    @property
    def height(self) -> int:
        return self.bottom + 22

    @property
    def bar_width(self) -> int:
        return self.column - 12


def week_chart(weeks: Sequence[Week]) -> WeekChart:
    scale = max([1, *(w.positive for w in weeks), *(w.negative for w in weeks)])
    columns, parts = [], []
    for index, week in enumerate(weeks):
        label = date_format(week.monday, "j/n")
        columns.append(
            WeekColumn(
                x=WEEK_CHART_LEFT + index * WEEK_COLUMN + 6,
                positive=_length(week.positive, scale, WEEK_HALF),
                negative=_length(week.negative, scale, WEEK_HALF),
                positive_y=WEEK_TOP + WEEK_HALF - _length(week.positive, scale, WEEK_HALF),
                positive_count=week.positive,
                negative_count=week.negative,
                label=label,
            )
        )
        parts.append(
            _("week of %(day)s: %(positive)d positive, %(negative)d negative")
            % {"day": label, "positive": week.positive, "negative": week.negative}
        )
    return WeekChart(columns=tuple(columns), scale=scale, description="; ".join(parts))
