"""The demo has last school year too: its groups, and two moments per group with answers, so a
child's page follows a relationship across school years for the care coordinator, while this
year's teacher sees only this year (DESIGN.md §2: expectation-safe)."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from onderstroom.accounts.models import User
from onderstroom.demo.demo_board import find_demo_board
from onderstroom.questionnaires.models import MeasurementMoment, Response
from onderstroom.schools.access import today
from onderstroom.schools.models import Enrollment, Group, SchoolYear

# The demo is a whole board: this test reads it across its schools.
pytestmark = [pytest.mark.django_db, pytest.mark.all_schools]


def test_last_year_has_two_answered_moments_per_group_and_the_child_page_shows_them_to_care_only() -> None:
    call_command("demo_data", stdout=StringIO())
    board = find_demo_board()
    for school in board.schools.all():
        _current, previous = SchoolYear.objects.filter(school=school).order_by("-starts_on")[:2]
        for group in Group.objects.filter(school_year=previous):
            moments = list(MeasurementMoment.objects.filter(group=group).order_by("opens_on"))
            assert len(moments) == 2, group
            assert all(previous.starts_on <= m.opens_on and m.closes_on <= previous.ends_on for m in moments)
            if Enrollment.objects.filter(group=group).exists():
                assert all(Response.objects.filter(moment=m).exists() for m in moments)

    sanne = User.objects.get(email="sanne@demo.example.org")
    group = Group.objects.get(
        school__brin="99AA",
        name="Groep 4/5/6",
        school_year__starts_on__lte=today(),
        school_year__ends_on__gte=today(),
    )
    # A child of Sanne's group who was in a group last year too.
    child = next(
        e.child
        for e in Enrollment.objects.filter(group=group).select_related("child").order_by("child__surname")
        if Enrollment.objects.filter(child=e.child).exclude(group=group).exists()
    )
    last_year = [
        m.name
        for m in MeasurementMoment.objects.filter(group__enrollments__child=child)
        .exclude(school_year=group.school_year)
        .order_by("opens_on")
    ]
    assert len(last_year) == 2
    url = reverse("schools:child", args=[child.uuid])

    care = Client()
    care.force_login(User.objects.get(email="dirk@demo.example.org"))
    page = care.get(url).content.decode()
    assert all(name in page for name in last_year)

    teacher = Client()
    teacher.force_login(sanne)
    page = teacher.get(url).content.decode()
    assert not any(name in page for name in last_year)
    assert "De intern begeleider ziet de hele geschiedenis." in page
