"""The stored signal counts of a group (`group_signals.signal_links`): always what the computation says,
and the care coordinator's home reads them in the same number of queries for 1 group as for 8."""

import uuid
from collections import Counter
from datetime import timedelta

import pytest
from django.test import Client

from onderstroom.bankingtime.steps import signals_with_plans
from onderstroom.bankingtime.tests.helpers import actor_for, make_plan
from onderstroom.questionnaires import group_signals, services
from onderstroom.questionnaires.builders import fill_moment, make_moment
from onderstroom.questionnaires.group_signals import latest_signals, listed_signals, signal_links
from onderstroom.questionnaires.models import GroupSignals, MeasurementMoment, Response
from onderstroom.questionnaires.services import AnswerIn
from onderstroom.schools.access import build_staff_actor, today
from onderstroom.schools.models import Child, Enrollment, Group, GroupAssignment
from onderstroom.testing.queries import count_queries, page_queries
from onderstroom.testing.world import Persona, World, add_child, make_child, make_group, make_staff

pytestmark = pytest.mark.django_db


def computed(group: Group) -> Counter:
    return Counter(row.link for row in latest_signals(group, today()))


def stored(group: Group) -> Counter:
    return Counter(signal_links([group], today())[group.pk])


def supported_group(world: World, name: str, children: int = 6, seed: int = 0) -> Group:
    """A group of the world's school with a teacher, two moments of answers, supported by its care
    coordinator."""
    group = make_group(world.school, name, [5, 6], children=children)
    make_staff(world.school, ["teacher"], teaches=[group])
    GroupAssignment.objects.create(
        school=world.school, group=group, user=world.care, kind=GroupAssignment.Kind.CARE
    )
    earlier = make_moment(group, name="Oktober", opens_on=today() - timedelta(days=50))
    later = make_moment(group, name="November", opens_on=today() - timedelta(days=5))
    fill_moment(earlier, seed=seed)
    fill_moment(later, seed=seed, drift=0.6)
    return group


def lowest_answers(group: Group) -> None:
    """The teacher's answers of the latest moment at the bottom of the scale, for a few children."""
    for response in Response.objects.filter(moment__group=group, respondent="teacher").order_by("-pk")[:3]:
        response.values = dict.fromkeys(response.values, 1)
        response.scores = dict.fromkeys(response.scores, 1.0)
        response.save()


def test_the_stored_signals_follow_every_change_they_depend_on(world: World) -> None:
    group = supported_group(world, "Groep 5a", children=10, seed=3)
    assert sum(computed(group).values()) > 0  # a world with signals to count
    # ... and children without any, whom the signals page no longer scores
    assert len({row.child.pk for row in latest_signals(group, today())}) < 10
    assert stored(group) == computed(group)
    assert GroupSignals.objects.filter(group=group).count() == 1
    stamp = GroupSignals.objects.get(group=group).stamp
    assert stored(group) == computed(group)
    assert GroupSignals.objects.get(group=group).stamp == stamp  # read, not recomputed

    changes = [
        # answers changed (saved as the service saves them: updated_at moves)
        lambda: lowest_answers(group),
        # a response deleted
        lambda: Response.objects.filter(moment__group=group).order_by("pk").first().delete(),  # type: ignore[union-attr]
        # a child's gender (the norm bands)
        lambda: Child.objects.filter(pk__in=Enrollment.objects.filter(group=group).values("child")).update(
            gender="x"
        ),
        # a child leaves, another joins
        lambda: Enrollment.objects.filter(group=group).order_by("pk").first().delete(),  # type: ignore[union-attr]
        lambda: add_child(group, make_child(world.school, gender="f"), 5),
        # the latest moment moves to before the earlier one, then opens only tomorrow
        lambda: MeasurementMoment.objects.filter(group=group, name="November").update(
            opens_on=today() - timedelta(days=80)
        ),
        lambda: MeasurementMoment.objects.filter(group=group, name="November").update(
            opens_on=today() + timedelta(days=1)
        ),
        # answers elsewhere in the school move the school's references
        lambda: fill_moment(make_moment(world.group, opens_on=today() - timedelta(days=3)), seed=11),
    ]
    for number, change in enumerate(changes):
        before = group_signals._stamps({group.pk: group}, today())
        change()
        assert group_signals._stamps({group.pk: group}, today()) != before, number
        assert stored(group) == computed(group), number
        assert listed_signals(group, today()) == latest_signals(group, today()), number


