"""Server-rendered SVG charts of a plan: dosage per week and fidelity per session.

Python computes every coordinate; the templates in `bankingtime/charts/` only draw. Planned
and held differ in outline and fill, techniques and slips in direction (up and down), so no
reading depends on colour alone.
"""

import math
from dataclasses import dataclass

from django.utils.translation import gettext as _

from onderstroom.bankingtime.dates import short
from onderstroom.bankingtime.dosage import CURRENT, FINISHED, Dosage, Fidelity
from onderstroom.bankingtime.models import Slip, Technique
from onderstroom.questionnaires.api import fmt

WIDTH = 640
LEFT = 34
RIGHT = 10
TOP = 22
PLOT_HEIGHT = 120
MAX_SLOT = 64


def number(value: float) -> str:
    """1 and 1,3: a whole number without decimals, a prorated one with one."""
    return fmt(value, 0) if float(value).is_integer() else fmt(value, 1)


@dataclass(frozen=True)
class WeekBar:
    x: float
    width: float
    planned_y: float
    planned_height: float
    held_y: float
    held_height: float
    label: str
    value_text: str
    state: str
    title: str

    @property
    def centre(self) -> float:
        return self.x + self.width / 2


@dataclass(frozen=True)
class GridLine:
    y: float
    label: str


@dataclass(frozen=True)
class DosageChart:
    bars: tuple[WeekBar, ...]
    grid: tuple[GridLine, ...]
    description: str
    width: int = WIDTH
    left: int = LEFT
    top: int = TOP
    plot_height: int = PLOT_HEIGHT

    @property
    def baseline(self) -> int:
        return self.top + self.plot_height

    @property
    def height(self) -> int:
        return self.baseline + 58

    @property
    def legend_y(self) -> int:
        return self.baseline + 46

    @property
    def right_edge(self) -> int:
        return self.width - RIGHT


def _slots(count: int) -> tuple[float, float]:
    """(slot width, left offset) so that a few weeks do not turn into very wide bars."""
    span = WIDTH - LEFT - RIGHT
    slot = min(MAX_SLOT, span / max(count, 1))
    return slot, LEFT + (span - slot * count) / 2


def dosage_chart(dosage: Dosage) -> DosageChart | None:
    if not dosage.weeks:
        return None
    top_value = max(dosage.per_week, max(w.held for w in dosage.weeks), 1)
    scale = PLOT_HEIGHT / top_value
    slot, offset = _slots(len(dosage.weeks))
    bars, parts = [], []
    for index, week in enumerate(dosage.weeks):
        planned_height = week.planned * scale
        held_height = week.held * scale
        value = _("%(held)s of %(planned)s") % {"held": week.held, "planned": number(week.planned)}
        title = _("Week %(number)s (%(first)s – %(last)s): %(value)s held") % {  # noqa: RUF001 - a date range
            "number": week.number,
            "first": short(week.starts_on),
            "last": short(week.ends_on),
            "value": value,
        }
        if week.state == CURRENT:
            title += " " + _("(this week, not over yet)")
        elif week.state != FINISHED:
            title += " " + _("(still to come)")
        bars.append(
            WeekBar(
                x=round(offset + index * slot + slot * 0.15, 1),
                width=round(slot * 0.7, 1),
                planned_y=round(TOP + PLOT_HEIGHT - planned_height, 1),
                planned_height=round(planned_height, 1),
                held_y=round(TOP + PLOT_HEIGHT - held_height, 1),
                held_height=round(held_height, 1),
                label=str(week.number),
                value_text=""
                if week.state not in (FINISHED, CURRENT)
                else f"{week.held}/{number(week.planned)}",
                state=week.state,
                title=title,
            )
        )
        parts.append(title)
    grid = tuple(
        GridLine(y=round(TOP + PLOT_HEIGHT - value * scale, 1), label=str(value))
        for value in _grid_values(top_value)
    )
    return DosageChart(bars=tuple(bars), grid=grid, description="; ".join(parts))


def _grid_values(top: int) -> list[int]:
    step = max(1, math.ceil(top / 4))
    return list(range(0, top + 1, step))


# --- fidelity --------------------------------------------------------------------------------------

FIDELITY_HALF = 70  # pixels above (techniques) and below (slips) the middle line


@dataclass(frozen=True)
class SessionBar:
    x: float
    width: float
    up_y: float
    up_height: float
    down_height: float
    label: str
    title: str

    @property
    def centre(self) -> float:
        return self.x + self.width / 2


@dataclass(frozen=True)
class FidelityChart:
    bars: tuple[SessionBar, ...]
    description: str
    width: int = WIDTH
    left: int = LEFT
    top: int = TOP
    half: int = FIDELITY_HALF
    techniques_total: int = len(Technique)
    slips_total: int = len(Slip)

    @property
    def middle(self) -> int:
        return self.top + self.half

    @property
    def bottom(self) -> int:
        return self.middle + self.half

    @property
    def height(self) -> int:
        return self.bottom + 58

    @property
    def legend_y(self) -> int:
        return self.bottom + 46

    @property
    def right_edge(self) -> int:
        return self.width - RIGHT


def fidelity_chart(fidelity: Fidelity) -> FidelityChart | None:
    if not fidelity.sessions:
        return None
    up_scale = FIDELITY_HALF / len(Technique)
    down_scale = FIDELITY_HALF / len(Slip)
    slot, offset = _slots(len(fidelity.sessions))
    every = max(1, math.ceil(len(fidelity.sessions) / 20))  # at most twenty labels under the bars
    bars, parts = [], []
    for index, session in enumerate(fidelity.sessions):
        title = _(
            "Session %(number)s (%(day)s): %(techniques)s of %(t_total)s techniques, %(slips)s slipped in"
        ) % {
            "number": session.number,
            "day": short(session.held_on),
            "techniques": session.techniques,
            "t_total": len(Technique),
            "slips": session.slips,
        }
        bars.append(
            SessionBar(
                x=round(offset + index * slot + slot * 0.15, 1),
                width=round(slot * 0.7, 1),
                up_y=round(TOP + FIDELITY_HALF - session.techniques * up_scale, 1),
                up_height=round(session.techniques * up_scale, 1),
                down_height=round(session.slips * down_scale, 1),
                label=str(session.number) if index % every == 0 else "",
                title=title,
            )
        )
        parts.append(title)
    return FidelityChart(bars=tuple(bars), description="; ".join(parts))
