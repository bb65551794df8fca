"""Child photos: only real JPEG/PNG photos, re-encoded small, without metadata; only the child's teachers.

Messages are checked in Dutch, the default language.
"""

import io
from pathlib import Path

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.urls import reverse
from PIL import Image, ImageDraw, ImageFile
from PIL.PngImagePlugin import PngInfo

from onderstroom.audit.models import AuditEvent
from onderstroom.core.errors import Refused
from onderstroom.schools import photos, services
from onderstroom.schools.models import Child
from onderstroom.schools.tests.conftest import actor_for
from onderstroom.testing.world import Persona, World

pytestmark = pytest.mark.django_db

SECRET = "Kloosterstraat 12, Zwolle"


def picture(size: tuple[int, int] = (1600, 1200), mode: str = "RGB") -> Image.Image:
    image = Image.new(mode, size, "skyblue" if mode == "RGB" else None)
    ImageDraw.Draw(image).rectangle((0, 0, size[0] // 2, size[1] // 3), fill="red" if mode == "RGB" else None)
    return image


def jpeg_with_metadata(size: tuple[int, int] = (1600, 1200), orientation: int = 1) -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "SpyCam"  # camera make
    exif[0x010E] = SECRET  # image description
    exif[0x0112] = orientation
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "N", (52.0, 30.0, 0.0)
    output = io.BytesIO()
    picture(size).save(output, "JPEG", exif=exif, comment=SECRET.encode(), icc_profile=b"\0" * 64 + b"icc")
    return output.getvalue()


def png_bytes(image: Image.Image, **params: object) -> bytes:
    output = io.BytesIO()
    image.save(output, "PNG", **params)
    return output.getvalue()


def upload(content: bytes, name: str = "photo.jpg", content_type: str = "image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def decoded(jpeg: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(jpeg))
    image.load()
    return image


# --- re-encoding --------------------------------------------------------------------------------


def test_a_phone_photo_loses_its_metadata_and_shrinks() -> None:
    original = jpeg_with_metadata()
    assert b"SpyCam" in original
    assert SECRET.encode() in original
    result = photos.reencode(upload(original))
    image = decoded(result)
    assert image.format == "JPEG"
    assert image.size == (512, 384)
    assert b"SpyCam" not in result
    assert SECRET.encode() not in result
    assert b"Exif" not in result
    assert b"icc" not in result
    assert not image.getexif()
    assert {"exif", "comment", "icc_profile"}.isdisjoint(image.info)


def test_the_photo_is_turned_upright_before_the_rotation_tag_is_dropped() -> None:
    """Orientation 6: the camera was held sideways; the stored pixels are wide, the photo is tall."""
    image = decoded(photos.reencode(upload(jpeg_with_metadata((800, 400), orientation=6))))
    assert image.size == (256, 512)


def test_a_png_with_text_chunks_and_transparency_becomes_a_plain_jpeg() -> None:
    info = PngInfo()
    info.add_text("Comment", SECRET)
    rgba = Image.new("RGBA", (300, 200), (0, 0, 0, 0))
    result = photos.reencode(upload(png_bytes(rgba, pnginfo=info), "photo.png", "image/png"))
    image = decoded(result)
    assert image.mode == "RGB"
    assert image.size == (300, 200)
    assert image.getpixel((10, 10)) == (255, 255, 255)  # transparent became white, not black
    assert SECRET.encode() not in result


def test_a_real_photo_with_a_wrong_name_is_judged_by_its_content() -> None:
    result = photos.reencode(upload(png_bytes(picture((64, 64))), "photo.gif", "image/gif"))
    assert decoded(result).size == (64, 64)


def test_anything_after_the_picture_is_dropped() -> None:
    polyglot = jpeg_with_metadata((100, 100)) + b"<html><script>alert(1)</script></html>" + b"PK\x03\x04zip"
    result = photos.reencode(upload(polyglot))
    assert b"<script>" not in result
    assert b"PK\x03\x04" not in result


def gif() -> bytes:
    output = io.BytesIO()
    picture((50, 50)).save(output, "GIF")
    return output.getvalue()


def truncated(content: bytes) -> bytes:
    return content[: len(content) * 2 // 3]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "geen JPEG- of PNG-foto"),
        (b"hello, this is text", "geen JPEG- of PNG-foto"),
        (b"<html><script>alert('x')</script></html>", "geen JPEG- of PNG-foto"),
        (
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            "geen JPEG- of PNG-foto",
        ),
        (b"\xff\xd8\xff\xe0" + b"\0" * 200, "geen JPEG- of PNG-foto"),  # a JPEG header and nothing else
        (b"%PDF-1.7\n", "geen JPEG- of PNG-foto"),
        ("gif", "geen JPEG- of PNG-foto"),
        ("truncated jpeg", "geen JPEG- of PNG-foto"),
        ("truncated png", "geen JPEG- of PNG-foto"),
        ("bomb", "te veel pixels"),
        ("large", "groter dan 5 MB"),
    ],
    ids=[
        "empty",
        "text",
        "html",
        "svg",
        "jpeg-header-only",
        "pdf",
        "gif",
        "truncated-jpeg",
        "truncated-png",
        "bomb",
        "large",
    ],
)
def test_hostile_uploads_are_refused_with_a_clear_message(
    content: bytes | str, message: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # WeasyPrint turns this on for the whole process; the check must not depend on it.
    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)
    if content == "gif":
        content = gif()
    elif content == "truncated jpeg":
        content = truncated(jpeg_with_metadata((400, 300)))
    elif content == "truncated png":
        content = truncated(png_bytes(picture((400, 300))))
    elif content == "bomb":
        # 10,000 x 10,000 one-bit pixels: a tiny file that decodes into 100 million pixels
        content = png_bytes(Image.new("1", (10_000, 10_000)))
        assert len(content) < 100_000
    elif content == "large":
        content = b"\xff\xd8" + b"\0" * photos.MAX_UPLOAD_BYTES
    with pytest.raises(photos.PhotoRefused, match=message):
        photos.reencode(upload(content))


# --- the service --------------------------------------------------------------------------------


def stored_files(media: Path) -> list[Path]:
    return sorted(p for p in media.rglob("*") if p.is_file())


def test_the_teacher_sets_a_photo_stored_under_a_random_name(world: World, media: Path) -> None:
    child = world.child
    services.set_child_photo(actor_for(world.teacher), child.uuid, upload(jpeg_with_metadata()))
    child.refresh_from_db()
    assert child.photo.name.startswith("photos/")
    assert child.photo.name.endswith(".jpg")
    assert child.first_name not in child.photo.name
    assert child.surname not in child.photo.name
    assert stored_files(media) == [media / child.photo.name]
    assert decoded((media / child.photo.name).read_bytes()).size == (512, 384)
    event = AuditEvent.objects.get(action="schools.child.photo.set")
    assert (event.child_id, event.actor_user_id, event.details) == (
        child.pk,
        world.teacher.pk,
        {"replaced": False},
    )


def test_replacing_and_removing_leave_no_old_files(
    world: World,
    media: Path,
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    teacher = actor_for(world.teacher)
    with django_capture_on_commit_callbacks(execute=True):
        services.set_child_photo(teacher, world.child.uuid, upload(jpeg_with_metadata()))
    with django_capture_on_commit_callbacks(execute=True):
        services.set_child_photo(teacher, world.child.uuid, upload(png_bytes(picture((90, 90))), "p.png"))
    child = Child.objects.get(pk=world.child.pk)
    assert stored_files(media) == [media / child.photo.name]
    with django_capture_on_commit_callbacks(execute=True):
        services.remove_child_photo(teacher, world.child.uuid)
    child.refresh_from_db()
    assert not child.photo
    assert stored_files(media) == []
    assert AuditEvent.objects.filter(action="schools.child.photo.remove", child=child).count() == 1
    with pytest.raises(Refused):
        services.remove_child_photo(teacher, world.child.uuid)


def test_a_refused_upload_stores_and_logs_nothing(world: World, media: Path) -> None:
    with pytest.raises(Refused, match="geen JPEG- of PNG-foto"):
        services.set_child_photo(
            actor_for(world.teacher), world.child.uuid, upload(b"MZ\x90\x00 not an image")
        )
    assert stored_files(media) == []
    assert not AuditEvent.objects.filter(action__startswith="schools.child.photo").exists()


@pytest.mark.parametrize("who", ["care", "other_teacher", "admin", "outsider", "board_admin"])
def test_only_the_childs_teachers_change_the_photo(world: World, media: Path, who: str) -> None:
    actor = actor_for(getattr(world, who))
    with pytest.raises(Http404):
        services.set_child_photo(actor, world.child.uuid, upload(jpeg_with_metadata()))
    assert stored_files(media) == []


def test_the_co_teacher_may_change_it_too(world: World, media: Path) -> None:
    services.set_child_photo(actor_for(world.co_teacher), world.child.uuid, upload(jpeg_with_metadata()))
    assert Child.objects.get(pk=world.child.pk).photo


# --- the pages ----------------------------------------------------------------------------------


def messages_of(response) -> list[str]:  # type: ignore[no-untyped-def]
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_uploading_on_the_child_page_then_seeing_the_photo(world: World, media: Path) -> None:
    client = world.client_for(Persona.TEACHER)
    child_url = reverse("schools:child", args=[world.child.uuid])
    assert b'enctype="multipart/form-data"' in client.get(child_url).content
    response = client.post(
        reverse("schools:child_photo_upload", args=[world.child.uuid]),
        {"photo": upload(jpeg_with_metadata())},
    )
    assert response.status_code == 302
    assert response["Location"] == child_url
    photo = client.get(reverse("schools:child_photo", args=[world.child.uuid]))
    assert photo.status_code == 200
    assert photo["Content-Type"] == "image/jpeg"
    assert b"SpyCam" not in b"".join(photo.streaming_content)
    assert reverse("schools:child_photo", args=[world.child.uuid]).encode() in client.get(child_url).content
    # Each answer with the photo is one read row about the child, by whoever asked.
    reads = AuditEvent.objects.filter(action="schools.photo.view")
    assert [(row.child_id, row.actor_user_id) for row in reads] == [(world.child.pk, world.teacher.pk)]
    assert (
        world.client_for(Persona.OTHER_TEACHER)
        .get(reverse("schools:child_photo", args=[world.child.uuid]))
        .status_code
        == 404
    )
    assert reads.count() == 1  # a refused request reads nothing


def test_a_bad_upload_comes_back_with_a_message_in_dutch(world: World, media: Path) -> None:
    client = world.client_for(Persona.TEACHER)
    url = reverse("schools:child_photo_upload", args=[world.child.uuid])
    response = client.post(
        url, {"photo": upload(b"<?php system($_GET['c']); ?>", "shell.php.jpg")}, follow=True
    )
    assert [str(m) for m in response.context["messages"]] == [
        "Dit bestand is geen JPEG- of PNG-foto. Kies een foto en probeer het opnieuw."
    ]
    assert messages_of(client.post(url, {})) == ["Kies eerst een foto."]
    assert stored_files(media) == []


def test_the_care_coordinator_sees_the_child_but_no_upload_form(world: World, media: Path) -> None:
    client = world.client_for(Persona.CARE)
    page = client.get(reverse("schools:child", args=[world.child.uuid]))
    assert page.status_code == 200
    assert b"multipart/form-data" not in page.content
    response = client.post(
        reverse("schools:child_photo_upload", args=[world.child.uuid]),
        {"photo": upload(jpeg_with_metadata())},
    )
    assert response.status_code == 404
    assert stored_files(media) == []
