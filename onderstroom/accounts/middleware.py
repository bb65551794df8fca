from collections.abc import Callable

from django.contrib import auth
from django.http import HttpRequest, HttpResponse

from onderstroom.accounts.signin import NOTICE_ABSOLUTE_LIMIT, NOTICE_KEY, past_absolute_limit


class SessionLimitsMiddleware:
    """Ends a staff session 12 hours (SESSION_ABSOLUTE_LIMIT_SECONDS) after sign-in, however active.

    The 30-minute idle limit needs no code: the session expires SESSION_COOKIE_AGE after
    the last request, because every request saves it again.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated and past_absolute_limit(request.session):
            auth.logout(request)
            # The messages middleware has not run yet; the sign-in page shows this notice.
            request.session[NOTICE_KEY] = NOTICE_ABSOLUTE_LIMIT
        return self.get_response(request)
