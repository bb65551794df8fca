"""Server-rendered SVG charts of a plan: dosage per week and fidelity per session.

Python computes every coordinate with the chart kit of `core/charts.py`; the templates only draw
(`bankingtime/charts/dosage.html` and the shared `charts/up_down.html`). Planned and held differ
in outline and fill, techniques and slips in direction (up and down), so no reading depends on
colour alone.
"""

import math
from dataclasses import dataclass

from django.utils.translation import gettext as _

from onderstroom.bankingtime.dosage import CURRENT, FINISHED, Dosage, Fidelity
from onderstroom.bankingtime.models import Slip, Technique
from onderstroom.core import dates
from onderstroom.core.charts import (
    PALETTE,
    UpDown,
    UpDownChart,
    UpDownFrame,
    bar_in_slot,
    slots,
    swatches,
    up_down_chart,
)
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


def dosage_chart(dosage: Dosage) -> DosageChart | None:
    if not dosage.weeks:
        return None
    top_value = max(dosage.per_week, max(w.held for w in dosage.weeks), 1)
    scale = PLOT_HEIGHT / top_value
    slot, offset = slots(len(dosage.weeks), LEFT, WIDTH - RIGHT, MAX_SLOT)
    bars, parts = [], []
    for index, week in enumerate(dosage.weeks):
        planned_height = week.planned * scale
        held_height = week.held * scale
        value = _("%(held)s of %(planned)s") % {"held": week.held, "planned": number(week.planned)}
        title = _("Week %(number)s (%(first)s – %(last)s): %(value)s held") % {  # noqa: RUF001 - a date range
            "number": week.number,
            "first": dates.when(week.starts_on, "short"),
            "last": dates.when(week.ends_on, "short"),
            "value": value,
        }
        if week.state == CURRENT:
            title += " " + _("(this week, not over yet)")
        elif week.state != FINISHED:
            title += " " + _("(still to come)")
        x, width = bar_in_slot(offset, index, slot)
        bars.append(
            WeekBar(
                x=x,
                width=width,
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

FIDELITY = UpDownFrame(left=LEFT, top=TOP, half=70, right=RIGHT, max_slot=MAX_SLOT)


def fidelity_chart(fidelity: Fidelity) -> UpDownChart | None:
    """Per session the techniques used (up) and the behaviours that slipped in (down), in one frame."""
    if not fidelity.sessions:
        return None
    every = max(1, math.ceil(len(fidelity.sessions) / 20))  # at most twenty labels under the bars
    items = [
        UpDown(
            up=session.techniques,
            down=session.slips,
            label=str(session.number) if index % every == 0 else "",
            title=_(
                "Session %(number)s (%(day)s): %(techniques)s of %(t_total)s techniques, %(slips)s slipped in"
            )
            % {
                "number": session.number,
                "day": dates.when(session.held_on, "short"),
                "techniques": session.techniques,
                "t_total": len(Technique),
                "slips": session.slips,
            },
        )
        for index, session in enumerate(fidelity.sessions)
    ]
    legend = swatches(
        [(_("techniques used (up)"), PALETTE.positive), (_("slipped in (down)"), PALETTE.negative)]
    )
    return up_down_chart(
        items,
        FIDELITY,
        width=WIDTH,
        up_most=len(Technique),
        down_most=len(Slip),
        axis_label=_("session"),
        legend=legend,
    )
