"""Last year's teacher still writes handover notes in the first weeks of the new school year (until the
autumn holiday, or else 6 weeks in), for the children they taught; the new teacher reads them. Nobody
else writes about those children, and after the grace period last year's teacher does not either."""

from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from onderstroom.handover.models import HandoverNote
from onderstroom.schools.models import Group, Role, SchoolHoliday, SchoolYear
from onderstroom.testing.world import Persona, World, add_child, make_child, make_staff, set_up

pytestmark = pytest.mark.django_db


@set_up
def last_year(world: World) -> tuple[SchoolYear, Group, Group]:
    """Last school year: the world's child was in Groep 3 (taught by juf Ans), another child in Groep 6."""
    now = world.group.school_year
    year = SchoolYear.objects.create(
        school=world.school,
        name=f"{now.starts_on.year - 1}-{now.starts_on.year}",
        starts_on=now.starts_on.replace(year=now.starts_on.year - 1),
        ends_on=now.starts_on - timedelta(days=1),
    )
    taught = Group.objects.create(school=world.school, school_year=year, name="Groep 3", grades=[3])
    other = Group.objects.create(school=world.school, school_year=year, name="Groep 6", grades=[6])
    add_child(taught, world.child)
    add_child(other, make_child(world.school))
    ans = make_staff(world.school, [Role.TEACHER], teaches=[taught], name="Juf Ans")
    world.extra["ans"] = ans
    return year, taught, other


def on_day(monkeypatch: pytest.MonkeyPatch, day: date) -> None:
    real = timezone.localdate

    def fake(value: object = None, timezone: object = None) -> date:
        return day if value is None else real(value, timezone)  # type: ignore[arg-type]

    monkeypatch.setattr("django.utils.timezone.localdate", fake)


def ans_client(world: World) -> Client:
    client = Client()
    client.force_login(world.extra["ans"])  # type: ignore[arg-type]
    return client


def test_last_years_teacher_writes_in_the_first_weeks_and_the_new_teacher_reads_it(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    year, taught, _other = last_year(world)
    start = world.group.school_year.starts_on
    on_day(monkeypatch, start + timedelta(days=10))
    ans = ans_client(world)
    home = ans.get(reverse("core:home")).content.decode()
    assert "Je groep van vorig jaar, Groep 3" in home
    assert reverse("handover:group", args=[taught.uuid]) in home
    page = ans.get(reverse("handover:group", args=[taught.uuid]))
    assert page.status_code == 200
    assert world.child.full_name in page.content.decode()
    response = ans.post(reverse("handover:write", args=[world.child.uuid]), {"approach": "Eerst begroeten."})
    assert response.status_code == 302
    note = HandoverNote.objects.get(child=world.child)
    assert (note.school_year, note.group, note.author) == (year, taught, world.extra["ans"])
    # The new teacher (of the world's group this year) reads it on the child page.
    child_page = world.client_for(Persona.TEACHER).get(reverse("schools:child", args=[world.child.uuid]))
    assert "Eerst begroeten." in child_page.content.decode()
    assert "Juf Ans" in child_page.content.decode()
    # Ans changes it, then takes it back, within the grace period.
    ans.post(reverse("handover:write", args=[world.child.uuid]), {"approach": "Eerst even begroeten."})
    assert HandoverNote.objects.get(child=world.child).approach == "Eerst even begroeten."
    assert ans.post(reverse("handover:remove", args=[world.child.uuid])).status_code == 302
    assert not HandoverNote.objects.exists()


def test_after_six_weeks_last_years_teacher_writes_no_more(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    _year, taught, _other = last_year(world)
    start = world.group.school_year.starts_on
    on_day(monkeypatch, start + timedelta(weeks=6) - timedelta(days=1))
    ans = ans_client(world)
    assert ans.get(reverse("handover:write", args=[world.child.uuid])).status_code == 200
    on_day(monkeypatch, start + timedelta(weeks=6))
    assert ans.post(reverse("handover:write", args=[world.child.uuid]), {"approach": "x"}).status_code == 404
    assert ans.get(reverse("handover:group", args=[taught.uuid])).status_code == 404
    assert "Groep 3" not in ans.get(reverse("core:home")).content.decode()
    assert not HandoverNote.objects.exists()


def test_the_autumn_holiday_ends_the_grace_period(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    last_year(world)
    start = world.group.school_year.starts_on
    autumn = start + timedelta(weeks=8)
    SchoolHoliday.objects.create(
        school=world.school, name="Herfstvakantie", first_day=autumn, last_day=autumn + timedelta(days=8)
    )
    ans = ans_client(world)
    on_day(monkeypatch, autumn - timedelta(days=1))  # beyond 6 weeks, before the autumn holiday
    assert ans.post(reverse("handover:write", args=[world.child.uuid]), {"insight": "x"}).status_code == 302
    on_day(monkeypatch, autumn)
    assert ans.post(reverse("handover:write", args=[world.child.uuid]), {"insight": "y"}).status_code == 404
    assert HandoverNote.objects.get().insight == "x"


def test_nobody_writes_about_children_they_did_not_teach(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    _year, _taught, other = last_year(world)
    on_day(monkeypatch, world.group.school_year.starts_on + timedelta(days=10))
    other_child = other.enrollments.get().child
    ans = ans_client(world)
    # Ans did not teach last year's Groep 6.
    assert ans.get(reverse("handover:group", args=[other.uuid])).status_code == 404
    assert ans.post(reverse("handover:write", args=[other_child.uuid]), {"approach": "x"}).status_code == 404
    # A teacher who did not teach the world's child last year, nor teaches them now.
    colleague = world.client_for(Persona.OTHER_TEACHER)
    assert (
        colleague.post(reverse("handover:write", args=[world.child.uuid]), {"approach": "x"}).status_code
        == 404
    )
    # The care coordinator and the director write no handover notes.
    for persona in (Persona.CARE, Persona.ADMIN, Persona.STAFF_MEMBER):
        response = world.client_for(persona).post(
            reverse("handover:write", args=[world.child.uuid]), {"approach": "x"}
        )
        assert response.status_code in (403, 404)
    assert not HandoverNote.objects.exists()
