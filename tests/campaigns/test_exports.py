"""CSV and XLSX exports of the filtered activity list, with formula-like cells escaped."""

import csv
import io

import pytest
from openpyxl import load_workbook

from tests.campaigns.conftest import GIAO_HUONG, NAM_PHONG
from tests.campaigns.factories import ActivityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def activities(unit):
    ActivityFactory(unit=unit(GIAO_HUONG), title='=HYPERLINK("http://evil")', channel="online", participants_online=9)
    ActivityFactory(unit=unit(GIAO_HUONG), title="Hội nghị Giao Hương", place="@SUM(A1)")
    ActivityFactory(unit=unit(NAM_PHONG), title="Ngoài phạm vi")


def _csv_rows(response) -> list[list[str]]:
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(body)))


def test_csv_exports_the_filtered_scope_with_formulas_escaped(client_for, commune_officer, activities):
    response = client_for(commune_officer).get("/activities/", {"format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    header, *rows = _csv_rows(response)
    assert header[:6] == ["id", "campaign", "unit_code", "unit", "channel", "title"]
    titles = {row[5] for row in rows}
    assert titles == {'\'=HYPERLINK("http://evil")', "Hội nghị Giao Hương"}
    assert "'@SUM(A1)" in {row[8] for row in rows}
    assert {row[4] for row in rows} == {"online", "conference"}


def test_csv_follows_the_filters(client_for, commune_officer, activities):
    response = client_for(commune_officer).get("/activities/", {"format": "csv", "channel": "online"})
    _header, *rows = _csv_rows(response)
    assert [row[4] for row in rows] == ["online"]


def test_xlsx_opens_in_openpyxl_with_escaped_cells_and_dd_mm_yyyy_dates(client_for, commune_officer, activities):
    response = client_for(commune_officer).get("/activities/", {"format": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    header, *rows = list(workbook.active.iter_rows(values_only=True))
    assert header[5] == "title"
    assert {row[5] for row in rows} == {'\'=HYPERLINK("http://evil")', "Hội nghị Giao Hương"}
    assert all(row[6].count("/") == 2 for row in rows)
