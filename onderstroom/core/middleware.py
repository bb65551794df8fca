from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.middleware.gzip import GZipMiddleware
from django.utils.cache import patch_vary_headers

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


# What may be compressed: pages and JSON. Files (PDFs, XLSX, photos) are compressed already or stream.
COMPRESSIBLE = ("text/html", "application/json", "text/plain", "text/csv")


class SameOriginGZipMiddleware(GZipMiddleware):
    """Gzips pages, but only for requests the browser says came from this site itself.

    BREACH reads a secret (the CSRF token, a child's name) from the size of compressed answers to
    many requests that an attacker's page makes the browser send, each with a guess in it. Those
    requests carry `Sec-Fetch-Site: cross-site` (or `same-site`); a click or a form on our own pages
    says `same-origin`, a typed address or bookmark `none`. Only those two get a compressed answer,
    so no answer an attacker can trigger is ever compressed. Django's own mitigation (random-length
    gzip header, "Heal the Breach") stays on as well. Static files are compressed by WhiteNoise
    (precompressed .gz/.br files) before a request reaches this.
    """

    def process_response(self, request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
        patch_vary_headers(response, ("Sec-Fetch-Site",))
        if request.headers.get("Sec-Fetch-Site") not in {"same-origin", "none"}:
            return response
        if response.get("Content-Type", "").split(";")[0].strip() not in COMPRESSIBLE:
            return response
        return super().process_response(request, response)
