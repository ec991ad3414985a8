import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from accounts.models import Role
from tests.factories import UserFactory
from tests.training.factories import NationalCompletionFactory
from training import indicators
from training.models import Attendance, NationalCompletion, TrainingSession

pytestmark = pytest.mark.django_db

NAM_PHONG, GIAO_THUY_COMMUNE = "13696", "14149"


@pytest.fixture
def officer(unit):
    return UserFactory(role=Role.COMMUNE_OFFICER, unit=unit(NAM_PHONG))


def _session_data(get_unit, **overrides):
    return {
        "title": "Cầm tay chỉ việc: VNeID",
        "kind": "hands_on",
        "topic": "VNeID",
        "unit": get_unit(NAM_PHONG).pk,
        "held_on": "20/11/2026",
        "attendees": "Phạm Văn Bình; người dân\nLê Thị Cúc; citizen\n\nĐỗ Văn Dũng; cán bộ\n",
        "consent": "on",
        **overrides,
    }


def test_session_with_its_attendance_counts_as_in_person_training(client, officer, unit):
    client.force_login(officer)
    response = client.post(reverse("training:sessions"), _session_data(unit))

    assert response.status_code == 302
    session = TrainingSession.objects.get()
    assert session.held_on.isoformat() == "2026-11-20"
    assert sorted(Attendance.objects.values_list("full_name", "role")) == [
        ("Lê Thị Cúc", "citizen"),
        ("Phạm Văn Bình", "citizen"),
        ("Đỗ Văn Dũng", "official"),
    ]
    counted = indicators.counts(None, [unit(NAM_PHONG)])[unit(NAM_PHONG).pk]
    assert (counted["trained_in_person_citizen"], counted["trained_in_person_official"]) == (2, 1)


def test_a_bad_attendance_line_saves_nothing_and_names_the_line(client, officer, unit):
    client.force_login(officer)
    data = _session_data(unit, attendees="Phạm Văn Bình; người dân\nLê Thị Cúc\n")

    response = client.post(reverse("training:sessions"), data)

    assert response.status_code == 400
    assert "2" in str(response.context["form"].errors["attendees"])
    assert not TrainingSession.objects.exists()


