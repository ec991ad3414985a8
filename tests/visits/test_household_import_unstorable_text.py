"""A household CSV with a NUL character is refused at preview with the row's line number (it used to
preview as ready and answer 500 at confirm)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from core.models import PendingUpload
from tests.factories import CommuneOfficerFactory
from tests.visits.factories import HamletFactory
from visits.models import Household

pytestmark = pytest.mark.django_db
HEADER = "Thôn/Xóm,Địa chỉ,Chủ hộ,Số điện thoại,Số thành viên\n"


@pytest.fixture
def officer(client, unit):
    HamletFactory(commune=unit("13696"), name="Thôn 1")
    client.force_login(CommuneOfficerFactory(unit=unit("13696")))
    return client


def upload(client, text: str):
    return client.post("/outreach/households/import/", {"file": SimpleUploadedFile("ho.csv", text.encode())})


def test_a_nul_character_in_a_row_is_a_row_error_at_preview(officer):
    response = upload(officer, HEADER + "Thôn 1,Số 1,Lê Văn A,,3\nThôn 1,Số 2,Lê\x00Văn B,,3\nThôn 1,Số 3,x,,y\n")
    assert response.status_code == 200
    preview = response.context["preview"]
    assert not preview.can_import and response.context["token"] == ""
    assert [(error.line, "NUL" in error.message) for error in preview.errors] == [(3, True), (4, False)]
    assert "NUL" in response.content.decode()
    assert not PendingUpload.objects.exists() and not Household.objects.exists()


def test_a_nul_character_in_the_header_is_a_file_error(officer):
    response = upload(officer, "Thôn/Xóm\x00,Địa chỉ\nThôn 1,Số 1\n")
    assert response.status_code == 200
    assert "NUL" in response.context["preview"].file_error
