"""The author's entries on one timeline with the scores of their own relationship with the child."""

from datetime import timedelta

import pytest

from onderstroom.bankingtime.tests.helpers import actor_for, enrollment_of, rate, raw_values, two_moments
from onderstroom.reflection.models import Entry
from onderstroom.reflection.timeline import LEFT, RIGHT, WIDTH, Tick, build
from onderstroom.schools.access import today
from onderstroom.testing.world import World

pytestmark = pytest.mark.django_db


def entry(world: World, days_ago: int) -> Entry:
    return Entry.objects.create(
        school=world.school,
        child=world.child,
        group=world.group,
        author=world.teacher,
        written_on=today() - timedelta(days=days_ago),
        word_1="x",
    )


def test_nothing_to_draw_without_scores_or_entries(world: World) -> None:
    assert build(actor_for(world.teacher, world), world.child, [], today()) is None


def test_entries_alone_are_markers_in_time_order(world: World) -> None:
    later, earlier = entry(world, 2), entry(world, 40)
    drawn = build(actor_for(world.teacher, world), world.child, [later, earlier], today())
    assert drawn is not None
    assert drawn.bands == ()
    assert [m.number for m in drawn.markers] == [1, 2]
    first, last = drawn.markers
    assert first.x == LEFT + 12  # the earliest day sits at the left
    assert last.x == WIDTH - RIGHT - 12  # the latest at the right
    assert "Reflectie 1" in first.title or "Reflection 1" in first.title


def test_scores_and_entries_share_one_axis_of_days(world: World) -> None:
    first, second = two_moments(world, before_days=80, after_days=10)
    spec = first.teacher_version.spec
    ours = enrollment_of(world.child)
    rate(
        first,
        ours,
        world.teacher,
        raw_values(spec, {"closeness": 1, "conflict": 5, "dependency": 3, "handling": 3}),
        "teacher",
    )
    rate(
        second,
        ours,
        world.teacher,
        raw_values(spec, {"closeness": 5, "conflict": 1, "dependency": 3, "handling": 3}),
        "teacher",
    )
    rate(
        second,
        ours,
        world.co_teacher,
        raw_values(spec, {"closeness": 3, "conflict": 3, "dependency": 3, "handling": 3}),
        "teacher",
    )
    middle = entry(world, 45)  # halfway between the two moments
    drawn = build(actor_for(world.teacher, world), world.child, [middle], today())
    assert drawn is not None
    (band,) = drawn.bands  # the teacher's view only: the child filled in nothing
    closeness = next(s for s in band.series if s.label in ("Nabijheid", "Closeness"))
    assert [p.y for p in closeness.points] == [band.bottom, band.top]  # from lowest to highest
    assert len(closeness.points) == 2  # the co-teacher's rating is not the author's relationship
    (marker,) = drawn.markers
    start, end = closeness.points[0].x, closeness.points[1].x
    assert marker.x == pytest.approx((start + end) / 2, abs=0.2)
    assert [t.label for t in band.ticks] == ["Oktober", "Januari"]
    assert band.extent < drawn.markers_y  # the markers' row lies below the legend


def test_a_moment_name_at_the_right_edge_ends_at_its_point() -> None:
    assert Tick(WIDTH / 2, "November 2026").anchor == "middle"
    assert Tick(WIDTH - RIGHT - 12, "Januari").anchor == "middle"  # short enough to stay centred
    assert Tick(WIDTH - RIGHT - 12, "November 2026").anchor == "end"  # else it would run off the drawing
