import ipaddress

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase


def client_ip(request: HttpRequest) -> str | None:
    """The visitor's address; behind N trusted proxies, the Nth address from the right of X-Forwarded-For.

    With N set above the real number of proxies, that entry is one the visitor wrote: every address
    taken from the header must be an IP address, or REMOTE_ADDR is used, so that nothing else reaches
    the sign-in limits or the audit log.
    """
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        forwarded = [part.strip() for part in request.headers.get("X-Forwarded-For", "").split(",")]
        if len(forwarded) >= proxies and (address := _ip(forwarded[-proxies])):
            return address
    return _ip(request.META.get("REMOTE_ADDR") or "")


def _ip(text: str) -> str | None:
    try:
        return str(ipaddress.ip_address(text[:64]))
    except ValueError:
        return None


# Every answer is about children or staff: never kept by a browser cache, a proxy or a shared tablet.
# PrivateByDefaultMiddleware sets it; a view that means to be cached says so with allow_caching().
PRIVATE = "private, no-store"
_CACHEABLE = "onderstroom_cacheable"


def allow_caching[R: HttpResponseBase](response: R, cache_control: str) -> R:
    """Let `response` be cached as `cache_control` says, instead of the private, no-store default."""
    response["Cache-Control"] = cache_control
    setattr(response, _CACHEABLE, True)
    return response


# Sent by requests a page makes by itself (htmx polling): they are no user action, so they keep
# no staff session alive (accounts.middleware) and get 401 instead of the sign-in page.
BACKGROUND_HEADER = "X-Onderstroom-Background"


def is_background(request: HttpRequest) -> bool:
    return request.headers.get(BACKGROUND_HEADER) == "1"


def may_be_cached(response: HttpResponse) -> bool:
    return getattr(response, _CACHEABLE, False)
