"""Builders for import files (made here, never committed as binaries) and a school admin actor."""

import csv
import io
import zipfile
from collections.abc import Sequence

import pytest
from openpyxl import Workbook

from onderstroom.imports import services
from onderstroom.schools.access import StaffActor, build_staff_actor
from onderstroom.schools.models import Child, Enrollment, Group
from onderstroom.testing.world import World

HEADER = (
    "Leerlingnummer",
    "Roepnaam",
    "Tussenvoegsel",
    "Achternaam",
    "Groep",
    "Leerjaar",
    "Geboortedatum",
    "Geslacht",
)
YEAR = services.current_year_name()

Row = Sequence[object]


def q(text: object) -> str:
    """A value in the typographic quotes messages put around it."""
    return f"\u2018{text}\u2019"


def pupil(number: int, group: str = "Groep 5", grade: object = "", **changes: object) -> list[object]:
    """One row under HEADER: pupil number 1000+n, a plausible name and birthday."""
    row: dict[str, object] = {
        "Leerlingnummer": f"{1000 + number}",
        "Roepnaam": f"Kind{number}",
        "Tussenvoegsel": "van der" if number % 3 == 0 else "",
        "Achternaam": f"Berg{number}",
        "Groep": group,
        "Leerjaar": grade,
        "Geboortedatum": f"{number % 28 + 1}-{number % 12 + 1}-2016",
        "Geslacht": "MV"[number % 2],
    }
    row.update(changes)
    return list(row.values())


def csv_bytes(rows: Sequence[Row], delimiter: str = ";", encoding: str = "utf-8") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode(encoding)


def xlsx_bytes(rows: Sequence[Row]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def zip_bytes(files: dict[str, str | bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def school_state(world: World) -> tuple[list[tuple], list[tuple], list[tuple]]:
    """Everything an import may touch at the world's school, to show that nothing changed."""
    school = world.school
    children = list(
        Child.objects.filter(school=school)
        .order_by("pk")
        .values_list("pk", "first_name", "surname_prefix", "surname", "birth_date", "gender", "external_id")
    )
    groups = list(Group.objects.filter(school=school).order_by("pk").values_list("pk", "name", "grades"))
    enrollments = list(
        Enrollment.objects.filter(school=school).order_by("pk").values_list("pk", "child", "group", "grade")
    )
    return children, groups, enrollments


def run_import(actor: StaffActor, content: bytes, year: str = YEAR, filename: str = "leerlingen.csv") -> dict:
    job = services.start_import(actor, content=content, filename=filename, year_name=year)
    return services.apply_import(actor, job)


@pytest.fixture
def admin(world: World) -> StaffActor:
    return build_staff_actor(world.admin, "192.0.2.10", world.school.pk)
