"""The photos the printed report may read: those of the children in it, from storage, and nothing else."""

import mimetypes
from collections.abc import Sequence
from urllib.parse import urlsplit

from django.urls import reverse

from onderstroom.core.pdf import Resolve
from onderstroom.schools.models import Child


def photo_resolver(children: Sequence[Child]) -> Resolve:
    """Serves the photos of the given children from storage; refuses every other URL.

    The sociogram in the PDF is the same SVG as on the page, with photo links to
    `schools:child_photo`; the view has already checked that the reader may see these children.
    WeasyPrint never makes a network request.
    """
    photos = {reverse("schools:child_photo", args=[c.uuid]): c for c in children if c.photo}

    def resolve(url: str) -> tuple[bytes, str]:
        child = photos.get(urlsplit(url).path)
        if child is None:
            raise ValueError(f"the report reads only its own photos, not {url}")
        content_type = mimetypes.guess_type(child.photo.name or "")[0] or "image/jpeg"
        with child.photo.open("rb") as handle:
            return handle.read(), content_type

    return resolve
