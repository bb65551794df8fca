"""The teacher's rating grid: one row per child, one cell per item, the actor's own answers only."""

from dataclasses import dataclass
from uuid import UUID

from django.http import QueryDict
from django.utils.translation import gettext as _

from onderstroom.instruments.engine import InstrumentDefinition, fill_in
from onderstroom.instruments.models import Respondent
from onderstroom.questionnaires.models import MeasurementMoment, Response
from onderstroom.questionnaires.services import AnswerIn
from onderstroom.schools.access import StaffActor
from onderstroom.schools.models import Child, Enrollment

FIELD_PREFIX = "a"


@dataclass(frozen=True)
class Cell:
    item: str
    name: str  # the form field: a-<child uuid>-<item key>
    value: str


@dataclass(frozen=True)
class GridRow:
    child: Child
    cells: tuple[Cell, ...]

    @property
    def answered(self) -> int:
        return sum(1 for cell in self.cells if cell.value)


@dataclass(frozen=True)
class Column:
    key: str
    number: int
    template: str  # the item in the active language, {child} still in it (filled in per row by grid.js)
    legend: str  # the item with "the child" in place, for the plain page


@dataclass(frozen=True)
class Grid:
    spec: InstrumentDefinition
    columns: tuple[Column, ...]
    rows: tuple[GridRow, ...]

    @property
    def total(self) -> int:
        return len(self.rows) * len(self.columns)

    @property
    def answered(self) -> int:
        return sum(row.answered for row in self.rows)

    @property
    def column_data(self) -> list[dict[str, object]]:
        """The statements for grid.js, which fills in each row's name as the cursor moves."""
        return [{"key": c.key, "number": c.number, "text": c.template} for c in self.columns]

    @property
    def keys(self) -> str:
        return "".join(str(o.value) for o in self.spec.options if 0 <= o.value <= 9)


def grid_for(actor: StaffActor, moment: MeasurementMoment) -> Grid:
    """Two queries: the class, and this teacher's own responses at the moment."""
    assert moment.teacher_version is not None  # the rate view asks for one first (404 without)
    spec = moment.teacher_version.spec
    enrollments = sorted(
        Enrollment.objects.filter(group_id=moment.group_id).select_related("child"),
        key=lambda e: (e.child.sort_surname, e.child.first_name.lower()),
    )
    own = dict(
        Response.objects.filter(moment=moment, teacher=actor.user, respondent=Respondent.TEACHER).values_list(
            "child_id", "values"
        )
    )
    columns = tuple(
        Column(item.key, n, item.text.get(), fill_in(item.text.get(), _("the child")))
        for n, item in enumerate(spec.items, start=1)
    )
    rows = []
    for enrollment in enrollments:
        values = own.get(enrollment.child_id, {})
        cells = []
        for item in spec.items:
            name = f"{FIELD_PREFIX}-{enrollment.child.uuid}-{item.key}"
            stored = values.get(item.key)
            cells.append(Cell(item.key, name, str(stored) if stored is not None else ""))
        rows.append(GridRow(enrollment.child, tuple(cells)))
    return Grid(spec=spec, columns=columns, rows=tuple(rows))


class GridInvalid(ValueError):
    def __init__(self, errors: list[str]) -> None:
        super().__init__("; ".join(errors))
        self.errors = errors


def parse_grid_post(grid: Grid, data: QueryDict) -> list[tuple[UUID, AnswerIn]]:
    """The changed cells of the plain (no JavaScript) form; any bad cell refuses the whole form."""
    allowed = {str(v) for v in grid.spec.values}
    answers: list[tuple[UUID, AnswerIn]] = []
    errors: list[str] = []
    for row in grid.rows:
        for number, cell in enumerate(row.cells, start=1):
            if cell.name not in data:
                continue
            posted = str(data[cell.name]).strip()
            if posted == cell.value:
                continue
            if posted and posted not in allowed:
                errors.append(
                    _("%(child)s, question %(number)d: “%(value)s” is not an answer (%(low)d to %(high)d).")
                    % {
                        "child": row.child.first_name,
                        "number": number,
                        "value": posted[:10],
                        "low": grid.spec.min_value,
                        "high": grid.spec.max_value,
                    }
                )
                continue
            answers.append((row.child.uuid, AnswerIn(item=cell.item, value=int(posted) if posted else None)))
    if errors:
        raise GridInvalid(errors)
    return answers