def _sheet(text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("diem-danh.csv", text.encode(), "text/csv")


def test_attendance_sheet_is_imported_with_the_session(client, officer, unit):
    client.force_login(officer)
    data = _session_data(unit, attendees="")
    data["attendance_file"] = _sheet("Họ và tên,Vai trò\nPhạm Văn Bình,người dân\nĐỗ Văn Dũng,official\n")

    response = client.post(reverse("training:sessions"), data)

    assert response.status_code == 302
    assert sorted(Attendance.objects.values_list("full_name", "role")) == [
        ("Phạm Văn Bình", "citizen"),
        ("Đỗ Văn Dũng", "official"),
    ]


def test_a_bad_sheet_row_saves_nothing_and_names_the_row(client, officer, unit):
    client.force_login(officer)
    data = _session_data(unit, attendees="")
    data["attendance_file"] = _sheet("full_name,role\nPhạm Văn Bình,citizen\nLê Thị Cúc,chairman\n")

    response = client.post(reverse("training:sessions"), data)

    assert response.status_code == 400
    assert "3" in str(response.context["form"].errors["attendance_file"])
    assert not TrainingSession.objects.exists()


def test_a_session_without_anyone_is_refused(client, officer, unit):
    client.force_login(officer)
    response = client.post(reverse("training:sessions"), _session_data(unit, attendees=""))
    assert response.status_code == 400
    assert not TrainingSession.objects.exists()


def test_session_needs_consent_and_a_commune_in_scope(client, officer, unit):
    client.force_login(officer)
    no_consent = _session_data(unit)
    no_consent.pop("consent")

    assert client.post(reverse("training:sessions"), no_consent).status_code == 400
    assert (
        client.post(reverse("training:sessions"), _session_data(unit, unit=unit(GIAO_THUY_COMMUNE).pk)).status_code
        == 400
    )
    assert not TrainingSession.objects.exists()


def test_national_completion_counts_only_once_confirmed(client, officer, unit):
    client.force_login(officer)
    client.post(
        reverse("training:national"),
        {
            "full_name": "Trịnh Thị Hoa",
            "role": "official",
            "unit": unit(NAM_PHONG).pk,
            "platform": "onetouch",
            "course_name": "Chuyển đổi số cơ bản",
            "completed_on": "01/11/2026",
            "certificate_number": "OT-2026-1",
            "consent": "on",
        },
    )
    completion = NationalCompletion.objects.get()
    before = indicators.counts(None, [unit(NAM_PHONG)])[unit(NAM_PHONG).pk]["trained_national"]

    client.post(reverse("training:confirm_national", args=[completion.pk]))

    completion.refresh_from_db()
    assert before == 0
    assert completion.confirmed_by == officer
    assert indicators.counts(None, [unit(NAM_PHONG)])[unit(NAM_PHONG).pk]["trained_national_official"] == 1


def test_officer_of_another_area_cannot_confirm(client, officer, unit):
    completion = NationalCompletionFactory(unit=unit(NAM_PHONG))
    client.force_login(UserFactory(role=Role.DISTRICT_OFFICER, unit=unit("365")))

    response = client.post(reverse("training:confirm_national", args=[completion.pk]))

    completion.refresh_from_db()
    assert response.status_code == 404
    assert completion.confirmed_at is None


def _national_data(get_unit) -> dict:
    return {
        "full_name": "Cao Thị Yến",
        "role": "volunteer",
        "unit": get_unit(NAM_PHONG).pk,
        "platform": "bdhvs",
        "course_name": "Bình dân học vụ số",
        "completed_on": "02/11/2026",
        "consent": "on",
    }


def test_evidence_must_be_a_document_and_something_must_prove_it(client, officer, unit, media_and_cache):
    client.force_login(officer)
    data = _national_data(unit)
    nothing = client.post(reverse("training:national"), data)
    fake = client.post(
        reverse("training:national"), {**data, "evidence": SimpleUploadedFile("a.pdf", b"MZ\x90\x00 not a pdf")}
    )
    real = client.post(
        reverse("training:national"), {**data, "evidence": SimpleUploadedFile("a.pdf", b"%PDF-1.4\n%%EOF\n")}
    )

    assert (nothing.status_code, fake.status_code, real.status_code) == (400, 400, 302)
    assert NationalCompletion.objects.get().evidence.name.startswith("training/evidence/")


def test_a_photo_as_evidence_is_stored_without_its_location(client, officer, unit, media_and_cache):
    exif = Image.Exif()
    exif[0x8825] = {2: (20.0, 25.0, 0.0)}  # GPS latitude
    photo = io.BytesIO()
    Image.new("RGB", (40, 30), "white").save(photo, "JPEG", exif=exif)
    client.force_login(officer)
    data = {**_national_data(unit), "evidence": SimpleUploadedFile("IMG_2041.jpg", photo.getvalue())}

    response = client.post(reverse("training:national"), data)

    assert response.status_code == 302
    with NationalCompletion.objects.get().evidence.open() as stored, Image.open(stored) as image:
        assert dict(image.getexif()) == {}


def test_lists_show_names_only_to_staff_in_scope(client, officer, unit):
    NationalCompletionFactory(unit=unit(NAM_PHONG))
    client.force_login(UserFactory(role=Role.COMMUNE_OFFICER, unit=unit(GIAO_THUY_COMMUNE)))
    assert "Mai Văn Phúc" not in client.get(reverse("training:national")).content.decode()
    client.force_login(officer)
    assert "Mai Văn Phúc" in client.get(reverse("training:national")).content.decode()
    client.force_login(UserFactory(role=Role.VOLUNTEER, unit=unit(NAM_PHONG)))
    assert client.get(reverse("training:national")).status_code == 403
