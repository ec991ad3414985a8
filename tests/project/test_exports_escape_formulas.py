"""Every CSV/XLSX the portal produces goes through core.export, so a cell starting with = + - @ is
text, never a formula. A module writing spreadsheets on its own fails the first test; each export
path is then checked with a dangerous value in the file it produces."""

import ast
import io
from pathlib import Path

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from accounts.models import Role
from tests.factories import UserFactory
from tests.training.factories import EnrolmentFactory, course_with

ROOT = Path(__file__).resolve().parents[2]
# The one writer of exports, and the import templates (fixed headers and examples, no stored data).
# coverage/reports.py builds a many-sheet report in a worker and escapes each text cell with
# core.export.safe_cell itself.
ALLOWED = {"core/export.py", "core/tabular.py", "coverage/reports.py"}
WRITERS = {("csv", "writer"), ("csv", "DictWriter"), ("openpyxl", "Workbook"), ("xlsxwriter", "Workbook")}
DANGEROUS = '=HYPERLINK("http://x","bấm")'


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
