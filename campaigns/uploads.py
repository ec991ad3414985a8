"""What an uploaded file really is, read from its first bytes, never from its name or the browser's word.

Photos go through core.images (checked by content, re-encoded without their EXIF/GPS metadata).
"""

import io
import zipfile
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _

from core.images import strip_metadata, validate_photo

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
MAX_AUDIO_BYTES = 20 * 1024 * 1024
_PHOTO_TYPES = {"jpg": "image/jpeg", "png": "image/png", "webp": "image/webp"}
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


def _read_limited(upload, limit: int) -> bytes:
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
    return CheckedFile(clean, extension, _PHOTO_TYPES[extension], True)


def check_attachment(upload) -> CheckedFile:
    """A photo (JPEG/PNG/WebP, re-encoded without metadata) or a document (PDF, Word, Excel, PowerPoint)."""
    data = _read_limited(upload, MAX_ATTACHMENT_BYTES)
    if data.startswith(b"%PDF-"):
        return CheckedFile(data, "pdf", "application/pdf", False)
    if data.startswith(b"PK\x03\x04"):
        office = _office_kind(data)
        if office:
            return CheckedFile(data, *office, False)
    if _looks_like_photo(data):
        return _photo_without_metadata(data)
    raise UploadRefused(_("Upload a PDF, Word, Excel or PowerPoint document, or a JPEG, PNG or WebP photo."))


def check_document(upload) -> CheckedFile:
    checked = check_attachment(upload)
    if checked.is_photo:
        raise UploadRefused(_("Upload the document as PDF, Word, Excel or PowerPoint."))
    return checked


def check_audio(upload) -> CheckedFile:
    """MP3, M4A/AAC, WAV or OGG, recognised by their headers."""
    data = _read_limited(upload, MAX_AUDIO_BYTES)
    if data[:3] == b"ID3" or (len(data) > 1 and data[0] == 0xFF and data[1] & 0xE0 == 0xE0):
        return CheckedFile(data, "mp3", "audio/mpeg", False)
    if data[:4] == b"RIFF" and data[8:12] == b"WAVE":
        return CheckedFile(data, "wav", "audio/wav", False)
    if data[:4] == b"OggS":
        return CheckedFile(data, "ogg", "audio/ogg", False)
    if data[4:8] == b"ftyp":
        return CheckedFile(data, "m4a", "audio/mp4", False)
    raise UploadRefused(_("Upload the recording as MP3, M4A, WAV or OGG."))
