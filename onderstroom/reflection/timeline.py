"""The author's own entries on the same timeline as the relationship scores.

One SVG with two bands on a shared axis of dates: the teacher's view (the author's own ratings
of the child) and the child's view of the author, each a line per scale through the measurement
moments; every entry is a numbered marker across both bands. The scores are read from the
questionnaires' models with their own scoring; the author sees only moments of a group they
teach now, as on the questionnaires' child page.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from onderstroom.core import dates
from onderstroom.core.charts import LegendEntry, Point, Series, legend_height, legend_layout, text_width
from onderstroom.questionnaires.api import CHILD, COLOURS, DASHES, OTHER_COLOUR, TEACHER, ResponseSet, fmt
from onderstroom.reflection.access import own_ratings
from onderstroom.reflection.models import Entry
from onderstroom.schools.access import StaffActor
from onderstroom.schools.models import Child

WIDTH = 640
LEFT = 44
RIGHT = 16
TOP = 26
BAND_HEIGHT = 96
BAND_GAP = 34


@dataclass(frozen=True)
class Tick:
    x: float
    label: str

    @property
    def anchor(self) -> str:
        """Centred under its moment, unless the name would run off the right edge of the drawing."""
        return "end" if self.x + text_width(self.label) / 2 > WIDTH else "middle"


@dataclass(frozen=True)
class Band:
    title: str
    top: float
    series: tuple[Series, ...]
    legend: tuple[LegendEntry, ...]
    ticks: tuple[Tick, ...]
    height: int = BAND_HEIGHT

    @property
    def bottom(self) -> float:
        return self.top + self.height

    @property
    def middle(self) -> float:
        return self.top + self.height / 2

    @property
    def title_y(self) -> float:
        return self.top - 8

    @property
    def ticks_y(self) -> float:
        return self.bottom + 14

    @property
    def legend_y(self) -> float:
        return self.bottom + 34

    @property
    def extent(self) -> float:
        """The lowest point of the band: its legend's last row."""
        return self.legend_y + legend_height(self.legend)


@dataclass(frozen=True)
class Marker:
    x: float
    number: int
    title: str


@dataclass(frozen=True)
class ReflectionTimeline:
    bands: tuple[Band, ...]
    markers: tuple[Marker, ...]
    description: str
    width: int = WIDTH
    left: int = LEFT
    right_edge: int = WIDTH - RIGHT
    top: int = TOP

    @property
    def bottom(self) -> float:
        """Below the last band's legend: where the row of reflection markers sits."""
        return self.bands[-1].extent + 8 if self.bands else self.top

    @property
    def markers_y(self) -> float:
        return self.bottom + 14

    @property
    def height(self) -> int:
        return int(self.markers_y + 16)


class Axis:
    """Dates to x: the first and last day shown sit a little inside the plot."""

    def __init__(self, days: Sequence[date]) -> None:
        self.first, self.last = min(days), max(days)
        self.span = WIDTH - LEFT - RIGHT - 24

    def x(self, day: date) -> float:
        if self.first == self.last:
            return round(LEFT + 12 + self.span / 2, 1)
        return round(LEFT + 12 + (day - self.first).days / (self.last - self.first).days * self.span, 1)


def _band(
    title: str, points: dict[str, tuple[str, list[Point]]], top: float, ticks: tuple[Tick, ...]
) -> Band:
    series = tuple(
        Series(label, COLOURS.get(key, OTHER_COLOUR), DASHES.get(key, ""), tuple(found))
        for key, (label, found) in points.items()
    )
    legend: tuple[LegendEntry, ...] = legend_layout(series, LEFT, WIDTH)
    return Band(title=title, top=top, series=series, legend=legend, ticks=ticks)


def _points(responses: ResponseSet, respondent: str, child: Child, axis: Axis, top: float) -> dict:
    points: dict[str, tuple[str, list[Point]]] = {}
    rows = sorted(
        (r for r in responses.responses if r.respondent == respondent),
        key=lambda r: (r.moment.opens_on, r.moment.pk),
    )
    for response in rows:
        view = responses.view(response, child)
        for result in view.results:
            if result.score is None or result.position is None:
                continue
            key = result.construct or result.scale.key
            y = round(top + (1 - result.position) * BAND_HEIGHT, 1)
            title = f"{response.moment.name}: {result.label} {fmt(result.score)}"
            points.setdefault(key, (result.label, []))[1].append(
                Point(axis.x(response.moment.opens_on), y, title)
            )
    return points


def build(
    actor: StaffActor, child: Child, entries: Sequence[Entry], today: date
) -> ReflectionTimeline | None:
    """The author's entries and their relationship with the child over time; None when both are empty.

    Three queries for the scores (responses, versions, references).
    """
    responses = ResponseSet.load([child.pk], own_ratings(actor, today))
    days = [r.moment.opens_on for r in responses.responses] + [e.written_on for e in entries]
    if not days:
        return None
    axis = Axis(days)
    moments = {r.moment.pk: r.moment for r in responses.responses}
    ticks = tuple(
        Tick(axis.x(m.opens_on), m.name) for m in sorted(moments.values(), key=lambda m: m.opens_on)
    )
    bands = []
    top = float(TOP)
    titles = {TEACHER: _("How you see it"), CHILD: _("How %(child)s sees it") % {"child": child.first_name}}
    for respondent in (TEACHER, CHILD):
        points = _points(responses, respondent, child, axis, top)
        if points:
            band = _band(titles[respondent], points, top, ticks)
            bands.append(band)
            top = band.extent + BAND_GAP - 4
    ordered = sorted(entries, key=lambda e: (e.written_on, e.created_at))
    markers = tuple(
        Marker(
            axis.x(entry.written_on),
            number,
            _("Reflection %(number)s, %(day)s")
            % {"number": number, "day": dates.when(entry.written_on, "day")},
        )
        for number, entry in enumerate(ordered, start=1)
    )
    parts = [p.title for band in bands for s in band.series for p in s.points] + [m.title for m in markers]
    return ReflectionTimeline(bands=tuple(bands), markers=markers, description="; ".join(parts))
