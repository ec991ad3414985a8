"""QR symbols as SVG or PNG: error correction Q, a 4-module quiet zone, crisp whole-pixel modules.

A URL written in upper case (`HTTPS://HOST/PATH/`, see uppercase_url) fits the compact
alphanumeric mode, a smaller symbol than byte mode for the same text.
"""

import io
from functools import lru_cache
from urllib.parse import urlsplit

import qrcode
from django.conf import settings
from django.http import HttpRequest
from qrcode.util import QRData

QUIET_ZONE_MODULES = 4
ERROR_CORRECTION = qrcode.constants.ERROR_CORRECT_Q


def public_base_url(request: HttpRequest | None) -> str:
    """settings.PUBLIC_BASE_URL, else the site the request came to (scheme and host, no slash)."""
    base = settings.PUBLIC_BASE_URL or (request.build_absolute_uri("/") if request else "")
    return base.rstrip("/")


def uppercase_url(base_url: str, path: str) -> str:
    """base_url + path with scheme and host upper-cased (both case-insensitive); path must be upper-case."""
    parts = urlsplit(base_url)
    return f"{parts.scheme.upper()}://{parts.netloc.upper()}{parts.path.rstrip('/')}{path}"


def build_qr(text: str) -> qrcode.QRCode:
    qr = qrcode.QRCode(error_correction=ERROR_CORRECTION, border=QUIET_ZONE_MODULES)
    # QRData picks alphanumeric mode when every character allows it, byte mode otherwise.
    qr.add_data(QRData(text.encode()))
    qr.make(fit=True)
    return qr


@lru_cache(maxsize=4096)
def modules_with_quiet_zone(text: str) -> int:
    """Width of the symbol in modules; remembered because it depends on the text alone."""
    return len(build_qr(text).get_matrix())


def box_size_for(text: str, size: int) -> int:
    """Whole pixels per module, so the image is the largest crisp rendering not wider than size."""
    return max(1, size // modules_with_quiet_zone(text))


def render_png(text: str, box_size: int) -> bytes:
    qr = build_qr(text)
    qr.box_size = box_size
    image = qr.make_image()  # 1-bit PIL image, quiet zone included
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def render_svg(text: str) -> bytes:
    """One path of horizontal runs of dark modules; one user unit per module, quiet zone included."""
    matrix = build_qr(text).get_matrix()
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
