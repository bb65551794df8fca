"""Photos of children and staff: check an upload and re-encode it into a small JPEG that carries
nothing else, and store, replace or remove it (`store`, `remove`).

A photo of a child is personal data, and files from phones carry more than the picture:
GPS position, camera serial numbers, comments, thumbnails of the uncropped original. Only
the pixels survive: decoded with Pillow, drawn onto a fresh image and saved as a new JPEG.
"""

import io
import warnings
from collections.abc import Callable
from typing import TYPE_CHECKING, cast
from uuid import uuid4

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from onderstroom.core.errors import Refused

if TYPE_CHECKING:
    from onderstroom.accounts.models import User
    from onderstroom.schools.models import Child

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_SIDE = 512  # pixels; enough for a name chip and a sign-in tile, small enough to be cheap
# Refused before decoding, so a tiny file cannot unpack into gigabytes (a "decompression bomb").
MAX_PIXELS = 60_000_000
ACCEPTED_FORMATS = ("JPEG", "PNG")
JPEG_QUALITY = 85
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


class PhotoRefused(Exception):
    """The upload is not a photo we take; the message is for the teacher."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _not_a_photo() -> PhotoRefused:
    return PhotoRefused(_("This file is not a JPEG or PNG photo. Choose a photo and try again."))


def _too_many_pixels() -> PhotoRefused:
    return PhotoRefused(_("The photo has too many pixels. Choose a smaller photo."))


def reencode(upload: UploadedFile) -> bytes:
    """The upload as a JPEG of at most MAX_SIDE pixels, without any metadata."""
    if not upload.size:
        raise _not_a_photo()
    if upload.size > MAX_UPLOAD_BYTES:
        raise PhotoRefused(_("The photo is larger than 5 MB. Choose a smaller photo."))
    upload.seek(0)
    data = upload.read()
    if not _complete(data):
        raise _not_a_photo()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=ACCEPTED_FORMATS) as image:
                if image.width * image.height > MAX_PIXELS:
                    raise _too_many_pixels()
                image.load()  # decode everything now: a truncated or corrupt file fails here
                return _small_clean_jpeg(image)
    except PhotoRefused:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise _too_many_pixels() from error
    except (
        UnidentifiedImageError,
        OSError,
        SyntaxError,
        ValueError,
        EOFError,
    ) as error:
        raise _not_a_photo() from error


def _complete(data: bytes) -> bool:
    """Whether the file runs to its end marker.

    Pillow would refuse a truncated file by itself, but WeasyPrint switches on Pillow's
    LOAD_TRUNCATED_IMAGES for the whole process, and then a cut-off upload decodes into
    a half-grey picture. So the structure is walked here, before decoding.
    """
    if data.startswith(PNG_SIGNATURE):
        return _png_complete(data)
    if data.startswith(b"\xff\xd8"):
        return _jpeg_complete(data)
    return False


def _png_complete(data: bytes) -> bool:
    """Chunk by chunk (length, type, data, CRC) up to IEND."""
    position = len(PNG_SIGNATURE)
    while position + 12 <= len(data):
        length = int.from_bytes(data[position : position + 4], "big")
        kind = data[position + 4 : position + 8]
        position += 12 + length
        if kind == b"IEND":
            return position <= len(data)
    return False


def _jpeg_complete(data: bytes) -> bool:
    """Segment by segment up to the end-of-image marker, skipping the compressed scans."""
    position, size = 2, len(data)
    while position + 2 <= size:
        if data[position] != 0xFF:
            return False
        marker = data[position + 1]
        if marker == 0xFF:  # fill byte before a marker
            position += 1
        elif marker == 0xD9:  # end of image
            return True
        elif 0xD0 <= marker <= 0xD7 or marker == 0x01:  # markers without a length
            position += 2
        else:
            position += 2 + int.from_bytes(data[position + 2 : position + 4], "big")
            if marker == 0xDA:  # start of scan: compressed data runs to the next real marker
                position = _end_of_scan(data, position)
                if position < 0:
                    return False
    return False


def _end_of_scan(data: bytes, position: int) -> int:
    """Where the marker after a scan starts, or -1: 0xFF00 is an escaped byte, 0xFFD0-D7 restarts."""
    while True:
        position = data.find(b"\xff", position)
        if position < 0 or position + 1 >= len(data):
            return -1
        following = data[position + 1]
        if following == 0x00 or 0xD0 <= following <= 0xD7:
            position += 2
        elif following == 0xFF:
            position += 1
        else:
            return position


def _small_clean_jpeg(image: Image.Image) -> bytes:
    upright = ImageOps.exif_transpose(image)  # phones store rotation in EXIF, which is dropped below
    upright.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    # A fresh canvas holds only pixels: no EXIF, ICC, XMP, comments or text chunks come along.
    clean = Image.new("RGB", upright.size, "white")
    if upright.mode in ("RGBA", "LA") or (upright.mode == "P" and "transparency" in upright.info):
        rgba = upright.convert("RGBA")
        clean.paste(rgba, mask=rgba.getchannel("A"))
    else:
        clean.paste(upright.convert("RGB"))
    output = io.BytesIO()
    clean.save(output, "JPEG", quality=JPEG_QUALITY, optimize=True)
    return output.getvalue()


# --- storing ---------------------------------------------------------------------------------------


def store(holder: "Child | User", upload: UploadedFile, record: Callable[[bool], object]) -> None:
    """Put a re-encoded copy of the upload in `holder.photo` and save it, with `record(replaced)`
    writing the audit row in the same transaction. Anything that is not a real photo is refused and
    nothing changes. A replaced file is deleted once the database no longer points to it; the new
    file is deleted again when the transaction fails."""
    try:
        jpeg = reencode(upload)
    except PhotoRefused as refused:
        raise Refused(refused.message) from refused
    old_name = holder.photo.name
    # A random file name: the person's name never reaches the file system.
    holder.photo.save(f"{uuid4().hex}.jpg", ContentFile(jpeg), save=False)
    try:
        with transaction.atomic():
            holder.save(update_fields=["photo"])
            record(bool(old_name))
            _delete_later(holder, old_name)
    except Exception:
        holder.photo.storage.delete(cast(str, holder.photo.name))  # save() above named it
        raise


def remove(holder: "Child | User", record: Callable[[], object]) -> None:
    """Remove `holder`'s photo, with `record()` writing the audit row: the file is deleted after the
    transaction commits, not merely unlinked."""
    if not holder.photo:
        raise Refused(_("There is no photo to remove."))
    with transaction.atomic():
        _delete_later(holder, holder.photo.name)
        holder.photo = ""
        holder.save(update_fields=["photo"])
        record()


def _delete_later(holder: "Child | User", name: str | None) -> None:
    if name:
        storage = holder.photo.storage
        transaction.on_commit(lambda: storage.delete(name))
