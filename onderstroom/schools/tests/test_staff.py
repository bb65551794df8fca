"""The school admin's staff screen: add, change roles, remove; never another school's people."""

import pytest
from django.http import Http404
from django.test import Client
from django.urls import reverse

from onderstroom.accounts.models import User
from onderstroom.audit.models import AuditEvent
from onderstroom.core.errors import Refused
from onderstroom.schools import access, services
from onderstroom.schools.access import StaffActor
from onderstroom.schools.models import GroupAssignment, Membership, Role, StaffInvitation
from onderstroom.schools.tests.conftest import actor_for, join
from onderstroom.testing.queries import page_queries
from onderstroom.testing.world import PASSWORD, Persona, World, make_group, make_staff

pytestmark = pytest.mark.django_db


def roles_at(school, user: User) -> set[str]:  # type: ignore[no-untyped-def]
    return set(Membership.objects.filter(school=school, user=user).values_list("role", flat=True))


# --- services -----------------------------------------------------------------------------------


def test_adding_a_new_colleague_creates_an_account_with_a_temporary_password(
    world: World, admin: StaffActor
) -> None:
    added = services.add_staff(
        admin, full_name=" Juf Lotte ", email="Lotte@Example.org ", roles=[Role.TEACHER, Role.CARE]
    )
    user = User.objects.get(email="lotte@example.org")
    assert added.user == user
    assert user.full_name == "Juf Lotte"
    assert added.temporary_password
    assert user.check_password(added.temporary_password)
    assert user.must_change_password
    assert roles_at(world.school, user) == {Role.TEACHER, Role.CARE}
    event = AuditEvent.objects.get(action="schools.staff.add")
    assert event.school == world.school
    assert event.object_uuid == str(user.uuid)
    assert event.details == {"roles": ["care", "teacher"], "new_account": True}


@pytest.mark.all_schools  # looks across schools: another school's rows, or worlds of several sizes
def test_someone_with_an_account_elsewhere_is_invited_and_joins_only_on_accepting(
    world: World, admin: StaffActor
) -> None:
    """No account is attached without its owner's yes, and the admin learns no name."""
    outsider = world.outsider
    hash_before = outsider.password
    added = services.add_staff(
        admin, full_name="Another Name", email=outsider.email.upper(), roles=[Role.TEACHER]
    )
    assert added.invited
    assert added.user is None
    assert added.temporary_password is None
    assert roles_at(world.school, outsider) == set()
    [invitation] = services.pending_invitations(admin)
    assert (invitation.invited_name, invitation.roles) == ("Another Name", [Role.TEACHER])
    assert AuditEvent.objects.get(action="schools.staff.invite").details == {"roles": ["teacher"]}
    services.answer_invitation(actor_for(outsider), invitation.uuid, accept=True)
    outsider.refresh_from_db()
    assert (outsider.password, outsider.full_name, outsider.must_change_password) == (
        hash_before,
        "Buitenstaander Gijs",
        False,
    )
    assert roles_at(world.school, outsider) == {Role.TEACHER}
    assert roles_at(world.other_school, outsider) == {Role.TEACHER, Role.CARE, Role.SCHOOL_ADMIN}
    assert services.pending_invitations(admin) == []
    joined = AuditEvent.objects.get(action="schools.staff.join")
    assert (joined.school, joined.actor_user_id, joined.details) == (
        world.school,
        outsider.pk,
        {"roles": ["teacher"]},
    )


def test_a_declined_invitation_gives_no_role(world: World, admin: StaffActor) -> None:
    services.add_staff(admin, full_name="x", email=world.outsider.email, roles=[Role.CARE])
    [invitation] = services.pending_invitations(admin)
    services.answer_invitation(actor_for(world.outsider), invitation.uuid, accept=False)
    assert roles_at(world.school, world.outsider) == set()
    assert services.pending_invitations(admin) == []


@pytest.mark.parametrize("who", ["admin", "teacher", "other_admin"])
def test_only_the_invitee_answers_an_invitation(world: World, admin: StaffActor, who: str) -> None:
    """Not the inviting admin, not a colleague, not the invitee's own admin: only the person."""
    services.add_staff(admin, full_name="x", email=world.outsider.email, roles=[Role.TEACHER])
    [invitation] = services.pending_invitations(admin)
    user = {"admin": world.admin, "teacher": world.teacher, "other_admin": world.outsider}[who]
    if who == "other_admin":  # another admin of the outsider's school, not the outsider
        user = make_staff(world.other_school, [Role.SCHOOL_ADMIN])
    with pytest.raises(Http404):
        services.answer_invitation(actor_for(user), invitation.uuid, accept=True)
    assert roles_at(world.school, world.outsider) == set()


