"""QR images of product pages: built once per (code, size, site) and kept in the cache.

The QR encodes the absolute URL of the product page written in upper case
(`HTTPS://HOST/P/CODE/`): scheme and host are case-insensitive and CODE is upper-case
letters and digits, so the whole text fits the compact alphanumeric mode (a smaller
symbol than byte mode for the same URL). `/P/<CODE>/` is routed to the product page
next to `/p/<CODE>/` (products/urls_qr.py).
"""

import hashlib
import io
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal
from urllib.parse import urlsplit

import qrcode
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.http import HttpRequest
from qrcode.util import QRData

from .models import Product

QUIET_ZONE_MODULES = 4
ERROR_CORRECTION = qrcode.constants.ERROR_CORRECT_Q
PNG_DEFAULT_SIZE = 512
PNG_MIN_SIZE = 128
PNG_MAX_SIZE = 2048
IMAGE_TTL = 30 * 24 * 3600
# Saves and deletes forget it at once (receivers below); the TTL bounds queryset.update() edits.
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


def public_base_url(request: HttpRequest | None) -> str:
    """settings.PUBLIC_BASE_URL, else the site the request came to (scheme and host, no slash)."""
    base = settings.PUBLIC_BASE_URL or (request.build_absolute_uri("/") if request else "")
    return base.rstrip("/")


def qr_target_url(code: str, base_url: str) -> str:
    """`HTTPS://HOST[/prefix]/P/CODE/`: upper-case scheme and host keep the text alphanumeric."""
    parts = urlsplit(base_url)
    return f"{parts.scheme.upper()}://{parts.netloc.upper()}{parts.path.rstrip('/')}/P/{code}/"


def build_qr(url: str) -> qrcode.QRCode:
    qr = qrcode.QRCode(error_correction=ERROR_CORRECTION, border=QUIET_ZONE_MODULES)
    # QRData picks alphanumeric mode when every character allows it, byte mode otherwise.
    qr.add_data(QRData(url.encode()))
    qr.make(fit=True)
    return qr


@lru_cache(maxsize=4096)
def modules_with_quiet_zone(url: str) -> int:
    """Width of the symbol in modules; remembered because it depends on the URL alone."""
    return len(build_qr(url).get_matrix())


def box_size_for(url: str, size: int) -> int:
    """Whole pixels per module, so the image is the largest crisp rendering not wider than size."""
    return max(1, size // modules_with_quiet_zone(url))


def render_png(url: str, box_size: int) -> bytes:
    qr = build_qr(url)
    qr.box_size = box_size
    image = qr.make_image()  # 1-bit PIL image, quiet zone included
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def render_svg(url: str) -> bytes:
    """One path of horizontal runs of dark modules; one user unit per module, quiet zone included."""
    matrix = build_qr(url).get_matrix()
    n = len(matrix)
    runs = []
    for y, row in enumerate(matrix):
        x = 0
        while x < n:
            if row[x]:
                start = x
                while x < n and row[x]:
                    x += 1
                runs.append(f"M{start} {y}h{x - start}v1h-{x - start}z")
            else:
                x += 1
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {n} {n}" width="{n * 8}" height="{n * 8}" '
        'shape-rendering="crispEdges">'
        f'<rect width="{n}" height="{n}" fill="#fff"/><path fill="#000" d="{"".join(runs)}"/></svg>\n'
    ).encode()


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


@receiver(post_save, sender=Product, dispatch_uid="products_qr_forget_status_on_save")
@receiver(post_delete, sender=Product, dispatch_uid="products_qr_forget_status_on_delete")
def forget_product_status(sender, instance: Product, **kwargs) -> None:
    """A deactivated, reactivated, created or deleted product answers accordingly at once.

    Forgotten now and again after commit, so a request that read the old row in between does not
    leave a stale status behind.
    """
    key = _status_key(instance.code)
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
