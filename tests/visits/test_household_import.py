"""Household import: preview lists every bad row by line number; confirm imports all or nothing."""

import csv
import io
import zipfile
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook

from core.models import PendingUpload
from tests.factories import CommuneOfficerFactory, DistrictOfficerFactory
from tests.visits.factories import HamletFactory, HouseholdFactory
from visits.models import Consent, Household

pytestmark = pytest.mark.django_db
UPLOAD = reverse("visits_staff:household_import")
CONFIRM = reverse("visits_staff:household_import_confirm")
HEADER = ["Thôn/Xóm", "Địa chỉ", "Chủ hộ", "Số điện thoại", "Số thành viên", "Nhóm đối tượng"]
HEADER += ["Người đồng ý", "Ngày đồng ý", "Hình thức đồng ý"]


@pytest.fixture
def nam_phong(unit):
    commune = unit("13696")
    HamletFactory(commune=commune, name="Thôn 1")
    HamletFactory(commune=commune, name="Thôn Đông")
    return commune


@pytest.fixture
def officer_client(client, nam_phong):
    client.force_login(CommuneOfficerFactory(unit=nam_phong))
    return client


def csv_file(rows, header=HEADER, name="ho.csv", delimiter=","):
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(header)
    writer.writerows(rows)
    return SimpleUploadedFile(name, ("\ufeff" + out.getvalue()).encode(), content_type="text/csv")


def xlsx_file(rows, header=HEADER):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return SimpleUploadedFile("ho.xlsx", out.getvalue())


def upload(client, file):
    return client.post(UPLOAD, {"file": file})


def confirm(client, response):
    return client.post(CONFIRM, {"token": response.context["token"]})


def error_lines(response) -> dict[int, str]:
    return {e.line: e.message for e in response.context["preview"].errors}


GOOD_ROWS = [
    ["Thôn 1", "Số 1, ngõ 2", "Nguyễn Văn An", "0912345678", "4", "Nông dân; Người cao tuổi"]
    + ["Nguyễn Văn An", "05/01/2026", "paper_form"],
    ["thon dong", "Số 7", "Trần Thị Bình", "", "", "fisherman", "Trần Văn Bảo", "2026-01-06", "Signed paper form"],
]


def test_good_csv_previews_then_imports_everything_on_confirm(officer_client, nam_phong):
    preview = upload(officer_client, csv_file(GOOD_ROWS))
    assert preview.status_code == 200
    assert preview.context["preview"].can_import
    assert not Household.objects.exists()  # the preview saves nothing
    response = confirm(officer_client, preview)
    assert response.status_code == 302
    an, binh = Household.objects.order_by("head_name")
    assert (an.hamlet.name, an.phone, an.members_count, sorted(an.target_groups)) == (
        "Thôn 1",
        "0912345678",
        4,
        ["elderly", "farmer"],
    )
    assert (binh.hamlet.name, binh.members_count, binh.target_groups) == ("Thôn Đông", 1, ["fisherman"])
    assert binh.head_name_folded == "tran thi binh" and binh.commune == nam_phong


def test_confirm_twice_imports_once(officer_client):
    preview = upload(officer_client, csv_file(GOOD_ROWS))
    confirm(officer_client, preview)
    again = confirm(officer_client, preview)
    assert again.status_code == 302
    assert Household.objects.count() == 2


def test_good_xlsx_with_english_headers_and_numeric_cells_imports(officer_client):
    header = ["Hamlet", "Address", "Head of household", "Phone", "Members", "Target groups"]
    header += ["consent given by", "consent date", "consent channel"]
    rows = [
        ["Thôn 1", "Số 3", "Lê Văn Cường", 912345678, 3, "farmer, student", "Lê Văn Cường", date(2026, 1, 5), "phone"]
    ]
    preview = upload(officer_client, xlsx_file(rows, header))
    assert preview.context["preview"].can_import, preview.context["preview"]
    assert confirm(officer_client, preview).status_code == 302
    household = Household.objects.get()
    assert household.phone == "0912345678"  # the leading 0 a spreadsheet drops is restored
    assert household.members_count == 3 and household.target_groups == ["farmer", "student"]


