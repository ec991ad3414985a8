"""Volunteers from a Youth Union list: preview with row-numbered errors, then all or nothing, once."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from accounts.models import AccountChange, Role, User
from tests.factories import CommuneOfficerFactory, DistrictOfficerFactory, VolunteerFactory
from tests.visits.factories import TeamFactory

pytestmark = pytest.mark.django_db

HEADER = ["Họ và tên", "Số điện thoại", "Email", "Xã/Phường", "Tổ"]
NAM_PHONG, GIAO_HUONG = "13696", "14155"


def csv_file(rows, header=HEADER) -> SimpleUploadedFile:
    out = io.StringIO()
    csv.writer(out).writerows([header, *rows])
    return SimpleUploadedFile("doan-vien.csv", ("\ufeff" + out.getvalue()).encode(), content_type="text/csv")


def xlsx_file(rows, header=HEADER) -> SimpleUploadedFile:
    book = Workbook()
    sheet = book.active
    for row in [header, *rows]:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile("doan-vien.xlsx", out.getvalue())


def preview(client, file):
    return client.post("/users/import/", {"file": file})


def confirm(client, response):
    return client.post("/users/import/confirm/", {"token": response.context["token"]})


@pytest.fixture
def officer_client(client, unit):
    client.force_login(CommuneOfficerFactory(unit=unit(NAM_PHONG)))
    return client


def test_a_clean_list_is_previewed_then_imported_with_logins_teams_and_links(officer_client, unit):
    team = TeamFactory(commune=unit(NAM_PHONG), name="Tổ CNSCĐ thôn 1")
    rows = [
        ["Nguyễn Thị Lan", "0912 345 678", "lan@example.org", "", "to cnscd thon 1"],
        ["Trần Văn Minh", "+84987654321", "", "Xã Nam Phong", ""],
    ]
    response = preview(officer_client, csv_file(rows))
    assert response.status_code == 200
    assert response.context["preview"].can_import
    assert not User.objects.filter(role=Role.VOLUNTEER).exists()  # nothing saved by a preview
    done = confirm(officer_client, response)
    assert done.status_code == 200
    lan = User.objects.get(username="0912345678")
    assert (lan.first_name, lan.last_name, lan.phone, lan.role) == ("Nguyễn Thị", "Lan", "0912345678", "volunteer")
    assert lan.unit.code == NAM_PHONG and list(lan.teams.all()) == [team]
    assert User.objects.get(phone="0987654321").unit.code == NAM_PHONG
    assert len(done.context["created"]) == 2
    assert all("/users/set-password/" in link for _user, link in done.context["created"])
    assert AccountChange.objects.filter(action="created").count() == 2


def test_a_newer_file_that_cannot_be_imported_replaces_the_earlier_preview(officer_client):
    earlier = preview(officer_client, csv_file([["Nguyễn Thị Lan", "0912345678", "", "", ""]]))
    newer = preview(officer_client, csv_file([["", "12345", "", "", ""]]))

    response = confirm(officer_client, earlier)

    assert (newer.context["token"], response.status_code) == ("", 302)
    assert not User.objects.filter(role=Role.VOLUNTEER).exists()


def test_every_bad_row_is_listed_by_line_and_nothing_is_saved(officer_client, unit):
    VolunteerFactory(unit=unit(NAM_PHONG), phone="0911111111")
    rows = [
        ["Nguyễn Thị Lan", "0912345678", "", "", ""],  # line 2: fine
        ["", "12345", "not-an-address", "", ""],  # line 3
        ["Lê Văn C", "0911111111", "", "", ""],  # line 4: phone taken
        ["Phạm Thị D", "0912345678", "", "", ""],  # line 5: same phone as line 2
        ["Hoàng Văn E", "0913333333", "", "Xã Giao Hương", ""],  # line 6: another district's commune
        ["Vũ Thị F", "0914444444", "", "", "Tổ không có"],  # line 7: unknown team
    ]
    response = preview(officer_client, xlsx_file(rows))
    preview_result = response.context["preview"]
    assert not preview_result.can_import
    assert [error.line for error in preview_result.errors] == [3, 4, 5, 6, 7]
    assert "line 2" in preview_result.errors[2].message or "dòng 2" in preview_result.errors[2].message
    assert response.context["token"] == ""
    assert not User.objects.filter(username="0912345678").exists()


def test_a_district_officer_names_the_commune_of_each_row(client, unit):
    client.force_login(DistrictOfficerFactory(unit=unit("365")))
    response = preview(client, csv_file([["Đỗ Văn G", "0915555555"]], header=["Họ và tên", "Số điện thoại"]))
    assert "Xã/Phường" in response.context["preview"].file_error
    response = preview(client, csv_file([["Đỗ Văn G", "0915555555", "", GIAO_HUONG, ""]]))
    assert response.context["preview"].can_import
    confirm(client, response)
    assert User.objects.get(phone="0915555555").unit.code == GIAO_HUONG


def test_a_double_confirm_imports_once(officer_client):
    response = preview(officer_client, csv_file([["Nguyễn Thị Lan", "0912345678", "", "", ""]]))
    confirm(officer_client, response)
    again = confirm(officer_client, response)
    assert again.status_code == 302  # expired: back to the upload
    assert User.objects.filter(phone="0912345678").count() == 1


def test_a_list_that_became_invalid_before_the_confirm_saves_nothing(officer_client, unit):
    response = preview(officer_client, csv_file([["A Lan", "0912345678"], ["B Minh", "0987654321"]], HEADER[:2]))
    VolunteerFactory(unit=unit(NAM_PHONG), phone="0987654321")  # someone else registered meanwhile
    again = confirm(officer_client, response)
    assert again.status_code == 400
    assert not User.objects.filter(phone="0912345678").exists()


def test_not_a_table_is_a_clear_error(officer_client):
    response = preview(officer_client, SimpleUploadedFile("list.xlsx", b"PK\x03\x04 not really"))
    assert response.status_code == 200
    assert response.context["preview"].file_error


def test_volunteers_cannot_import(client, unit):
    client.force_login(VolunteerFactory(unit=unit(NAM_PHONG)))
    assert client.get("/users/import/").status_code == 403


def test_the_template_lists_the_columns(officer_client):
    response = officer_client.get("/users/import/template.csv")
    assert response.status_code == 200
    assert response.content.decode("utf-8-sig").splitlines()[0] == ",".join(HEADER)
