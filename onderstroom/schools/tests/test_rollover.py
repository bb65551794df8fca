"""A new school year (issue 13): groups move up, leavers of groep 8 end, last year's open things close,
and nothing of last year is lost. On a copy of the demo, too."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from onderstroom.accounts.models import User
from onderstroom.audit.models import AuditEvent
from onderstroom.bankingtime.models import Plan
from onderstroom.childsessions.models import ClassSession
from onderstroom.demo.demo_board import find_demo_board
from onderstroom.questionnaires.models import MeasurementMoment, Response
from onderstroom.schools.access import build_staff_actor, today
from onderstroom.schools.models import Enrollment, Group, SchoolYear
from onderstroom.schools.rollover import moved_name
from onderstroom.schools.services import start_new_year
from onderstroom.testing.world import Persona, World

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("name", "old", "new", "expected"),
    [
        ("Groep 4", [4], [5], "Groep 5"),
        ("Groep 4/5/6", [4, 5, 6], [5, 6, 7], "Groep 5/6/7"),
        ("Groep 7b", [7], [8], "Groep 8b"),
        ("Regenboog", [3], [4], "Regenboog"),
    ],
)
def test_a_group_name_follows_its_grades(name: str, old: list[int], new: list[int], expected: str) -> None:
    assert moved_name(name, old, new) == expected


def test_the_preview_changes_nothing_and_confirming_promotes(world: World) -> None:
    admin = world.client_for(Persona.ADMIN)
    url = reverse("schools:year_rollover")
    year = world.group.school_year
    before = Enrollment.objects.count()
    page = admin.get(url).content.decode()
    assert "Groep 7" in page  # the other group, moving up
    assert Enrollment.objects.count() == before
    assert not SchoolYear.objects.filter(starts_on__gt=year.starts_on).exists()

    response = admin.post(url)
    assert response.status_code == 302
    following = SchoolYear.objects.get(starts_on__gt=year.starts_on)
    moved = Group.objects.get(school_year=following, grades=[8])
    assert moved.name == "Groep 8"
    assert Enrollment.objects.filter(group=moved).count() == world.other_group.enrollments.count()
    assert Enrollment.objects.filter(school_year=year).count() == before  # history stays
    row = AuditEvent.objects.get(action="schools.year.rollover")
    assert row.details["from"] == year.name
    # Twice is refused: the new year has groups now, so only closing happens (nothing doubles).
    admin.post(url)
    assert (
        Group.objects.filter(school_year=following).count() == Group.objects.filter(school_year=year).count()
    )


def test_leavers_of_groep_8_end(world: World) -> None:
    group = world.other_group
    group.grades = [8]
    group.save()
    Enrollment.objects.filter(group=group).update(grade=8)
    actor = build_staff_actor(world.admin, None, world.school.pk)
    plan = start_new_year(actor)
    assert plan.leavers == group.enrollments.count()
    following = SchoolYear.objects.get(name=plan.next_name)
    assert not Enrollment.objects.filter(school_year=following, child__enrollments__group=group).exists()


def test_open_things_of_last_year_close_but_stay(world: World) -> None:
    day = today()
    moment = MeasurementMoment.objects.create(
        school=world.school,
        group=world.group,
        school_year=world.group.school_year,
        name="Najaar",
        opens_on=day - timedelta(days=3),
        closes_on=day + timedelta(days=10),
    )
    plan = Plan.objects.create(
        school=world.school,
        child=world.child,
        group=world.group,
        teacher=world.teacher,
        minutes=10,
        sessions_per_week=2,
        weeks=6,
        starts_on=day - timedelta(days=7),
        fixed_moment="na de pauze",
        reason="contact",
    )
    session = world.class_session
    assert session.closed_at is None
    start_new_year(build_staff_actor(world.admin, None, world.school.pk))
    moment.refresh_from_db()
    plan.refresh_from_db()
    session.refresh_from_db()
    assert not moment.is_open(day)
    assert plan.ended_on == day
    assert session.closed_at is not None
    closed = AuditEvent.objects.get(action="schools.year.rollover").details["closed"]
    assert closed["questionnaires.moments"] == 1
    assert closed["bankingtime.plans"] == 1
    assert closed["childsessions.sessions"] == 1


def test_teachers_and_children_cannot_start_a_year(world: World) -> None:
    for persona in (Persona.TEACHER, Persona.CARE, Persona.CHILD):
        world.client_for(persona).post(reverse("schools:year_rollover"))
    assert SchoolYear.objects.filter(school=world.school).count() == 1


@pytest.mark.all_schools
def test_rollover_on_the_demo_loses_nothing_and_care_still_reads_last_year() -> None:
    call_command("demo_data", stdout=StringIO())
    board = find_demo_board()
    school = board.schools.get(brin="99AA")
    year = SchoolYear.objects.get(school=school, starts_on__lte=today(), ends_on__gte=today())
    kept = {
        "enrollments": set(Enrollment.objects.filter(school=school).values_list("pk", flat=True)),
        "responses": dict(Response.objects.filter(school=school).values_list("pk", "scores")),
        "plans": set(Plan.objects.filter(school=school).values_list("pk", "child_id", "teacher_id")),
        "audit": set(AuditEvent.objects.filter(school=school).values_list("pk", "hash")),
    }
    director = User.objects.get(email="marieke@demo.example.org")
    plan = start_new_year(build_staff_actor(director, None, school.pk))
    assert plan.children > 0
    assert plan.leavers > 0
    assert kept["enrollments"] <= set(Enrollment.objects.filter(school=school).values_list("pk", flat=True))
    assert kept["responses"] == dict(Response.objects.filter(school=school).values_list("pk", "scores"))
    assert kept["plans"] == set(
        Plan.objects.filter(school=school).values_list("pk", "child_id", "teacher_id")
    )
    assert kept["audit"] <= set(AuditEvent.objects.filter(school=school).values_list("pk", "hash"))
    assert not ClassSession.objects.filter(group__school_year=year, closed_at__isnull=True).exists()
    # The care coordinator still reads last year's (now: this year's) relationships of a child.
    care = Client()
    care.force_login(User.objects.get(email="dirk@demo.example.org"))
    enrollment = Enrollment.objects.filter(school_year=year, grade__lt=8).select_related("child").first()
    moments = MeasurementMoment.objects.filter(group=enrollment.group_id, opens_on__lte=today())
    page = care.get(reverse("schools:child", args=[enrollment.child.uuid])).content.decode()
    assert all(m.name in page for m in moments)
    plan_of_year = Plan.objects.filter(group__school_year=year).first()
    if plan_of_year is not None:
        response = care.get(reverse("bankingtime:plan", args=[plan_of_year.uuid]))
        assert response.status_code == 200
