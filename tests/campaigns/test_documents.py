"""Guidance documents go down the chain; recipients acknowledge and report; staff above see who is late."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from campaigns.models import DocumentRecipient, GuidanceDocument
from tests.campaigns.conftest import GIAO_HUONG, GIAO_THUY, HONG_THUAN
from tests.campaigns.factories import DocumentRecipientFactory, GuidanceDocumentFactory

pytestmark = pytest.mark.django_db


def _send(client, units, upload, **extra):
    data = {
        "title": "Hướng dẫn tuyên truyền CĐS",
        "number": "12/HD-UBND",
        "issued_on": timezone.localdate().isoformat(),
        "summary": "Triển khai tại các xã.",
        "units": [u.pk for u in units],
        "file": upload,
        **extra,
    }
    return client.post("/documents/add/", data)


def test_district_sends_a_pdf_to_its_communes(client_for, district_officer, unit, media_and_cache):
    pdf = SimpleUploadedFile("hd.pdf", b"%PDF-1.7\n...", content_type="application/pdf")
    response = _send(client_for(district_officer), [unit(GIAO_HUONG), unit(HONG_THUAN)], pdf)
    assert response.status_code == 302
    document = GuidanceDocument.objects.get()
    assert document.unit.code == GIAO_THUY
    assert set(document.recipients.values_list("unit__code", flat=True)) == {GIAO_HUONG, HONG_THUAN}
    assert document.file.name.endswith(".pdf")


def test_a_document_that_is_not_a_document_is_refused_and_nothing_is_saved(
    client_for, district_officer, unit, media_and_cache
):
    fake = SimpleUploadedFile("hd.pdf", b"MZ\x90\x00 an executable", content_type="application/pdf")
    response = _send(client_for(district_officer), [unit(GIAO_HUONG)], fake)
    assert response.status_code == 200
    assert "file" in response.context["form"].errors
    assert not GuidanceDocument.objects.exists()
    assert not DocumentRecipient.objects.exists()


def test_recipient_acknowledges_once_and_reports(client_for, commune_officer, unit, media_and_cache):
    recipient = DocumentRecipientFactory(
        unit=unit(GIAO_HUONG), document=GuidanceDocumentFactory(report_due_on=timezone.localdate())
    )
    client = client_for(commune_officer)
    url = f"/documents/{recipient.document_id}/"
    assert client.post(url + "acknowledge/").status_code == 302
    recipient.refresh_from_db()
    first = recipient.acknowledged_at
    assert first is not None and recipient.acknowledged_by == commune_officer
    client.post(url + "acknowledge/")
    recipient.refresh_from_db()
    assert recipient.acknowledged_at == first
    assert client.post(url + "report/", {"report": ""}).status_code == 302
    recipient.refresh_from_db()
    assert recipient.reported_at is None
    client.post(url + "report/", {"report": "Đã tổ chức 3 buổi tuyên truyền."})
    recipient.refresh_from_db()
    assert recipient.report == "Đã tổ chức 3 buổi tuyên truyền."
    assert recipient.reported_by == commune_officer


def test_staff_above_see_acknowledged_reported_and_overdue(client_for, district_officer, unit, media_and_cache):
    document = GuidanceDocumentFactory(
        unit=unit(GIAO_THUY), report_due_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    DocumentRecipientFactory(document=document, unit=unit(GIAO_HUONG), acknowledged_at=timezone.now())
    DocumentRecipientFactory(
        document=document,
        unit=unit(HONG_THUAN),
        acknowledged_at=timezone.now(),
        reported_at=timezone.now(),
        report="Xong.",
    )
    client = client_for(district_officer)
    rows = {r.unit.code: r for r in client.get(f"/documents/{document.pk}/").context["recipients"]}
    assert rows[GIAO_HUONG].overdue is True
    assert rows[HONG_THUAN].overdue is False
    (listed,) = client.get("/documents/").context["page"]
    assert (listed.recipients_count, listed.acknowledged_count, listed.reported_count) == (2, 2, 1)


def test_a_recipient_does_not_see_the_other_recipients(client_for, commune_officer, unit, media_and_cache):
    document = GuidanceDocumentFactory(unit=unit(GIAO_THUY))
    DocumentRecipientFactory(document=document, unit=unit(GIAO_HUONG))
    DocumentRecipientFactory(document=document, unit=unit(HONG_THUAN))
    response = client_for(commune_officer).get(f"/documents/{document.pk}/")
    assert response.context["recipients"] is None
    assert response.context["own"].unit.code == GIAO_HUONG