@pytest.mark.parametrize(
    ("name", "email", "roles", "message"),
    [
        ("Juf X", "not-an-address", [Role.TEACHER], "geldig e-mailadres"),
        ("Juf X", "x@example.org", [], "minstens één rol"),
        ("Juf X", "x@example.org", ["headmaster"], "Onbekende rol"),
        ("  ", "x@example.org", [Role.TEACHER], "naam"),
    ],
)
def test_bad_staff_input_is_refused_and_changes_nothing(
    world: World, admin: StaffActor, name: str, email: str, roles: list[str], message: str
) -> None:
    users, memberships = User.objects.count(), Membership.objects.count()
    with pytest.raises(Refused, match=message):
        services.add_staff(admin, full_name=name, email=email, roles=roles)
    assert (User.objects.count(), Membership.objects.count()) == (users, memberships)


def test_a_colleague_already_at_the_school_is_not_added_twice(world: World, admin: StaffActor) -> None:
    with pytest.raises(Refused, match="werkt al op deze school"):
        services.add_staff(admin, full_name="Juf Anna", email=world.teacher.email, roles=[Role.CARE])
    assert roles_at(world.school, world.teacher) == {Role.TEACHER}


@pytest.mark.all_schools  # looks across schools: another school's rows, or worlds of several sizes
def test_dropping_a_role_ends_its_assignments_here_only(world: World, admin: StaffActor) -> None:
    """The outsider also teaches here; losing that role here leaves their own school untouched."""
    join(admin, world.outsider, [Role.TEACHER])
    services.assign_to_group(admin, world.other_group.uuid, world.outsider.uuid, GroupAssignment.Kind.TEACHER)
    services.change_roles(admin, world.outsider.uuid, [Role.CARE])
    assert roles_at(world.school, world.outsider) == {Role.CARE}
    assert not GroupAssignment.objects.filter(school=world.school, user=world.outsider).exists()
    assert GroupAssignment.objects.filter(school=world.other_school, user=world.outsider).count() == 2
    event = AuditEvent.objects.get(action="schools.staff.roles")
    assert event.details == {"added": ["care"], "removed": ["teacher"], "assignments_ended": 1}


def test_adding_a_role_keeps_the_assignments(world: World, admin: StaffActor) -> None:
    services.change_roles(admin, world.teacher.uuid, [Role.TEACHER, Role.CARE])
    assert roles_at(world.school, world.teacher) == {Role.TEACHER, Role.CARE}
    assert GroupAssignment.objects.filter(user=world.teacher, group=world.group).exists()


def test_the_admin_cannot_take_away_their_own_admin_role(world: World, admin: StaffActor) -> None:
    with pytest.raises(Refused, match="eigen beheerdersrol"):
        services.change_roles(admin, world.admin.uuid, [Role.TEACHER])
    assert roles_at(world.school, world.admin) == {Role.SCHOOL_ADMIN}


@pytest.mark.all_schools  # looks across schools: another school's rows, or worlds of several sizes
def test_removing_someone_ends_roles_and_assignments_here_never_elsewhere(
    world: World, admin: StaffActor
) -> None:
    join(admin, world.outsider, [Role.TEACHER])
    services.assign_to_group(admin, world.group.uuid, world.outsider.uuid, GroupAssignment.Kind.TEACHER)
    services.remove_staff(admin, world.outsider.uuid)
    assert roles_at(world.school, world.outsider) == set()
    assert not GroupAssignment.objects.filter(school=world.school, user=world.outsider).exists()
    assert roles_at(world.other_school, world.outsider) == {Role.TEACHER, Role.CARE, Role.SCHOOL_ADMIN}
    assert GroupAssignment.objects.filter(school=world.other_school, user=world.outsider).count() == 2
    assert User.objects.filter(pk=world.outsider.pk, is_active=True).exists()
    assert AuditEvent.objects.get(action="schools.staff.remove").details == {
        "roles": 1,
        "assignments_ended": 1,
    }


def test_the_removed_teacher_no_longer_sees_the_group(world: World, admin: StaffActor) -> None:
    assert access.get_visible_group(actor_for(world.teacher), world.group.uuid) == world.group
    services.remove_staff(admin, world.teacher.uuid)
    with pytest.raises(Http404):
        access.get_visible_group(actor_for(world.teacher), world.group.uuid)


