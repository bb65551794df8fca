"""One convention for htmx swaps: the page template holds the swappable part as a template partial.

A template marks the part htmx replaces with `{% partialdef name inline %}…{% endpartialdef %}`
(Django's template partials). The view renders the whole page for a plain request and only
`template#name` for an htmx request, so the page works without JavaScript, and there is one
template per page instead of a page and a separate fragment file. An endpoint that serves only
the fragment (polling) renders `template#name` itself.
"""

from collections.abc import Mapping
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def is_htmx(request: HttpRequest) -> bool:
    """htmx sends `HX-Request: true` with every request it makes; a history restore wants the whole page."""
    return (
        request.headers.get("HX-Request") == "true"
        and request.headers.get("HX-History-Restore-Request") != "true"
    )


def render_page(
    request: HttpRequest,
    template_name: str,
    context: Mapping[str, Any],
    *,
    partial: str,
    status: int = 200,
) -> HttpResponse:
    """The whole page, or for an htmx request only its partial `partial`."""
    name = f"{template_name}#{partial}" if is_htmx(request) else template_name
    return render(request, name, dict(context), status=status)
