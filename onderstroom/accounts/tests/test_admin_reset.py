"""The school admin resets a colleague's password: the colleague gets a link, the admin no credential."""

import re
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from unittest import mock

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from pytest_django.fixtures import Settings

from onderstroom.accounts import services
from onderstroom.accounts.tests.conftest import enable_totp, post_sign_in
from onderstroom.audit.models import AuditEvent
from onderstroom.testing.world import PASSWORD, Persona, World

pytestmark = pytest.mark.django_db


def reset_url(target_uuid: uuid.UUID) -> str:
    return reverse("accounts:admin_reset_password", kwargs={"uuid": target_uuid})


@contextmanager
def freeze_later(seconds: int) -> Iterator[None]:
    """The token generator's clock, some seconds on."""
    later = datetime.now() + timedelta(seconds=seconds)  # naive local time, as the generator's own clock
    with mock.patch.object(services.default_token_generator, "_now", return_value=later):
        yield


def link_in(message: mail.EmailMessage) -> str:
    """The path of the password link in a reset mail."""
    match = re.search(r"https?://[^/\s]+(/account/new-password/\S+/)", message.body)
    assert match, message.body
    return match.group(1)


def test_admin_of_the_school_resets_a_colleague(world: World) -> None:
    """The admin sees no password; the colleague gets a one-time link at their own address."""
    teacher_session = Client()
    post_sign_in(teacher_session, world.teacher.email)
    response = world.client_for(Persona.ADMIN).post(reset_url(world.teacher.uuid))
    assert response.status_code == 200
    assert "temporary_password" not in response.context
    assert response.context["link_sent"]
    assert "no-store" in response["Cache-Control"]
    world.teacher.refresh_from_db()
    assert not world.teacher.has_usable_password()
    assert not world.teacher.check_password(PASSWORD)
    # Every session of the colleague ended.
    assert teacher_session.get(reverse("accounts:settings")).status_code == 302
    [message] = mail.outbox
    assert message.to == [world.teacher.email]
    link = link_in(message)
    assert link not in response.content.decode()
    row = AuditEvent.across_schools.get(action="accounts.password.reset")
    assert (row.actor_user_id, row.school_id, row.object_uuid) == (
        world.admin.pk,
        world.school.pk,
        str(world.teacher.uuid),
    )
    assert row.details == {"link_sent": True, "two_step_kept": False}
    assert link.split("/")[-2] not in repr(row.details)


def test_the_link_leads_to_choosing_an_own_password_and_a_notice_at_sign_in(world: World) -> None:
    """The owner chooses a password with the link, once; the next sign-in says who reset it."""
    world.client_for(Persona.ADMIN).post(reset_url(world.care.uuid))
    link = link_in(mail.outbox[0])
    owner = Client()
    page = owner.get(link).content.decode()
    assert world.admin.full_name in page
    new = "een nieuwe zin als wachtwoord"
    response = owner.post(link, {"new_password": new, "new_password_again": new})
    assert response.url == reverse("accounts:login")
    assert owner.get(link).status_code == 404  # used once, then dead
    response = post_sign_in(owner, world.care.email, new, follow=True)
    assert owner.session["_auth_user_id"] == str(world.care.pk)
    assert f"{world.admin.full_name}, schoolbeheerder, heeft je wachtwoord" in response.content.decode()
    world.care.refresh_from_db()
    assert world.care.password_reset_at is None  # told once
    assert AuditEvent.across_schools.filter(action="accounts.password.set_with_link").count() == 1


def test_a_newer_reset_or_a_made_up_token_opens_nothing(world: World) -> None:
    admin = world.client_for(Persona.ADMIN)
    admin.post(reset_url(world.teacher.uuid))
    admin.post(reset_url(world.teacher.uuid))
    first, second = (link_in(m) for m in mail.outbox)
    assert Client().get(first).status_code == 404
    assert Client().get(second).status_code == 200
    forged = reverse("accounts:reset_confirm", kwargs={"uuid": world.teacher.uuid, "token": "abc-def"})
    assert (
        Client().post(forged, {"new_password": "x" * 12, "new_password_again": "x" * 12}).status_code == 404
    )
    other = second.replace(str(world.teacher.uuid), str(world.co_teacher.uuid))
    assert Client().get(other).status_code == 404


def test_the_link_expires(world: World, settings: Settings) -> None:
    world.client_for(Persona.ADMIN).post(reset_url(world.teacher.uuid))
    link = link_in(mail.outbox[0])
    with freeze_later(seconds=settings.PASSWORD_RESET_TIMEOUT - 60):
        assert Client().get(link).status_code == 200
    with freeze_later(seconds=settings.PASSWORD_RESET_TIMEOUT + 60):
        assert Client().get(link).status_code == 404


def test_a_reset_keeps_the_second_factor(world: World) -> None:
    """The new password alone does not sign in a colleague with two-step verification."""
    enable_totp(world.teacher)
    world.client_for(Persona.ADMIN).post(reset_url(world.teacher.uuid))
    world.teacher.refresh_from_db()
    assert world.teacher.has_totp
    link = link_in(mail.outbox[0])
    new = "een nieuwe zin als wachtwoord"
    Client().post(link, {"new_password": new, "new_password_again": new})
    client = Client()
    assert post_sign_in(client, world.teacher.email, new).url == reverse("accounts:login_code")
    assert "_auth_user_id" not in client.session


def test_a_weak_or_mismatched_new_password_changes_nothing(world: World) -> None:
    world.client_for(Persona.ADMIN).post(reset_url(world.teacher.uuid))
    link = link_in(mail.outbox[0])
    for data in (
        {"new_password": "kort", "new_password_again": "kort"},
        {"new_password": "een zin", "new_password_again": "iets anders"},
        {},
    ):
        assert Client().post(link, data).status_code == 200
    world.teacher.refresh_from_db()
    assert not world.teacher.has_usable_password()
    assert Client().get(link).status_code == 200


def test_a_mail_that_cannot_be_sent_is_said_plainly(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise ConnectionRefusedError

    monkeypatch.setattr(services, "send_mail", refuse)
    response = world.client_for(Persona.ADMIN).post(reset_url(world.teacher.uuid))
    assert response.status_code == 200
    assert not response.context["link_sent"]
    assert "kon niet worden verstuurd" in response.content.decode()
    assert AuditEvent.across_schools.get(action="accounts.password.reset").details["link_sent"] is False


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
    assert f"The password of {world.teacher.full_name} is reset" in page
    assert f"We sent a link to {world.teacher.email}" in page


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
