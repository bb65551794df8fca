"""The optional second factor: setting it up, the code step at sign-in, switching it off."""

import time

import pyotp
import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from onderstroom.accounts import totp
from onderstroom.accounts.models import LoginAttempt
from onderstroom.accounts.signin import PENDING_KEY, PENDING_SECONDS
from onderstroom.accounts.tests.conftest import (
    LOGIN,
    LOGIN_CODE,
    enable_totp,
    outcomes,
    post_sign_in,
    sign_in_audit_rows,
)
from onderstroom.accounts.views import TOTP_SETUP_KEY
from onderstroom.audit.models import AuditEvent
from onderstroom.testing.world import PASSWORD, Persona, World

pytestmark = pytest.mark.django_db

SETUP = reverse("accounts:totp_setup")
SETTINGS = reverse("accounts:settings")


def next_code(code_maker: pyotp.TOTP) -> str:
    """The code of the coming 30-second step: valid now, and never one used before in the test."""
    return code_maker.at(time.time() + totp.STEP_SECONDS)


# --- setting it up ---------------------------------------------------------------------------------


def test_setup_page_shows_an_inline_qr_code_and_the_key(world: World) -> None:
    client = world.client_for(Persona.TEACHER)
    page = client.get(SETUP).content.decode()
    secret = client.session[TOTP_SETUP_KEY]
    assert '<svg role="img" viewBox="0 0 ' in page  # scalable, so the border is never cut off
    assert "<title>QR-code voor je authenticator-app</title>" in page
    assert "data:" not in page  # the CSP forbids data: images
    assert totp.grouped(secret) in page
    world.teacher.refresh_from_db()
    assert not world.teacher.has_totp
    assert world.teacher.totp_secret == ""  # nothing is stored before the code is confirmed


def test_setup_keeps_the_same_key_between_page_loads(world: World) -> None:
    client = world.client_for(Persona.TEACHER)
    client.get(SETUP)
    first = client.session[TOTP_SETUP_KEY]
    client.get(SETUP)
    assert client.session[TOTP_SETUP_KEY] == first


def test_a_wrong_code_does_not_switch_it_on(world: World) -> None:
    client = world.client_for(Persona.TEACHER)
    client.get(SETUP)
    secret = client.session[TOTP_SETUP_KEY]
    wrong = f"{(int(pyotp.TOTP(secret).now()) + 1) % 1000000:06d}"
    response = client.post(SETUP, {"code": wrong})
    assert response.status_code == 200
    assert "Die code klopt niet" in response.content.decode()
    world.teacher.refresh_from_db()
    assert not world.teacher.has_totp


@pytest.mark.parametrize("code", ["", "12345", "abcdef", "1234567", "1" * 500])
def test_a_malformed_code_is_explained(world: World, code: str) -> None:
    client = world.client_for(Persona.TEACHER)
    client.get(SETUP)
    response = client.post(SETUP, {"code": code})
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.content.decode()
    world.teacher.refresh_from_db()
    assert not world.teacher.has_totp


def test_the_right_code_switches_it_on_and_is_audited(world: World) -> None:
    client = world.client_for(Persona.TEACHER)
    client.get(SETUP)
    secret = client.session[TOTP_SETUP_KEY]
    code = pyotp.TOTP(secret).now()
    response = client.post(SETUP, {"code": f"{code[:3]} {code[3:]}"})  # spaces as apps show them
    assert response.url == SETTINGS
    world.teacher.refresh_from_db()
    assert world.teacher.has_totp
    assert world.teacher.totp_secret == secret
    assert TOTP_SETUP_KEY not in client.session
    row = AuditEvent.across_schools.get(action="accounts.totp.enable")
    assert row.actor_user_id == world.teacher.pk
    assert secret not in repr(row.details)


def test_setup_page_sends_users_who_have_it_back_to_their_account(world: World) -> None:
    enable_totp(world.teacher)
    client = world.client_for(Persona.TEACHER)
    assert client.get(SETUP).url == SETTINGS


# --- signing in with a code -------------------------------------------------------------------------


def test_password_alone_is_not_enough(client: Client, world: World) -> None:
    enable_totp(world.teacher)
    response = post_sign_in(client, world.teacher.email)
    assert response.url == LOGIN_CODE
    assert "_auth_user_id" not in client.session
    assert client.get(SETTINGS).status_code == 302
    assert LoginAttempt.objects.count() == 0  # the attempt is logged when it ends


def test_the_right_code_signs_in_and_keeps_next(client: Client, world: World) -> None:
    codes = enable_totp(world.teacher)
    post_sign_in(client, world.teacher.email, next="/account/")
    assert "Verificatiecode" in client.get(LOGIN_CODE).content.decode()
    response = client.post(LOGIN_CODE, {"code": next_code(codes)})
    assert response.url == "/account/"
    assert client.session["_auth_user_id"] == str(world.teacher.pk)
    assert PENDING_KEY not in client.session
    assert outcomes() == ["success"]
    assert [r.details for r in sign_in_audit_rows()] == [{"outcome": "success"}]


def test_a_wrong_code_is_refused_and_logged(client: Client, world: World) -> None:
    codes = enable_totp(world.teacher)
    post_sign_in(client, world.teacher.email)
    wrong = f"{(int(codes.now()) + 500000) % 1000000:06d}"
    response = client.post(LOGIN_CODE, {"code": wrong})
    assert response.status_code == 200
    assert "Die code klopt niet" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert outcomes() == ["bad_totp"]
    [row] = sign_in_audit_rows()
    assert (row.actor_kind, row.details) == ("anonymous", {"outcome": "bad_totp"})
    assert wrong not in repr(list(LoginAttempt.objects.values())) + repr(row.details)
    # The person may try again with the next code.
    client.post(LOGIN_CODE, {"code": next_code(codes)})
    assert client.session["_auth_user_id"] == str(world.teacher.pk)