def test_the_admin_cannot_remove_themselves(world: World, admin: StaffActor) -> None:
    with pytest.raises(Refused):
        services.remove_staff(admin, world.admin.uuid)
    assert roles_at(world.school, world.admin) == {Role.SCHOOL_ADMIN}


def test_another_schools_admin_cannot_touch_this_schools_staff(world: World, other_admin: StaffActor) -> None:
    for call in (
        lambda: services.change_roles(other_admin, world.teacher.uuid, [Role.CARE]),
        lambda: services.remove_staff(other_admin, world.teacher.uuid),
        lambda: access.get_school_member(other_admin, world.teacher.uuid),
    ):
        with pytest.raises(Http404):
            call()
    assert roles_at(world.school, world.teacher) == {Role.TEACHER}


def test_staff_without_the_admin_role_cannot_manage_staff(world: World) -> None:
    teacher = actor_for(world.teacher)
    with pytest.raises(Http404):
        services.add_staff(teacher, full_name="x", email="x@example.org", roles=[Role.TEACHER])
    with pytest.raises(Http404):
        services.remove_staff(teacher, world.co_teacher.uuid)


# --- views --------------------------------------------------------------------------------------


def test_the_staff_list_shows_roles_and_this_years_groups_of_this_school_only(world: World) -> None:
    response = world.client_for(Persona.ADMIN).get(reverse("schools:staff"))
    html = response.content.decode()
    for name in ("Juf Anna", "Meester Bram", "Juf Carla", "Intern begeleider Dirk", "Directeur Eva"):
        assert name in html
    assert "Groep 4/5/6" in html
    assert "Groep 7" in html
    assert "Buitenstaander Gijs" not in html
    assert "Groep 5" not in html
    assert world.child.first_name not in html  # the admin sees no child data


def test_adding_through_the_form_shows_the_password_once(world: World) -> None:
    client = world.client_for(Persona.ADMIN)
    response = client.post(
        reverse("schools:staff_add"),
        {"full_name": "Meester Henk", "email": "henk@example.org", "roles": [Role.TEACHER]},
    )
    assert response.status_code == 200
    user = User.objects.get(email="henk@example.org")
    password = response.context["added"].temporary_password
    assert password in response.content.decode()
    assert user.check_password(password)
    assert "no-store" in response["Cache-Control"]
    assert password not in client.get(reverse("schools:staff")).content.decode()


