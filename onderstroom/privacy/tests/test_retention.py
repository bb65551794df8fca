"""Retention with time travel: a dry run lists, a real run removes exactly that, counts audited."""

import io
from datetime import date, datetime, time, timedelta

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from onderstroom.audit.models import AuditEvent
from onderstroom.bankingtime.models import Plan
from onderstroom.bankingtime.tests.helpers import make_plan
from onderstroom.interactions.models import InteractionEvent
from onderstroom.interactions.tests.helpers import tap
from onderstroom.privacy.models import RetentionPolicy
from onderstroom.privacy.retention import SchoolRun, run_retention, school_years_before
from onderstroom.reflection.models import Entry
from onderstroom.schools.access import today
from onderstroom.schools.models import Child, Group, SchoolYear
from onderstroom.tenancy import all_schools
from onderstroom.testing.world import Persona, World, add_child, make_child


def _first_year() -> int:
    day = today()
    return day.year if day.month >= 8 else day.year - 1


def _leaver(world: World, ended: int) -> Child:
    """A child whose last school year ended on 31 July of `ended`."""
    year, _ = SchoolYear.objects.get_or_create(
        school=world.school,
        name=f"{ended - 1}-{ended}",
        defaults={"starts_on": date(ended - 1, 8, 1), "ends_on": date(ended, 7, 31)},
    )
    group = Group.objects.create(school=world.school, school_year=year, name=f"Groep 8 ({ended})", grades=[8])
    child = make_child(world.school, first_name="Vertrokken")
    add_child(group, child, 8)
    make_plan(child, world.group, world.teacher)
    return child


def _entry(world: World, child: Child, written_on: date) -> Entry:
    return Entry.objects.create(
        school=world.school,
        child=child,
        group=world.group,
        author=world.teacher,
        written_on=written_on,
        word_1="x",
    )


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(3, 0)))


def _run(world: World, now: datetime, dry_run: bool) -> SchoolRun:
    with all_schools():
        runs = run_retention(now, dry_run=dry_run)
    return next(run for run in runs if run.school.pk == world.school.pk)


def test_school_year_cutoff() -> None:
    assert school_years_before(date(2027, 8, 1), 1) == date(2026, 8, 1)
    assert school_years_before(date(2027, 7, 31), 1) == date(2025, 8, 1)
    assert school_years_before(date(2027, 8, 1), 0) == date(2027, 8, 1)


def test_dry_run_lists_and_real_run_removes_exactly_that(world: World) -> None:
    first = _first_year()
    leaver = _leaver(world, ended=first)  # left at the end of last school year
    current = world.child
    old_entry = _entry(world, current, today())
    new_entry = _entry(world, current, date(first + 1, 9, 1))  # written next school year
    old_tap = tap(world.teacher, world.group, current, "praise", timezone.now() - timedelta(hours=2))
    new_tap = tap(world.teacher, world.group, current, "turn", _at(date(first + 1, 9, 1)))
    travel = _at(date(first + 2, 8, 2))  # past the end of next school year, two years after the leaver left

    # Now: nothing is due.
    now = _run(world, timezone.now(), dry_run=True)
    assert now.leavers == []
    assert now.rows == 0

    # The dry run in two years lists the leaver, the old reflection and the old tap, and removes nothing.
    dry = _run(world, travel, dry_run=True)
    assert [found.uuid for found in dry.leavers] == [leaver.uuid]
    assert dry.expired == {"interactions.events": 1, "reflection.entries": 1}
    assert Child.objects.filter(pk=leaver.pk).exists()
    assert Entry.objects.filter(pk=old_entry.pk).exists()
    assert InteractionEvent.objects.get(pk=old_tap.pk).child == current

    # The real run removes exactly that.
    real = _run(world, travel, dry_run=False)
    assert [found.uuid for found in real.leavers] == [leaver.uuid]
    assert real.expired == dry.expired
    assert not Child.objects.filter(pk=leaver.pk).exists()
    assert not Plan.objects.filter(child_id=leaver.pk).exists()
    assert not Entry.objects.filter(pk=old_entry.pk).exists()
    assert Entry.objects.filter(pk=new_entry.pk).exists()
    assert InteractionEvent.objects.get(pk=old_tap.pk).child is None
    assert InteractionEvent.objects.get(pk=new_tap.pk).child == current
    assert Child.objects.filter(pk=current.pk).exists()

    # Every run is audited with its counts; the real run also names the erased child by uuid.
    logged = AuditEvent.objects.filter(action="privacy.retention.run").order_by("sequence")
    assert list(logged.values_list("details", flat=True)) == [
        {"children": 0, "rows": 0, "outcome": "dry_run"},
        {"children": 1, "rows": 2, "outcome": "dry_run"},
        {"children": 1, "rows": 2, "outcome": "applied"},
    ]
    erased = AuditEvent.objects.get(action="privacy.retention.erase")
    assert erased.child_uuid == leaver.uuid
    assert erased.actor_kind == "system"

    # A second real run finds nothing more.
    again = _run(world, travel, dry_run=False)
    assert again.leavers == []
    assert again.rows == 0


def test_policy_is_per_school_and_editable(world: World) -> None:
    first = _first_year()
    leaver = _leaver(world, ended=first)
    admin = world.client_for(Persona.ADMIN)
    response = admin.post(
        reverse("privacy:retention"),
        {"years_after_leaving": 5, "reflections_school_years": 2, "interactions_school_years": 1},
    )
    assert response.status_code == 302
    policy = RetentionPolicy.objects.get(school=world.school)
    assert policy.years_after_leaving == 5
    assert AuditEvent.objects.filter(action="privacy.retention.change").count() == 1
    assert _run(world, _at(date(first + 2, 8, 2)), dry_run=True).leavers == []  # kept five years here
    assert Child.objects.filter(pk=leaver.pk).exists()
    bad = admin.post(
        reverse("privacy:retention"),
        {"years_after_leaving": -1, "reflections_school_years": "x", "interactions_school_years": 99},
    )
    assert bad.status_code == 400
    policy.refresh_from_db()
    assert policy.years_after_leaving == 5


def test_command_dry_run_prints_and_removes_nothing(world: World) -> None:
    leaver = _leaver(world, ended=_first_year() - 3)
    out = io.StringIO()
    call_command("apply_retention", "--dry-run", stdout=out)
    assert f"pupil {leaver.uuid}" in out.getvalue()
    assert "would erase" in out.getvalue()
    assert Child.objects.filter(pk=leaver.pk).exists()
    call_command("apply_retention", stdout=io.StringIO())
    assert not Child.objects.filter(pk=leaver.pk).exists()


@given(
    written=st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31)),
    now=st.dates(min_value=date(2020, 1, 1), max_value=date(2040, 12, 31)),
    kept=st.integers(min_value=0, max_value=5),
)
def test_a_row_expires_right_after_its_kept_school_years(written: date, now: date, kept: int) -> None:
    """Written in school year S, kept k more years: gone from 1 August after school year S + k ends."""
    first = written.year if written.month >= 8 else written.year - 1
    last_day = date(first + kept + 1, 7, 31)
    assert (written < school_years_before(now, kept)) == (now > last_day)
