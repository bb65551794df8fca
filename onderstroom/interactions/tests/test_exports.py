"""The log's tables as CSV and XLSX: turns, balance, not noticed. One tidy table, what the page shows,
read rows per child, no formula; the care coordinator only while the log is shared; outsiders 404."""

import csv
import io
from datetime import timedelta

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from onderstroom.audit.models import AuditEvent
from onderstroom.interactions.models import Kind, LogShare
from onderstroom.interactions.tests.helpers import children_of, tap
from onderstroom.testing.world import Persona, World

pytestmark = pytest.mark.django_db

TABLES = {"": "turns", "balance": "balance", "not-noticed": "unnoticed"}


def read_csv(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline=""), delimiter=";"))


def url(world: World, view: str) -> str:
    return f"/groups/{world.group.uuid}/interactions/{view}"


def logged(world: World) -> list:  # type: ignore[type-arg]
    a, b, c = children_of(world.group)
    a.first_name = "@SUM(1+1)"
    a.save()
    now = timezone.now()
    tap(world.teacher, world.group, a, Kind.TURN, now)
    tap(world.teacher, world.group, a, Kind.PRAISE, now)
    tap(world.teacher, world.group, b, Kind.CORRECTION, now)
    tap(world.teacher, world.group, c, Kind.PERSONAL, now - timedelta(days=10))
    return [a, b, c]


def test_turns_download_one_row_per_child_as_the_page_shows(world: World) -> None:
    logged(world)
    client = world.client_for(Persona.TEACHER)
    page = client.get(url(world, ""))
    assert "?format=xlsx" in page.content.decode()
    rows = read_csv(client.get(url(world, ""), {"format": "csv"}).content)
    assert rows[0] == ["Leerling", "Week van", "Beurten"]
    monday = page.context["monday"].isoformat()
    expected = [
        [("'" if r.member.name.startswith("@") else "") + r.member.name, monday, str(r.count)]
        for r in page.context["result"].rows
    ]
    assert rows[1:] == expected
    assert any(row[0].startswith("'@SUM") for row in rows[1:])  # neutralised, not a formula


def test_balance_download_has_the_pages_numbers(world: World) -> None:
    _a, b, _c = logged(world)
    client = world.client_for(Persona.TEACHER)
    rows = read_csv(client.get(url(world, "balance"), {"format": "csv"}).content)
    header = rows[0]
    assert header == ["Leerling", "Vanaf", "Tot", "Positief", "Negatief", "Meer correcties"]
    body = [dict(zip(header, row, strict=True)) for row in rows[1:]]
    assert len(body) == 3
    by_first = {row["Leerling"].split(" ")[0]: row for row in body}
    assert by_first["'@SUM(1+1)"]["Positief"] == "1"  # the praise; a turn is no contact of either kind
    assert by_first[b.first_name]["Negatief"] == "1"
    assert by_first[b.first_name]["Meer correcties"] == "ja"
    workbook = load_workbook(io.BytesIO(client.get(url(world, "balance"), {"format": "xlsx"}).content))
    sheet = workbook.active
    assert sheet is not None
    values = list(sheet.iter_rows(values_only=True))
    assert [str(v) for v in values[0]] == header
    assert len(values) == 4
    assert all(cell.data_type != "f" for line in sheet.iter_rows() for cell in line)


def test_not_noticed_download_lists_the_rows_of_the_page(world: World) -> None:
    logged(world)
    client = world.client_for(Persona.TEACHER)
    page_rows = client.get(url(world, "not-noticed")).context["rows"]
    rows = read_csv(client.get(url(world, "not-noticed"), {"format": "csv"}).content)
    assert rows[0] == ["Leerling", "Laatst gezien", "Dagen geleden"]
    assert len(rows) == 1 + len(page_rows)
    assert {row[0] for row in rows[1:]} == {r.member.name for r in page_rows}


@pytest.mark.parametrize("view", list(TABLES))
def test_every_download_writes_a_read_row_per_child_it_holds(world: World, view: str) -> None:
    logged(world)
    client = world.client_for(Persona.TEACHER)
    client.get(url(world, view))
    page = {e.child_id for e in AuditEvent.objects.filter(action=f"interactions.{TABLES[view]}.view")}
    assert page
    for fmt in ("csv", "xlsx"):
        assert client.get(url(world, view), {"format": fmt}).status_code == 200
        events = AuditEvent.objects.filter(action=f"interactions.{TABLES[view]}.{fmt}")
        assert {e.child_id for e in events} == page


@pytest.mark.parametrize("view", list(TABLES))
def test_downloads_follow_the_pages_gate(world: World, view: str) -> None:
    logged(world)
    for persona in (Persona.OUTSIDER, Persona.CHILD, Persona.ADMIN, Persona.OTHER_TEACHER):
        assert world.client_for(persona).get(url(world, view), {"format": "csv"}).status_code == 404, persona
    care = world.client_for(Persona.CARE)
    assert care.get(url(world, view), {"format": "csv"}).status_code == 404  # the log is not shared
    LogShare.objects.create(school=world.school, teacher=world.teacher, group=world.group)
    shared = care.get(url(world, view), {"format": "csv", "teacher": str(world.teacher.uuid)})
    assert shared.status_code == 200
    assert world.client_for(Persona.TEACHER).get(url(world, view), {"format": "ods"}).status_code == 404