def test_a_code_works_only_once(world: World) -> None:
    codes = enable_totp(world.teacher)
    code = next_code(codes)
    first, second = Client(), Client()
    post_sign_in(first, world.teacher.email)
    first.post(LOGIN_CODE, {"code": code})
    assert first.session["_auth_user_id"] == str(world.teacher.pk)
    post_sign_in(second, world.teacher.email)
    second.post(LOGIN_CODE, {"code": code})
    assert "_auth_user_id" not in second.session
    assert outcomes() == ["success", "bad_totp"]


def test_wrong_codes_count_towards_the_lockout(client: Client, world: World) -> None:
    codes = enable_totp(world.teacher)
    post_sign_in(client, world.teacher.email)
    wrong = f"{(int(codes.now()) + 500000) % 1000000:06d}"
    for _ in range(settings.LOGIN_LOCKOUT_PER_ACCOUNT - 1):
        client.post(LOGIN_CODE, {"code": wrong})
    last = client.post(LOGIN_CODE, {"code": wrong}).content.decode()
    assert "Te veel mislukte pogingen" in last
    assert PENDING_KEY not in client.session  # back to the start
    response = post_sign_in(client, world.teacher.email)
    assert "Te veel mislukte pogingen" in response.content.decode()
    assert outcomes()[-1] == "locked"


def test_the_code_step_expires_after_five_minutes(client: Client, world: World) -> None:
    codes = enable_totp(world.teacher)
    post_sign_in(client, world.teacher.email)
    session = client.session
    session[PENDING_KEY] = {**session[PENDING_KEY], "started": int(time.time()) - PENDING_SECONDS - 1}
    session.save()
    response = client.post(LOGIN_CODE, {"code": next_code(codes)})
    assert response.url == LOGIN
    assert "_auth_user_id" not in client.session
    assert "Het inloggen duurde te lang" in client.get(LOGIN).content.decode()


def test_the_code_step_without_the_password_step_goes_back_to_the_start(client: Client, world: World) -> None:
    enable_totp(world.teacher)
    assert client.get(LOGIN_CODE).url == LOGIN
    assert client.post(LOGIN_CODE, {"code": "123456"}).url == LOGIN
    assert LoginAttempt.objects.count() == 0


def test_a_tampered_pending_step_is_ignored(client: Client, world: World) -> None:
    session = client.session
    session[PENDING_KEY] = {"user": "1; drop table", "started": "yesterday"}
    session.save()
    assert client.get(LOGIN_CODE).url == LOGIN


def test_an_account_switched_off_during_the_code_step_is_refused(client: Client, world: World) -> None:
    codes = enable_totp(world.teacher)
    post_sign_in(client, world.teacher.email)
    world.teacher.is_active = False
    world.teacher.save()
    response = client.post(LOGIN_CODE, {"code": next_code(codes)})
    assert response.url == LOGIN
    assert "_auth_user_id" not in client.session


# --- switching it off ------------------------------------------------------------------------------


def test_switching_off_needs_the_password(world: World) -> None:
    enable_totp(world.teacher)
    client = world.client_for(Persona.TEACHER)
    response = client.post(reverse("accounts:totp_disable"), {"password": "wrong"}, follow=True)
    assert "Dat is niet je wachtwoord" in response.content.decode()
    world.teacher.refresh_from_db()
    assert world.teacher.has_totp
    client.post(reverse("accounts:totp_disable"), {"password": PASSWORD})
    world.teacher.refresh_from_db()
    assert not world.teacher.has_totp
    assert world.teacher.totp_secret == ""
    assert AuditEvent.across_schools.filter(
        action="accounts.totp.disable", actor_user_id=world.teacher.pk
    ).exists()


def test_after_switching_off_the_password_is_enough_again(client: Client, world: World) -> None:
    enable_totp(world.teacher)
    signed_in = world.client_for(Persona.TEACHER)
    signed_in.post(reverse("accounts:totp_disable"), {"password": PASSWORD})
    assert post_sign_in(client, world.teacher.email).url == reverse("core:home")


def test_account_page_shows_the_state_of_the_second_factor(world: World) -> None:
    client = world.client_for(Persona.TEACHER)
    assert "Tweestapsverificatie instellen" in client.get(SETTINGS).content.decode()
    enable_totp(world.teacher)
    page = client.get(SETTINGS).content.decode()
    assert "Tweestapsverificatie uitzetten" in page
    assert "Tweestapsverificatie instellen" not in page


# --- the code check itself ------------------------------------------------------------------------


@pytest.mark.parametrize(("offset", "accepted"), [(-2, False), (-1, True), (0, True), (1, True), (2, False)])
def test_codes_one_step_either_side_are_accepted(offset: int, accepted: bool) -> None:
    """Phone clocks drift a little; a code older or newer than one step is refused."""
    secret = pyotp.random_base32()
    now = 1_800_000_015.0
    code = pyotp.TOTP(secret).at(now + offset * totp.STEP_SECONDS)
    assert (totp.matching_step(secret, code, now=now) is not None) is accepted


def test_the_code_used_to_switch_it_on_cannot_sign_in(client: Client, world: World) -> None:
    signed_in = world.client_for(Persona.TEACHER)
    signed_in.get(SETUP)
    secret = signed_in.session[TOTP_SETUP_KEY]
    code = pyotp.TOTP(secret).now()
    signed_in.post(SETUP, {"code": code})
    post_sign_in(client, world.teacher.email)
    client.post(LOGIN_CODE, {"code": code})
    assert "_auth_user_id" not in client.session
    assert outcomes() == ["bad_totp"]
