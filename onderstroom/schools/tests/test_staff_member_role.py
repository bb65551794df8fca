"""The plain "member of staff" role: a colleague without a group (gym teacher, teaching assistant).

The school admin gives it through the staff-roles service like the other roles; the holder signs in,
sees a home page with only what applies to them, and no child's data (the permission matrix checks
every URL as this persona too).
"""

import pytest
from django.urls import reverse

from onderstroom.audit.models import AuditEvent
from onderstroom.schools import services
from onderstroom.schools.access import StaffActor, build_staff_actor
from onderstroom.schools.models import Membership, Role
from onderstroom.testing.world import Persona, World

pytestmark = pytest.mark.django_db


def test_the_admin_adds_a_gym_teacher_as_member_of_staff(world: World, admin: StaffActor) -> None:
    added = services.add_staff(admin, full_name="Meester Sven", email="sven@example.org", roles=[Role.STAFF])
    assert added.user is not None
    assert set(Membership.objects.filter(user=added.user).values_list("role", flat=True)) == {"staff"}
    actor = build_staff_actor(added.user, None, None)
    assert actor.is_staff_member
    assert not actor.is_teacher
    assert not actor.is_care
    assert not actor.is_school_admin
    assert actor.child_group_ids == frozenset()


def test_changing_roles_gives_and_takes_the_staff_role(world: World, admin: StaffActor) -> None:
    services.change_roles(admin, world.teacher.uuid, [Role.TEACHER, Role.STAFF])
    event = AuditEvent.objects.filter(action="schools.staff.roles").latest("id")
    assert event.details["added"] == ["staff"]
    services.change_roles(admin, world.teacher.uuid, [Role.TEACHER])
    assert not Membership.objects.filter(user=world.teacher, role=Role.STAFF).exists()


def test_an_admin_may_give_themselves_the_staff_role_it_opens_no_child_data(
    world: World, admin: StaffActor
) -> None:
    """Separation of duties refuses only roles that open children's data; this one opens none."""
    services.change_roles(admin, world.admin.uuid, [Role.SCHOOL_ADMIN, Role.STAFF])
    assert Membership.objects.filter(user=world.admin, role=Role.STAFF).exists()
    assert not AuditEvent.objects.filter(action="schools.staff.self_grant_refused").exists()


def test_the_staff_role_is_offered_on_the_staff_form(world: World) -> None:
    page = world.client_for(Persona.ADMIN).get(reverse("schools:staff"))
    assert b'value="staff"' in page.content


def test_the_home_page_of_a_member_of_staff_names_no_child(world: World) -> None:
    page = world.client_for(Persona.STAFF_MEMBER).get(reverse("core:home"))
    html = page.content.decode()
    assert page.status_code == 200
    assert 'id="staff-member"' in html
    assert 'id="my-groups"' not in html
    assert 'id="school-admin"' not in html
    for enrollment in world.group.enrollments.select_related("child"):
        assert enrollment.child.first_name not in html
