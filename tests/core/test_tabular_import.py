"""TabularImport as another import would use it: its own columns and row checks on the shared reading."""

import io
import zipfile

import pytest
from django.utils import translation
from openpyxl import Workbook

from core import uploads
from core.tabular import RowError, TabularImport
from tests.factories import UserFactory


class CohortImport(TabularImport):
    columns = {"name": ("Họ tên", ["name"]), "phone": ("Số điện thoại", ["phone"])}
    required = ["name"]
    max_rows = 3

    def check_rows(self, body, columns, preview):
        for line, row in body:
            cells = self.cells(row, columns)
            if len(cells["name"]) < 2:
                preview.errors.append(RowError(line, "name too short"))
            else:
                preview.rows.append((line, cells["name"], cells.get("phone", "")))


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def csv_bytes(text: str) -> bytes:
    return text.encode("utf-8")


def test_headers_match_ignoring_case_diacritics_and_order_and_rows_keep_their_line_numbers():
    preview = CohortImport().parse("lop.csv", csv_bytes("so dien thoai;HỌ TÊN;ghi chú\n0912;Lan Anh;x\n\n;B;\n"))
    assert preview.ignored_columns == ["ghi chú"]
    assert preview.rows == [(2, "Lan Anh", "0912")]
    assert preview.errors == [RowError(4, "name too short")]
    assert not preview.can_import


@pytest.mark.parametrize(
    ("filename", "data", "message"),
    [
        ("lop.txt", b"x", "Upload a .csv or .xlsx file."),
        ("lop.csv", "Họ tên\n".encode("utf-16"), "The CSV file must be saved as UTF-8."),
        ("lop.csv", b"phone\n1\n", "Missing columns: H\u1ecd t\u00ean."),
        ("lop.csv", b"name,name\nAn,Ba\n", "The column \u201cname\u201d appears twice."),
        ("lop.csv", b"name\n", "The file has no data rows."),
        ("lop.csv", b"name\nAn\nBa\nCa\nDa\n", "The file has more than 3 rows; split it."),
        ("lop.xlsx", b"not a zip", "The XLSX file could not be read."),
    ],
)
def test_file_problems_are_one_clear_message(filename, data, message):
    preview = CohortImport().parse(filename, data)
    assert preview.file_error == message
    assert not preview.rows and not preview.can_import


def test_xlsx_is_read_with_numbers_as_text():
    workbook = Workbook()
    workbook.active.append(["Họ tên", "Số điện thoại"])
    workbook.active.append(["Lan Anh", 912345678.0])
    out = io.BytesIO()
    workbook.save(out)
    assert CohortImport().parse("lop.xlsx", out.getvalue()).rows == [(2, "Lan Anh", "912345678")]


def test_an_xlsx_that_unpacks_too_large_is_refused_before_reading():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/sharedStrings.xml", b"\0" * (26 * 1024 * 1024))
    preview = CohortImport().parse("lop.xlsx", out.getvalue())
    assert preview.file_error == "The XLSX file unpacks to more than 25 MB; split it."


def test_template_has_the_headers_and_a_bom():
    assert CohortImport.template_csv([["Lan Anh", ""]]) == "\ufeffHọ tên,Số điện thoại\r\nLan Anh,\r\n"


@pytest.mark.django_db
def test_confirm_saves_all_rows_once_and_refuses_a_file_kept_for_another_context():
    owner = UserFactory()
    importer = CohortImport()
    saved = []
    kept = uploads.keep(owner, "tests.cohort", "lop.csv", csv_bytes("name\nLan Anh\nBa Vi\n"), context={"class": 1})

    wrong = importer.confirm(str(kept.pk), owner, "tests.cohort", saved.extend, context={"class": 2})
    assert wrong.expired and saved == []

    result = importer.confirm(str(kept.pk), owner, "tests.cohort", lambda p: saved.extend(p.rows) or len(p.rows))
    assert not result.expired and result.saved == 2
    assert [name for _line, name, _phone in saved] == ["Lan Anh", "Ba Vi"]
    assert importer.confirm(str(kept.pk), owner, "tests.cohort", saved.extend).expired
