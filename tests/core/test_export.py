"""Streamed CSV/XLSX exports: what a spreadsheet would run as a formula arrives as text."""

import csv
import datetime
import io

import pytest
from django.http import FileResponse, StreamingHttpResponse
from openpyxl import load_workbook

from core.export import csv_response, safe_cell, xlsx_response

HEADER = ["Họ tên", "Số điện thoại", "Ngày", "Số người"]
DANGEROUS = ["=1+1", "+84912345678", "-2+3", "@SUM(A1)", "\t=cmd", "\r=cmd", '=HYPERLINK("http://x","bấm")']


@pytest.mark.parametrize("text", DANGEROUS)
def test_formula_like_text_gets_a_leading_apostrophe(text):
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize("value", ["Nguyễn Văn An", "0912345678", "a=b", "", 5, -5, 1.5, None])
def test_ordinary_text_and_numbers_are_left_alone(value):
    assert safe_cell(value) == value


def rows():
    yield ["Trần Thị Bình", "0912345678", datetime.date(2026, 12, 5), 4]
    for text in DANGEROUS:
        yield [text, None, None, -1]


def test_csv_is_streamed_with_a_bom_and_escaped_cells():
    response = csv_response("hộ gia đình.csv", HEADER, rows())
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    assert "filename*=utf-8''h%E1%BB%99%20gia%20%C4%91%C3%ACnh.csv" in response["Content-Disposition"]
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    table = list(csv.reader(io.StringIO(body.removeprefix("\ufeff"))))
    assert table[0] == HEADER
    assert table[1] == ["Trần Thị Bình", "0912345678", "2026-12-05", "4"]
    assert [row[0] for row in table[2:]] == ["'" + text for text in DANGEROUS]
    assert {row[3] for row in table[2:]} == {"-1"}  # a negative number is a number, not a formula


def test_csv_rows_are_generated_lazily():
    produced = []

    def counting():
        for n in range(3):
            produced.append(n)
            yield [n]

    response = csv_response("x.csv", ["n"], counting())
    assert produced == []
    next(iter(response.streaming_content))
    assert len(produced) < 3


# response.close() sends request_finished, which checks the database connections an earlier test of
# the session opened: these tests take `db` so that check is allowed whatever ran before them.
def test_xlsx_holds_values_and_escaped_text_never_formulas(db):
    response = xlsx_response("hộ.xlsx", HEADER, rows(), sheet_title="Hộ gia đình")
    assert isinstance(response, FileResponse)
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    data = b"".join(response.streaming_content)
    response.close()
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet.title == "Hộ gia đình"
    table = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert table[0] == HEADER
    assert table[1][0] == "Trần Thị Bình" and table[1][3] == 4
    assert table[1][2].date() == datetime.date(2026, 12, 5)
    # XML reads a stored carriage return back as a line feed; the apostrophe is what matters.
    assert [row[0] for row in table[2:]] == ["'" + text.replace("\r", "\n") for text in DANGEROUS]
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_xlsx_drops_control_characters_that_would_corrupt_the_file(db):
    response = xlsx_response("x.xlsx", ["a"], [["bad\x01text"]])
    data = b"".join(response.streaming_content)
    response.close()
    assert load_workbook(io.BytesIO(data)).active["A2"].value == "badtext"
