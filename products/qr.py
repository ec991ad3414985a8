"""QR images of product pages (drawn by core.qr): built once per (code, size, site), kept in the cache.

The QR encodes the absolute URL of the product page written in upper case
(`HTTPS://HOST/P/CODE/`): scheme and host are case-insensitive and CODE is upper-case
letters and digits, so the whole text fits the compact alphanumeric mode (a smaller
symbol than byte mode for the same URL). `/P/<CODE>/` is routed to the product page
next to `/p/<CODE>/` (products/urls_qr.py).
"""

import hashlib
import re
from dataclasses import dataclass
from typing import Literal

from django.core.cache import cache
from django.db import transaction

from core.qr import box_size_for, render_png, render_svg, uppercase_url

from .models import Product

PNG_DEFAULT_SIZE = 512
PNG_MIN_SIZE = 128
PNG_MAX_SIZE = 2048
IMAGE_TTL = 30 * 24 * 3600
# Saves and deletes forget it at once (forget_status); the TTL bounds queryset.update() edits.
STATUS_TTL = 300
# An unknown code is remembered briefly so random codes do not each reach the database.
UNKNOWN_STATUS_TTL = 60
_CACHE_VERSION = "v1"
_CODE_RE = re.compile(r"[0-9A-Z]{4,16}")

ProductStatus = Literal["active", "inactive", "unknown"]
ImageKind = Literal["png", "svg"]


def normalise_code(code: str) -> str | None:
    """The canonical upper-case code, or None when it cannot be a product code at all."""
    code = code.upper()
    return code if _CODE_RE.fullmatch(code) else None


def qr_target_url(code: str, base_url: str) -> str:
    """`HTTPS://HOST[/prefix]/P/CODE/`: upper-case scheme and host keep the text alphanumeric."""
    return uppercase_url(base_url, f"/P/{code}/")


def _status_key(code: str) -> str:
    return f"qr:{_CACHE_VERSION}:status:{code}"


def _image_key(code: str, kind: ImageKind, box_size: int, base_url: str) -> str:
    site = hashlib.sha256(base_url.encode()).hexdigest()[:16]
    return f"qr:{_CACHE_VERSION}:{kind}:{box_size}:{site}:{code}"


def _load_status(code: str) -> ProductStatus:
    is_active = Product.objects.filter(code=code).values_list("is_active", flat=True).first()
    status: ProductStatus = "unknown" if is_active is None else ("active" if is_active else "inactive")
    cache.set(_status_key(code), status, UNKNOWN_STATUS_TTL if status == "unknown" else STATUS_TTL)
    return status


@dataclass(frozen=True)
class QrImage:
    status: ProductStatus
    content: bytes = b""
    etag: str = ""


def cached_qr(code: str, kind: ImageKind, base_url: str, size: int = PNG_DEFAULT_SIZE) -> QrImage:
    """The product's status and, when it is active, its QR image, both read in one cache round trip.

    The image is rendered on the first request only; later ones are served from the cache.
    """
    url = qr_target_url(code, base_url)
    box_size = box_size_for(url, size) if kind == "png" else 1
    status_key, image_key = _status_key(code), _image_key(code, kind, box_size, base_url)
    found = cache.get_many([status_key, image_key])
    status = found.get(status_key) or _load_status(code)
    if status != "active":
        return QrImage(status)
    content = found.get(image_key)
    if content is None:
        content = render_png(url, box_size) if kind == "png" else render_svg(url)
        cache.set(image_key, content, IMAGE_TTL)
    etag = '"' + hashlib.sha256(image_key.encode()).hexdigest()[:24] + '"'
    return QrImage(status, content, etag)


def forget_status(code: str) -> None:
    """A deactivated, reactivated, created or deleted product answers accordingly at once.

    Forgotten now and again after commit, so a request that read the old row in between does not
    leave a stale status behind. Called on every save and delete of a product (products.signals).
    """
    key = _status_key(code)
    cache.delete(key)
    transaction.on_commit(lambda: cache.delete(key))


PRINT_BOX_SIZE = 10


def print_pngs(codes: list[str], base_url: str) -> dict[str, bytes]:
    """High-resolution PNGs for label sheets (10 px a module), cached like the served ones."""
    keys = {code: _image_key(code, "png", PRINT_BOX_SIZE, base_url) for code in codes}
    found = cache.get_many(list(keys.values()))
    images, missing = {}, {}
    for code, key in keys.items():
        if key in found:
            images[code] = found[key]
        else:
            images[code] = missing[key] = render_png(qr_target_url(code, base_url), PRINT_BOX_SIZE)
    if missing:
        cache.set_many(missing, IMAGE_TTL)
    return images