def test_semicolon_separated_csv_is_read(officer_client):
    preview = upload(officer_client, csv_file([GOOD_ROWS[1]], delimiter=";"))
    assert preview.context["preview"].can_import


def test_every_bad_row_is_reported_with_its_line_and_nothing_is_imported(officer_client, nam_phong):
    HouseholdFactory(hamlet=nam_phong.hamlets.get(name="Thôn 1"), address="Số 50", head_name="Đỗ Văn Có")
    rows = [
        GOOD_ROWS[0],  # line 2 is fine
        ["Thôn Không Có", "Số 2", "A", "", "", ""],  # 3: unknown hamlet
        ["Thôn 1", "", "B", "", "", ""],  # 4: no address
        ["Thôn 1", "Số 4", "B2", "", "", ""],  # 5: a name without consent
        ["Thôn 1", "Số 5", "C", "12345", "", ""],  # 6: bad phone
        ["Thôn 1", "Số 6", "D", "", "0", ""],  # 7: members out of range
        ["Thôn 1", "Số 7", "E", "", "ba", ""],  # 8: members not a number
        ["Thôn 1", "Số 8", "F", "", "", "phi hành gia"],  # 9: unknown target group
        ["Thôn 1", "Số 1, ngõ 2", "Nguyễn Văn An", "", "", ""],  # 10: duplicate of line 2
        ["Thôn 1", "Số 50", "Đỗ Văn Có", "", "", ""],  # 11: already in the register
        ["", "Số 9", "G", "", "", ""],  # 12: no hamlet
        ["Thôn 1", "Số 10", "H", "", "31", ""],  # 13: too many members
    ]
    response = upload(officer_client, csv_file(rows))
    preview = response.context["preview"]
    assert response.status_code == 200
    assert not preview.can_import
    assert sorted(error_lines(response)) == list(range(3, 14))
    assert 'data-line="3"' in response.content.decode()
    assert 'data-testid="confirm-form"' not in response.content.decode()
    assert not PendingUpload.objects.exists()
    assert Household.objects.count() == 1
    # Nothing waits in the database either: a hand-made confirm finds no pending import.
    assert officer_client.post(CONFIRM, {"token": "anything"}).status_code == 302
    assert Household.objects.count() == 1


def test_bad_rows_in_xlsx_report_spreadsheet_row_numbers(officer_client):
    rows = [GOOD_ROWS[0], [None, None, None, None, None, None], ["Thôn 1", "Số 2", "X", "abc", 2, ""]]
    response = upload(officer_client, xlsx_file(rows))
    assert sorted(error_lines(response)) == [4]  # the blank row 3 is skipped, not an error


@pytest.mark.parametrize(
    "file",
    [
        SimpleUploadedFile("ho.txt", b"hello"),
        SimpleUploadedFile("ho.xlsx", b"not a zip"),
        SimpleUploadedFile("ho.csv", "Thôn/Xóm,Địa chỉ\n".encode("utf-16")),
        SimpleUploadedFile("ho.csv", "Thôn/Xóm,Chủ hộ\nThôn 1,A\n".encode()),
        SimpleUploadedFile("ho.csv", "Thôn/Xóm,Địa chỉ,Người đồng ý,Ngày đồng ý\nThôn 1,Số 1,A,1/1/2026\n".encode()),
        SimpleUploadedFile("ho.csv", "Thôn/Xóm,Địa chỉ,Chủ hộ\n".encode()),
        SimpleUploadedFile("ho.csv", "Thôn/Xóm,Địa chỉ,Chủ hộ,Hamlet\nThôn 1,Số 1,A,B\n".encode()),
    ],
    ids=[
        "wrong-type",
        "broken-xlsx",
        "not-utf8",
        "missing-column",
        "two-of-three-consent-columns",
        "no-rows",
        "column-twice",
    ],
)
def test_unreadable_files_get_a_file_error_and_no_500(officer_client, file):
    response = upload(officer_client, file)
    assert response.status_code == 200
    assert response.context["preview"].file_error
    assert not Household.objects.exists()


