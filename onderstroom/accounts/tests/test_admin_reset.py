"""The school admin gives a colleague of their own school a temporary password."""

import uuid

import pytest
from django.test import Client
from django.urls import reverse

from onderstroom.accounts.tests.conftest import post_sign_in
from onderstroom.audit.models import AuditEvent
from onderstroom.testing.world import PASSWORD, Persona, World

pytestmark = pytest.mark.django_db


def reset_url(target_uuid: uuid.UUID) -> str:
    return reverse("accounts:admin_reset_password", kwargs={"uuid": target_uuid})


def test_admin_of_the_school_resets_a_colleague(world: World) -> None:
    teacher_session = Client()
    post_sign_in(teacher_session, world.teacher.email)
    response = world.client_for(Persona.ADMIN).post(reset_url(world.teacher.uuid))
    assert response.status_code == 200
    temporary = response.context["temporary_password"]
    page = response.content.decode()
    assert temporary in page
    assert "no-store" in response["Cache-Control"]
    world.teacher.refresh_from_db()
    assert world.teacher.must_change_password
    assert world.teacher.check_password(temporary)
    assert not world.teacher.check_password(PASSWORD)
    # Every session of the colleague ended.
    assert teacher_session.get(reverse("accounts:settings")).status_code == 302
    row = AuditEvent.across_schools.get(action="accounts.password.reset")
    assert (row.actor_user_id, row.school_id, row.object_uuid) == (
        world.admin.pk,
        world.school.pk,
        str(world.teacher.uuid),
    )
    assert temporary not in repr(row.details)


def test_the_temporary_password_leads_to_choosing_an_own_one(world: World) -> None:
    response = world.client_for(Persona.ADMIN).post(reset_url(world.care.uuid))
    client = Client()
    post_sign_in(client, world.care.email, response.context["temporary_password"])
    assert client.get(reverse("core:home")).url == reverse("accounts:password")


@pytest.mark.parametrize("persona", [Persona.TEACHER, Persona.CARE, Persona.OTHER_TEACHER, Persona.BOARD])
def test_staff_who_are_not_school_admin_get_not_found(world: World, persona: Persona) -> None:
    response = world.client_for(persona).post(reset_url(world.co_teacher.uuid))
    assert response.status_code == 404
    world.co_teacher.refresh_from_db()
    assert world.co_teacher.check_password(PASSWORD)
    assert not AuditEvent.across_schools.filter(action="accounts.password.reset").exists()


def test_admin_of_another_school_gets_not_found(world: World) -> None:
    response = world.client_for(Persona.OUTSIDER).post(reset_url(world.teacher.uuid))
    assert response.status_code == 404
    world.teacher.refresh_from_db()
    assert world.teacher.check_password(PASSWORD)
    assert not world.teacher.must_change_password


def test_admin_cannot_reach_someone_without_a_role_at_the_school(world: World) -> None:
    """The board admin has no membership at the school: not a colleague there."""
    assert world.client_for(Persona.ADMIN).post(reset_url(world.board_admin.uuid)).status_code == 404
    assert world.client_for(Persona.ADMIN).post(reset_url(uuid.uuid4())).status_code == 404


def test_a_child_and_an_anonymous_visitor_cannot_reset(world: World) -> None:
    assert world.client_for(Persona.CHILD).post(reset_url(world.teacher.uuid)).status_code == 404
    assert Client().post(reset_url(world.teacher.uuid)).status_code == 302
    world.teacher.refresh_from_db()
    assert not world.teacher.must_change_password


def test_reset_is_post_only(world: World) -> None:
    assert world.client_for(Persona.ADMIN).get(reset_url(world.teacher.uuid)).status_code == 405
    world.teacher.refresh_from_db()
    assert not world.teacher.must_change_password


def test_admin_is_sent_to_the_own_password_form_for_their_own_account(world: World) -> None:
    response = world.client_for(Persona.ADMIN).post(reset_url(world.admin.uuid))
    assert response.url == reverse("accounts:password")
    world.admin.refresh_from_db()
    assert not world.admin.must_change_password


def test_reset_page_reads_well_in_english(world: World) -> None:
    client = world.client_for(Persona.ADMIN)
    client.cookies["onderstroom_language"] = "en"
    page = client.post(reset_url(world.teacher.uuid)).content.decode()
    assert f"New temporary password for {world.teacher.full_name}" in page
    assert "choose their own password" in page


@pytest.mark.parametrize("elsewhere", ["other school", "board"])
def test_a_colleague_with_a_role_elsewhere_cannot_be_taken_over(world: World, elsewhere: str) -> None:
    """Resetting would let this school's admin sign in as someone who acts at another school or the board."""
    from onderstroom.schools.models import BoardMembership, Membership, Role

    if elsewhere == "board":
        BoardMembership.objects.create(board=world.board, user=world.co_teacher)
    else:
        Membership.objects.create(school=world.other_school, user=world.co_teacher, role=Role.SCHOOL_ADMIN)
    response = world.client_for(Persona.ADMIN).post(reset_url(world.co_teacher.uuid), follow=True)
    assert (
        "administrator of the installation" in response.content.decode()
        or "beheerder van de installatie" in (response.content.decode())
    )
    world.co_teacher.refresh_from_db()
    assert world.co_teacher.check_password(PASSWORD)
    assert not world.co_teacher.must_change_password
    assert not AuditEvent.across_schools.filter(action="accounts.password.reset").exists()


def test_the_installation_admin_resets_any_account_and_two_step(world: World) -> None:
    from django.core.management import call_command

    world.co_teacher.totp_secret, world.co_teacher.totp_confirmed = "JBSWY3DPEHPK3PXP", True
    world.co_teacher.save()
    from io import StringIO

    out = StringIO()
    call_command("reset_password", world.co_teacher.email.upper(), "--disable-two-step", stdout=out)
    temporary = out.getvalue().split(": ", 1)[1].splitlines()[0]
    world.co_teacher.refresh_from_db()
    assert world.co_teacher.check_password(temporary)
    assert world.co_teacher.must_change_password
    assert not world.co_teacher.has_totp
    assert AuditEvent.across_schools.filter(
        action="accounts.password.reset", object_uuid=str(world.co_teacher.uuid)
    )
