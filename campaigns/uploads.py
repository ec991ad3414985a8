"""The files campaigns take: attachments and guidance documents (core.filetypes), bulletin recordings."""

from django.utils.translation import gettext_lazy as _

from core.filetypes import CheckedFile, UploadRefused, read_limited, recognise

__all__ = ["CheckedFile", "UploadRefused", "check_attachment", "check_audio", "check_document"]

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
MAX_AUDIO_BYTES = 20 * 1024 * 1024


def check_attachment(upload) -> CheckedFile:
    """A photo (JPEG/PNG/WebP, re-encoded without metadata) or a document (PDF, Word, Excel, PowerPoint)."""
    checked = recognise(upload, MAX_ATTACHMENT_BYTES)
    if checked is None:
        raise UploadRefused(_("Upload a PDF, Word, Excel or PowerPoint document, or a JPEG, PNG or WebP photo."))
    return checked


def check_document(upload) -> CheckedFile:
    checked = check_attachment(upload)
    if checked.is_photo:
        raise UploadRefused(_("Upload the document as PDF, Word, Excel or PowerPoint."))
    return checked


def check_audio(upload) -> CheckedFile:
    """MP3, M4A/AAC, WAV or OGG, recognised by their headers."""
    data = read_limited(upload, MAX_AUDIO_BYTES)
    if data[:3] == b"ID3" or (len(data) > 1 and data[0] == 0xFF and data[1] & 0xE0 == 0xE0):
        return CheckedFile(data, "mp3", "audio/mpeg", False)
    if data[:4] == b"RIFF" and data[8:12] == b"WAVE":
        return CheckedFile(data, "wav", "audio/wav", False)
    if data[:4] == b"OggS":
        return CheckedFile(data, "ogg", "audio/ogg", False)
    if data[4:8] == b"ftyp":
        return CheckedFile(data, "m4a", "audio/mp4", False)
    raise UploadRefused(_("Upload the recording as MP3, M4A, WAV or OGG."))
