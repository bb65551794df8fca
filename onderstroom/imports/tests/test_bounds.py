"""Imports are bounded by what a file really holds, and a preview left behind does not keep the file."""

import io
import time
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook

from onderstroom.imports import services
from onderstroom.imports.models import ImportJob
from onderstroom.imports.tests.conftest import HEADER, YEAR, csv_bytes, pupil
from onderstroom.schools.access import StaffActor
from onderstroom.testing.world import Persona, World

pytestmark = pytest.mark.django_db


def upload(world: World, content: bytes, filename: str) -> tuple[int, str]:
    client = world.client_for(Persona.ADMIN, Client(raise_request_exception=False))
    response = client.post(
        reverse("imports:start"), {"file": SimpleUploadedFile(filename, content), "year": YEAR}
    )
    return response.status_code, response.content.decode()


def test_a_small_xlsx_with_a_cell_at_the_last_row_is_refused_quickly(world: World) -> None:
    """5 KB with one cell at row 1,048,576 once took ~110 s of CPU per preview; now a clear refusal."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(HEADER))
    sheet.append(pupil(1))
    sheet.cell(row=1_048_576, column=1, value="x")
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert len(buffer.getvalue()) < 10_000
    started = time.process_time()
    status, text = upload(world, buffer.getvalue(), "leerlingen.xlsx")
    assert time.process_time() - started < 5
    assert status == 400
    assert "meer dan 1000 lege rijen" in text
    assert not ImportJob.objects.exists()


def test_a_csv_field_over_the_csv_limit_is_refused_with_its_line(world: World) -> None:
    """A field over 131,072 characters is a message naming the line, not a csv.Error and a 500."""
    content = csv_bytes([HEADER, pupil(1, Roepnaam="a" * 140_000)])
    status, text = upload(world, content, "leerlingen.csv")
    assert status == 400
    assert "Regel 2" in text
    assert not ImportJob.objects.exists()


def left_behind(admin: StaffActor, world: World, age: timedelta) -> ImportJob:
    """A preview whose request was killed before anyone confirmed or cancelled it."""
    job = services.start_import(
        admin, content=csv_bytes([HEADER, pupil(1)]), filename="a.csv", year_name=YEAR
    )
    ImportJob.objects.filter(pk=job.pk).update(created_at=timezone.now() - age)
    return job


def test_the_command_expires_previews_left_for_over_an_hour_and_deletes_their_file(
    admin: StaffActor, world: World
) -> None:
    stale = left_behind(admin, world, timedelta(minutes=61))
    call_command("expire_imports", stdout=io.StringIO())
    stale.refresh_from_db()
    assert stale.status == ImportJob.Status.ABANDONED
    assert stale.content is None


def test_a_preview_younger_than_an_hour_is_kept(admin: StaffActor, world: World) -> None:
    fresh = left_behind(admin, world, timedelta(minutes=30))
    call_command("expire_imports", stdout=io.StringIO())
    fresh.refresh_from_db()
    assert fresh.is_pending
    assert fresh.content is not None


def test_opening_a_stale_preview_finds_it_gone(admin: StaffActor, world: World) -> None:
    stale = left_behind(admin, world, timedelta(hours=2))
    client = world.client_for(Persona.ADMIN, Client(raise_request_exception=False))
    assert client.post(reverse("imports:confirm", args=[stale.uuid])).status_code in (302, 404)
    stale.refresh_from_db()
    assert stale.status == ImportJob.Status.ABANDONED
    assert stale.content is None
