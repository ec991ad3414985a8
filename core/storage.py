"""Where uploaded files live: public ones (product photos, lesson media) under MEDIA_ROOT, which the
front web server (or `make run`) serves at MEDIA_URL; files with personal data or scoped content
(training evidence, campaign attachments, documents and audio, coverage reports) under
PRIVATE_MEDIA_ROOT, which no URL maps. Only views that check access first (with the app's
`access_<thing>` getter) read them, and `url()` refuses, so no template can link one directly.
"""

import mimetypes
import os
import shutil
from pathlib import Path, PurePath

from django.conf import settings
from django.core.files.storage import FileSystemStorage, default_storage
from django.http import FileResponse, Http404


class PrivateStorage(FileSystemStorage):
    """A file system storage rooted at settings.PRIVATE_MEDIA_ROOT (read each time, so a test's
    override applies), with no URL."""

    @property
    def base_location(self):
        return self._value_or_setting(self._location, settings.PRIVATE_MEDIA_ROOT)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise NoPublicURL("A private file has no URL: serve it through an access-checked view.")


class NoPublicURL(AttributeError):
    """An AttributeError, so code that asks whether a file has a URL (the admin's file widget,
    `getattr(file, "url", None)`, a template) takes the answer "no" rather than failing."""


_private = PrivateStorage()


def private_storage() -> PrivateStorage:
    """The storage of FileFields whose files must not be reachable under MEDIA_URL (a callable, so
    migrations name it rather than freeze a path)."""
    return _private


def move_to_private(model, field: str) -> int:
    """Migrations: move the files a field stored under MEDIA_ROOT before it used private_storage
    (names are kept; a file already moved or missing is left alone). Returns how many moved."""
    moved = 0
    public_root = Path(default_storage.location)
    names = model._base_manager.exclude(**{field: ""}).values_list(field, flat=True).iterator()
    for name in names:
        source, target = public_root / name, Path(_private.path(name))
        if source.is_file() and not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(source, target)
            moved += 1
    return moved


# What a browser may show in the page rather than download: never HTML, SVG or anything scriptable.
INLINE_TYPES = {"application/pdf", "image/jpeg", "image/png", "image/webp", "audio/mpeg", "audio/wav", "audio/ogg"}
INLINE_TYPES |= {"audio/mp4", "audio/x-wav"}
# The suffixes the upload checks write, whatever the server's /etc/mime.types says.
KNOWN_TYPES = {".pdf": "application/pdf", ".jpg": "image/jpeg", ".png": "image/png", ".webp": "image/webp"}
KNOWN_TYPES |= {".mp3": "audio/mpeg", ".wav": "audio/wav", ".ogg": "audio/ogg", ".m4a": "audio/mp4"}


def serve_private(file, *, filename: str | None = None, as_attachment: bool = True, content_type: str | None = None):
    """A FileResponse for a stored file that the caller's access getter has already allowed; a file
    missing from the disk is a 404, never a 500. Not cached by shared caches, never content-sniffed;
    shown inline only when its type is one a browser cannot run (else downloaded as bytes)."""
    try:
        handle = file.open("rb")
    except (FileNotFoundError, ValueError) as missing:  # ValueError: the field holds no file
        raise Http404 from missing
    filename = filename or PurePath(file.name).name
    guessed = KNOWN_TYPES.get(PurePath(filename).suffix.lower()) or mimetypes.guess_type(filename)[0]
    content_type = content_type or guessed or "application/octet-stream"
    if not as_attachment and content_type not in INLINE_TYPES:
        as_attachment, content_type = True, "application/octet-stream"
    response = FileResponse(handle, as_attachment=as_attachment, filename=filename, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
