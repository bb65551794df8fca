"""The plans table and the care coordinator's signals list as CSV and XLSX: one tidy table, what the
page shows that role (a private reflection stays unseen), read rows per child, no formula, 404 outside."""

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from onderstroom.audit.models import AuditEvent
from onderstroom.bankingtime.tests.helpers import add_session, make_plan
from onderstroom.bankingtime.tests.test_actions import signal_moment
from onderstroom.reflection.models import Entry
from onderstroom.schools.access import today
from onderstroom.testing.world import Persona, World

pytestmark = pytest.mark.django_db


def read_csv(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline=""), delimiter=";"))


def test_the_plans_download_as_the_table_the_page_shows(world: World) -> None:
    child = world.child
    child.first_name = "+31 6 1234"
    child.save()
    plan = make_plan(child, world.group, world.teacher, starts_on=today() - timedelta(days=14))
    add_session(plan, today() - timedelta(days=10))
    url = reverse("bankingtime:overview", kwargs={"uuid": world.group.uuid})
    client = world.client_for(Persona.CARE)
    assert "?format=xlsx" in client.get(url).content.decode()
    rows = read_csv(client.get(url, {"format": "csv"}).content)
    header, body = rows[0], rows[1:]
    assert header[:3] == ["Leerling", "Leerkracht", "Minuten"]
    assert len(body) == 1
    line = dict(zip(header, body[0], strict=True))
    assert line["Leerling"] == f"'{child.full_name}"  # neutralised
    assert line["Minuten"] == "10"
    assert line["Status"] == "loopt"
    assert line["Laatste sessie"] == (today() - timedelta(days=10)).isoformat()
    workbook = load_workbook(io.BytesIO(client.get(url, {"format": "xlsx"}).content))
    sheet = workbook.active
    assert sheet is not None
    values = list(sheet.iter_rows(values_only=True))
    assert [str(v) for v in values[0]] == header
    assert len(values) == 2
    assert all(cell.data_type != "f" for line in sheet.iter_rows() for cell in line)
    for fmt in ("csv", "xlsx"):
        events = AuditEvent.objects.filter(action=f"bankingtime.overview.{fmt}")
        assert [e.child_id for e in events] == [world.child.pk]


def test_the_signals_list_downloads_what_the_care_coordinator_sees(world: World) -> None:
    moment = signal_moment(world)
    url = reverse("bankingtime:signals", kwargs={"uuid": world.group.uuid})
    care = world.client_for(Persona.CARE)
    # A private reflection linked to the signal is no plan for the care coordinator: not in the file.
    Entry.objects.create(
        school=world.school,
        child=world.child,
        group=world.group,
        author=world.teacher,
        written_on=today(),
        picture="x",
        signal_key="low_handling",
        signal_moment=moment,
    )
    page_rows = care.get(url).context["rows"]
    rows = read_csv(care.get(url, {"format": "csv"}).content)
    header, body = rows[0], rows[1:]
    assert header == ["Leerling", "Leerkracht", "Meetmoment", "Signaal", "Reden", "Plan"]
    assert len(body) == len(page_rows) == 1
    assert body[0][0] == world.child.full_name
    assert body[0][2] == moment.name
    assert body[0][5] == "nog geen plan"
    make_plan(world.child, world.group, world.teacher, signal_key="low_handling", signal_moment=moment)
    workbook = load_workbook(io.BytesIO(care.get(url, {"format": "xlsx"}).content))
    sheet = workbook.active
    assert sheet is not None
    values = list(sheet.iter_rows(values_only=True))
    assert len(values) == 2
    assert values[1][5] != "nog geen plan"
    for fmt in ("csv", "xlsx"):
        events = AuditEvent.objects.filter(action=f"bankingtime.signals.{fmt}")
        assert {e.child_id for e in events} == {world.child.pk}


def test_the_downloads_follow_the_pages_gates(world: World) -> None:
    make_plan(world.child, world.group, world.teacher)
    overview = reverse("bankingtime:overview", kwargs={"uuid": world.group.uuid})
    signals = reverse("bankingtime:signals", kwargs={"uuid": world.group.uuid})
    for persona in (Persona.OUTSIDER, Persona.CHILD, Persona.ADMIN, Persona.OTHER_TEACHER):
        for url in (overview, signals):
            assert world.client_for(persona).get(url, {"format": "csv"}).status_code == 404, (persona, url)
    assert world.client_for(Persona.TEACHER).get(signals, {"format": "csv"}).status_code == 404
    assert world.client_for(Persona.TEACHER).get(overview, {"format": "csv"}).status_code == 200
    assert world.client_for(Persona.CARE).get(overview, {"format": "json"}).status_code == 404
