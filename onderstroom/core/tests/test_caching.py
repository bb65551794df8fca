"""Every URL, opened by someone allowed to, answers 'private, no-store' unless its view chose to be cached."""

import re
from pathlib import Path

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse

from onderstroom.core.middleware import PrivateByDefaultMiddleware
from onderstroom.core.net import allow_caching
from onderstroom.core.tests.test_permission_matrix import NAMES, RULES
from onderstroom.testing.matrix import Rule
from onderstroom.testing.world import Persona, World

# The only views that deliberately allow a cache, and what they allow: photos on a page full of
# children (the browser keeps them five minutes, never a shared cache) and the favicon redirect.
CACHEABLE = {
    "core:favicon": "public, max-age=86400",
    "schools:child_photo": "private, max-age=300",
    "childsessions:photo": "private, max-age=300",
    "mapping:photo": "private, max-age=300",
    "accounts:photo": "private, max-age=300",
    "mapping:adult_photo": "private, max-age=300",
}


def allowed_persona(rule: Rule) -> Persona | None:
    """Someone who gets the page itself (2xx) if anyone does, otherwise someone sent on (3xx)."""
    for wanted in (range(200, 300), range(300, 400)):
        for persona, status in rule.expect.items():
            if status in wanted:
                return persona
    return None


OPENED = [name for name in NAMES if name in RULES and allowed_persona(RULES[name])]
# The matrix world has no photos, so nobody gets one there; photos are tested below.
# Staff photos (one's own, and an adult's on the child's mapping screen): test_own_photo.py checks them.
PHOTOS = {
    "schools:child_photo",
    "childsessions:photo",
    "mapping:photo",
    "accounts:photo",
    "mapping:adult_photo",
}
# Only the link mailed to the account's owner opens this page; it is tested below with a real link.
MAILED_LINK = {"accounts:reset_confirm"}


def cache_control(world: World, name: str, rule: Rule) -> str:
    persona = allowed_persona(rule)
    assert persona is not None
    url = reverse(name, kwargs=rule.kwargs(world)) + rule.query
    response = getattr(world.client_for(persona), rule.method)(url, data=rule.data(world))
    assert response.status_code == rule.expect[persona], f"{url} as {persona}"
    return response["Cache-Control"]


def test_every_url_but_the_photos_is_opened() -> None:
    """The test below leaves out only URLs that nobody in the matrix may open: photos, the mailed link."""
    assert set(NAMES) - set(OPENED) == PHOTOS | MAILED_LINK


def test_the_mailed_password_link_is_private_and_not_stored(world: World) -> None:
    """The page behind an admin's reset link (it holds the token) is kept by no cache."""
    world.client_for(Persona.ADMIN).post(
        reverse("accounts:admin_reset_password", kwargs={"uuid": world.teacher.uuid})
    )
    link = re.search(r"https?://\S+/account/new-password/\S+/", mail.outbox[0].body)
    assert link is not None
    response = Client().get(link.group(0))
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize("name", OPENED)
def test_every_url_is_private_and_not_stored(name: str, world: World) -> None:
    """Pages, PDFs, exports, JSON and redirects all say 'private, no-store'; the few exceptions say theirs."""
    header = cache_control(world, name, RULES[name])
    if name in CACHEABLE:
        assert header == CACHEABLE[name]
    else:
        assert {"private", "no-store"} <= {part.strip() for part in header.split(",")}


def test_the_spreadsheet_export_is_private_and_not_stored(world: World) -> None:
    """The XLSX export (the matrix asks for CSV) carries the same header."""
    url = reverse(
        "questionnaires:export", kwargs={**RULES["questionnaires:export"].kwargs(world), "fmt": "xlsx"}
    )
    response = world.client_for(Persona.CARE).get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["Cache-Control"] == "private, no-store"


@pytest.fixture
def photos(settings, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path},
        },
    }


def test_photos_may_be_kept_briefly_by_the_browser_only(world: World, photos: None) -> None:
    """A child's photo, for the teacher and on the name buttons, is 'private, max-age=300' as chosen."""
    world.child.photo.save(f"{world.child.uuid}.png", ContentFile(b"\x89PNG fake"), save=True)
    for client, name in (
        (world.client_for(Persona.TEACHER), "schools:child_photo"),
        (world.client_for(Persona.CHILD), "childsessions:photo"),
    ):
        response = client.get(reverse(name, kwargs={"uuid": world.child.uuid}))
        assert response.status_code == 200
        assert response["Cache-Control"] == CACHEABLE[name]
    # A member of staff without a group sees it on the relationship-mapping page, while a round is open.
    from onderstroom.mapping.tests.helpers import world_round

    url = reverse("mapping:photo", kwargs={"uuid": world_round(world).uuid, "child": world.child.uuid})
    response = world.client_for(Persona.STAFF_MEMBER).get(url)
    assert response.status_code == 200
    assert response["Cache-Control"] == CACHEABLE["mapping:photo"]


def test_the_sign_in_page_and_errors_are_not_stored(db: None) -> None:
    """Anonymous pages and the friendly 404 page carry the default too."""
    client = Client()
    assert client.get(reverse("accounts:login"))["Cache-Control"] == "private, no-store"
    assert client.get("/no-such-page")["Cache-Control"] == "private, no-store"


def test_a_view_header_is_replaced_unless_it_allowed_caching() -> None:
    """A view that sets its own header without allow_caching still gets the default."""

    def careless(request: object) -> HttpResponse:
        response = HttpResponse("x")
        response["Cache-Control"] = "public, max-age=600"
        return response

    def deliberate(request: object) -> HttpResponse:
        return allow_caching(HttpResponse("x"), "public, max-age=600")

    request = RequestFactory().get("/")
    assert PrivateByDefaultMiddleware(careless)(request)["Cache-Control"] == "private, no-store"
    assert PrivateByDefaultMiddleware(deliberate)(request)["Cache-Control"] == "public, max-age=600"
