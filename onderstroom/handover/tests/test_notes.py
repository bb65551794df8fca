"""Writing a handover note: only the child's teacher this year, at least one part, an audit row each time."""

from datetime import date, datetime, time, timedelta
from unittest import mock

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from onderstroom.audit.models import AuditEvent
from onderstroom.bankingtime.models import Plan
from onderstroom.handover.models import HandoverNote
from onderstroom.schools.access import today
from onderstroom.testing.world import Persona, World

pytestmark = pytest.mark.django_db


def test_the_teacher_writes_and_changes_a_note_and_each_write_is_audited(world: World) -> None:
    client = world.client_for(Persona.TEACHER)
    url = reverse("handover:write", args=[world.child.uuid])
    response = client.post(url, {"approach": "Eerst even begroeten.", "themes": ""})
    assert response.status_code == 302
    note = HandoverNote.objects.get(child=world.child)
    assert (note.author, note.group, note.approach) == (world.teacher, world.group, "Eerst even begroeten.")
    client.post(url, {"approach": "Eerst begroeten.", "trusted_adult": "De conciërge."})
    assert HandoverNote.objects.filter(child=world.child).count() == 1
    actions = list(AuditEvent.objects.filter(child=world.child).values_list("action", flat=True))
    assert "handover.note.write" in actions
    assert "handover.note.change" in actions
    page = client.get(reverse("handover:group", args=[world.group.uuid])).content.decode()
    assert "Notitie wijzigen" in page


def test_an_empty_or_too_long_note_is_refused_and_nothing_is_stored(world: World) -> None:
    client = world.client_for(Persona.TEACHER)
    url = reverse("handover:write", args=[world.child.uuid])
    empty = client.post(url, {"approach": "  "})
    assert empty.status_code == 400
    assert "Schrijf minstens één ding op dat hielp." in empty.content.decode()
    long = client.post(url, {"approach": "x" * 401})
    assert long.status_code == 400
    assert not HandoverNote.objects.exists()


def test_the_note_can_be_removed_by_its_author(world: World) -> None:
    client = world.client_for(Persona.TEACHER)
    client.post(reverse("handover:write", args=[world.child.uuid]), {"insight": "Zoekt de rand op."})
    response = client.post(reverse("handover:remove", args=[world.child.uuid]))
    assert response.status_code == 302
    assert not HandoverNote.objects.exists()
    assert AuditEvent.objects.filter(action="handover.note.remove", child=world.child).exists()


def test_a_colleague_of_another_group_cannot_write_about_the_child(world: World) -> None:
    client = world.client_for(Persona.OTHER_TEACHER)
    response = client.post(reverse("handover:write", args=[world.child.uuid]), {"approach": "x"})
    assert response.status_code == 404
    assert not HandoverNote.objects.exists()


def test_a_new_note_starts_with_the_themes_of_the_teachers_own_plan(world: World) -> None:
    Plan.objects.create(
        school=world.school,
        child=world.child,
        group=world.group,
        teacher=world.teacher,
        minutes=10,
        sessions_per_week=2,
        weeks=6,
        starts_on=today(),
        fixed_moment="na de pauze",
        themes=["safe"],
        own_themes=["samen tekenen"],
        reason="contact",
    )
    page = world.client_for(Persona.TEACHER).get(reverse("handover:write", args=[world.child.uuid]))
    assert "Bij mij ben je veilig; samen tekenen" in page.content.decode()
    colleague = world.client_for(Persona.TEACHER, Client())
    colleague.force_login(world.co_teacher)
    draft = colleague.get(reverse("handover:write", args=[world.child.uuid])).content.decode()
    assert "samen tekenen" not in draft  # another teacher's plan is theirs


def test_the_home_page_reminds_the_teacher_in_the_last_weeks_of_the_year(world: World) -> None:
    year = world.group.school_year
    reminder = "Schrijf voor de zomer op wat de kinderen van"
    client = world.client_for(Persona.TEACHER)
    with mock.patch("django.utils.timezone.now", return_value=at(year.ends_on - timedelta(weeks=8))):
        assert reminder not in client.get(reverse("core:home")).content.decode()
    with mock.patch("django.utils.timezone.now", return_value=at(year.ends_on - timedelta(weeks=2))):
        client = world.client_for(Persona.TEACHER)
        page = client.get(reverse("core:home")).content.decode()
        assert f"{reminder} {world.group.name} hielp." in page
        assert reverse("handover:group", args=[world.group.uuid]) in page
        care = world.client_for(Persona.CARE).get(reverse("core:home")).content.decode()
        assert reminder not in care


def at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(9, 0)))
