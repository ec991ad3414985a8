"""The communes' official household counts from the statistics office's file: preview with
row-numbered errors, then all or nothing, only for the communes the importer manages, audited."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from audit.models import AuditEntry
from coverage.models import OfficialHouseholdCount
from tests.factories import DistrictOfficerFactory, ProvinceAdminFactory, VolunteerFactory

pytestmark = pytest.mark.django_db
IMPORT, CONFIRM = reverse("coverage:official_import"), reverse("coverage:official_import_confirm")
HEADER = ["Mã xã", "Xã/Phường", "Số hộ"]
GIAO_THUY = "365"
GIAO_THIEN, GIAO_HUONG, HAI_HAU_COMMUNE = "14149", "14155", "14215"


def csv_file(rows, header=HEADER) -> SimpleUploadedFile:
    out = io.StringIO()
    csv.writer(out).writerows([header, *rows])
    return SimpleUploadedFile("so-ho.csv", ("\ufeff" + out.getvalue()).encode(), content_type="text/csv")


def xlsx_file(rows, header=HEADER) -> SimpleUploadedFile:
    book = Workbook()
    for row in [header, *rows]:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile("so-ho.xlsx", out.getvalue())


def counts() -> dict[str, int]:
    return dict(OfficialHouseholdCount.objects.values_list("unit__code", "households"))


def errors_of(response) -> dict[int, str]:
    return {error.line: error.message for error in response.context["preview"].errors}


@pytest.fixture
def district_client(client, unit):
    client.force_login(DistrictOfficerFactory(unit=unit(GIAO_THUY)))
    return client


def test_a_district_officer_previews_then_imports_its_communes_counts_and_the_pages_use_them(district_client, unit):
    OfficialHouseholdCount.objects.create(unit=unit(GIAO_HUONG), households=100)

    preview = district_client.post(
        IMPORT, {"file": xlsx_file([[GIAO_THIEN, "Xã Giao Thiện", 2150], [GIAO_HUONG, "", "3.420"]])}
    )

    assert preview.status_code == 200
    assert preview.context["preview"].can_import
    assert counts() == {GIAO_HUONG: 100}  # nothing saved before the confirm
    done = district_client.post(CONFIRM, {"token": preview.context["token"]})
    assert done.status_code == 302
    assert done.url == reverse("coverage:unit", args=[GIAO_THUY])
    assert counts() == {GIAO_THIEN: 2150, GIAO_HUONG: 3420}
    assert (
        OfficialHouseholdCount.objects.get(unit=unit(GIAO_THIEN)).updated_by.username
        == preview.wsgi_request.user.username
    )
    page = district_client.get(reverse("coverage:unit", args=[GIAO_THIEN]))
    assert page.context["headline"].official_households == 2150
    # Again: the same token imports nothing a second time.
    assert district_client.post(CONFIRM, {"token": preview.context["token"]}).status_code == 302
    assert counts() == {GIAO_THIEN: 2150, GIAO_HUONG: 3420}


def test_the_import_is_audited_like_the_other_edits(district_client, unit):
    OfficialHouseholdCount.objects.create(unit=unit(GIAO_HUONG), households=100)
    preview = district_client.post(IMPORT, {"file": csv_file([[GIAO_THIEN, "", "10"], [GIAO_HUONG, "", "200"]])})

    district_client.post(CONFIRM, {"token": preview.context["token"]})

    entries = AuditEntry.objects.filter(target_type__model="officialhouseholdcount")
    assert sorted((e.action, e.target_id, e.actor.role) for e in entries) == [
        ("create", str(unit(GIAO_THIEN).pk), "district_officer"),
        ("update", str(unit(GIAO_HUONG).pk), "district_officer"),
    ]


def test_a_district_officer_cannot_import_for_another_district(district_client, unit):
    response = district_client.post(IMPORT, {"file": csv_file([[GIAO_THIEN, "", "10"], [HAI_HAU_COMMUNE, "", "20"]])})

    assert response.status_code == 200
    assert not response.context["preview"].can_import
    assert errors_of(response) == {3: f"“{HAI_HAU_COMMUNE}” không phải mã GSO của xã do bạn quản lý"}
    assert response.context["token"] == ""
    assert district_client.post(CONFIRM, {"token": "1"}).status_code == 302
    assert counts() == {}


def test_every_bad_row_is_listed_by_line_and_nothing_is_saved(district_client):
    rows = [
        [GIAO_THIEN, "", "2150"],  # good
        ["99999", "", "10"],  # no such commune
        [GIAO_THUY, "", "10"],  # a district, not a commune
        [GIAO_THIEN, "", "5"],  # the same commune twice
        [GIAO_HUONG, "", "12.5"],  # not a whole number
        [GIAO_HUONG, "", "-3"],
        ["", "", "7"],
        [GIAO_HUONG, "", ""],
    ]

    response = district_client.post(IMPORT, {"file": xlsx_file(rows)})

    assert sorted(errors_of(response)) == [3, 4, 5, 6, 7, 8, 9]
    assert "dòng 2" in errors_of(response)[5]
    assert counts() == {}


def test_a_file_without_the_required_columns_is_refused_as_a_whole(district_client):
    response = district_client.post(IMPORT, {"file": csv_file([[GIAO_THIEN, "10"]], header=["Mã xã", "Dân số"])})

    assert response.context["preview"].file_error
    assert counts() == {}


def test_a_province_admin_imports_any_commune(client, nam_dinh):
    client.force_login(ProvinceAdminFactory(unit=nam_dinh))
    preview = client.post(IMPORT, {"file": csv_file([[GIAO_THIEN, "", "1"], [HAI_HAU_COMMUNE, "", "2"]])})

    client.post(CONFIRM, {"token": preview.context["token"]})

    assert counts() == {GIAO_THIEN: 1, HAI_HAU_COMMUNE: 2}


def test_volunteers_cannot_import(client, unit):
    client.force_login(VolunteerFactory(unit=unit(GIAO_THIEN)))
    assert client.get(IMPORT).status_code == 404
    assert client.post(IMPORT, {"file": csv_file([[GIAO_THIEN, "", "1"]])}).status_code == 404
    assert counts() == {}


def test_the_template_lists_the_columns(district_client):
    response = district_client.get(reverse("coverage:official_import_template"))
    assert response.status_code == 200
    assert response.content.decode("utf-8-sig").splitlines()[0] == "Mã xã,Xã/Phường,Số hộ"
