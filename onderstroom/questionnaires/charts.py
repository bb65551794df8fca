"""Server-rendered SVG charts: the same drawing on the page and in the PDF.

Python computes every coordinate with the kit of `core/charts.py` (palette, series, legend); the
templates in `questionnaires/charts/` only draw. Every series also differs in dash pattern and
marker, so nothing depends on colour alone.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.functional import cached_property
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from onderstroom.core.charts import FONT, PALETTE, LegendEntry, Point, Series, legend_height, legend_layout
from onderstroom.instruments.scoring import fmt
from onderstroom.questionnaires.analysis import Dyad
from onderstroom.questionnaires.scoring import View

COLOURS = {
    "closeness": PALETTE.positive,
    "support": PALETTE.positive,
    "conflict": PALETTE.negative,
    "dependency": PALETTE.warn,
    "handling": PALETTE.blue,
    "fairness": PALETTE.purple,
    "classmates": PALETTE.brand,
}
DASHES = {
    "closeness": "",
    "support": "",
    "conflict": "6 3",
    "dependency": "2 3",
    "handling": "10 3 2 3",
    "fairness": "2 3",
    "classmates": "10 3 2 3",
}
OTHER_COLOUR = PALETTE.soft

BAR_LABEL_WIDTH = 122
BAR_TRACK = 64
BAR_ROW = 18
BAR_WIDTH = BAR_LABEL_WIDTH + BAR_TRACK + 56


@dataclass(frozen=True)
class Bar:
    label: str
    value_text: str
    width: float  # of the filled part, 0 to BAR_TRACK
    y: float
    colour: str

    @property
    def rect_y(self) -> float:
        return self.y + 3

    @property
    def text_y(self) -> float:
        return self.y + 12


@dataclass(frozen=True)
class BarChart:
    bars: tuple[Bar, ...]
    height: int
    description: str
    caption: str = ""  # the answer scale, shown above the bars: a 2,0 on 1-3 is not a 2,0 on 1-4
    width: int = BAR_WIDTH
    label_width: int = BAR_LABEL_WIDTH
    track: int = BAR_TRACK

    # Drawn once per chart (the bars' texts and tracks inherit them), not once per bar.
    ink: str = PALETTE.ink
    soft: str = PALETTE.soft  # the caption
    track_colour: str = PALETTE.track
    font: str = FONT

    @property
    def track_end(self) -> int:
        return self.label_width + self.track

    @property
    def value_x(self) -> int:
        return self.track_end + 4

    @cached_property
    def svg(self) -> SafeString:
        """The drawing, written here rather than by a template: a class overview draws two per child.

        The same markup on the page and in the PDF (`charts/bars.html` puts it in); every text escaped.
        """
        e = conditional_escape
        x, track = _number(self.label_width), _number(self.track)
        tracks = "".join(
            f'<rect x="{x}" y="{_number(b.rect_y)}" width="{track}" height="11" rx="2"/>' for b in self.bars
        )
        fills = "".join(
            f'<rect x="{x}" y="{_number(b.rect_y)}" width="{_number(b.width)}" height="11" rx="2" '
            f'fill="{e(b.colour)}"/>'
            for b in self.bars
        )
        value_x = _number(self.value_x)
        texts = "".join(
            f'<text x="0" y="{_number(b.text_y)}">{e(b.label)}</text>'
            f'<text x="{value_x}" y="{_number(b.text_y)}">{e(b.value_text)}</text>'
            for b in self.bars
        )
        width, height = _number(self.width), _number(self.height)
        return mark_safe(  # noqa: S308 - every text above went through conditional_escape
            f'<svg class="bars" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
            f'width="{width}" height="{height}" role="img" aria-label="{e(self.description)}" '
            f'font-size="10" font-family="{e(self.font)}">\n'
            f'<text x="0" y="12" font-size="9" fill="{e(self.soft)}">{e(self.caption)}</text>\n'
            f'<g fill="{e(self.track_colour)}">{tracks}</g>\n'
            f"{fills}\n"
            f'<g fill="{e(self.ink)}">{texts}</g>\n'
            "</svg>"
        )


def _number(value: float) -> str:
    """A coordinate as `{% localize off %}` writes it: a point, no grouping (12, 40.0, 58.7)."""
    return str(value)


def bar_chart(view: View | None) -> BarChart | None:
    """One bar per scale, as far as it lies from the lowest to the highest answer.

    Drawn once per view and language: a view kept scored (`analysis._scored`) keeps its chart."""
    if view is None or not view.has_scores:
        return None
    language = get_language()
    if language not in view.drawn:
        view.drawn[language] = _bar_chart(view)
    chart = view.drawn[language]
    assert isinstance(chart, BarChart)
    return chart


def _bar_chart(view: View) -> BarChart:
    bars, parts = [], []
    for index, result in enumerate(view.results):
        if result.score is None or result.position is None:
            value_text, spoken, width = _("too few answers"), _("too few answers"), 0.0
        else:
            value_text = spoken = fmt(result.score)
            if result.standing is not None:
                value_text += f" · P{fmt(result.standing.percentile, 0)}"
                spoken += f", {result.standing.label}"  # says whether the norm or the school is the yardstick
            width = round(result.position * BAR_TRACK, 1)
        colour = COLOURS.get(result.construct or "", OTHER_COLOUR)
        bars.append(
            Bar(
                label=result.label,
                value_text=value_text,
                width=width,
                y=(index + 1) * BAR_ROW,
                colour=colour,
            )
        )
        parts.append(f"{result.label}: {spoken}")
    caption = scale_caption(view)
    description = caption + ". " + "; ".join(parts)
    return BarChart(
        bars=tuple(bars), height=(len(bars) + 1) * BAR_ROW + 2, description=description, caption=caption
    )


def scale_caption(view: View) -> str:
    """The answer scale a view's numbers are on, and for whom the form is: every chart says it."""
    spec = view.spec
    if spec.respondent == "child" and spec.grades:
        return _("scale %(low)d to %(high)d, form for groups %(first)d-%(last)d") % {
            "low": spec.min_value,
            "high": spec.max_value,
            "first": min(spec.grades),
            "last": max(spec.grades),
        }
    return _("scale %(low)d to %(high)d") % {"low": spec.min_value, "high": spec.max_value}


