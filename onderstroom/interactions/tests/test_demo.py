"""The demo board comes with three school weeks of plausible logs, and one shared log."""

from datetime import date, time
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from onderstroom.accounts.models import User
from onderstroom.demo.demo_board import find_demo_board
from onderstroom.interactions.demo import SCHOOL_DAYS, school_days
from onderstroom.interactions.models import InteractionEvent, Kind, LogShare
from onderstroom.schools.models import GroupAssignment

# The demo is a whole board: these tests read it across its schools.
pytestmark = [pytest.mark.django_db, pytest.mark.all_schools]


def test_school_days_skip_weekends_and_the_summer_before_the_year() -> None:
    days = school_days(date(2026, 11, 30), 6, date(2026, 8, 1))  # a Monday
    assert days == [
        date(2026, 11, 20),
        date(2026, 11, 23),
        date(2026, 11, 24),
        date(2026, 11, 25),
        date(2026, 11, 26),
        date(2026, 11, 27),
    ]
    assert school_days(date(2026, 8, 4), 6, date(2026, 8, 1)) == [date(2026, 8, 3)]


@pytest.fixture
def demo_events() -> list[InteractionEvent]:
    call_command("demo_data", stdout=StringIO())
    board = find_demo_board()
    return list(InteractionEvent.objects.filter(school__board=board).select_related("group"))


def test_every_teacher_of_a_current_group_has_a_log_of_school_days(
    demo_events: list[InteractionEvent],
) -> None:
    today = timezone.localdate()
    teachers = GroupAssignment.objects.filter(
        kind=GroupAssignment.Kind.TEACHER,
        group__school_year__starts_on__lte=today,
        group__school_year__ends_on__gte=today,
    ).filter(group__school__board=find_demo_board())
    with_log = {(e.teacher_id, e.group_id) for e in demo_events}
    expected_days = len(school_days(today, SCHOOL_DAYS, min(a.group.school_year.starts_on for a in teachers)))
    if expected_days == 0:
        pytest.skip("the demo's school year has not had a school day yet")
    assert with_log == {(a.user_id, a.group_id) for a in teachers}
    zone = timezone.get_current_timezone()
    moments = [e.occurred_at.astimezone(zone) for e in demo_events]
    assert all(
        m.weekday() < 5 and time(8, 30) <= m.time() < time(14, 31) and m.date() < today for m in moments
    )
    assert {e.kind for e in demo_events} == set(Kind.values)
    assert all(e.child_id is not None for e in demo_events)


def test_the_demo_teacher_shares_and_the_care_coordinator_reads_it(
    demo_events: list[InteractionEvent],
) -> None:
    sanne = User.objects.get(email="sanne@demo.example.org")
    share = LogShare.objects.get(teacher=sanne)
    client = Client()
    client.force_login(User.objects.get(email="dirk@demo.example.org"))
    response = client.get(f"/groups/{share.group.uuid}/interactions/balance")
    assert response.status_code == 200
    assert response.context["choice"].owner == sanne
    assert response.context["positive"] + response.context["negative"] > 0
