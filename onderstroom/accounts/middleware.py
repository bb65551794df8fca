from collections.abc import Callable

from django.contrib import auth
from django.http import HttpRequest, HttpResponse

from onderstroom.accounts.signin import (
    NOTICE_ABSOLUTE_LIMIT,
    NOTICE_IDLE_LIMIT,
    NOTICE_KEY,
    mark_action,
    past_absolute_limit,
    past_idle_limit,
)
from onderstroom.core.net import is_background


class SessionLimitsMiddleware:
    """Ends a staff session 12 hours (SESSION_ABSOLUTE_LIMIT_SECONDS) after sign-in, however active,
    and SESSION_COOKIE_AGE (30 minutes) after the last user action.

    Background polls (core.net.is_background) are no user action: they neither renew the idle
    limit nor save the session, so a classroom screen left polling does not keep it alive.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            notice = self._ended(request)
            if notice:
                auth.logout(request)
                # The messages middleware has not run yet; the sign-in page shows this notice.
                request.session[NOTICE_KEY] = notice
        # Only sessions that hold something: an anonymous first visit creates none.
        if not is_background(request) and request.session.keys():
            mark_action(request.session)
        return self.get_response(request)

    @staticmethod
    def _ended(request: HttpRequest) -> str | None:
        if past_absolute_limit(request.session):
            return NOTICE_ABSOLUTE_LIMIT
        if past_idle_limit(request.session):
            return NOTICE_IDLE_LIMIT
        return None