def test_an_empty_upload_is_a_form_error(officer_client):
    response = upload(officer_client, SimpleUploadedFile("ho.csv", b""))
    assert response.status_code == 200
    assert "file" in response.context["form"].errors
    assert not Household.objects.exists()


def test_confirm_revalidates_and_imports_nothing_if_the_register_changed(officer_client, nam_phong):
    preview = upload(officer_client, csv_file(GOOD_ROWS))
    # Someone adds one of the same households between preview and confirm.
    HouseholdFactory(hamlet=nam_phong.hamlets.get(name="Thôn 1"), address="Số 1, ngõ 2", head_name="Nguyễn Văn An")
    response = confirm(officer_client, preview)
    assert response.status_code == 400
    assert sorted(error_lines(response)) == [2]
    assert Household.objects.count() == 1


def test_confirm_with_a_stale_token_imports_nothing(officer_client):
    upload(officer_client, csv_file(GOOD_ROWS))
    response = officer_client.post(CONFIRM, {"token": "forged"})
    assert response.status_code == 302
    assert not Household.objects.exists()


def test_only_commune_officers_import(client, unit, nam_phong):
    client.force_login(DistrictOfficerFactory(unit=unit("356")))
    assert upload(client, csv_file(GOOD_ROWS)).status_code == 403
    assert not Household.objects.exists()


