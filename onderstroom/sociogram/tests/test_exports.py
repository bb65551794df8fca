"""The results table as CSV and XLSX: one row per child the page lists, what the page shows (who named
a child negatively only when the school shows names), no formula, read rows, closed to outsiders."""

import csv
import io

import pytest
from openpyxl import load_workbook

from onderstroom.audit.models import AuditEvent
from onderstroom.schools.models import Child
from onderstroom.sociogram.models import PeerSurvey
from onderstroom.sociogram.tests.helpers import allow_negative, answer, children_of, make_survey
from onderstroom.testing.world import Persona, World

pytestmark = pytest.mark.django_db


def read_csv(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline=""), delimiter=";"))


def answered(world: World) -> tuple[PeerSurvey, list[Child]]:
    allow_negative(world)
    survey = make_survey(world, ask_not_play=True)
    a, b, c = children_of(world.group)[:3]
    a.first_name = "=cmd|' /C calc'!A0"
    a.save()
    answer(survey, a, work=[b], play=[b])
    answer(survey, b, work=[a])
    answer(survey, c, work=[a], not_play=[b])
    return survey, [a, b, c]


def test_the_results_table_downloads_as_one_tidy_table(world: World) -> None:
    survey, (a, b, _c) = answered(world)
    client = world.client_for(Persona.CARE)
    url = f"/peer-surveys/{survey.uuid}/"
    assert "?format=xlsx" in client.get(url).content.decode()
    rows = read_csv(client.get(url, {"format": "csv"}).content)
    header, body = rows[0], rows[1:]
    assert header[0] == "Kind"
    assert "Negatief genoemd" in header
    assert len(body) == len(children_of(world.group))
    assert all(len(row) == len(header) for row in body)
    by_name = {row[0]: dict(zip(header, row, strict=True)) for row in body}
    first = by_name[f"'{a.full_name}"]  # neutralised, not a formula
    assert first["Gekozen door"] == "2"
    assert by_name[b.full_name]["Negatief genoemd"] == "1"
    assert by_name[b.full_name]["Negatief genoemd door"] == ""  # the school shows no names: counts only
    assert by_name[b.full_name]["Kozen elkaar"] != ""  # a and b chose each other
    for row in rows:
        assert not any(cell.startswith(("=", "+", "@")) for cell in row)
    workbook = load_workbook(io.BytesIO(client.get(url, {"format": "xlsx"}).content))
    sheet = workbook.active
    assert sheet is not None
    values = list(sheet.iter_rows(values_only=True))
    assert [str(v) for v in values[0]] == header
    assert len(values) == len(rows)
    assert all(cell.data_type != "f" for line in sheet.iter_rows() for cell in line)
    for fmt in ("csv", "xlsx"):
        events = AuditEvent.objects.filter(action=f"sociogram.results.{fmt}", object_uuid=str(survey.uuid))
        assert {e.child_id for e in events} == {child.pk for child in children_of(world.group)}


def test_the_names_behind_a_negative_count_only_when_the_school_shows_them(world: World) -> None:
    survey, (_a, b, c) = answered(world)
    allow_negative(world, names=True)
    rows = read_csv(world.client_for(Persona.TEACHER).get(f"/peer-surveys/{survey.uuid}/?format=csv").content)
    by_name = {row[0]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}
    assert c.first_name in by_name[b.full_name]["Negatief genoemd door"]


def test_the_results_table_download_is_closed_to_outsiders(world: World) -> None:
    survey, _children = answered(world)
    url = f"/peer-surveys/{survey.uuid}/"
    for persona in (Persona.OUTSIDER, Persona.CHILD, Persona.ADMIN, Persona.OTHER_TEACHER):
        for fmt in ("csv", "xlsx"):
            assert world.client_for(persona).get(url, {"format": fmt}).status_code == 404, (persona, fmt)
    assert world.client_for(Persona.CARE).get(url, {"format": "ods"}).status_code == 404
    assert not AuditEvent.objects.filter(action__startswith="sociogram.results.").exists()
