"""The classroom screen's polling does not keep a teacher's session alive past the idle limit."""

import time
from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from onderstroom.accounts.signin import LAST_ACTION_AT
from onderstroom.core.net import BACKGROUND_HEADER
from onderstroom.testing.world import Persona, World

pytestmark = pytest.mark.django_db

BACKGROUND = {BACKGROUND_HEADER: "1"}


def polls(world: World) -> list[str]:
    kwargs = {"uuid": world.class_session.uuid}
    return [
        reverse("childsessions:board_count", kwargs=kwargs),
        reverse("childsessions:session_children", kwargs=kwargs),
    ]


def idle_for(client: Client, seconds: int) -> None:
    """Time travel: the last user action was this long ago."""
    session = client.session
    session[LAST_ACTION_AT] = int(time.time()) - seconds
    session.save()


def test_polls_do_not_count_as_activity(world: World) -> None:
    teacher = world.client_for(Persona.TEACHER)
    idle_for(teacher, settings.SESSION_COOKIE_AGE - 60)
    stamp = teacher.session[LAST_ACTION_AT]
    for url in polls(world):
        assert teacher.get(url, headers=BACKGROUND).status_code == 200
    assert teacher.session[LAST_ACTION_AT] == stamp


def test_polling_for_hours_ends_in_signed_out_after_the_idle_limit(world: World) -> None:
    """An unattended classroom screen: the first poll past 30 minutes gets 401 and is signed out."""
    teacher = world.client_for(Persona.TEACHER)
    idle_for(teacher, settings.SESSION_COOKIE_AGE + 1)
    response = teacher.get(polls(world)[0], headers=BACKGROUND)
    assert response.status_code == 401
    assert "_auth_user_id" not in teacher.session
    assert teacher.get(polls(world)[1], headers=BACKGROUND).status_code == 401
    login = teacher.get(reverse("accounts:login")).content.decode()
    assert "30 minuten niet actief" in login


def test_polls_do_not_renew_the_stored_session(world: World) -> None:
    """A poll does not save the session, so it cannot push its expiry forward either."""
    teacher = world.client_for(Persona.TEACHER)
    idle_for(teacher, 120)  # the action stamp moves at most once a minute (signin.ACTION_STAMP_SECONDS)
    key = teacher.session.session_key
    soon = timezone.now() + timedelta(seconds=30)
    Session.objects.filter(session_key=key).update(expire_date=soon)
    assert teacher.get(polls(world)[0], headers=BACKGROUND).status_code == 200
    assert Session.objects.get(session_key=key).expire_date == soon
    # A user action does renew it.
    assert (
        teacher.get(reverse("childsessions:board", kwargs={"uuid": world.class_session.uuid})).status_code
        == 200
    )
    renewed = Session.objects.get(session_key=teacher.session.session_key).expire_date
    assert renewed >= timezone.now() + timedelta(seconds=settings.SESSION_COOKIE_AGE - 60)


def test_a_user_action_inside_the_limit_keeps_the_teacher_in(world: World) -> None:
    teacher = world.client_for(Persona.TEACHER)
    idle_for(teacher, settings.SESSION_COOKIE_AGE - 60)
    assert (
        teacher.get(reverse("childsessions:session", kwargs={"uuid": world.class_session.uuid})).status_code
        == 200
    )
    assert int(time.time()) - teacher.session[LAST_ACTION_AT] < 60


def test_a_poll_without_a_session_gets_401_not_the_sign_in_page(world: World) -> None:
    """htmx would swap a sign-in page into the board; 401 lets the page say "signed out"."""
    for url in polls(world):
        assert Client().get(url, headers=BACKGROUND).status_code == 401
        assert Client().get(url).status_code == 302  # opened by hand: to the sign-in page


def test_the_polling_pages_mark_their_polls_and_hold_the_signed_out_notice(world: World) -> None:
    teacher = world.client_for(Persona.TEACHER)
    kwargs = {"uuid": world.class_session.uuid}
    for name in ("board", "session"):
        page = teacher.get(reverse(f"childsessions:{name}", kwargs=kwargs)).content.decode()
        assert BACKGROUND_HEADER in page
        assert 'data-background="signed-out"' in page
        assert 'id="signed-out"' in page
        assert "onderstroom/background.js" in page