def test_template_csv_has_the_vietnamese_headers_and_imports_cleanly(officer_client, nam_phong):
    HamletFactory(commune=nam_phong, name="Thôn 2")
    response = officer_client.get(reverse("visits_staff:import_template"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    assert text.splitlines()[0] == ",".join(HEADER)
    preview = upload(officer_client, SimpleUploadedFile("template.csv", response.content))
    assert preview.context["preview"].can_import


def test_a_file_over_the_row_limit_is_refused_whole(officer_client):
    rows = [["Thôn 1", f"Số {n}", f"Hộ {n}", "", "", ""] for n in range(5001)]
    response = upload(officer_client, csv_file(rows))
    assert response.context["preview"].file_error
    assert not response.context["preview"].errors
    assert not Household.objects.exists()


def test_an_xlsx_that_unpacks_to_too_much_is_refused_before_it_is_read(officer_client):
    """A zip bomb: a few hundred KB that would unpack to 30 MB (over the 25 MB limit) is a file error."""
    good = xlsx_file(GOOD_ROWS).read()
    out = io.BytesIO(good)
    with zipfile.ZipFile(out, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/padding.bin", b"\0" * (30 * 1024 * 1024))
    assert len(out.getvalue()) < 1024 * 1024
    response = upload(officer_client, SimpleUploadedFile("ho.xlsx", out.getvalue()))
    assert response.status_code == 200
    assert response.context["preview"].file_error
    assert not Household.objects.exists()


def test_another_officer_cannot_confirm_an_import_previewed_by_someone_else(officer_client, nam_phong):
    preview = upload(officer_client, csv_file(GOOD_ROWS))
    colleague = Client()
    colleague.force_login(CommuneOfficerFactory(unit=nam_phong))
    response = colleague.post(CONFIRM, {"token": preview.context["token"]})
    assert response.status_code == 302
    assert not Household.objects.exists()
    assert confirm(officer_client, preview).status_code == 302  # the uploader's own confirm still works
    assert Household.objects.count() == 2


def test_a_double_tap_on_confirm_imports_once_and_keeps_no_file(officer_client, nam_phong):
    """Two confirms of one preview: the pending file is claimed (row lock + delete) by the first only."""
    preview = upload(officer_client, csv_file(GOOD_ROWS))
    assert PendingUpload.objects.count() == 1

    assert confirm(officer_client, preview).status_code == 302
    second = confirm(officer_client, preview)
    assert second.status_code == 302
    assert second.url == "/outreach/households/import/"
    assert Household.objects.count() == 2
    assert not PendingUpload.objects.exists()


def test_a_newer_upload_replaces_an_older_preview_even_when_it_cannot_be_imported(officer_client, nam_phong):
    older = upload(officer_client, csv_file(GOOD_ROWS))
    bad = upload(officer_client, csv_file([["Thôn Không Có", "Số 2", "A", "", "", ""]]))
    assert not bad.context["preview"].can_import
    response = confirm(officer_client, older)
    assert response.status_code == 302 and response.url == UPLOAD
    assert not Household.objects.exists()
    assert not PendingUpload.objects.exists()

    newest = upload(officer_client, csv_file(GOOD_ROWS))
    assert confirm(officer_client, older).url == UPLOAD  # the older tab's token stays dead
    assert confirm(officer_client, newest).url == "/outreach/households/"
    assert Household.objects.count() == 2


def test_imported_names_and_phones_come_with_their_consent_records(officer_client, nam_phong):
    officer = officer_client.get(UPLOAD).wsgi_request.user
    confirm(officer_client, upload(officer_client, csv_file(GOOD_ROWS)))
    an, binh = Household.objects.select_related("consent").order_by("head_name")
    assert (an.consent.given_by, an.consent.channel, an.consent.given_at.date()) == (
        "Nguyễn Văn An",
        Consent.Channel.PAPER_FORM,
        date(2026, 1, 5),
    )
    assert binh.consent.given_by == "Trần Văn Bảo" and binh.consent.purpose == Consent.Purpose.DIGITAL_SKILLS_SUPPORT
    assert set(Consent.objects.values_list("recorded_by", flat=True)) == {officer.pk}


def test_a_file_without_consent_columns_imports_addresses_only(officer_client):
    rows = [row[:6] for row in GOOD_ROWS]
    preview = upload(officer_client, csv_file(rows, header=HEADER[:6]))
    assert preview.context["preview"].address_only and preview.context["preview"].can_import
    assert 'data-testid="address-only-notice"' in preview.content.decode()
    assert "Trần Thị Bình" not in preview.content.decode()
    confirm(officer_client, preview)
    assert sorted(Household.objects.values_list("address", "head_name", "phone")) == [
        ("Số 1, ngõ 2", "", ""),
        ("Số 7", "", ""),
    ]
    assert not Consent.objects.exists()


def test_rows_with_personal_data_but_no_or_a_broken_consent_are_row_errors(officer_client):
    rows = [
        ["Thôn 1", "Số 1", "Lê Thị Hoa", "", "", "", "", "", ""],  # 2: a name without consent
        ["Thôn 1", "Số 2", "", "0912345678", "", "", "", "", ""],  # 3: a phone without consent
        ["Thôn 1", "Số 3", "Lê Văn Tư", "", "", "", "Lê Văn Tư", "31/02/2026", "paper_form"],  # 4: no such date
        ["Thôn 1", "Số 4", "Lê Văn Năm", "", "", "", "Lê Văn Năm", "01/01/2026", "by pigeon"],  # 5: channel
        ["Thôn 1", "Số 5", "Lê Văn Sáu", "", "", "", "", "01/01/2026", "phone"],  # 6: who gave it?
        ["Thôn 1", "Số 6", "Lê Văn Bảy", "", "", "", "Lê Văn Bảy", "01/01/2099", "phone"],  # 7: future
        ["Thôn 1", "Số 7", "", "", "", "", "", "", ""],  # 8: address only, fine
    ]
    response = upload(officer_client, csv_file(rows))
    errors = error_lines(response)
    assert sorted(errors) == [2, 3, 4, 5, 6, 7]
    assert "đồng ý" in errors[2] and "đồng ý" in errors[3]  # "consent", in the officer's Vietnamese
    assert "31/02/2026" in errors[4] and "by pigeon" in errors[5] and "tương lai" in errors[7]
    assert not Household.objects.exists()
