"""Photos in the survey, in the sociogram and in the printed report, and nowhere else."""

from io import BytesIO
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from PIL import Image
from pypdf import PdfReader

from onderstroom.core.pdf import url_fetcher
from onderstroom.schools.models import Child
from onderstroom.sociogram.pdf import photo_resolver
from onderstroom.sociogram.tests.helpers import answer, children_of, make_survey, point_session_at
from onderstroom.testing.world import Persona, World

pytestmark = pytest.mark.django_db


@pytest.fixture
def photographed(world: World, settings: object, tmp_path: Path) -> Child:
    """The second child of the group has a photo (stored under a temporary media folder)."""
    settings.STORAGES = {  # type: ignore[attr-defined]
        **settings.STORAGES,  # type: ignore[attr-defined]
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path},
        },
    }
    buffer = BytesIO()
    Image.new("RGB", (64, 64), (200, 120, 40)).save(buffer, format="PNG")
    child = children_of(world.group)[1]
    child.photo.save("face.png", ContentFile(buffer.getvalue()))
    return child


def test_sociogram_shows_photos_only_when_asked(world: World, photographed: Child) -> None:
    survey = make_survey(world)
    answer(survey, children_of(world.group)[0], work=[photographed])
    client = world.client_for(Persona.TEACHER)
    plain = client.get(f"/peer-surveys/{survey.uuid}/sociogram.svg").content.decode()
    with_photos = client.get(f"/peer-surveys/{survey.uuid}/sociogram.svg?photos=1").content.decode()
    assert "<image" not in plain
    assert with_photos.count("<image") == 1
    assert f'href="/children/{photographed.uuid}/photo"' in with_photos


def test_printed_report_carries_the_photo(world: World, photographed: Child) -> None:
    survey = make_survey(world)
    answer(survey, children_of(world.group)[0], work=[photographed])
    client = world.client_for(Persona.TEACHER)
    plain = client.get(f"/peer-surveys/{survey.uuid}/report.pdf")
    with_photos = client.get(f"/peer-surveys/{survey.uuid}/report.pdf?photos=1")
    # WeasyPrint shares one resource dictionary between pages, so count the distinct images.
    images = {image.data for page in PdfReader(BytesIO(with_photos.content)).pages for image in page.images}
    assert len(images) == 1
    assert sum(len(page.images) for page in PdfReader(BytesIO(plain.content)).pages) == 0


def test_report_fetcher_reads_only_its_own_photos(world: World, photographed: Child) -> None:
    fetcher = url_fetcher(photo_resolver([photographed]))
    response = fetcher.fetch(f"http://testserver/children/{photographed.uuid}/photo")
    assert response.read().startswith(b"\x89PNG")
    for url in (
        f"http://testserver/children/{children_of(world.group)[0].uuid}/photo",
        "http://example.org/tracker.png",
        "file:///etc/passwd",
    ):
        with pytest.raises(ValueError, match=r"reads only its own photos|disallowed protocol"):
            fetcher.fetch(url)


def test_survey_shows_classmates_photos_when_the_teacher_chose_so(world: World, photographed: Child) -> None:
    client = world.client_for(Persona.CHILD)
    with_photos = make_survey(world, show_photos=True)
    point_session_at(world.class_session, with_photos)
    assert (
        f'src="/children/{photographed.uuid}/photo"'
        in client.get(f"/leerling/klasgenoten/{with_photos.uuid}/").content.decode()
    )
    without = make_survey(world, show_photos=False)
    point_session_at(world.class_session, without)
    assert "/photo" not in client.get(f"/leerling/klasgenoten/{without.uuid}/").content.decode()
    assert client.get(f"/children/{photographed.uuid}/photo").status_code == 200
