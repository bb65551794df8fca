"""Dates as the whole UI shows them (core/dates.py): the class-session picker says when a board was
made in the school's time zone and the active language, as the rest of the app does."""

from datetime import UTC, datetime

import pytest
from django.urls import reverse

from onderstroom.constellations import services
from onderstroom.constellations.models import Constellation
from onderstroom.schools.access import StaffActor
from onderstroom.testing.world import Persona, World

MADE = datetime(2026, 12, 4, 15, 47, tzinfo=UTC)  # 16:47 in Amsterdam


@pytest.mark.parametrize(("language", "shown"), [("nl", "4 dec 2026 16:47"), ("en", "4 Dec 2026 16:47")])
def test_the_class_session_picker_shows_local_time_in_the_active_language(
    world: World, teacher: StaffActor, language: str, shown: str
) -> None:
    board = services.create_class_constellation(teacher, world.group, "Onze klas", "round")
    Constellation.objects.filter(pk=board.pk).update(created_at=MADE)
    client = world.client_for(Persona.TEACHER)
    client.cookies["onderstroom_language"] = language
    page = client.get(reverse("childsessions:new", kwargs={"uuid": world.group.uuid})).content.decode()
    assert f"Onze klas ({shown})" in page
    assert "15:47" not in page


@pytest.mark.parametrize(
    ("language", "shown"), [("nl", "4 december 2026 16:47"), ("en", "4 December 2026 16:47")]
)
def test_the_replay_page_shows_the_same_moment(
    world: World, teacher: StaffActor, language: str, shown: str
) -> None:
    board = services.create_class_constellation(teacher, world.group, "Onze klas", "round")
    Constellation.objects.filter(pk=board.pk).update(created_at=MADE)
    client = world.client_for(Persona.TEACHER)
    client.cookies["onderstroom_language"] = language
    page = client.get(reverse("constellations:replay", args=[board.uuid])).content.decode()
    assert shown in page
