from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from onderstroom.core.net import PRIVATE, may_be_cached


class PrivateByDefaultMiddleware:
    """Marks every answer 'private, no-store' unless its view chose otherwise with `net.allow_caching`.

    Staff pages, child pages, PDFs, exports and sign-in forms alike: one default, so a new view cannot
    forget it. Static files never reach this (WhiteNoise answers them before it).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not may_be_cached(response):
            response["Cache-Control"] = PRIVATE
        return response
