"""The printable report through WeasyPrint, which may read nothing but the photos it was given."""

import mimetypes
from collections.abc import Sequence
from urllib.parse import urlsplit

import weasyprint
from django.urls import reverse
from weasyprint.urls import URLFetcher, URLFetcherResponse

from onderstroom.schools.models import Child


class PhotoFetcher(URLFetcher):
    """Serves the photos of the given children from storage; refuses every other URL.

    The sociogram in the PDF is the same SVG as on the page, with photo links to
    `schools:child_photo`; the view has already checked that the reader may see these children.
    WeasyPrint never makes a network request.
    """

    def __init__(self, children: Sequence[Child]) -> None:
        super().__init__(allowed_protocols=["http", "https"])
        self.photos = {reverse("schools:child_photo", args=[c.uuid]): c for c in children if c.photo}

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
        child = self.photos.get(urlsplit(url).path)
        if child is None:
            raise ValueError(f"the report reads only its own photos, not {url}")
        content_type = mimetypes.guess_type(child.photo.name or "")[0] or "image/jpeg"
        with child.photo.open("rb") as handle:
            return URLFetcherResponse(url, handle.read(), {"Content-Type": content_type})


def render_pdf(html: str, base_url: str, stylesheet: str | None, photo_children: Sequence[Child]) -> bytes:
    stylesheets = [weasyprint.CSS(filename=stylesheet)] if stylesheet else []
    document = weasyprint.HTML(string=html, base_url=base_url, url_fetcher=PhotoFetcher(photo_children))
    return document.write_pdf(stylesheets=stylesheets)