# --- the timeline of one child ----------------------------------------------------------------

TIMELINE_WIDTH = 640
TIMELINE_HEIGHT = 150
TIMELINE_LEFT = 44
TIMELINE_RIGHT = 16
TICK_MARGIN = 56  # room for the first and last moment's name under the axis
TIMELINE_TOP = 10


@dataclass(frozen=True)
class Tick:
    x: float
    label: str


@dataclass(frozen=True)
class Timeline:
    title: str
    series: tuple[Series, ...]
    ticks: tuple[Tick, ...]
    legend: tuple[LegendEntry, ...]
    description: str
    width: int = TIMELINE_WIDTH
    plot_height: int = TIMELINE_HEIGHT
    left: int = TIMELINE_LEFT
    right_edge: int = TIMELINE_WIDTH - TIMELINE_RIGHT
    top: int = TIMELINE_TOP

    @property
    def bottom(self) -> int:
        return self.top + self.plot_height

    @property
    def height(self) -> int:
        return self.bottom + 46 + legend_height(self.legend)

    @property
    def middle(self) -> float:
        return self.top + self.plot_height / 2

    @property
    def legend_y(self) -> int:
        return self.bottom + 38


def _x(index: int, count: int) -> float:
    span = TIMELINE_WIDTH - TIMELINE_LEFT - TIMELINE_RIGHT
    if count == 1:
        return TIMELINE_LEFT + span / 2
    return TIMELINE_LEFT + TICK_MARGIN + index * (span - 2 * TICK_MARGIN) / (count - 1)


def _y(position: float) -> float:
    return TIMELINE_TOP + (1 - position) * TIMELINE_HEIGHT


def timeline(dyads: Sequence[Dyad], respondent: str) -> Timeline | None:
    """One line per construct across the moments of one relationship (one teacher, one child)."""
    views = [(d, d.teacher_view if respondent == "teacher" else d.child_view) for d in dyads]
    if not any(view is not None and view.has_scores for _, view in views):
        return None
    ticks = tuple(Tick(x=_x(i, len(dyads)), label=d.moment.name) for i, d in enumerate(dyads))
    order: dict[str, str] = {}
    points: dict[str, list[Point]] = {}
    for index, (dyad, view) in enumerate(views):
        if view is None:
            continue
        for result in view.results:
            if result.score is None or result.position is None:
                continue
            key = result.construct or result.scale.key
            order.setdefault(key, result.label)
            title = f"{dyad.moment.name}: {result.label} {fmt(result.score)}"
            points.setdefault(key, []).append(Point(_x(index, len(dyads)), _y(result.position), title))
    series = tuple(
        Series(label, COLOURS.get(key, OTHER_COLOUR), DASHES.get(key, ""), tuple(points[key]))
        for key, label in order.items()
    )
    legend = legend_layout(series, TIMELINE_LEFT, TIMELINE_WIDTH)
    teacher, child = dyads[0].teacher_name, dyads[0].child.first_name
    if respondent == "teacher":
        title = _("How %(teacher)s sees it") % {"teacher": teacher}
    else:
        title = _("How %(child)s sees it") % {"child": child}
    description = "; ".join(p.title for s in series for p in s.points)
    return Timeline(
        title=title, series=series, ticks=ticks, legend=legend, description=f"{title}. {description}"
    )
