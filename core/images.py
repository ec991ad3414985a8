"""Uploaded photos: checked by their content, stored without metadata, thumbnailed once at upload."""

import io

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_PHOTO_BYTES = 10 * 1024 * 1024
# A 10 MB PNG of one colour can hold hundreds of megapixels; decoding it would take gigabytes of memory.
# 24 MP is above a phone camera's normal photo (12 MP; 48 MP sensors save 12 MP unless told otherwise),
# and bounds a PNG's full decode to about 100 MB (JPEGs are decoded at reduced size, see _shrink).
MAX_PHOTO_PIXELS = 24_000_000
# The kept original's longer side: plenty for a product page and a printed label, and what bounds the
# memory of re-encoding it.
STORED_MAX_PX = 2560
PHOTO_FORMATS = {"JPEG", "PNG", "WEBP"}  # what every phone browser shows
THUMBNAIL_MAX_PX = 480
THUMBNAIL_QUALITY = 78
_ORIGINAL_EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}


def validate_photo(upload) -> None:
    """Raise ValidationError unless the file is a JPEG, PNG or WebP of sane size, judged by its content.

    Only the header is read (no decoding), so a decompression bomb is refused before it costs memory.
    A form's ImageField has already opened it (`upload.image`); other callers pass any file object.
    """
    if upload.size > MAX_PHOTO_BYTES:
        raise ValidationError(_("The photo is larger than 10 MB."), code="size")
    decoded = getattr(upload, "image", None)
    if decoded is None:
        upload.seek(0)
        try:
            decoded = Image.open(upload)
        except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as exc:
            raise ValidationError(_("Upload a JPEG, PNG or WebP photo."), code="format") from exc
        finally:
            upload.seek(0)
    if decoded.format not in PHOTO_FORMATS:
        raise ValidationError(_("Upload a JPEG, PNG or WebP photo."), code="format")
    width, height = decoded.size
    if width * height > MAX_PHOTO_PIXELS:
        raise ValidationError(_("The photo has too many pixels; send a smaller one."), code="pixels")


def _shrink(image: Image.Image, longest: int) -> None:
    """Load the image at most `longest` px on each side, in place, before anything copies it: a JPEG
    decoder is asked for a draft (decoded at 1/2 to 1/8 scale), so a 24 MP JPEG never exists in memory
    at full size; other formats are decoded whole (bounded by MAX_PHOTO_PIXELS), then reduced. A square
    box, so an EXIF rotation applied afterwards does not change the bound."""
    scale = longest / max(image.size)
    if scale < 1:
        # The decoder scales only when both sides stay at least this big: ask for the fitted size.
        image.draft(image.mode, (max(1, int(image.width * scale)), max(1, int(image.height * scale))))
    image.thumbnail((longest, longest), Image.Resampling.LANCZOS)


def make_thumbnail(data: bytes) -> tuple[bytes, int, int]:
    """A JPEG at most THUMBNAIL_MAX_PX on its longer side, upright per the EXIF orientation."""
    with Image.open(io.BytesIO(data)) as image:
        _shrink(image, THUMBNAIL_MAX_PX)
        image = ImageOps.exif_transpose(image)
        image.info = {}  # no metadata (EXIF GPS, comments) carried into the public thumbnail
        if image.mode != "RGB":
            background = Image.new("RGB", image.size, "white")
            rgba = image.convert("RGBA")
            background.paste(rgba, mask=rgba.getchannel("A"))
            image = background
        out = io.BytesIO()
        # JPEG rather than WebP: every phone browser shows it, including old iOS Safari.
        image.save(out, "JPEG", quality=THUMBNAIL_QUALITY, optimize=True, progressive=True)
        return out.getvalue(), image.width, image.height


def strip_metadata(data: bytes) -> tuple[bytes, str]:
    """The photo re-encoded upright without its metadata, at most STORED_MAX_PX a side, and its file extension.

    A phone photo's EXIF carries the GPS position where it was taken (often someone's home), the
    time and the phone's serial number; the stored original may be linked from a public page.
    """
    with Image.open(io.BytesIO(data)) as image:
        kind = image.format if image.format in _ORIGINAL_EXTENSIONS else "JPEG"
        icc_profile = image.info.get("icc_profile")
        _shrink(image, STORED_MAX_PX)
        upright = ImageOps.exif_transpose(image)  # a copy, so its info can be emptied
        upright.info = {}  # EXIF, XMP, comments and text chunks: Pillow writes what info holds
        if kind == "JPEG" and upright.mode not in ("RGB", "L"):
            upright, icc_profile = upright.convert("RGB"), None
        out = io.BytesIO()
        options = {"quality": 90} if kind in ("JPEG", "WEBP") else {"optimize": True}
        if icc_profile:  # the colour profile says nothing about the person; keep the colours right
            options["icc_profile"] = icc_profile
        upright.save(out, kind, **options)
        return out.getvalue(), _ORIGINAL_EXTENSIONS[kind]
