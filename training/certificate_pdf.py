"""The printable certificate: A4 landscape, the learner's name with its diacritics, course, date,
issuer, code, and a QR code of the public verification URL."""

import io

from django.utils.translation import gettext as _
from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader

from core.pdf import FONT, FONT_BOLD, new_document, wrapped_lines
from core.qr import box_size_for, render_png

from .models import Certificate

PAGE = landscape(A4)
QR_SIZE = 45 * mm
QR_PIXELS = 600  # about 340 dpi at 45 mm: crisp when printed


def render_certificate(certificate: Certificate, verify_url: str) -> bytes:
    width, height = PAGE
    canvas, out = new_document(f"{certificate.course_title} · {certificate.learner_name}", pagesize=PAGE)
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
    for index, line in enumerate(wrapped_lines(certificate.course_title, FONT_BOLD, 18, width - 80 * mm, 2)):
        canvas.drawCentredString(width / 2, height - (116 + 8 * index) * mm, line)
    canvas.setFont(FONT, 12)
    left = 25 * mm
    canvas.drawString(left, 40 * mm, _("Date: %(date)s") % {"date": certificate.issued_on.strftime("%d/%m/%Y")})
    canvas.drawString(left, 33 * mm, _("Certificate code: %(code)s") % {"code": certificate.code})
    canvas.setFont(FONT, 9)
    canvas.drawString(left, 25 * mm, _("Verify at %(url)s") % {"url": verify_url})
    qr_x, qr_y = width - 25 * mm - QR_SIZE, 22 * mm
    png = render_png(verify_url, box_size_for(verify_url, QR_PIXELS))
    canvas.drawImage(ImageReader(io.BytesIO(png)), qr_x, qr_y, QR_SIZE, QR_SIZE)
    canvas.showPage()
    canvas.save()
    return out.getvalue()
