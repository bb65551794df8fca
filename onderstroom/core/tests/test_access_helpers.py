"""The shared access helpers: objects of a group the actor may see or teaches, and nothing else."""

import pytest
from django.http import Http404

from onderstroom.childsessions.models import ClassSession
from onderstroom.schools.access import AnonymousActor, build_staff_actor, get_in_group, teaches_child
from onderstroom.testing.world import World

pytestmark = pytest.mark.django_db


def test_get_in_group_finds_an_object_of_a_visible_group(world: World) -> None:
    for user in (world.teacher, world.co_teacher, world.care):
        actor = build_staff_actor(user, None, None)
        assert (
            get_in_group(actor, ClassSession.objects.all(), uuid=world.class_session.uuid)
            == world.class_session
        )


@pytest.mark.parametrize("who", ["other_teacher", "admin", "outsider", "board_admin"])
def test_get_in_group_is_not_found_for_everybody_else(world: World, who: str) -> None:
    actor = build_staff_actor(getattr(world, who), None, None)
    with pytest.raises(Http404):
        get_in_group(actor, ClassSession.objects.all(), uuid=world.class_session.uuid)


def test_teaching_excludes_the_care_coordinator_and_visitors(world: World) -> None:
    sessions = ClassSession.objects.all()
    care = build_staff_actor(world.care, None, None)
    with pytest.raises(Http404):
        get_in_group(care, sessions, teaching=True, uuid=world.class_session.uuid)
    with pytest.raises(Http404):
        get_in_group(AnonymousActor(), sessions, uuid=world.class_session.uuid)
    teacher = build_staff_actor(world.co_teacher, None, None)
    assert (
        get_in_group(teacher, sessions, teaching=True, uuid=world.class_session.uuid) == world.class_session
    )


def test_teaches_child(world: World) -> None:
    assert teaches_child(build_staff_actor(world.teacher, None, None), world.child)
    assert not teaches_child(build_staff_actor(world.care, None, None), world.child)
    assert not teaches_child(build_staff_actor(world.other_teacher, None, None), world.child)
    assert not teaches_child(AnonymousActor(), world.child)
