"""The demo board comes with constellations worth looking at: two class boards some weeks apart, one personal.

The demo is built once for this module (it takes a second or two) inside a transaction that is rolled
back afterwards; each test runs in its own savepoint within it, as Django's TestCase does.
"""

import itertools
import math
from collections.abc import Iterator
from datetime import date, time
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django import DjangoDbBlocker

from onderstroom.accounts.models import User
from onderstroom.constellations import demo, measures, timeline
from onderstroom.constellations.models import Constellation, Event, Figure
from onderstroom.constellations.replay import last_step_of_round, replay, stored_state
from onderstroom.constellations.services import class_figures
from onderstroom.demo.demo_board import find_demo_board
from onderstroom.schools.access import build_staff_actor
from onderstroom.schools.models import Group
from onderstroom.sociogram.models import PeerSurvey
from onderstroom.sociogram.results import load_results

# The demo is a whole board: these tests read it across its schools.
pytestmark = [pytest.mark.django_db, pytest.mark.all_schools]
TEACHER = "sanne@demo.example.org"


@pytest.fixture(scope="module")
def demo_built(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[None]:
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("demo_data", stdout=StringIO())
        yield
        transaction.set_rollback(True)


@pytest.fixture
def group(demo_built: None) -> Group:
    board = find_demo_board()
    groups = Group.objects.filter(school__board=board, name=demo.GROUP, constellations__isnull=False)
    return groups.distinct().get()


def boards_of(group: Group) -> tuple[Constellation, Constellation, Constellation]:
    """The older and the newer class board, and the personal board."""
    older, newer = Constellation.objects.filter(group=group, kind=Constellation.Kind.CLASS).order_by(
        "created_at"
    )
    personal = Constellation.objects.get(group=group, kind=Constellation.Kind.PERSONAL)
    return older, newer, personal


def test_the_boards_fall_on_school_days_in_order_also_early_in_the_school_year() -> None:
    year_starts = date(2026, 8, 1)
    assert demo.session_days(date(2026, 11, 30), year_starts, [56, 7]) == [
        date(2026, 10, 5),
        date(2026, 11, 23),
    ]
    # A Sunday: both move to the Friday before.
    assert demo.session_days(date(2026, 11, 29), year_starts, [56, 7]) == [
        date(2026, 10, 2),
        date(2026, 11, 20),
    ]
    # A week into the year, the first board cannot lie eight weeks back: it still comes first.
    first, second = demo.session_days(date(2026, 8, 6), year_starts, [56, 7])
    assert first < second
    assert first.weekday() < 5
    assert second.weekday() < 5


def test_the_group_has_two_closed_class_boards_weeks_apart_and_one_personal(group: Group) -> None:
    older, newer, personal = boards_of(group)
    assert older.field_name == newer.field_name == demo.FIELD
    assert (newer.created_at - older.created_at).days >= 28
    assert all(c.closed_at is not None and c.turn_id is None for c in (older, newer, personal))
    assert older.round == newer.round == 2
    assert Constellation.objects.filter(group__school__board=group.school.board).count() == 3
    assert personal.child is not None
    assert personal.child.enrollments.filter(group=group).exists()
    kinds = sorted((f.kind, f.label) for f in personal.figures.all())
    assert kinds == [("child", ""), ("child", ""), ("family", "opa"), ("family", "zus"), ("staff", "")]
    assert personal.notes.exists()
    for board in (older, newer):
        assert board.notes.filter(kind="question").exists()
        assert board.notes.filter(kind="note").exists()


def test_replaying_each_board_ends_exactly_where_its_figures_stand(group: Group) -> None:
    for board in boards_of(group):
        events = list(board.events.order_by("sequence"))
        assert (
            [e.sequence for e in events]
            == list(range(1, len(events) + 1))
            == list(range(1, board.event_count + 1))
        )
        figures = list(board.figures.all())
        assert all(f.placed for f in figures)
        assert replay(events) == {f.pk: stored_state(f) for f in figures}
        assert all(0 <= n.at_step <= board.event_count for n in board.notes.all())


def test_round_one_the_teacher_first_then_each_child_on_their_own_turn(group: Group) -> None:
    older, newer, _personal = boards_of(group)
    for board in (older, newer):
        events = list(board.events.select_related("figure").order_by("sequence"))
        end_of_one = last_step_of_round(events, 1)
        round_one, round_two = events[:end_of_one], events[end_of_one:]
        teacher = board.created_by
        assert round_one[0].figure.user == teacher
        assert round_one[0].by_user == teacher
        # Class-list order, as the turn passes; every child placed their own figure from their tablet.
        expected = [f.child for f in class_figures(group, teacher)[1:]]
        assert [e.by_child for e in round_one[1:]] == expected
        assert all(e.type == Event.Type.PLACE and e.figure.child == e.by_child for e in round_one[1:])
        assert all(e.round == 2 for e in round_two)
        by_children = [e for e in round_two if e.by_child_id]
        assert {e.type for e in by_children} == {Event.Type.MOVE, Event.Type.TURN, Event.Type.EMOTION}
        assert all(e.figure.child_id == e.by_child_id for e in by_children)


def test_the_teachers_moves_are_marked_as_hers(group: Group) -> None:
    actor = build_staff_actor(User.objects.get(email=TEACHER), None, None)
    older, newer, _personal = boards_of(group)
    for board in (older, newer):
        story = timeline.load(board)
        on_child = {f.pk for f in story.figures if f.kind == Figure.Kind.CHILD}
        moved = [e for e in story.events if e.by_user_id and e.figure_id in on_child]
        assert moved
        assert all(e.type == Event.Type.MOVE and e.round == 2 for e in moved)
        assert all(e.by_user_id == board.created_by_id for e in moved)
        assert [s.sequence for s in story.steps if s.by_staff_on_child] == [e.sequence for e in moved]
        marked = {f.pk for f in story.moment(actor, story.total).board.figures if f.by_staff}
        assert marked == {e.figure_id for e in moved}


def test_every_step_lies_in_the_past_in_school_hours_seconds_apart(group: Group) -> None:
    now = timezone.now()
    zone = timezone.get_current_timezone()
    for board in boards_of(group):
        moments = [e.created_at for e in board.events.order_by("sequence")]
        notes = [n.created_at for n in board.notes.all()]
        assert board.created_at < moments[0]
        assert moments[-1] < board.closed_at < now
        assert all(board.created_at < m < board.closed_at for m in notes)
        gaps = [(b - a).total_seconds() for a, b in itertools.pairwise(moments)]
        assert all(0 < gap <= 90 for gap in gaps)
        local = board.created_at.astimezone(zone)
        assert local.weekday() < 5
        assert time(8, 30) <= local.time()
        assert board.closed_at.astimezone(zone).time() < time(15)


def positions(board: Constellation) -> dict[int, measures.Pose]:
    """The children's figures where they stand, by child id."""
    return {
        f.child_id: measures.Pose(
            key=str(f.child_id),
            label=f.child.first_name,
            role=measures.Role.CHILD,
            x=f.x,
            y=f.y,
            angle=f.angle,
        )
        for f in board.figures.select_related("child")
        if f.child_id
    }


def test_the_boards_tell_the_story_of_the_peer_survey(group: Group) -> None:
    older, newer, personal = boards_of(group)
    results = load_results(PeerSurvey.objects.get(group=group, method="nominations"))
    without_friends = {r.child.pk for r in results.rows if r.finished and not r.mutual}
    assert without_friends, "the demo survey leaves a child without a mutual choice"
    now = positions(newer)
    poses = list(now.values())
    clusters = measures.clusters(poses)
    assert 2 <= len(clusters) <= 3
    assert sum(len(c) for c in clusters) >= len(poses) - 3
    apart = {int(p.key) for p in measures.isolated(poses)}
    assert apart == without_friends
    for pk in apart:
        pose = now[pk]
        assert measures.centre_band(measures.reach(pose)) == measures.Band.FAR
        assert measures.facing_group(pose, poses) == measures.Facing.AWAY
    # The child of the Banking Time plan (the personal board's child) stood apart then, closer now.
    mover = personal.child_id
    then = positions(older)
    assert mover in {int(p.key) for p in measures.isolated(list(then.values()))}
    teacher_then, teacher_now = (b.figures.get(kind=Figure.Kind.STAFF) for b in (older, newer))
    assert (
        math.dist(now[mover].point, (teacher_now.x, teacher_now.y))
        < math.dist(then[mover].point, (teacher_then.x, teacher_then.y)) - 0.2
    )


def test_no_figures_on_top_of_each_other_and_every_figure_well_inside_the_cloth(group: Group) -> None:
    actor = build_staff_actor(User.objects.get(email=TEACHER), None, None)
    for board in boards_of(group):
        story = timeline.load(board)
        for step in range(1, story.total + 1):
            placed = [(f.x, f.y) for f in story.moment(actor, step).board.figures]
            assert all(math.dist(a, b) >= 0.1 for a, b in itertools.combinations(placed, 2)), step
        assert all(math.dist(p, (0.5, 0.5)) <= 0.45 for p in placed)


def test_the_demo_teacher_can_replay_compare_and_see_the_boards_next_to_the_sociogram(group: Group) -> None:
    older, newer, personal = boards_of(group)
    client = Client()
    client.force_login(User.objects.get(email=TEACHER))
    listing = client.get(reverse("constellations:group_list", args=[group.uuid]))
    assert listing.status_code == 200
    assert listing.context["class_count"] == 2
    for board in (older, newer, personal):
        assert client.get(reverse("constellations:replay", args=[board.uuid])).status_code == 200
    compare = client.get(reverse("constellations:compare", args=[group.uuid]))
    assert compare.status_code == 200
    comparison = compare.context["comparison"]
    assert (compare.context["before"], compare.context["after"]) == (older, newer)
    assert any(row.change for row in comparison.rows)
    alongside = client.get(reverse("constellations:next_to_sociogram", args=[newer.uuid]))
    assert alongside.status_code == 200
    assert alongside.context["same_way"]
    assert "Een gesprek waard" in alongside.content.decode()
