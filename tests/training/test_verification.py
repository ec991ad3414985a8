import io
import json
from datetime import date

import jwt
import pypdfium2
import pytest
import zxingcpp
from django.urls import reverse
from pypdf import PdfReader

from tests.factories import UserFactory
from tests.training.factories import EnrolmentFactory, answers, course_with
from training import services, verification
from training.credentials import credential
from training.models import Certificate, Lesson

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clean_cache")]


@pytest.fixture
def certificate():
    learner = UserFactory(first_name="Nguyễn Thị", last_name="Hường")
    enrolment = EnrolmentFactory(course=course_with(title="Kỹ năng số cơ bản"), user=learner)
    for lesson in Lesson.objects.filter(module__course=enrolment.course):
        services.complete_lesson(enrolment, lesson)
    quiz = enrolment.course.quizzes.get()
    attempt = services.start_attempt(enrolment, quiz)
    services.submit_attempt(attempt, answers(attempt))
    return Certificate.objects.get(learner=learner)


def test_verification_page_shows_the_printed_fields_and_counts_the_visit(client, certificate):
    response = client.get(f"/certificates/verify/{certificate.code}/")

    page = response.content.decode()
    assert response.status_code == 200
    for text in ("Nguyễn Thị Hường", "Kỹ năng số cơ bản", certificate.issued_on.strftime("%d/%m/%Y"), certificate.code):
        assert text in page
    assert 'data-testid="status"' in page and "alert-success" in page
    certificate.refresh_from_db()
    assert certificate.verification_count == 0  # counted in Redis, moved by beat
    assert verification.flush_counts() == 1
    certificate.refresh_from_db()
    assert certificate.verification_count == 1


def test_verification_json_has_the_same_fields(client, certificate):
    data = client.get(f"/certificates/verify/{certificate.code}.json").json()
    assert data == {
        "code": certificate.code,
        "learner_name": "Nguyễn Thị Hường",
        "course": "Kỹ năng số cơ bản",
        "issuer": certificate.issuer,
        "issued_on": certificate.issued_on.strftime("%d/%m/%Y"),
        "status": "valid",
        "revoked_on": None,
        "revocation_reason": None,
    }


def test_revoked_certificate_keeps_its_url_and_says_why(client, certificate):
    services.revoke_certificate(certificate, "Cấp nhầm người")

    page = client.get(f"/certificates/verify/{certificate.code}/")
    data = client.get(f"/certificates/verify/{certificate.code}.json").json()

    assert page.status_code == 200 and "Cấp nhầm người" in page.content.decode()
    assert data["status"] == "revoked" and data["revocation_reason"] == "Cấp nhầm người"


def test_unknown_code_is_a_clear_404(client, certificate):
    page = client.get("/certificates/verify/ZZZZZZZZZZZZZZZZ/")
    data = client.get("/certificates/verify/ZZZZZZZZZZZZZZZZ.json")
    odd = client.get("/certificates/verify/%00'--/")

    assert page.status_code == 404 and "ZZZZZZZZZZZZZZZZ" in page.content.decode()
    assert data.status_code == 404 and data.json()["status"] == "unknown"
    assert odd.status_code in (400, 404)


def test_staff_revoke_only_in_their_area(client, certificate, unit):
    enrolment = certificate.learner.enrolments.get()
    enrolment.unit = unit("13696")
    enrolment.save()
    outsider = UserFactory(role="commune_officer", unit=unit("13684"))
    officer = UserFactory(role="commune_officer", unit=unit("13696"))
    url = reverse("training:revoke", args=[certificate.pk])

    client.force_login(outsider)
    assert client.post(url, {"reason": "x"}).status_code == 404
    client.force_login(officer)
    page = client.get(f"/certificates/verify/{certificate.code}/").content.decode()
    assert 'data-testid="revoke-form"' in page
    client.post(url, {"reason": "Hồ sơ không hợp lệ"})

    certificate.refresh_from_db()
    assert certificate.revocation_reason == "Hồ sơ không hợp lệ"


def test_certificate_pdf_name_and_qr_lead_to_a_valid_verification(client, certificate, settings):
    settings.PUBLIC_BASE_URL = "http://testserver"
    client.force_login(certificate.learner)
    response = client.get(reverse("training:certificate_pdf", args=[certificate.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"

    pdf = response.content
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    assert page.mediabox.width > page.mediabox.height  # A4 landscape
    text = page.extract_text()
    assert "Nguyễn Thị Hường" in text
    assert certificate.code in text
    image = pypdfium2.PdfDocument(pdf)[0].render(scale=3).to_pil()
    decoded = [barcode.text for barcode in zxingcpp.read_barcodes(image)]
    assert decoded == [f"http://testserver/certificates/verify/{certificate.code}/"]

    verified = client.get(decoded[0].removeprefix("http://testserver")).content.decode()
    assert "alert-success" in verified
    assert "Nguyễn Thị Hường" in verified and certificate.issued_on.strftime("%d/%m/%Y") in verified


def test_pdf_and_credential_are_only_the_learners(client, certificate):
    client.force_login(UserFactory())
    assert client.get(reverse("training:certificate_pdf", args=[certificate.pk])).status_code == 404
    assert client.get(reverse("training:certificate_credential", args=[certificate.pk])).status_code == 404


def test_credential_verifies_with_the_published_key_and_a_tampered_one_does_not(client, certificate):
    client.force_login(certificate.learner)
    token = client.get(reverse("training:certificate_credential", args=[certificate.pk])).content.decode()
    client.logout()
    jwk = client.get("/.well-known/jwks.json").json()["keys"][0]
    key = jwt.PyJWK(jwk).key

    claims = jwt.decode(token, key, algorithms=["EdDSA"])
    vc = claims["vc"]
    assert "OpenBadgeCredential" in vc["type"]
    assert vc["credentialSubject"]["name"] == "Nguyễn Thị Hường"
    assert vc["id"].endswith(f"/certificates/verify/{certificate.code}/")

    header, payload, signature = token.split(".")
    forged = json.loads(jwt.utils.base64url_decode(payload))
    forged["vc"]["credentialSubject"]["name"] = "Kẻ Giả Mạo"
    forged_payload = jwt.utils.base64url_encode(json.dumps(forged).encode()).decode()
    with pytest.raises(jwt.InvalidSignatureError):
        jwt.decode(f"{header}.{forged_payload}.{signature}", key, algorithms=["EdDSA"])


def test_a_credential_is_valid_from_the_local_midnight_of_its_printed_date(certificate):
    """Issued in the evening UTC (already the next day in Việt Nam), the credential must not claim a
    validity start in the future, or a verifier rejects it (nbf) until midnight UTC."""
    certificate.issued_on = date(2026, 12, 6)  # in memory only: the stored certificate never changes
    vc = credential(certificate, verify_url="https://x/v/", course_url="https://x/c/", issuer_url="https://x/")
    assert vc["validFrom"] == "2026-12-05T17:00:00Z"
