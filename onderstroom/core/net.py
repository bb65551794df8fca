from django.conf import settings
from django.http import HttpRequest, HttpResponse


def client_ip(request: HttpRequest) -> str | None:
    """The visitor's address; behind N trusted proxies, the Nth address from the right of X-Forwarded-For."""
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        forwarded = [
            part.strip() for part in request.headers.get("X-Forwarded-For", "").split(",") if part.strip()
        ]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR") or None


# Pages and files about children: never kept by a browser cache or a shared tablet.
PRIVATE = "private, no-store"


def private(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = PRIVATE
    return response
