"""The printable certificate: A4 landscape, the learner's name with its diacritics, course, date,
issuer, code, and a QR code of the public verification URL."""

import io
from functools import cache

import qrcode
from django.conf import settings
from django.utils.translation import gettext as _
from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader, simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from .models import Certificate

FONT, FONT_BOLD = "DejaVuSansCondensed", "DejaVuSansCondensed-Bold"
PAGE = landscape(A4)
QR_SIZE = 45 * mm


@cache
def _register_fonts() -> None:
    # Until core/pdf.py (with core/fonts/) lands on main: the DejaVu fonts shipped for the product labels.
    fonts_dir = settings.BASE_DIR / "products" / "fonts"
    for name in (FONT, FONT_BOLD):
        pdfmetrics.registerFont(TTFont(name, str(fonts_dir / f"{name}.ttf")))


def _qr_png(url: str) -> bytes:
    # Until core/qr.py lands on main.
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_Q, border=4, box_size=8)
    qr.add_data(url)
    qr.make(fit=True)
    out = io.BytesIO()
    qr.make_image().save(out, format="PNG")
    return out.getvalue()


def render_certificate(certificate: Certificate, verify_url: str) -> bytes:
    _register_fonts()
    width, height = PAGE
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=PAGE, pageCompression=1)
    canvas.setTitle(f"{certificate.course_title} · {certificate.learner_name}")
    canvas.setAuthor(certificate.issuer)
    canvas.setStrokeColor(HexColor("#0d6efd"))
    canvas.setLineWidth(3)
    canvas.rect(12 * mm, 12 * mm, width - 24 * mm, height - 24 * mm)
    canvas.setFont(FONT, 14)
    canvas.drawCentredString(width / 2, height - 35 * mm, certificate.issuer)
    canvas.setFont(FONT_BOLD, 30)
    canvas.drawCentredString(width / 2, height - 55 * mm, _("CERTIFICATE OF COMPLETION"))
    canvas.setFont(FONT, 14)
    canvas.drawCentredString(width / 2, height - 72 * mm, _("This certifies that"))
    canvas.setFont(FONT_BOLD, 26)
    canvas.drawCentredString(width / 2, height - 88 * mm, certificate.learner_name)
    canvas.setFont(FONT, 14)
    canvas.drawCentredString(width / 2, height - 102 * mm, _("has completed the course"))
    canvas.setFont(FONT_BOLD, 18)
    lines = simpleSplit(certificate.course_title, FONT_BOLD, 18, width - 80 * mm)
    for index, line in enumerate(lines[:2]):
        canvas.drawCentredString(width / 2, height - (116 + 8 * index) * mm, line)
    canvas.setFont(FONT, 12)
    left = 25 * mm
    canvas.drawString(left, 40 * mm, _("Date: %(date)s") % {"date": certificate.issued_on.strftime("%d/%m/%Y")})
    canvas.drawString(left, 33 * mm, _("Certificate code: %(code)s") % {"code": certificate.code})
    canvas.setFont(FONT, 9)
    canvas.drawString(left, 25 * mm, _("Verify at %(url)s") % {"url": verify_url})
    qr_x, qr_y = width - 25 * mm - QR_SIZE, 22 * mm
    canvas.drawImage(ImageReader(io.BytesIO(_qr_png(verify_url))), qr_x, qr_y, QR_SIZE, QR_SIZE)
    canvas.showPage()
    canvas.save()
    return out.getvalue()
