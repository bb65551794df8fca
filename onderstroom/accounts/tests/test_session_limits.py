"""Sessions end 30 minutes after the last user action and 12 hours after signing in."""

import time
from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from onderstroom.accounts.signin import ACTION_STAMP_SECONDS, LAST_ACTION_AT, SIGNED_IN_AT
from onderstroom.accounts.tests.conftest import LOGIN, post_sign_in
from onderstroom.testing.world import Persona, World

pytestmark = pytest.mark.django_db

SETTINGS = reverse("accounts:settings")


def signed_in(world: World) -> Client:
    client = Client()
    post_sign_in(client, world.teacher.email)
    assert client.get(SETTINGS).status_code == 200
    return client


def set_signed_in_at(client: Client, value: object) -> None:
    session = client.session
    session[SIGNED_IN_AT] = value
    session.save()


def test_sign_in_time_is_stored(world: World) -> None:
    before = int(time.time())
    client = signed_in(world)
    assert before <= client.session[SIGNED_IN_AT] <= int(time.time())


def test_absolute_limit_signs_out_even_an_active_user(world: World) -> None:
    client = signed_in(world)
    set_signed_in_at(client, int(time.time()) - settings.SESSION_ABSOLUTE_LIMIT_SECONDS - 1)
    response = client.get(SETTINGS)
    assert response.status_code == 302
    assert response.url.startswith(LOGIN)
    assert "_auth_user_id" not in client.session
    page = client.get(response.url).content.decode()
    assert "Je was 12 uur ingelogd" in page
    assert "Je was 12 uur ingelogd" not in client.get(LOGIN).content.decode()  # said once


def test_just_inside_the_absolute_limit_the_session_lives(world: World) -> None:
    client = signed_in(world)
    set_signed_in_at(client, int(time.time()) - settings.SESSION_ABSOLUTE_LIMIT_SECONDS + 60)
    assert client.get(SETTINGS).status_code == 200


def test_activity_does_not_move_the_absolute_limit(world: World) -> None:
    client = signed_in(world)
    stamp = client.session[SIGNED_IN_AT]
    client.get(SETTINGS)
    client.get(reverse("core:home"))
    assert client.session[SIGNED_IN_AT] == stamp


@pytest.mark.parametrize("value", [None, "yesterday", True, [1]])
def test_a_session_without_a_usable_sign_in_time_ends(world: World, value: object) -> None:
    client = signed_in(world)
    set_signed_in_at(client, value)
    assert client.get(SETTINGS).status_code == 302
    assert "_auth_user_id" not in client.session


def test_test_clients_signed_in_by_force_login_also_get_the_clock(world: World) -> None:
    """force_login goes through auth.login too: the clock starts for every kind of sign-in."""
    client = world.client_for(Persona.TEACHER)
    assert isinstance(client.session[SIGNED_IN_AT], int)


def test_idle_limit_ends_the_session(world: World) -> None:
    client = signed_in(world)
    key = client.session.session_key
    Session.objects.filter(session_key=key).update(expire_date=timezone.now() - timedelta(seconds=1))
    response = client.get(SETTINGS)
    assert response.status_code == 302
    assert response.url.startswith(LOGIN)


def test_every_request_pushes_the_idle_limit_forward(world: World) -> None:
    """Every user action, that is: the stamp (and so the stored session) moves at most once a minute,
    and a request within that minute leaves the session unsaved (core/tests/test_cheap_requests.py)."""
    client = signed_in(world)
    session = client.session
    session[LAST_ACTION_AT] = int(time.time()) - ACTION_STAMP_SECONDS
    session.save()
    key = client.session.session_key
    almost = timezone.now() + timedelta(seconds=5)
    Session.objects.filter(session_key=key).update(expire_date=almost)
    assert client.get(SETTINGS).status_code == 200
    renewed = Session.objects.get(session_key=client.session.session_key).expire_date
    assert renewed >= timezone.now() + timedelta(seconds=settings.SESSION_COOKIE_AGE - 60)


def test_idle_limit_is_thirty_minutes() -> None:
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    # Not every request renews the session: background polls must not (test_idle_polling).
    assert not settings.SESSION_SAVE_EVERY_REQUEST
    assert settings.SESSION_ABSOLUTE_LIMIT_SECONDS == 12 * 60 * 60
