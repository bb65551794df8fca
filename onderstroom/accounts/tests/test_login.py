"""The sign-in form: who gets in, where they go next, and what every attempt leaves behind."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from onderstroom.accounts.models import LoginAttempt
from onderstroom.accounts.signin import SIGNED_IN_AT
from onderstroom.accounts.tests.conftest import LOGIN, outcomes, post_sign_in, sign_in_audit_rows
from onderstroom.audit.models import AuditEvent
from onderstroom.childsessions.signin import CHILD_KEY
from onderstroom.testing.world import PASSWORD, Persona, World, sign_in_child

pytestmark = pytest.mark.django_db


def test_form_shows_the_labels_the_browser_helper_relies_on(client: Client) -> None:
    """Dutch by default: E-mailadres, Wachtwoord, Inloggen."""
    page = client.get(LOGIN).content.decode()
    assert ">E-mailadres</label>" in page
    assert ">Wachtwoord</label>" in page
    assert ">Inloggen</button>" in page


def test_right_password_signs_in_and_goes_home(client: Client, world: World) -> None:
    response = post_sign_in(client, world.teacher.email)
    assert response.status_code == 302
    assert response.url == reverse("core:home")
    assert client.get(reverse("accounts:settings")).status_code == 200
    assert isinstance(client.session[SIGNED_IN_AT], int)


def test_email_is_matched_without_regard_to_case_or_spaces(client: Client, world: World) -> None:
    response = post_sign_in(client, f"  {world.teacher.email.upper()} ")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(world.teacher.pk)


def test_success_is_logged_with_the_school_and_no_password(client: Client, world: World) -> None:
    post_sign_in(client, world.teacher.email, HTTP_X_FORWARDED_FOR="198.51.100.9", REMOTE_ADDR="192.0.2.7")
    attempt = LoginAttempt.objects.get()
    assert (attempt.outcome, attempt.user, attempt.email, attempt.ip_address) == (
        "success",
        world.teacher,
        world.teacher.email,
        "192.0.2.7",  # no trusted proxies configured: the header is ignored
    )
    [row] = sign_in_audit_rows()
    assert row.actor_kind == "staff"
    assert row.actor_user_id == world.teacher.pk
    assert row.school_id == world.school.pk
    assert row.details == {"outcome": "success"}
    assert row.object_uuid == str(world.teacher.uuid)
    assert row.ip_address == "192.0.2.7"


@pytest.mark.parametrize("email_of", ["teacher", "nobody"])
def test_wrong_password_and_unknown_address_get_the_same_answer(
    client: Client, world: World, email_of: str
) -> None:
    """Nobody learns from the answer whether an account exists."""
    email = world.teacher.email if email_of == "teacher" else "niemand@example.org"
    response = post_sign_in(client, email, "not the password")
    assert response.status_code == 200
    assert "Onjuist e-mailadres of wachtwoord." in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert outcomes() == ["bad_password"]
    [row] = sign_in_audit_rows()
    assert (row.actor_kind, row.actor_user_id, row.details) == (
        "anonymous",
        None,
        {"outcome": "bad_password"},
    )


def test_switched_off_account_is_refused_and_logged(client: Client, world: World) -> None:
    """The right password of a switched-off account gets the wrong-password answer, but is logged as it is."""
    world.teacher.is_active = False
    world.teacher.save()
    response = post_sign_in(client, world.teacher.email)
    wrong = post_sign_in(Client(), world.teacher.email, "wrong").content.decode()
    assert "_auth_user_id" not in client.session
    marker = '<p class="notice bad" role="alert">'
    assert (
        response.content.decode().split(marker)[1].split("</p>")[0] == wrong.split(marker)[1].split("</p>")[0]
    )
    assert "uitgeschakeld" not in response.content.decode()
    assert outcomes() == ["inactive", "bad_password"]
    assert [r.details for r in sign_in_audit_rows()] == [{"outcome": "inactive"}, {"outcome": "bad_password"}]


def test_switched_off_account_with_a_wrong_password_says_nothing_about_the_account(
    client: Client, world: World
) -> None:
    world.teacher.is_active = False
    world.teacher.save()
    response = post_sign_in(client, world.teacher.email, "wrong")
    assert "uitgeschakeld" not in response.content.decode()
    assert outcomes() == ["bad_password"]


def test_no_password_or_code_is_ever_stored(client: Client, world: World) -> None:
    secret = "a very secret wrong passphrase"
    post_sign_in(client, world.teacher.email, secret)
    post_sign_in(client, world.teacher.email)
    stored = [repr(list(LoginAttempt.objects.values()))]
    stored += [repr(row.details) + row.actor_label + row.object_uuid for row in sign_in_audit_rows()]
    assert len(sign_in_audit_rows()) == 2
    assert all(secret not in text and PASSWORD not in text for text in stored)


@pytest.mark.parametrize("target", ["/groups/", "/account/?tab=1"])
def test_a_page_on_this_site_is_honoured_as_next(client: Client, world: World, target: str) -> None:
    response = post_sign_in(client, world.teacher.email, next=target)
    assert response.url == target


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example",
        "\\\\evil.example",
        "https:evil.example",
        "javascript:alert(1)",
        "http://testserver.evil.example/",
        " //evil.example",
        "/" + "a" * 5000,
    ],
)
def test_open_redirect_is_refused(client: Client, world: World, target: str) -> None:
    response = post_sign_in(client, world.teacher.email, next=target)
    assert response.status_code == 302
    assert response.url == reverse("core:home")


def test_next_from_the_redirect_is_carried_through_the_form(client: Client, world: World) -> None:
    """A page behind the sign-in sends the visitor here with ?next=; the form posts it back."""
    to_login = client.get(reverse("accounts:settings"))
    form = client.get(to_login.url).content.decode()
    assert 'name="next" value="/account/"' in form
    assert "Log in om verder te gaan" in form


def test_signing_in_drops_a_child_on_this_browser_and_changes_the_session_key(
    client: Client, world: World
) -> None:
    sign_in_child(client, world.class_session, world.child)
    old_key = client.session.session_key
    post_sign_in(client, world.teacher.email)
    session = client.session
    assert CHILD_KEY not in session
    assert session.session_key != old_key
    assert session["_auth_user_id"] == str(world.teacher.pk)


def test_signed_in_staff_are_sent_on_from_the_form(world: World) -> None:
    client = world.client_for(Persona.TEACHER)
    assert client.get(LOGIN).url == reverse("core:home")


def test_sign_out_ends_the_session_and_is_audited(world: World) -> None:
    client = world.client_for(Persona.TEACHER)
    response = client.post(reverse("accounts:logout"))
    assert response.url == LOGIN
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("accounts:settings")).status_code == 302
    assert AuditEvent.across_schools.filter(
        action="accounts.sign_out", actor_user_id=world.teacher.pk
    ).exists()


def test_the_form_needs_its_csrf_token(world: World) -> None:
    client = Client(enforce_csrf_checks=True)
    response = post_sign_in(client, world.teacher.email)
    assert response.status_code == 403
    assert LoginAttempt.objects.count() == 0


def test_session_cookie_is_http_only(client: Client, world: World) -> None:
    post_sign_in(client, world.teacher.email)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"
