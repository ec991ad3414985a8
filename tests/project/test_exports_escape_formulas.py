"""Every CSV/XLSX the portal produces goes through core.export, so a cell starting with = + - @ is
text, never a formula. A module writing spreadsheets on its own fails the first test; each export
path is then checked with a dangerous value in the file it produces."""

import ast
import io
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from accounts.models import Role
from core.indicators import Period
from coverage import reports
from tests.campaigns.factories import ActivityFactory
from tests.factories import UserFactory
from tests.training.factories import EnrolmentFactory, course_with
from units.models import AdministrativeUnit

ROOT = Path(__file__).resolve().parents[2]
# The one writer of exports: everything else (coverage's worker-built report and the import
# templates included) goes through it.
ALLOWED = {"core/export.py"}
WRITERS = {("csv", "writer"), ("csv", "DictWriter"), ("openpyxl", "Workbook"), ("xlsxwriter", "Workbook")}
DANGEROUS = '=HYPERLINK("http://x","bấm")'
ESCAPED = "'" + DANGEROUS
NAM_PHONG = "13696"


def portal_modules():
    for path in sorted(ROOT.rglob("*.py")):
        relative = path.relative_to(ROOT).as_posix()
        if not relative.startswith((".venv/", "tests/", "var/", "bench/")) and "/migrations/" not in relative:
            yield relative, ast.parse(path.read_text(encoding="utf-8"))


def spreadsheet_writers(tree: ast.AST) -> set[str]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            found |= {f"{node.module}.{a.name}" for a in node.names if (node.module.split(".")[0], a.name) in WRITERS}
        elif (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and (node.value.id, node.attr) in WRITERS
        ):
            found.add(f"{node.value.id}.{node.attr}")
    return found


def test_only_core_export_writes_spreadsheets():
    offenders = {
        relative: writers
        for relative, tree in portal_modules()
        if relative not in ALLOWED and (writers := spreadsheet_writers(tree))
    }
    assert offenders == {}, "write CSV/XLSX with core.export (csv_response, xlsx_response, xlsx_sheets_response)"


@pytest.mark.django_db
def test_the_training_report_export_escapes_formulas(client, unit):
    course = course_with(title=DANGEROUS)
    EnrolmentFactory(course=course, unit=unit("13696"))
    client.force_login(UserFactory(role=Role.COMMUNE_OFFICER, unit=unit("13696")))
    response = client.get(reverse("training:report") + "?format=xlsx")
    courses = load_workbook(io.BytesIO(b"".join(response.streaming_content))).worksheets[0]
    assert courses.cell(row=2, column=1).value == "'" + DANGEROUS


def _csv(response) -> str:
    return b"".join(response.streaming_content).decode("utf-8-sig")


def _xlsx_cells(response) -> set:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    workbook = load_workbook(io.BytesIO(content))
    return {cell for sheet in workbook.worksheets for row in sheet.iter_rows(values_only=True) for cell in row}


def _xlsx_bytes_cells(content: bytes) -> set:
    workbook = load_workbook(io.BytesIO(content))
    return {cell for sheet in workbook.worksheets for row in sheet.iter_rows(values_only=True) for cell in row}


@pytest.fixture
def dangerous_commune(unit, clean_cache):
    """Nam Phong renamed to a formula (units are imported, but a name is text like any other)."""
    AdministrativeUnit.objects.filter(code=NAM_PHONG).update(name=DANGEROUS)
    return unit(NAM_PHONG)


@pytest.mark.django_db
def test_the_coverage_csv_and_xlsx_escape_a_unit_name(client, dangerous_commune):
    client.force_login(UserFactory(role=Role.DISTRICT_OFFICER, unit=dangerous_commune.parent))
    csv_text = _csv(client.get(reverse("coverage:communes_csv")))
    xlsx = _xlsx_cells(client.get(reverse("coverage:communes_xlsx")))
    assert f'"{ESCAPED.replace(chr(34), chr(34) * 2)}"' in csv_text and f",{DANGEROUS}" not in csv_text
    assert ESCAPED in xlsx and DANGEROUS not in xlsx


@pytest.mark.django_db
def test_the_coverage_report_xlsx_escapes_unit_names_in_every_sheet(dangerous_commune):
    district = dangerous_commune.parent
    AdministrativeUnit.objects.filter(pk=district.pk).update(name="@" + district.name)
    district.refresh_from_db()
    today = timezone.localdate()
    data = reports.gather(district.parent, Period(today, today))
    cells = _xlsx_bytes_cells(reports.render_xlsx(data, lambda percent: None))
    assert ESCAPED in cells and DANGEROUS not in cells  # the commune, in its district's sheet
    assert "'" + district.name in cells and district.name not in cells  # the district, on the summary


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_the_campaign_activity_exports_escape_titles_and_unit_names(client, dangerous_commune, kind):
    ActivityFactory(unit=dangerous_commune, title="+" + "SUM(A1:A9)", organiser="-2+3")
    client.force_login(UserFactory(role=Role.COMMUNE_OFFICER, unit=dangerous_commune))
    response = client.get(reverse("campaigns:activity_list") + f"?format={kind}")
    assert response.status_code == 200
    if kind == "csv":
        text = _csv(response)
        assert "'+SUM(A1:A9)" in text and "'-2+3" in text and ",+SUM" not in text
        assert f'"{ESCAPED.replace(chr(34), chr(34) * 2)}"' in text
    else:
        cells = _xlsx_cells(response)
        assert {"'+SUM(A1:A9)", "'-2+3", ESCAPED} <= cells
        assert not {"+SUM(A1:A9)", "-2+3", DANGEROUS} & cells


@pytest.mark.django_db
def test_the_training_report_escapes_unit_names(client, dangerous_commune):
    client.force_login(UserFactory(role=Role.DISTRICT_OFFICER, unit=dangerous_commune.parent))
    cells = _xlsx_cells(client.get(reverse("training:report") + "?format=xlsx"))
    assert ESCAPED in cells and DANGEROUS not in cells