@pytest.mark.parametrize(("seeds", "size"), [([0], 1), ([7, 8], 6), ([21, 99, 250], 12)])
def test_the_home_counts_what_the_signals_page_lists(world: World, seeds: list[int], size: int) -> None:
    groups = [supported_group(world, f"Groep {n}", size, seed) for n, seed in enumerate(seeds)]
    # Some signals get a plan: they no longer count as waiting.
    for group in groups[:1]:
        for row in latest_signals(group, today())[:2]:
            make_plan(row.child, group, row.teacher, signal_key=row.signal.key, signal_moment=row.moment)
    actor = actor_for(world.care, world)
    home = world.client_for(Persona.CARE).get("/").content.decode()
    for group in groups:
        listed = signals_with_plans(actor, group, today())
        without = sum(1 for _row, linked in listed if not linked)
        if without:
            assert f"{group.name}: {without} van de {len(listed)} signa" in home
        else:
            assert f"{group.name}: " not in home
        assert stored(group) == computed(group)


def warm_up(client: Client) -> None:
    """Store the counts: the first visit computes them (and the school's references, whose rows then
    join the stamp), the second stores them once more with those rows."""
    for _ in range(2):
        client.get("/")


def test_the_care_coordinators_home_takes_as_many_queries_for_8_groups_as_for_1(world: World) -> None:
    client = world.client_for(Persona.CARE)
    first = supported_group(world, "Groep 1a")
    warm_up(client)
    one = page_queries(client, "/")
    for n in range(7):
        supported_group(world, f"Groep {n + 2}b", seed=n)
    warm_up(client)
    eight = page_queries(client, "/")
    assert eight == one
    assert f"{first.name}: " in client.get("/").content.decode()


def test_reading_the_stored_counts_of_many_groups_is_five_queries(world: World) -> None:
    groups = [supported_group(world, f"Groep {n}", children=3, seed=n) for n in range(4)]
    signal_links(groups, today())  # computes the school's references too,
    signal_links(groups, today())  # whose stored rows now join the stamp
    assert count_queries(lambda: signal_links(groups, today())) == 5
    assert signal_links([], today()) == {}


def test_a_new_release_of_the_scoring_code_recomputes(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    group = supported_group(world, "Groep 6x")
    signal_links([group], today())
    before = GroupSignals.objects.get(group=group).stamp
    monkeypatch.setattr(group_signals, "_code", lambda: "another release")
    signal_links([group], today())
    assert GroupSignals.objects.get(group=group).stamp != before


def test_a_plan_on_a_signal_changes_the_home_without_recomputing(world: World) -> None:
    group = supported_group(world, "Groep 7x", children=8, seed=5)
    row = latest_signals(group, today())[0]
    client = world.client_for(Persona.CARE)
    client.get("/")
    stamp = GroupSignals.objects.get(group=group).stamp
    make_plan(row.child, group, row.teacher, signal_key=row.signal.key, signal_moment=row.moment)
    listed = signals_with_plans(actor_for(world.care, world), group, today())
    without = sum(1 for _row, linked in listed if not linked)
    assert any(linked for _row, linked in listed)
    home = client.get("/").content.decode()
    if without:
        assert f"{group.name}: {without} van de {len(listed)} signa" in home
    else:
        assert f"{group.name}: " not in home
    assert GroupSignals.objects.get(group=group).stamp == stamp


def test_after_an_answer_the_task_brings_the_schools_stored_signals_up_to_date(
    world: World,
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    group = supported_group(world, "Groep 8x", children=6, seed=9)
    signal_links([group], today())  # stores the school's references and the group's signals
    signal_links([group], today())
    stamp = GroupSignals.objects.get(group=group).stamp
    moment = make_moment(world.group, opens_on=today() - timedelta(days=1))
    teacher = build_staff_actor(world.teacher, "127.0.0.1", None)
    batch = [
        (world.child.uuid, AnswerIn(item=f"t{i:02d}", value=1, client_id=uuid.uuid4())) for i in range(1, 21)
    ]
    with django_capture_on_commit_callbacks(execute=True):  # the immediate backend runs both tasks
        services.save_teacher_answers(teacher, moment, batch)
    row = GroupSignals.objects.get(group=group)
    assert row.stamp != stamp  # the school's references moved: recomputed by the task, not by a read
    assert row.stamp == group_signals._stamps({group.pk: group}, today())[group.pk]
    assert Counter(tuple(link) for link in row.links) == computed(group)