def test_adding_a_colleague_of_another_school_reveals_nothing_about_it(world: World) -> None:
    response = world.client_for(Persona.ADMIN).post(
        reverse("schools:staff_add"), {"full_name": "x", "email": world.outsider.email, "roles": [Role.CARE]}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert response.context["added"].temporary_password is None
    assert world.other_school.name not in html
    staff_html = world.client_for(Persona.ADMIN).get(reverse("schools:staff")).content.decode()
    assert world.other_school.name not in staff_html
    assert "Groep 5" not in staff_html
    member_html = (
        world.client_for(Persona.ADMIN)
        .get(reverse("schools:staff_member", args=[world.outsider.uuid]))
        .content.decode()
    )
    assert world.other_school.name not in member_html
    assert "Groep 5" not in member_html


def test_a_bad_form_is_shown_again_with_a_message_and_nothing_is_saved(world: World) -> None:
    users = User.objects.count()
    response = world.client_for(Persona.ADMIN).post(
        reverse("schools:staff_add"), {"full_name": "", "email": "nope", "roles": ["boss"]}
    )
    assert response.status_code == 200
    assert response.context["form"].errors.keys() == {"full_name", "email", "roles"}
    assert User.objects.count() == users


def test_changing_roles_through_the_form(world: World) -> None:
    client = world.client_for(Persona.ADMIN)
    url = reverse("schools:staff_member", args=[world.care.uuid])
    assert client.post(url, {"roles": [Role.CARE, Role.TEACHER]}).status_code == 302
    assert roles_at(world.school, world.care) == {Role.CARE, Role.TEACHER}
    own = client.post(reverse("schools:staff_member", args=[world.admin.uuid]), {"roles": [Role.TEACHER]})
    assert own.status_code == 200
    assert "eigen beheerdersrol" in own.content.decode()


def test_the_reset_button_posts_to_the_accounts_reset_view_when_it_exists(world: World) -> None:
    """The reset view belongs to the accounts app; this page only links to it."""
    from django.urls import NoReverseMatch

    html = (
        world.client_for(Persona.ADMIN)
        .get(reverse("schools:staff_member", args=[world.teacher.uuid]))
        .content
    )
    try:
        reset_url = reverse("accounts:admin_reset_password", args=[world.teacher.uuid])
    except NoReverseMatch:
        return
    assert f'action="{reset_url}"'.encode() in html


def test_the_staff_list_takes_the_same_queries_for_5_and_30_colleagues(world: World) -> None:
    client = world.client_for(Persona.ADMIN)
    url = reverse("schools:staff")
    groups = [make_group(world.school, f"Groep X{i}", [3]) for i in range(3)]
    while Membership.objects.filter(school=world.school).values("user").distinct().count() < 5:
        make_staff(world.school, [Role.TEACHER], teaches=groups[:1])
    few = page_queries(client, url)
    for i in range(25):
        make_staff(world.school, [Role.TEACHER, Role.CARE], teaches=groups[: i % 3 + 1], supports=groups[:1])
    many = page_queries(client, url)
    assert Membership.objects.filter(school=world.school).values("user").distinct().count() == 30
    assert few == many
    assert many <= 12


# --- invitations and grants to oneself, through the screens --------------------------------------


def test_the_invitee_is_asked_at_sign_in_and_accepts(world: World) -> None:
    """After signing in, the invitee sees the school and its roles first; accepting switches to it."""
    world.client_for(Persona.ADMIN).post(
        reverse("schools:staff_add"), {"full_name": "x", "email": world.outsider.email, "roles": [Role.CARE]}
    )
    client = Client()
    response = client.post(reverse("accounts:login"), {"email": world.outsider.email, "password": PASSWORD})
    assert response.url == reverse("schools:invitations")
    page = client.get(response.url).content.decode()
    assert world.school.name in page
    assert world.admin.full_name in page
    invitation = StaffInvitation.objects.get(user=world.outsider)
    response = client.post(
        reverse("schools:invitation_accept", kwargs={"uuid": invitation.uuid}), follow=True
    )
    assert roles_at(world.school, world.outsider) == {Role.CARE}
    assert response.context["actor"].school == world.school
    assert client.get(reverse("schools:invitations")).context["invitations"] == []


def test_the_staff_page_lists_open_invitations_by_the_typed_name(world: World) -> None:
    client = world.client_for(Persona.ADMIN)
    response = client.post(
        reverse("schools:staff_add"),
        {"full_name": "Juf Onbekend", "email": world.outsider.email, "roles": [Role.TEACHER]},
    )
    assert response.context["added"].invited
    assert "Uitnodiging verstuurd" in response.content.decode()
    page = client.get(reverse("schools:staff")).content.decode()
    assert "Juf Onbekend" in page
    assert world.outsider.full_name not in page


def test_the_admin_cannot_give_themselves_a_content_role_on_their_page(world: World) -> None:
    client = world.client_for(Persona.ADMIN)
    url = reverse("schools:staff_member", kwargs={"uuid": world.admin.uuid})
    response = client.post(url, {"roles": [Role.SCHOOL_ADMIN, Role.TEACHER]})
    assert response.status_code == 200
    assert "andere beheerder" in response.content.decode()
    assert roles_at(world.school, world.admin) == {Role.SCHOOL_ADMIN}
    event = AuditEvent.objects.get(action="schools.staff.self_grant_refused")
    assert event.details == {"roles": ["teacher"]}


def test_an_admin_who_teaches_is_not_offered_themselves_for_a_group(world: World) -> None:
    Membership.objects.create(school=world.school, user=world.admin, role=Role.TEACHER)
    client = world.client_for(Persona.ADMIN)
    page = client.get(reverse("schools:group_edit", kwargs={"uuid": world.group.uuid})).content.decode()
    assert str(world.admin.uuid) not in page
    response = client.post(
        reverse("schools:group_assign", kwargs={"uuid": world.group.uuid}),
        {"user": str(world.admin.uuid), "kind": "teacher"},
        follow=True,
    )
    assert "andere beheerder" in response.content.decode()
    assert not GroupAssignment.objects.filter(user=world.admin).exists()


def test_an_admin_may_still_drop_their_own_content_roles(world: World, admin: StaffActor) -> None:
    """Giving up access needs no second person."""
    Membership.objects.create(school=world.school, user=world.admin, role=Role.TEACHER)
    services.change_roles(admin, world.admin.uuid, [Role.SCHOOL_ADMIN])
    assert roles_at(world.school, world.admin) == {Role.SCHOOL_ADMIN}
