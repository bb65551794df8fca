"""The account page: recent attempts, sign out everywhere, changing the own password."""

import pytest
from django.test import Client
from django.urls import reverse

from onderstroom.accounts import services
from onderstroom.accounts.models import LoginAttempt
from onderstroom.accounts.tests.conftest import LOGIN, post_sign_in
from onderstroom.audit.models import AuditEvent
from onderstroom.testing.world import PASSWORD, Persona, World

pytestmark = pytest.mark.django_db

SETTINGS = reverse("accounts:settings")
PASSWORD_URL = reverse("accounts:password")
NEW_PASSWORD = "de boot vaart om zeven uur"


def change(client: Client, current: str = PASSWORD, new: str = NEW_PASSWORD, again: str | None = None):  # type: ignore[no-untyped-def]
    data = {
        "current_password": current,
        "new_password": new,
        "new_password_again": new if again is None else again,
    }
    return client.post(PASSWORD_URL, data)


# --- the page --------------------------------------------------------------------------------------


def test_account_page_shows_name_email_and_the_actions(world: World) -> None:
    page = world.client_for(Persona.TEACHER).get(SETTINGS).content.decode()
    assert world.teacher.full_name in page
    assert world.teacher.email in page
    assert f'href="{PASSWORD_URL}"' in page
    assert reverse("accounts:sign_out_everywhere") in page
    assert "Nog geen inlogpogingen." in page


def test_account_page_lists_the_last_ten_attempts_on_this_account_only(world: World) -> None:
    for n in range(12):
        outcome = LoginAttempt.Outcome.BAD_PASSWORD if n % 2 else LoginAttempt.Outcome.SUCCESS
        services.record_attempt(
            world.teacher.email, f"192.0.2.{n}", outcome, world.teacher if n % 3 else None
        )
    services.record_attempt(
        world.co_teacher.email, "198.51.100.1", LoginAttempt.Outcome.SUCCESS, world.co_teacher
    )
    page = world.client_for(Persona.TEACHER).get(SETTINGS).content.decode()
    shown = [f"192.0.2.{n}" for n in range(12) if f"<td>192.0.2.{n}</td>" in page]
    assert shown == [f"192.0.2.{n}" for n in range(2, 12)]  # the latest ten
    assert "198.51.100.1" not in page
    assert "Onjuist e-mailadres of wachtwoord" in page
    assert "Ingelogd" in page


# --- sign out everywhere -----------------------------------------------------------------------------


def test_sign_out_everywhere_ends_this_and_every_other_session(world: World) -> None:
    laptop, tablet = Client(), Client()
    post_sign_in(laptop, world.teacher.email)
    post_sign_in(tablet, world.teacher.email)
    assert tablet.get(SETTINGS).status_code == 200
    response = laptop.post(reverse("accounts:sign_out_everywhere"))
    assert response.url == LOGIN
    assert laptop.get(SETTINGS).status_code == 302
    assert tablet.get(SETTINGS).status_code == 302
    assert "Je bent op alle apparaten uitgelogd" in laptop.get(LOGIN).content.decode()
    row = AuditEvent.across_schools.get(action="accounts.sign_out_everywhere")
    assert (row.actor_user_id, row.school_id) == (world.teacher.pk, world.school.pk)


def test_sign_out_everywhere_leaves_colleagues_signed_in(world: World) -> None:
    colleague = world.client_for(Persona.CARE)
    world.client_for(Persona.TEACHER).post(reverse("accounts:sign_out_everywhere"))
    assert colleague.get(SETTINGS).status_code == 200


def test_signing_in_again_after_sign_out_everywhere_works(world: World) -> None:
    client = Client()
    post_sign_in(client, world.teacher.email)
    client.post(reverse("accounts:sign_out_everywhere"))
    post_sign_in(client, world.teacher.email)
    assert client.get(SETTINGS).status_code == 200


# --- the own password --------------------------------------------------------------------------------


def test_changing_the_password_keeps_this_session_and_ends_the_others(world: World) -> None:
    here, elsewhere = Client(), Client()
    post_sign_in(here, world.teacher.email)
    post_sign_in(elsewhere, world.teacher.email)
    response = change(here)
    assert response.url == SETTINGS
    assert here.get(SETTINGS).status_code == 200
    assert elsewhere.get(SETTINGS).status_code == 302
    world.teacher.refresh_from_db()
    assert world.teacher.check_password(NEW_PASSWORD)
    row = AuditEvent.across_schools.get(action="accounts.password.change")
    assert row.details == {"forced": False}
    assert NEW_PASSWORD not in repr(row.details)


def test_new_password_works_at_sign_in_and_the_old_one_not(world: World) -> None:
    change(world.client_for(Persona.TEACHER))
    assert post_sign_in(Client(), world.teacher.email).status_code == 200  # the form again: refused
    assert post_sign_in(Client(), world.teacher.email, NEW_PASSWORD).status_code == 302


@pytest.mark.parametrize(
    ("current", "new", "again", "message"),
    [
        ("wrong", NEW_PASSWORD, None, "Dit is niet je huidige wachtwoord."),
        (
            PASSWORD,
            NEW_PASSWORD,
            "something else entirely",
            "De twee nieuwe wachtwoorden zijn niet hetzelfde.",
        ),
        (PASSWORD, "kort", None, "Dit wachtwoord is te kort: gebruik minstens 10 tekens."),
        (PASSWORD, "1234567890123", None, "Dit wachtwoord bevat alleen cijfers."),
        (PASSWORD, "password123", None, "Dit wachtwoord is te algemeen."),
        (PASSWORD, PASSWORD, None, "Kies een ander wachtwoord dan je huidige."),
    ],
)
def test_a_bad_new_password_is_refused_with_a_reason(
    world: World, current: str, new: str, again: str | None, message: str
) -> None:
    client = world.client_for(Persona.TEACHER)
    response = change(client, current, new, again)
    assert response.status_code == 200
    assert message in response.content.decode()
    world.teacher.refresh_from_db()
    assert world.teacher.check_password(PASSWORD)
    assert not AuditEvent.across_schools.filter(action="accounts.password.change").exists()


def test_a_temporary_password_forces_a_change_first(world: World) -> None:
    temporary = services.issue_temporary_password(world.teacher)
    client = Client()
    post_sign_in(client, world.teacher.email, temporary)
    assert client.get(reverse("core:home")).url == PASSWORD_URL
    assert client.get(SETTINGS).url == PASSWORD_URL
    page = client.get(PASSWORD_URL).content.decode()
    assert "Kies je eigen wachtwoord" in page
    assert ">Tijdelijk wachtwoord</label>" in page
    response = change(client, temporary)
    assert response.url == reverse("core:home")
    assert client.get(reverse("core:home")).status_code == 200
    world.teacher.refresh_from_db()
    assert not world.teacher.must_change_password
    assert AuditEvent.across_schools.get(action="accounts.password.change").details == {"forced": True}
    assert post_sign_in(Client(), world.teacher.email, temporary).status_code == 200  # refused now
