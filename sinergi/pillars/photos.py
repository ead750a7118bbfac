"""Evidence photos taken in the field (visits, verifications).

A phone's photo is large and carries EXIF: the position where it was taken, the phone's make and serial number.
Every photo is therefore decoded and re-encoded on the server: turned upright (EXIF orientation), flattened to
RGB, shrunk to at most ``MAX_SIDE`` px on its longest side and written as a fresh JPEG without any metadata.
Anything Pillow cannot decode is refused, whatever its name says.

``encode_photo`` does the work without touching the database (so a caller can check every photo of a form
before writing anything); ``save_photo`` stores one on a visit.
"""

from __future__ import annotations

import contextlib
import io
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps

from .models import Photo, Visit

MAX_BYTES = 15 * 1024 * 1024
MAX_SIDE = 1600
JPEG_QUALITY = 82
# The most pixels a photo may decode to: 60 MP covers today's phones at full resolution; far beyond that a
# small file can still expand to gigabytes in memory (a decompression bomb).
MAX_PIXELS = 60_000_000


@dataclass(frozen=True)
class EncodedPhoto:
    content: bytes
    width: int
    height: int


def _name(upload) -> str:
    return getattr(upload, "name", "") or _("tanpa nama")


def _unreadable(upload) -> ValidationError:
    return ValidationError(
        _("Berkas %(name)s bukan gambar yang dapat dibaca. Kirim foto JPEG atau PNG.") % {"name": _name(upload)},
        code="not_an_image",
    )


def _flatten(image: Image.Image) -> Image.Image:
    """RGB; transparent parts become white (as on paper), not the black that a bare convert() gives."""
    if image.mode == "P":
        image = image.convert("RGBA" if "transparency" in image.info else "RGB")
    if image.mode in ("RGBA", "LA", "PA"):
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    if image.mode != "RGB":
        return image.convert("RGB")
    return image


def encode_photo(upload) -> EncodedPhoto:
    """The upload re-encoded as an upright JPEG of at most MAX_SIDE px, quality JPEG_QUALITY, without EXIF.
    Raises ValidationError naming the file when it is too big or not an image."""
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_BYTES:
        raise ValidationError(
            _("Foto %(name)s terlalu besar (%(size)s MB); batasnya %(limit)s MB.")
            % {"name": _name(upload), "size": round(size / 1024 / 1024, 1), "limit": MAX_BYTES // 1024 // 1024},
            code="too_big",
        )
    with contextlib.suppress(AttributeError, OSError):  # a file object read before (the size check, a sniff)
        upload.seek(0)
    try:
        with Image.open(upload) as opened:
            width, height = opened.size
            if width * height > MAX_PIXELS:
                raise ValidationError(
                    _("Foto %(name)s terlalu besar (%(w)s × %(h)s piksel).") % {"name": _name(upload), "w": width,
                                                                                "h": height},
                    code="too_many_pixels",
                )
            # A JPEG can be decoded at 1/2, 1/4 or 1/8 scale directly: ask for the smallest that is still at
            # least MAX_SIDE on the longest side, instead of decoding every pixel of a 50 MP photo.
            longest = max(width, height)
            if opened.format == "JPEG" and longest > MAX_SIDE:
                opened.draft("RGB", (width * MAX_SIDE // longest, height * MAX_SIDE // longest))
            opened.load()
            image = ImageOps.exif_transpose(opened)
            image = _flatten(image)
    except ValidationError:
        raise
    except Exception as exc:  # noqa: BLE001  (whatever a broken or hostile file makes Pillow raise)
        raise _unreadable(upload) from exc
    image.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    # No exif= argument: the new file carries no metadata at all (no GPS, no serial number, no camera).
    image.save(buffer, format="JPEG", quality=JPEG_QUALITY, optimize=True)
    return EncodedPhoto(content=buffer.getvalue(), width=image.width, height=image.height)


def store_photo(*, visit: Visit, encoded: EncodedPhoto, caption: str = "") -> Photo:
    """Write an already encoded photo on the visit (a database row and a file in the media storage)."""
    photo = Photo(visit=visit, caption=caption.strip()[:200])
    # The name is replaced by the model's upload_to (a fresh path per photo, always .jpg).
    photo.image.save("foto.jpg", ContentFile(encoded.content), save=False)
    photo.width, photo.height = encoded.width, encoded.height
    photo.save()
    return photo


def save_photo(*, visit: Visit, upload, caption: str = "") -> Photo:
    """Re-encode ``upload`` (see the module's notes) and store it as one of the visit's photos. No permission
    check: the caller's operation has checked its own, and runs this inside its transaction."""
    return store_photo(visit=visit, encoded=encode_photo(upload), caption=caption)
