"""Lockout after repeated failures, per account and per address, and its end after the window."""

from datetime import datetime, time, timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone
from pytest_django.fixtures import Settings

from onderstroom.accounts import services
from onderstroom.accounts.models import LoginAttempt
from onderstroom.accounts.tests.conftest import outcomes, post_sign_in, sign_in_audit_rows
from onderstroom.core import dates
from onderstroom.testing.world import World

pytestmark = pytest.mark.django_db

LOCKED_TEXT = "Te veel mislukte pogingen"


def fail(client: Client, email: str, times: int, **headers: str) -> None:
    for _ in range(times):
        post_sign_in(client, email, "wrong password", **headers)


def record_failures(email: str, times: int, ip_address: str = "127.0.0.1") -> None:
    """Failures as the form records them, without paying for the password hash each time."""
    for _ in range(times):
        services.record_attempt(email, ip_address, LoginAttempt.Outcome.BAD_PASSWORD, None)


def age_attempts(seconds: int) -> None:
    """Move every recorded attempt back in time, as if the clock had run on."""
    LoginAttempt.objects.update(created_at=timezone.now() - timedelta(seconds=seconds))


def test_the_right_password_is_refused_once_the_account_is_locked(client: Client, world: World) -> None:
    fail(client, world.teacher.email, settings.LOGIN_LOCKOUT_PER_ACCOUNT)
    response = post_sign_in(client, world.teacher.email)
    page = response.content.decode()
    assert LOCKED_TEXT in page
    assert "Probeer het opnieuw na" in page
    assert "_auth_user_id" not in client.session
    assert outcomes()[-1] == "locked"
    assert sign_in_audit_rows()[-1].details == {"outcome": "locked"}


def test_one_failure_less_than_the_limit_does_not_lock(client: Client, world: World) -> None:
    fail(client, world.teacher.email, settings.LOGIN_LOCKOUT_PER_ACCOUNT - 1)
    post_sign_in(client, world.teacher.email)
    assert client.session["_auth_user_id"] == str(world.teacher.pk)


def test_the_failure_that_closes_the_door_says_so(client: Client, world: World) -> None:
    record_failures(world.teacher.email, settings.LOGIN_LOCKOUT_PER_ACCOUNT - 1)
    page = post_sign_in(client, world.teacher.email, "wrong again").content.decode()
    assert "Onjuist e-mailadres of wachtwoord." in page
    assert LOCKED_TEXT in page


def test_a_locked_account_and_a_locked_unknown_address_look_the_same(client: Client, world: World) -> None:
    """The lockout message does not reveal whether the account exists."""
    limit = settings.LOGIN_LOCKOUT_PER_ACCOUNT
    record_failures(world.teacher.email, limit)
    record_failures("niemand@example.org", limit)
    known = post_sign_in(client, world.teacher.email).content.decode()
    unknown = post_sign_in(client, "niemand@example.org").content.decode()
    assert LOCKED_TEXT in known
    assert LOCKED_TEXT in unknown
    marker = '<p class="notice bad" role="alert">'
    assert known.split(marker)[1].split("</p>")[0] == unknown.split(marker)[1].split("</p>")[0]


def test_lockout_is_per_account(client: Client, world: World) -> None:
    record_failures(world.teacher.email, settings.LOGIN_LOCKOUT_PER_ACCOUNT)
    post_sign_in(client, world.co_teacher.email)
    assert client.session["_auth_user_id"] == str(world.co_teacher.pk)


def test_lockout_follows_the_account_from_another_address(world: World) -> None:
    record_failures(world.teacher.email, settings.LOGIN_LOCKOUT_PER_ACCOUNT, "192.0.2.1")
    elsewhere = Client(REMOTE_ADDR="192.0.2.2")
    assert LOCKED_TEXT in post_sign_in(elsewhere, world.teacher.email).content.decode()


def test_lockout_per_address_covers_every_account(world: World, settings: Settings) -> None:
    settings.LOGIN_LOCKOUT_PER_ADDRESS = 3  # the fixture restores the real value afterwards
    attacker = Client(REMOTE_ADDR="203.0.113.5")
    for n in range(3):
        post_sign_in(attacker, f"gok{n}@example.org", "wrong")
    assert LOCKED_TEXT in post_sign_in(attacker, world.teacher.email).content.decode()
    assert LoginAttempt.objects.filter(outcome="locked", email=world.teacher.email).exists()
    colleague = Client(REMOTE_ADDR="192.0.2.44")
    post_sign_in(colleague, world.teacher.email)
    assert colleague.session["_auth_user_id"] == str(world.teacher.pk)


def test_lockout_ends_after_the_window(client: Client, world: World) -> None:
    record_failures(world.teacher.email, settings.LOGIN_LOCKOUT_PER_ACCOUNT)
    age_attempts(settings.LOGIN_LOCKOUT_WINDOW_SECONDS - 30)
    assert LOCKED_TEXT in post_sign_in(client, world.teacher.email).content.decode()
    age_attempts(settings.LOGIN_LOCKOUT_WINDOW_SECONDS + 1)
    post_sign_in(client, world.teacher.email)
    assert client.session["_auth_user_id"] == str(world.teacher.pk)


