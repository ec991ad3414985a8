"""PDF documents with reportlab: Vietnamese-capable fonts (DejaVu, in core/fonts/) and page helpers.

The 14 PDF base fonts lack Vietnamese diacritics; every PDF the portal makes (label sheets,
certificates, reports) uses these fonts instead.
"""

import io
from functools import cache
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

FONTS_DIR = Path(__file__).resolve().parent / "fonts"
FONT, FONT_BOLD = "DejaVuSansCondensed", "DejaVuSansCondensed-Bold"
AUTHOR = "CĐS Nam Định"


def font_path(name: str) -> Path:
    return FONTS_DIR / f"{name}.ttf"


@cache
def register_fonts() -> None:
    """Register FONT and FONT_BOLD with reportlab (once per process)."""
    for name in (FONT, FONT_BOLD):
        pdfmetrics.registerFont(TTFont(name, str(font_path(name))))


def new_document(title: str, pagesize: tuple[float, float] = A4) -> tuple[Canvas, io.BytesIO]:
    """A compressed canvas with title and author set and the fonts registered; save() it, then read the buffer."""
    register_fonts()
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=pagesize, pageCompression=1)
    canvas.setTitle(title)
    canvas.setAuthor(AUTHOR)
    return canvas, out


def wrapped_lines(text: str, font: str, size: float, width: float, max_lines: int) -> list[str]:
    """text broken into lines no wider than width, at most max_lines of them."""
    return simpleSplit(text, font, size, width)[:max_lines]
