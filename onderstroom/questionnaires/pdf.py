"""PDF reports through WeasyPrint, with the same SVG charts as the screens and no network access."""

from django.contrib.staticfiles import finders
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify

from onderstroom.questionnaires.overview import ChildHistory, Overview

STYLESHEET = "questionnaires/print.css"


def _render(html: str) -> bytes:
    # Imported on use: WeasyPrint takes a while to load and only the PDF views need it.
    from weasyprint import CSS, HTML
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class NoFetching(URLFetcher):
        """The reports are self-contained (inline SVG, one stylesheet): WeasyPrint may fetch nothing."""

        def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
            raise ValueError(f"the report fetches nothing, not {url}")

    stylesheet = finders.find(STYLESHEET)
    document = HTML(string=html, url_fetcher=NoFetching())
    return document.write_pdf(stylesheets=[CSS(filename=stylesheet)])


def overview_pdf(request: HttpRequest, overview: Overview) -> bytes:
    html = render_to_string(
        "questionnaires/pdf/overview.html",
        {"overview": overview, "printed": timezone.localtime()},
        request=request,
    )
    return _render(html)


def child_pdf(request: HttpRequest, history: ChildHistory) -> bytes:
    html = render_to_string(
        "questionnaires/pdf/child.html",
        {"history": history, "printed": timezone.localtime()},
        request=request,
    )
    return _render(html)


def response(content: bytes, name: str) -> HttpResponse:
    result = HttpResponse(content, content_type="application/pdf")
    result["Content-Disposition"] = f'inline; filename="{slugify(name) or "rapport"}.pdf"'
    return result
