"""Separation of duties: a school admin manages accounts, never content.

Every way a school admin could try to reach a teacher's private reflections or a child's data
through the role- and account-changing screens is tried here, one after another and all
together; afterwards the admin still reaches none of it. Staff who are not the school's admin
get "not found" on every one of those screens and change nothing.
"""

import re
from collections.abc import Callable

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from onderstroom.accounts.models import User
from onderstroom.audit.models import AuditEvent
from onderstroom.reflection.models import Entry
from onderstroom.schools.access import today
from onderstroom.schools.models import GroupAssignment, Membership, Role, StaffInvitation
from onderstroom.testing.world import PASSWORD, Persona, World

pytestmark = pytest.mark.django_db

SECRET = "Zij kroop weg achter de kast bij het voorlezen"


def private_entry(world: World) -> Entry:
    """A reflection of the teacher, shared with nobody."""
    return Entry.objects.create(
        school=world.school,
        child=world.child,
        group=world.group,
        author=world.teacher,
        written_on=today(),
        moment_1=SECRET,
    )


def content_pages(world: World, entry: Entry) -> list[str]:
    """Pages with a teacher's reflection or a child's data."""
    return [
        reverse("reflection:entry", kwargs={"uuid": entry.uuid}),
        reverse("reflection:journal", kwargs={"uuid": world.child.uuid}),
        reverse("schools:child", kwargs={"uuid": world.child.uuid}),
        reverse("schools:group", kwargs={"uuid": world.group.uuid}),
        reverse("schools:my_groups"),
        reverse("questionnaires:overview", kwargs={"uuid": world.group.uuid}),
        reverse("schools:child", kwargs={"uuid": world.outsider_child.uuid}),
    ]


def reaches_content(client: Client, world: World, entry: Entry) -> list[str]:
    """The content pages that answer, or any page that shows the secret or a child's surname."""
    reached = []
    for url in content_pages(world, entry):
        response = client.get(url)
        html = response.content.decode()
        if response.status_code == 200 or SECRET in html:
            reached.append(url)
    home = client.get(reverse("core:home"), follow=True).content.decode()
    if SECRET in home or world.child.surname in home:
        reached.append("home")
    return reached


def sign_in(client: Client, email: str, password: str) -> bool:
    client.post(reverse("accounts:login"), {"email": email, "password": password})
    return "_auth_user_id" in client.session


# --- the paths a school admin might try ----------------------------------------------------------


def try_reset(world: World, admin: Client) -> None:
    """Reset the teacher's password, then look for anything on the page that would sign in as them."""
    response = admin.post(reverse("accounts:admin_reset_password", kwargs={"uuid": world.teacher.uuid}))
    assert response.status_code == 200
    html = response.content.decode()
    assert "new-password" not in html
    assert all(message.to == [world.teacher.email] for message in mail.outbox)
    candidates = set(re.findall(r"<code[^>]*>([^<]+)</code>", html)) | {PASSWORD, world.admin.email}
    assert not any(sign_in(Client(), world.teacher.email, text) for text in candidates)


def try_self_roles(world: World, admin: Client) -> None:
    """Give oneself the teacher and the care coordinator role."""
    for roles in ([Role.SCHOOL_ADMIN, Role.TEACHER], [Role.SCHOOL_ADMIN, Role.CARE]):
        admin.post(reverse("schools:staff_member", kwargs={"uuid": world.admin.uuid}), {"roles": roles})
    assert set(Membership.objects.filter(user=world.admin).values_list("role", flat=True)) == {
        Role.SCHOOL_ADMIN
    }


def try_self_assignment(world: World, admin: Client) -> None:
    """Assign oneself to the group, even with a teacher role given by a colleague admin."""
    Membership.objects.create(school=world.school, user=world.admin, role=Role.TEACHER)
    for kind in GroupAssignment.Kind.values:
        admin.post(
            reverse("schools:group_assign", kwargs={"uuid": world.group.uuid}),
            {"user": str(world.admin.uuid), "kind": kind},
        )
    assert not GroupAssignment.objects.filter(user=world.admin).exists()
    Membership.objects.filter(user=world.admin, role=Role.TEACHER).delete()


def try_adding_someone_of_another_school(world: World, admin: Client) -> None:
    """Add the other school's teacher by address: no name shown, nothing attached."""
    response = admin.post(
        reverse("schools:staff_add"),
        {"full_name": "Wie dan ook", "email": world.outsider.email, "roles": [Role.TEACHER, Role.CARE]},
    )
    assert world.outsider.full_name not in response.content.decode()
    assert not Membership.objects.filter(school=world.school, user=world.outsider).exists()
    assert world.outsider.full_name not in admin.get(reverse("schools:staff")).content.decode()


def try_adding_oneself_again(world: World, admin: Client) -> None:
    """Add one's own address with a teacher role: refused, the admin already works here."""
    admin.post(
        reverse("schools:staff_add"),
        {"full_name": "Ik", "email": world.admin.email, "roles": [Role.TEACHER]},
    )
    assert not Membership.objects.filter(user=world.admin, role=Role.TEACHER).exists()
    assert not StaffInvitation.objects.filter(user=world.admin).exists()


def try_taking_over_an_invitation(world: World, admin: Client) -> None:
    """Accept, as the admin, the invitation meant for someone else."""
    admin.post(
        reverse("schools:staff_add"),
        {"full_name": "x", "email": world.outsider.email, "roles": [Role.TEACHER]},
    )
    invitation = StaffInvitation.objects.get(user=world.outsider)
    response = admin.post(reverse("schools:invitation_accept", kwargs={"uuid": invitation.uuid}))
    assert response.status_code == 404
    assert not Membership.objects.filter(school=world.school, user=world.outsider).exists()


