"""What an uploaded file really is, read from its bytes, never from its name or the browser's word.

PDF, Office (docx/xlsx/pptx: a zip with [Content_Types].xml) and photos are recognised; photos are
checked by content and re-encoded without their EXIF/GPS metadata (core.images), since a phone
photo's metadata says where it was taken. Each app decides which of these kinds it takes.
"""

import io
import zipfile
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _

from .images import strip_metadata, validate_photo

PHOTO_TYPES = {"jpg": "image/jpeg", "png": "image/png", "webp": "image/webp"}
_OFFICE_ZIPS = {
    "word/": ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "xl/": ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "ppt/": ("pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
}


class UploadRefused(ValueError):
    pass


@dataclass
class CheckedFile:
    data: bytes
    extension: str
    content_type: str
    is_photo: bool


def read_limited(upload, limit: int) -> bytes:
    if upload.size > limit:
        raise UploadRefused(_("The file is larger than %(mb)d MB.") % {"mb": limit // (1024 * 1024)})
    upload.seek(0)
    return upload.read()


def _office_kind(data: bytes) -> tuple[str, str] | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, ValueError):
        return None
    if "[Content_Types].xml" not in names:
        return None
    for prefix, kind in _OFFICE_ZIPS.items():
        if any(n.startswith(prefix) for n in names):
            return kind
    return None


def _looks_like_photo(data: bytes) -> bool:
    return data[:3] == b"\xff\xd8\xff" or data[:8] == b"\x89PNG\r\n\x1a\n" or data[8:12] == b"WEBP"


def _photo_without_metadata(data: bytes) -> CheckedFile:
    try:
        validate_photo(ContentFile(data))
        clean, extension = strip_metadata(data)
    except ValidationError as exc:
        raise UploadRefused(exc.messages[0]) from exc
    except OSError as exc:  # a valid header over truncated pixels
        raise UploadRefused(_("Upload a JPEG, PNG or WebP photo.")) from exc
    return CheckedFile(clean, extension, PHOTO_TYPES[extension], True)


def recognise(upload, max_bytes: int) -> CheckedFile | None:
    """A PDF, an Office document or a photo (re-encoded without metadata); None for anything else.

    UploadRefused for a file above max_bytes or a photo whose pixels do not decode.
    """
    data = read_limited(upload, max_bytes)
    if data.startswith(b"%PDF-"):
        return CheckedFile(data, "pdf", "application/pdf", False)
    if data.startswith(b"PK\x03\x04"):
        office = _office_kind(data)
        if office:
            return CheckedFile(data, *office, False)
    if _looks_like_photo(data):
        return _photo_without_metadata(data)
    return None
