"""/coverage/communes.csv and .xlsx: one row per commune in the user's scope, every indicator."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from core.indicators import all_indicators
from tests.coverage.factories import households_in, visit
from tests.factories import DistrictOfficerFactory, ProvinceAdminFactory, VolunteerFactory

pytestmark = pytest.mark.django_db
CSV, XLSX = reverse("coverage:communes_csv"), reverse("coverage:communes_xlsx")
REQUIRED = ["gso_code", "district", "commune", "households_registered", "households_reached", "visits"]


def read_csv(response) -> list[dict]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def test_province_admin_gets_all_226_communes_with_every_indicator(client, nam_dinh, unit):
    visit(households_in(unit("14149"), 2)[0], reached=True)
    client.force_login(ProvinceAdminFactory(unit=nam_dinh))

    response = client.get(CSV)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = read_csv(response)
    assert len(rows) == 226
    assert len({row["gso_code"] for row in rows}) == 226
    assert set(REQUIRED + [i.code for i in all_indicators()]) <= set(rows[0])
    ngo_dong = next(row for row in rows if row["gso_code"] == "14149")
    assert (ngo_dong["commune"], ngo_dong["district"]) == ("Thị trấn Ngô Đồng", "Huyện Giao Thủy")
    assert (ngo_dong["households_registered"], ngo_dong["households_reached"], ngo_dong["visits"]) == ("2", "1", "1")


def test_district_officer_gets_only_the_districts_communes(client, unit):
    district = unit("365")
    client.force_login(DistrictOfficerFactory(unit=district))

    rows = read_csv(client.get(CSV))

    expected = set(district.children.values_list("code", flat=True))
    assert {row["gso_code"] for row in rows} == expected
    assert {row["district"] for row in rows} == {"Huyện Giao Thủy"}
    assert client.get(CSV, {"unit": "366"}).status_code == 404


def test_xlsx_has_the_same_rows_as_the_csv(client, unit):
    client.force_login(DistrictOfficerFactory(unit=unit("365")))

    response = client.get(XLSX)

    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0][:3]) == ["gso_code", "district", "commune"]
    assert {row[0] for row in rows[1:]} == set(unit("365").children.values_list("code", flat=True))


def test_volunteers_get_no_export(client, unit):
    client.force_login(VolunteerFactory(unit=unit("14149")))
    assert client.get(CSV).status_code == 404
    assert client.get(XLSX).status_code == 404
