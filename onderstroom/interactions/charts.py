"""Server-rendered SVG bars: Python computes every length with the kit of `core/charts.py`, templates draw.

The bars in table cells are drawn by `interactions/charts/`, the weeks of one child by the shared
`charts/up_down.html`. Colours come from the one palette. The numbers
always stand next to the bars in text, so nothing depends on colour or on seeing the chart.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

from onderstroom.core import dates
from onderstroom.core.charts import PALETTE, UpDown, UpDownChart, UpDownFrame, scaled, up_down_chart
from onderstroom.interactions.measures import Week

POSITIVE_COLOUR = PALETTE.positive
NEGATIVE_COLOUR = PALETTE.negative
CHILDREN_COLOUR = PALETTE.grey
TAPS_COLOUR = PALETTE.brand

BAR_WIDTH = 140  # a bar in a table cell
BAR_HEIGHT = 14


@dataclass(frozen=True)
class CountBar:
    """One horizontal bar in a table row, its length relative to the largest in the table."""

    length: float
    width: int = BAR_WIDTH
    height: int = BAR_HEIGHT
    colour: str = TAPS_COLOUR


def count_bar(value: int, most: int) -> CountBar:
    return CountBar(length=scaled(value, most, BAR_WIDTH))


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
    return BalanceBar(negative=scaled(negative, most, half), positive=scaled(positive, most, half))


@dataclass(frozen=True)
class ShareBars:
    """Two bars: the category's share of the children and its share of the taps (0-100%)."""

    children: float
    taps: float
    width: int = BAR_WIDTH
    children_colour: str = CHILDREN_COLOUR
    taps_colour: str = TAPS_COLOUR


def share_bars(child_share: float, tap_share: float) -> ShareBars:
    return ShareBars(children=scaled(child_share, 1, BAR_WIDTH), taps=scaled(tap_share, 1, BAR_WIDTH))


# --- one child's weeks ----------------------------------------------------------------------------

WEEK_COLUMN = 40
# One column per week at its full width: the slots of the frame are never narrower than a column.
WEEKS = UpDownFrame(left=28, top=8, half=60, right=8, max_slot=WEEK_COLUMN)


def week_chart(weeks: Sequence[Week]) -> UpDownChart:
    """Positive contacts up and corrections down, week by week, both halves to one scale."""
    scale = max([1, *(w.positive for w in weeks), *(w.negative for w in weeks)])
    items = []
    for week in weeks:
        label = dates.when(week.monday, "figures")
        title = _("week of %(day)s: %(positive)d positive, %(negative)d negative") % {
            "day": label,
            "positive": week.positive,
            "negative": week.negative,
        }
        items.append(UpDown(up=week.positive, down=week.negative, label=label, title=title))
    width = WEEKS.left + len(items) * WEEK_COLUMN + WEEKS.right
    return up_down_chart(items, WEEKS, width=width, up_most=scale, down_most=scale)
