"""No input to any account URL produces a server error, and bad input changes nothing."""

import pytest
from django.test import Client
from django.urls import reverse

from onderstroom.accounts.models import LoginAttempt, User
from onderstroom.accounts.tests.conftest import LOGIN, LOGIN_CODE, enable_totp, post_sign_in
from onderstroom.testing.world import PASSWORD, Persona, World

pytestmark = pytest.mark.django_db

HUGE = "x" * 200_000
GARBAGE: list[dict[str, object]] = [
    {},
    {"email": "", "password": ""},
    {"email": HUGE, "password": HUGE, "next": HUGE},
    {"email": "a\x00b@example.org", "password": "\x00"},
    {"email": "<script>alert(1)</script>", "password": "' OR 1=1 --"},
    {"email": ["a@example.org", "b@example.org"], "password": ["x", "y"]},
    {"code": HUGE, "current_password": HUGE, "new_password": HUGE, "new_password_again": HUGE},
    {"code": "١٢٣٤٥٦", "password": "é" * 2000},  # Arabic-Indic digits; many multi-byte characters
    {"next": "javascript:alert(1)", "code": "000000"},
]
FORMS = ["accounts:login", "accounts:password", "accounts:totp_setup", "accounts:totp_disable"]


def state(user: User) -> tuple[str, bool, str, int]:
    user.refresh_from_db()
    return user.password, user.must_change_password, user.totp_secret, user.session_generation


@pytest.mark.parametrize("data", GARBAGE, ids=range(len(GARBAGE)))
@pytest.mark.parametrize("name", FORMS)
def test_garbage_posted_to_signed_in_forms_is_refused_calmly(world: World, name: str, data: dict) -> None:
    client = world.client_for(Persona.TEACHER)
    before = state(world.teacher)
    response = client.post(reverse(name), data)
    assert response.status_code in {200, 302}
    assert state(world.teacher) == before


@pytest.mark.parametrize("data", GARBAGE, ids=range(len(GARBAGE)))
def test_garbage_posted_to_the_sign_in_form_is_refused_calmly(
    client: Client, world: World, data: dict
) -> None:
    response = client.post(LOGIN, data)
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("data", GARBAGE, ids=range(len(GARBAGE)))
def test_garbage_posted_to_the_code_step_is_refused_calmly(client: Client, world: World, data: dict) -> None:
    enable_totp(world.teacher)
    post_sign_in(client, world.teacher.email)
    response = client.post(LOGIN_CODE, data)
    assert response.status_code in {200, 302}
    assert "_auth_user_id" not in client.session


def test_an_empty_sign_in_asks_for_both_fields_without_counting_an_attempt(
    client: Client, world: World
) -> None:
    page = client.post(LOGIN, {}).content.decode()
    assert page.count('aria-invalid="true"') == 2
    assert LoginAttempt.objects.count() == 0


@pytest.mark.parametrize("url", [LOGIN, LOGIN_CODE])
def test_bytes_that_are_not_utf8_are_refused_calmly(client: Client, url: str) -> None:
    body = b"email=%FF%FE%40x.nl&password=%C0%80&code=%FF"
    response = client.post(url, body, content_type="application/x-www-form-urlencoded")
    assert response.status_code in {200, 302}
    assert LoginAttempt.objects.filter(outcome="success").count() == 0


@pytest.mark.parametrize("query", ["?next=" + HUGE[:5000], "?next=%00", "?next=http://%5B::1", "?next=\\\\x"])
def test_odd_next_parameters_show_the_form(client: Client, query: str) -> None:
    assert client.get(LOGIN + query).status_code == 200


@pytest.mark.parametrize("target", ["not-a-uuid", "00000000-0000-0000-0000-000000000000"])
def test_reset_with_a_bad_uuid_is_not_found(world: World, target: str) -> None:
    client = world.client_for(Persona.ADMIN)
    response = client.post(f"/account/reset/{target}/")
    assert response.status_code == 404


def test_wrong_methods_are_refused_not_crashed(world: World) -> None:
    client = world.client_for(Persona.TEACHER)
    assert client.get(reverse("accounts:logout")).status_code == 405
    assert client.get(reverse("accounts:sign_out_everywhere")).status_code == 405
    assert client.get(reverse("accounts:totp_disable")).status_code == 405
    assert client.put(reverse("accounts:login")).status_code == 405
    assert client.delete(reverse("accounts:settings")).status_code == 405
    assert client.get(reverse("accounts:settings")).status_code == 200  # still signed in


def test_password_still_works_after_all_that(client: Client, world: World) -> None:
    for data in GARBAGE:
        client.post(LOGIN, data)
    post_sign_in(client, world.teacher.email, PASSWORD)
    assert client.session["_auth_user_id"] == str(world.teacher.pk)
