"""Printable A4 sheets of QR labels: 3 × 8 labels of 70 × 37 mm, each QR 28 mm wide with a "scan" line under it."""

import io
from collections.abc import Sequence

from django.utils.translation import gettext as _
from PIL import Image
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from core.pdf import FONT, FONT_BOLD, new_document, wrapped_lines

from .models import Product
from .qr import print_pngs

COLUMNS, ROWS = 3, 8
LABEL_WIDTH, LABEL_HEIGHT = A4[0] / COLUMNS, A4[1] / ROWS
PADDING = 3 * mm
CAPTION_HEIGHT = 3 * mm
# Printers blur a module below ~0.5 mm; 28 mm keeps a version-4 symbol (41 modules) at 0.68 mm.
QR_SIZE = LABEL_HEIGHT - 2 * PADDING - CAPTION_HEIGHT
LABELS_PER_PAGE = COLUMNS * ROWS
MAX_LABELS = 240


def render_label_sheet(products: Sequence[Product], base_url: str, title: str) -> bytes:
    """The PDF: products in order, left to right, top to bottom, as many A4 pages as needed."""
    pngs = print_pngs([p.code for p in products], base_url)
    canvas, out = new_document(title)
    if not products:
        canvas.setFont(FONT, 12)
        canvas.drawString(20 * mm, A4[1] - 30 * mm, _("There are no active products to label."))
    for index, product in enumerate(products):
        if index and index % LABELS_PER_PAGE == 0:
            canvas.showPage()
        slot = index % LABELS_PER_PAGE
        x = (slot % COLUMNS) * LABEL_WIDTH
        y = A4[1] - (slot // COLUMNS + 1) * LABEL_HEIGHT
        _draw_label(canvas, product, pngs[product.code], x, y)
    canvas.showPage()
    canvas.save()
    return out.getvalue()


def fill_last_page(products: Sequence[Product]) -> list[Product]:
    """The chosen labels, then copies of them in turn until the last A4 page has no empty slot."""
    labels = list(products)
    missing = -len(labels) % LABELS_PER_PAGE
    return labels + [labels[n % len(labels)] for n in range(missing)] if labels else labels


def _draw_label(canvas: Canvas, product: Product, png: bytes, x: float, y: float) -> None:
    # Grey cut guides; the QR carries its own white quiet zone inside the drawn square.
    canvas.setStrokeGray(0.8)
    canvas.setLineWidth(0.3)
    canvas.rect(x, y, LABEL_WIDTH, LABEL_HEIGHT)
    image = Image.open(io.BytesIO(png)).convert("L")
    qr_bottom = y + PADDING + CAPTION_HEIGHT
    canvas.drawImage(ImageReader(image), x + PADDING, qr_bottom, width=QR_SIZE, height=QR_SIZE)
    # A citizen who has never scanned a QR code learns what it is for from this line.
    canvas.setFillGray(0)
    canvas.setFont(FONT, 6)
    canvas.drawCentredString(x + PADDING + QR_SIZE / 2, y + PADDING + 0.6 * mm, _("Scan to see the product"))

    text_x = x + PADDING + QR_SIZE + 2 * mm
    text_width = x + LABEL_WIDTH - PADDING - text_x
    top = y + LABEL_HEIGHT - PADDING - 3 * mm
    canvas.setFont(FONT_BOLD, 9)
    for line in wrapped_lines(product.name, FONT_BOLD, 9, text_width, 3):
        canvas.drawString(text_x, top, line)
        top -= 10.5
    canvas.setFont(FONT, 7)
    for line in wrapped_lines(product.producer.name, FONT, 7, text_width, 2):
        canvas.drawString(text_x, top, line)
        top -= 8.5
    canvas.setFont(FONT_BOLD, 12)
    canvas.drawString(text_x, y + PADDING + 1 * mm, product.code)
