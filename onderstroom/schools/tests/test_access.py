"""The shared read gates: who teaches or supports which group, and what that lets them fetch."""

import pytest
from django.http import Http404

from onderstroom.schools import access
from onderstroom.schools.access import StaffActor
from onderstroom.schools.models import GroupAssignment, Role
from onderstroom.schools.tests.conftest import actor_for
from onderstroom.testing.world import World, make_staff


def test_the_teacher_teaches_their_group_by_group_or_id(world: World) -> None:
    """A teacher teaches their own group, whether asked with the group or its id."""
    teacher = actor_for(world.teacher)
    assert teacher.teaches(world.group)
    assert teacher.teaches(world.group.pk)
    assert not teacher.cares_for(world.group)


def test_the_co_teacher_teaches_the_group_too(world: World) -> None:
    """Both teachers of a shared group teach it."""
    assert actor_for(world.co_teacher).teaches(world.group)


def test_another_groups_teacher_teaches_only_their_own(world: World) -> None:
    """A colleague of the same school does not teach a group they are not assigned to."""
    other = actor_for(world.other_teacher)
    assert not other.teaches(world.group)
    assert not other.teaches(world.group.pk)
    assert other.teaches(world.other_group)
    assert not other.cares_for(world.group)


def test_the_assigned_care_coordinator_cares_for_the_group_only(world: World) -> None:
    """The care coordinator cares for the assigned group, not for others, and teaches none."""
    care = actor_for(world.care)
    assert care.cares_for(world.group)
    assert care.cares_for(world.group.pk)
    assert not care.cares_for(world.other_group)
    assert not care.teaches(world.group)


def test_an_unassigned_care_coordinator_cares_for_nothing(world: World) -> None:
    """Holding the care role is not enough: the group must be assigned."""
    unassigned = actor_for(make_staff(world.school, [Role.CARE]))
    assert not unassigned.cares_for(world.group)
    assert not unassigned.teaches(world.group)


def test_the_school_admin_neither_teaches_nor_cares(world: World) -> None:
    """The school admin manages groups but sees no child data through them."""
    admin = actor_for(world.admin)
    for group in (world.group, world.other_group):
        assert not admin.teaches(group)
        assert not admin.cares_for(group)


def test_an_outsider_neither_teaches_nor_cares_for_our_groups(world: World) -> None:
    """Staff of another school hold both roles there, and none of them here."""
    outsider = actor_for(world.outsider)
    assert not outsider.teaches(world.group)
    assert not outsider.cares_for(world.group)
    assert outsider.teaches(world.outsider_group)
    assert outsider.cares_for(world.outsider_group)


def test_an_assignment_without_its_role_counts_for_nothing(world: World) -> None:
    """A teacher assignment left behind for someone who only holds the care role is no teaching."""
    user = make_staff(world.school, [Role.CARE], supports=[world.other_group])
    GroupAssignment.objects.create(
        school=world.school, group=world.group, user=user, kind=GroupAssignment.Kind.TEACHER
    )
    actor = actor_for(user)
    assert not actor.teaches(world.group)
    assert actor.cares_for(world.other_group)


def test_get_care_group_is_for_the_assigned_care_coordinator_only(world: World) -> None:
    """A teacher of the group may see it, but only its care coordinator gets it as a care group."""
    assert access.get_care_group(actor_for(world.care), world.group.uuid) == world.group
    for user in (world.teacher, world.other_teacher, world.admin, world.outsider):
        with pytest.raises(Http404):
            access.get_care_group(actor_for(user), world.group.uuid)


def test_taught_and_care_groups_follow_the_assignments(world: World) -> None:
    """The home page's lists: the groups one teaches and the groups one supports."""
    teacher, care = actor_for(world.teacher), actor_for(world.care)
    assert list(access.taught_groups(teacher)) == [world.group]
    assert not access.care_groups(teacher).exists()
    assert list(access.care_groups(care)) == [world.group]
    assert not access.taught_groups(care).exists()


def test_visible_group_of_a_child(world: World) -> None:
    """The child's group for those who see its children, None for a colleague or an outsider."""
    child = world.child
    assert access.visible_group_of(actor_for(world.teacher), child) == world.group
    assert access.visible_group_of(actor_for(world.care), child) == world.group
    assert access.visible_group_of(actor_for(world.other_teacher), child) is None
    assert access.visible_group_of(actor_for(world.outsider), child) is None


def test_teacher_enrollment_is_for_the_childs_teachers_only(world: World) -> None:
    """Only a teacher of the child's group plans or writes about the child; care and others get 404."""
    enrollment = access.teacher_enrollment(actor_for(world.co_teacher), world.child.uuid)
    assert enrollment.group == world.group
    for user in (world.care, world.other_teacher, world.admin, world.outsider):
        with pytest.raises(Http404):
            access.teacher_enrollment(actor_for(user), world.child.uuid)


def test_taught_group_id_from_the_moment_or_the_enrolment(world: World) -> None:
    """The given group counts only when taught; without one the child's own taught group is found."""
    teacher: StaffActor = actor_for(world.teacher)
    assert access.taught_group_id(teacher, world.child) == world.group.pk
    assert access.taught_group_id(teacher, world.child, world.group.pk) == world.group.pk
    assert access.taught_group_id(teacher, world.child, world.other_group.pk) is None
    assert access.taught_group_id(actor_for(world.care), world.child) is None
    assert access.taught_group_id(actor_for(world.other_teacher), world.child) is None


def test_sees_is_teaching_or_caring(world: World) -> None:
    """The group's teachers and care coordinator see its children; a colleague, the admin, an outsider not."""
    for user in (world.teacher, world.co_teacher, world.care):
        assert actor_for(user).sees(world.group)
        assert actor_for(user).sees(world.group.pk)
    for user in (world.other_teacher, world.admin, world.outsider):
        assert not actor_for(user).sees(world.group)
