import ipaddress

from django.conf import settings
from django.http import HttpRequest, HttpResponse


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


# Pages and files about children: never kept by a browser cache or a shared tablet.
PRIVATE = "private, no-store"


def private(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = PRIVATE
    return response