PATHS: dict[str, Callable[[World, Client], None]] = {
    "reset": try_reset,
    "own roles": try_self_roles,
    "own group": try_self_assignment,
    "add from another school": try_adding_someone_of_another_school,
    "add oneself": try_adding_oneself_again,
    "take over an invitation": try_taking_over_an_invitation,
}


@pytest.mark.all_schools  # looks across schools: another school's rows, or worlds of several sizes
@pytest.mark.parametrize("path", PATHS)
def test_no_escalation_path_opens_content_to_the_school_admin(world: World, path: str) -> None:
    """Each path on its own: before and after, no reflection and no child data for the admin."""
    entry = private_entry(world)
    admin = world.client_for(Persona.ADMIN)
    assert reaches_content(admin, world, entry) == []
    PATHS[path](world, admin)
    assert reaches_content(admin, world, entry) == []


@pytest.mark.all_schools  # looks across schools: another school's rows, or worlds of several sizes
def test_all_escalation_paths_together_open_nothing(world: World) -> None:
    entry = private_entry(world)
    admin = world.client_for(Persona.ADMIN)
    for attempt in PATHS.values():
        attempt(world, admin)
    assert reaches_content(admin, world, entry) == []
    # The attempts are on record, and the audit page marks them.
    refused = AuditEvent.objects.filter(
        action="schools.staff.self_grant_refused", actor_user_id=world.admin.pk
    )
    assert refused.count() >= 3


def test_another_admin_may_grant_what_the_admin_may_not_grant_themselves(world: World) -> None:
    """The second person: a colleague admin gives the role and the group; the audit page marks it."""
    colleague = User.objects.create_user("tweede@example.org", PASSWORD, full_name="Tweede Beheerder")
    Membership.objects.create(school=world.school, user=colleague, role=Role.SCHOOL_ADMIN)
    client = Client()
    client.force_login(colleague)
    client.post(
        reverse("schools:staff_member", kwargs={"uuid": world.admin.uuid}),
        {"roles": [Role.SCHOOL_ADMIN, Role.TEACHER]},
    )
    client.post(
        reverse("schools:group_assign", kwargs={"uuid": world.group.uuid}),
        {"user": str(world.admin.uuid), "kind": GroupAssignment.Kind.TEACHER},
    )
    assert GroupAssignment.objects.filter(user=world.admin, group=world.group).exists()
    event = AuditEvent.objects.get(action="schools.staff.roles")
    assert (event.actor_user_id, event.details["added"]) == (colleague.pk, ["teacher"])


ADMIN_ENDPOINTS: dict[str, Callable[[World], tuple[str, dict[str, object]]]] = {
    "reset": lambda w: (reverse("accounts:admin_reset_password", kwargs={"uuid": w.co_teacher.uuid}), {}),
    "roles": lambda w: (
        reverse("schools:staff_member", kwargs={"uuid": w.co_teacher.uuid}),
        {"roles": [Role.SCHOOL_ADMIN, Role.TEACHER, Role.CARE]},
    ),
    "assign": lambda w: (
        reverse("schools:group_assign", kwargs={"uuid": w.other_group.uuid}),
        {"user": str(w.care.uuid), "kind": GroupAssignment.Kind.CARE},
    ),
    "add": lambda w: (
        reverse("schools:staff_add"),
        {"full_name": "x", "email": "nieuw@example.org", "roles": [Role.SCHOOL_ADMIN]},
    ),
    "remove": lambda w: (reverse("schools:staff_remove", kwargs={"uuid": w.co_teacher.uuid}), {}),
}


@pytest.mark.parametrize("endpoint", ADMIN_ENDPOINTS)
@pytest.mark.parametrize(
    "persona", [Persona.TEACHER, Persona.CARE, Persona.OTHER_TEACHER, Persona.BOARD, Persona.CHILD]
)
def test_staff_who_are_not_the_schools_admin_change_no_role_or_account(
    world: World, endpoint: str, persona: Persona
) -> None:
    """Teacher, care coordinator, board admin, child: "not found" on every account-changing screen."""
    before = (
        sorted(Membership.objects.values_list("user_id", "role")),
        sorted(GroupAssignment.objects.values_list("user_id", "group_id", "kind")),
        User.objects.count(),
        world.co_teacher.password,
    )
    url, data = ADMIN_ENDPOINTS[endpoint](world)
    assert world.client_for(persona).post(url, data).status_code == 404
    world.co_teacher.refresh_from_db()
    after = (
        sorted(Membership.objects.values_list("user_id", "role")),
        sorted(GroupAssignment.objects.values_list("user_id", "group_id", "kind")),
        User.objects.count(),
        world.co_teacher.password,
    )
    assert after == before


@pytest.mark.parametrize("endpoint", ADMIN_ENDPOINTS)
def test_the_admin_of_another_school_changes_nothing_here(world: World, endpoint: str) -> None:
    url, data = ADMIN_ENDPOINTS[endpoint](world)
    if endpoint == "add":  # adds to the outsider's own school: nothing here
        world.client_for(Persona.OUTSIDER).post(url, data)
        assert not Membership.objects.filter(school=world.school, user__email="nieuw@example.org").exists()
        return
    assert world.client_for(Persona.OUTSIDER).post(url, data).status_code == 404
