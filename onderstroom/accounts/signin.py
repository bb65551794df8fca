"""What the Django session holds about a staff sign-in, and the rules around it.

- SIGNED_IN_AT: when the user signed in (seconds since the epoch); the absolute session
  limit counts from here. It is set by a `user_logged_in` receiver, so every way of
  signing in (the form, the test client's force_login) starts the clock.
- LAST_ACTION_AT: when this browser last did something itself (seconds since the epoch):
  every request but a background poll (core.net.is_background) sets it (at most once a
  minute, so that most page views do not save the session), and the idle limit counts
  from here, so a page that polls does not keep a staff session alive.
- PENDING_KEY: between the password and the code step of a user with a second factor:
  {"user": pk, "started": seconds, "next": url}. Valid for PENDING_SECONDS.
- NOTICE_KEY: why the previous session ended, shown once on the sign-in page.
"""

import time
from typing import Any

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.contrib.sessions.backends.base import SessionBase
from django.http import HttpRequest
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from onderstroom.accounts.models import User
from onderstroom.childsessions.signin import CHILD_KEY

SIGNED_IN_AT = "accounts_signed_in_at"
LAST_ACTION_AT = "accounts_last_action_at"
PENDING_KEY = "accounts_pending_sign_in"
NOTICE_KEY = "accounts_notice"
NOTICE_ABSOLUTE_LIMIT = "absolute_limit"
NOTICE_IDLE_LIMIT = "idle_limit"
PENDING_SECONDS = 5 * 60
ACTION_STAMP_SECONDS = 60
MAX_NEXT_LENGTH = 2000


def start_session_clock(sender: type, request: HttpRequest | None, user: User, **kwargs: Any) -> None:
    """On every staff sign-in: forget any child on this browser and start the 12-hour clock.

    auth.login() has just cycled the session key (or flushed another user's session).
    """
    if request is None or not hasattr(request, "session"):
        return
    request.session.pop(CHILD_KEY, None)
    request.session.pop(PENDING_KEY, None)
    request.session[SIGNED_IN_AT] = request.session[LAST_ACTION_AT] = int(time.time())


def connect_signals() -> None:
    user_logged_in.connect(start_session_clock, dispatch_uid="onderstroom.accounts.session_clock")


def past_absolute_limit(session: SessionBase, now: float | None = None) -> bool:
    """True when the session is older than the absolute limit, or carries no usable sign-in time."""
    signed_in_at = session.get(SIGNED_IN_AT)
    if not isinstance(signed_in_at, int | float) or isinstance(signed_in_at, bool):
        return True
    now = time.time() if now is None else now
    return now - signed_in_at > settings.SESSION_ABSOLUTE_LIMIT_SECONDS


def past_idle_limit(session: SessionBase, now: float | None = None) -> bool:
    """True after SESSION_COOKIE_AGE seconds without a user action, or without a usable time."""
    last_action = session.get(LAST_ACTION_AT)
    if not isinstance(last_action, int | float) or isinstance(last_action, bool):
        return True
    now = time.time() if now is None else now
    return now - last_action > settings.SESSION_COOKIE_AGE


def mark_action(session: SessionBase, now: float | None = None) -> None:
    """A user action: the idle limit starts again (and saving the session renews its expiry).

    The stamp moves at most once a minute (ACTION_STAMP_SECONDS): a session that is not changed is not
    saved, so most page views write nothing. The idle limit is then measured from at most a minute
    before the last action: a teacher is signed out between 29 and 30 minutes after it.
    """
    now = time.time() if now is None else now
    last_action = session.get(LAST_ACTION_AT)
    if type(last_action) is int and 0 <= now - last_action < ACTION_STAMP_SECONDS:
        return
    session[LAST_ACTION_AT] = int(now)


def safe_next(request: HttpRequest, url: str | None) -> str:
    """Where to go after signing in: the requested page if it is on this site, else home."""
    if (
        url
        and len(url) <= MAX_NEXT_LENGTH
        and url_has_allowed_host_and_scheme(
            url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return url
    return reverse(settings.LOGIN_REDIRECT_URL)


def begin_pending(request: HttpRequest, user: User, next_url: str) -> None:
    """Remember, for five minutes, who passed the password step. A new key: nothing carries over."""
    request.session.cycle_key()
    request.session[PENDING_KEY] = {"user": user.pk, "started": int(time.time()), "next": next_url}


def pending_user(request: HttpRequest) -> tuple[User, str] | None:
    """The user waiting for the code step and where they were going, or None (missing or expired)."""
    pending = request.session.get(PENDING_KEY)
    if not isinstance(pending, dict):
        return None
    started, user_id = pending.get("started"), pending.get("user")
    if (
        not isinstance(started, int)
        or not isinstance(user_id, int)
        or time.time() - started > PENDING_SECONDS
    ):
        request.session.pop(PENDING_KEY, None)
        return None
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None or not user.has_totp:
        request.session.pop(PENDING_KEY, None)
        return None
    return user, str(pending.get("next") or "")


def drop_pending(request: HttpRequest) -> None:
    request.session.pop(PENDING_KEY, None)
