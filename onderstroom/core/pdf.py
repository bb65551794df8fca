"""Every PDF through one helper: a template rendered by WeasyPrint, with the same SVG as the screens.

WeasyPrint takes seconds to import and only a few views print, so it is imported inside the
functions here, never at module level: importing the URLconf must not load it
(`core/tests/test_pdf.py` checks this).

A document reads nothing from the network or the disk. Pictures travel inline as `data:` URLs;
anything else it links to (the photos in the sociogram) it gets only through `resolve`, which the
caller builds from what the reader may already see.
"""

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from django.contrib.staticfiles import finders
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.text import slugify

if TYPE_CHECKING:
    from weasyprint.urls import URLFetcher

# A URL the document links to -> its bytes and MIME type; raises ValueError for a URL it may not read.
Resolve = Callable[[str], tuple[bytes, str]]


def render_pdf(
    template_name: str,
    context: Mapping[str, Any],
    *,
    stylesheet: str,
    request: HttpRequest | None = None,
    resolve: Resolve | None = None,
) -> bytes:
    """The template as PDF bytes, styled by one stylesheet from the static files."""
    from weasyprint import CSS, HTML

    html = render_to_string(template_name, dict(context), request=request)
    base_url = request.build_absolute_uri("/") if request is not None else None
    document = HTML(string=html, base_url=base_url, url_fetcher=url_fetcher(resolve))
    return document.write_pdf(stylesheets=[CSS(filename=static_file(stylesheet))])


def pdf_response(content: bytes, name: str, fallback: str = "document") -> HttpResponse:
    """The PDF shown in the browser, named after `name`; like every answer, no cache keeps it (middleware)."""
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{slugify(name) or fallback}.pdf"'
    return response


def url_fetcher(resolve: Resolve | None) -> "URLFetcher":
    """A fetcher for inline `data:` URLs and what `resolve` hands out; every other URL is refused."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class OnlyWhatIsGiven(URLFetcher):
        def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
            if url.startswith("data:"):
                return super().fetch(url, headers)  # decoded in memory by urllib's DataHandler
            if urlsplit(url).scheme not in ("http", "https"):
                raise ValueError(f"the document uses a disallowed protocol: {url}")
            if resolve is None:
                raise ValueError(f"the document fetches nothing, not {url}")
            content, content_type = resolve(url)
            return URLFetcherResponse(url, content, {"Content-Type": content_type})

    return OnlyWhatIsGiven(allowed_protocols=["data"])


def static_file(path: str) -> str:
    """The file behind a static path, for WeasyPrint, which reads from disk."""
    found = finders.find(path)
    if not isinstance(found, str):
        raise FileNotFoundError(path)
    return found
