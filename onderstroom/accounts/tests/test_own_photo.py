"""A member of staff's own photo (issue 13): uploaded or removed on their account page, re-encoded as a
child's photo is, the file deleted when removed; children choose the adults they would go to by photo
and name (initial without a photo). Bad files get a clear message and change nothing, never a 500."""

import io
from pathlib import Path

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from onderstroom.accounts.models import User
from onderstroom.audit.models import AuditEvent
from onderstroom.mapping.tests.helpers import world_round
from onderstroom.testing.world import Persona, World

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path},
        },
    }
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def jpeg(size: tuple[int, int] = (900, 700), comment: bytes = b"Kloosterstraat 12") -> bytes:
    output = io.BytesIO()
    Image.new("RGB", size, "skyblue").save(output, "JPEG", comment=comment)
    return output.getvalue()


def files(media: Path) -> list[Path]:
    return sorted(p for p in media.rglob("*") if p.is_file())


def post_photo(client: Client, content: bytes, name: str = "ik.jpg") -> list[str]:
    upload = SimpleUploadedFile(name, content, content_type="image/jpeg")
    response = client.post(reverse("accounts:photo_upload"), {"photo": upload})
    assert response.status_code == 302
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_upload_replace_and_remove_keep_one_small_clean_file(
    world: World,
    media: Path,
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    client = world.client_for(Persona.STAFF_MEMBER)
    with django_capture_on_commit_callbacks(execute=True):
        assert post_photo(client, jpeg()) == ["Je foto is opgeslagen."]
    user = User.objects.get(pk=world.staff_member.pk)
    assert user.photo.name.startswith("staff-photos/")
    assert "Hugo" not in user.photo.name  # a random name: never the person's
    stored = (media / user.photo.name).read_bytes()
    assert b"Kloosterstraat" not in stored  # re-encoded: the comment is gone
    assert Image.open(io.BytesIO(stored)).size == (512, 398)
    page = client.get(reverse("accounts:settings")).content.decode()
    assert reverse("accounts:photo") in page
    assert client.get(reverse("accounts:photo")).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        post_photo(client, jpeg((200, 200)))
    user.refresh_from_db()
    assert files(media) == [media / user.photo.name]  # the old file is deleted
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:photo_remove"))
    assert response.status_code == 302
    user.refresh_from_db()
    assert not user.photo
    assert files(media) == []
    assert client.get(reverse("accounts:photo")).status_code == 404
    actions = list(AuditEvent.objects.filter(actor_user_id=user.pk).values_list("action", flat=True))
    assert actions.count("accounts.photo.set") == 2
    assert actions.count("accounts.photo.remove") == 1
    # Removing again: a message, no error.
    response = client.post(reverse("accounts:photo_remove"))
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["Er is geen foto om te verwijderen."]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"hello, this is text", "geen JPEG- of PNG-foto"),
        (
            b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>",
            "geen JPEG- of PNG-foto",
        ),
        ("truncated", "geen JPEG- of PNG-foto"),
        ("large", "groter dan 5 MB"),
        (b"", "Het verstuurde bestand is leeg."),
    ],
    ids=["text", "svg", "truncated", "large", "empty"],
)
def test_a_bad_file_gets_a_clear_message_and_changes_nothing(
    world: World, media: Path, content: bytes | str, message: str
) -> None:
    client = world.client_for(Persona.TEACHER)
    post_photo(client, jpeg())
    client.get(reverse("accounts:settings"))  # the success message shown
    before = User.objects.get(pk=world.teacher.pk).photo.name
    if content == "truncated":
        content = jpeg()[:2000]
    elif content == "large":
        content = b"\xff\xd8" + b"\0" * (5 * 1024 * 1024)
    assert isinstance(content, bytes)
    messages = post_photo(client, content)
    assert len(messages) == 1
    assert message in messages[0]
    assert User.objects.get(pk=world.teacher.pk).photo.name == before
    assert files(media) == [media / before]
    assert AuditEvent.objects.filter(action="accounts.photo.set").count() == 1


def test_nothing_posted_and_wrong_methods_are_no_500(world: World, media: Path) -> None:
    client = world.client_for(Persona.TEACHER)
    response = client.post(reverse("accounts:photo_upload"), {})
    assert response.status_code == 302
    assert client.get(reverse("accounts:photo_upload")).status_code == 405
    assert client.get(reverse("accounts:photo_remove")).status_code == 405
    assert not User.objects.get(pk=world.teacher.pk).photo
    assert files(media) == []


def test_the_child_chooses_by_photo_and_name_and_sees_an_initial_without_a_photo(
    world: World, media: Path
) -> None:
    mapping_round = world_round(world)
    post_photo(world.client_for(Persona.TEACHER), jpeg())
    child = world.client_for(Persona.CHILD)
    page = child.get(reverse("mapping:child", args=[mapping_round.uuid])).content.decode()
    photo_url = reverse("mapping:adult_photo", args=[mapping_round.uuid, world.teacher.uuid])
    assert f'src="{photo_url}"' in page
    item = page.split(f'value="{world.care.uuid}"')[1].split("</label>")[0]
    assert 'class="mapping-initials"' in item  # no photo: the initial
    assert world.care.full_name in item
    response = child.get(photo_url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["Cache-Control"] == "private, max-age=300"  # as the children's photos
    own = world.client_for(Persona.TEACHER).get(reverse("accounts:photo"))
    assert (own.status_code, own["Cache-Control"]) == (200, "private, max-age=300")
    # An adult without a photo, or of another school: not found.
    for adult in (world.care, world.outsider):
        assert (
            child.get(reverse("mapping:adult_photo", args=[mapping_round.uuid, adult.uuid])).status_code
            == 404
        )


def test_only_the_child_of_the_open_round_gets_a_colleague_s_photo(world: World, media: Path) -> None:
    mapping_round = world_round(world)
    post_photo(world.client_for(Persona.TEACHER), jpeg())
    url = reverse("mapping:adult_photo", args=[mapping_round.uuid, world.teacher.uuid])
    for persona in (Persona.ANONYMOUS, Persona.OUTSIDER, Persona.CARE, Persona.STAFF_MEMBER):
        response = world.client_for(persona).get(url)
        assert response.status_code in (302, 404)
        assert response.get("Content-Type") != "image/jpeg"
    # Another person's own photo is never served by the account page: it serves only one's own.
    assert world.client_for(Persona.CARE).get(reverse("accounts:photo")).status_code == 404
    # The round closed: the child gets nothing either.
    mapping_round.closed_at = timezone.now()
    mapping_round.save()
    assert world.client_for(Persona.CHILD).get(url).status_code == 404