def test_refusals_while_locked_do_not_extend_the_lockout(client: Client, world: World) -> None:
    record_failures(world.teacher.email, settings.LOGIN_LOCKOUT_PER_ACCOUNT)
    age_attempts(settings.LOGIN_LOCKOUT_WINDOW_SECONDS - 60)
    for _ in range(3):
        post_sign_in(client, world.teacher.email)  # refused: locked
    LoginAttempt.objects.filter(outcome="bad_password").update(
        created_at=timezone.now() - timedelta(seconds=settings.LOGIN_LOCKOUT_WINDOW_SECONDS + 1)
    )
    post_sign_in(client, world.teacher.email)
    assert client.session["_auth_user_id"] == str(world.teacher.pk)


def test_lock_opens_when_the_limit_th_latest_failure_leaves_the_window(world: World) -> None:
    """Seven failures spread over time: the door opens when the fifth most recent one expires."""
    window = timedelta(seconds=settings.LOGIN_LOCKOUT_WINDOW_SECONDS)
    now = timezone.now()
    minutes_ago = [14, 12, 10, 8, 6, 4, 2]
    for minutes in minutes_ago:
        attempt = LoginAttempt.objects.create(email=world.teacher.email, outcome="bad_password")
        LoginAttempt.objects.filter(pk=attempt.pk).update(created_at=now - timedelta(minutes=minutes))
    fifth_latest = now - timedelta(minutes=10)
    assert services.locked_until(world.teacher.email, None, now=now) == fifth_latest + window
    assert services.locked_until(world.teacher.email, None, now=fifth_latest + window) is None


def lock_at(monkeypatch: pytest.MonkeyPatch, email: str, hour: int, minute: int) -> datetime:
    """Lock the account with failures made just before a pinned local clock time; the clock stays there."""
    now = timezone.make_aware(datetime.combine(timezone.localdate(), time(hour, minute, 30)))
    monkeypatch.setattr(timezone, "now", lambda: now)
    record_failures(email, settings.LOGIN_LOCKOUT_PER_ACCOUNT)
    LoginAttempt.objects.update(created_at=now - timedelta(seconds=20))
    return now - timedelta(seconds=20) + timedelta(seconds=settings.LOGIN_LOCKOUT_WINDOW_SECONDS)


def test_the_time_to_try_again_is_shown_in_local_time(
    client: Client, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    opens = timezone.localtime(lock_at(monkeypatch, world.teacher.email, 14, 2))
    shown = (opens.replace(second=0, microsecond=0) + timedelta(minutes=1)).strftime("%H:%M")
    assert shown == "14:18"
    assert f"Probeer het opnieuw na {shown}." in post_sign_in(client, world.teacher.email).content.decode()


def test_a_lock_that_ends_after_midnight_names_the_day(
    client: Client, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    opens = timezone.localtime(lock_at(monkeypatch, world.teacher.email, 23, 55))
    assert opens.date() != timezone.localtime(timezone.now()).date()
    page = post_sign_in(client, world.teacher.email).content.decode()
    assert f"Probeer het opnieuw na {dates.when(opens + timedelta(minutes=1), 'moment')}." in page


def test_lockout_message_in_english(client: Client, world: World) -> None:
    record_failures(world.teacher.email, settings.LOGIN_LOCKOUT_PER_ACCOUNT)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = post_sign_in(client, world.teacher.email)
    assert "Too many failed attempts" in response.content.decode()
    assert "Try again after" in response.content.decode()


def test_a_stranger_cannot_lock_a_teacher_out_of_their_own_device(world: World) -> None:
    """Failures from elsewhere do not lock a client that signed in to the account before."""
    own_device = Client(REMOTE_ADDR="192.0.2.10")
    post_sign_in(own_device, world.teacher.email)
    own_device.logout()
    stranger = Client(REMOTE_ADDR="198.51.100.7")
    fail(stranger, world.teacher.email, settings.LOGIN_LOCKOUT_PER_ACCOUNT + 2)
    assert LOCKED_TEXT in post_sign_in(stranger, world.teacher.email).content.decode()
    assert (
        LOCKED_TEXT in post_sign_in(Client(REMOTE_ADDR="198.51.100.8"), world.teacher.email).content.decode()
    )
    post_sign_in(own_device, world.teacher.email)
    assert own_device.session["_auth_user_id"] == str(world.teacher.pk)


def test_guessing_from_a_known_device_still_locks_it(world: World) -> None:
    """A known address is no free pass: failures from that address lock it as before."""
    device = Client(REMOTE_ADDR="192.0.2.11")
    post_sign_in(device, world.teacher.email)
    device.logout()
    fail(device, world.teacher.email, settings.LOGIN_LOCKOUT_PER_ACCOUNT)
    assert LOCKED_TEXT in post_sign_in(device, world.teacher.email).content.decode()


def test_a_switched_off_account_with_the_right_password_is_answered_as_a_wrong_one(world: World) -> None:
    world.teacher.is_active = False
    world.teacher.save()
    right = post_sign_in(Client(), world.teacher.email).content.decode()
    assert "Onjuist e-mailadres of wachtwoord." in right
    assert "uitgeschakeld" not in right
