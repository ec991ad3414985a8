"""The communes' official household counts (from the statistics office) from one CSV or XLSX file,
through the house's tabular import (core.tabular): every bad row listed by line number, then all of
them saved or none.

Columns (first row is the header; Vietnamese names, English aliases accepted, case and diacritics ignored):

    Mã xã (GSO code)           required; a commune (a leaf of the unit tree) the importer manages
    Xã/Phường (commune)        optional; read by people, not by the import
    Số hộ (households)         required; a whole number, 0 to 10,000,000

A province administrator may give every commune, a district officer its own communes: a code that
names no commune, or one outside the importer's scope, is a row error (the same words for both, so a
file cannot probe other districts).
"""

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from core.tabular import Body, ImportPreview, RowError, TabularImport
from units.models import AdministrativeUnit

from .access import may_manage
from .forms import MAX_COUNT
from .models import OfficialHouseholdCount

COLUMNS: dict[str, tuple[str, list[str]]] = {
    "code": ("Mã xã", ["Mã GSO", "Mã đơn vị", "Mã xã/phường", "gso_code", "GSO code", "code"]),
    "name": ("Xã/Phường", ["Xã", "Phường", "Tên xã", "Xã/Phường/Thị trấn", "commune"]),
    "households": ("Số hộ", ["Số hộ chính thức", "Tổng số hộ", "households", "official_households"]),
}
PURPOSE = "coverage.official_import"


@dataclass
class OfficialCountRow:
    line: int
    unit: AdministrativeUnit
    households: int
    before: int | None  # the count stored now, None when there is none


class OfficialCountImport(TabularImport):
    columns = COLUMNS
    required = ["code", "households"]
    max_rows = 1000
    too_many_records_message = gettext_lazy("The file has more than %(max)s communes; split it by district.")
    no_rows_message = gettext_lazy("The file has no rows of communes.")

    def __init__(self, actor: User) -> None:
        self.actor = actor

    def check_rows(self, body: Body, columns: dict[str, int], preview: ImportPreview) -> None:
        # The leaves of the tree as it is (communes today): two queries whatever the file's size.
        leaves = {unit.code: unit for unit in AdministrativeUnit.objects.current().filter(children__isnull=True)}
        stored = dict(OfficialHouseholdCount.objects.values_list("unit_id", "households"))
        seen: dict[str, int] = {}
        for line, row in body:
            cells = TabularImport.cells(row, columns)
            problems: list[str] = []
            code = cells["code"]
            unit = leaves.get(code)
            if not code:
                problems.append(_("the GSO code is missing"))
            elif unit is None or not may_manage(self.actor, unit):
                problems.append(_("“%(code)s” is not the GSO code of a commune you manage") % {"code": code})
            elif code in seen:
                problems.append(_("duplicate of line %(line)s") % {"line": seen[code]})
            seen.setdefault(code, line)
            households = _whole_number(cells["households"], problems)
            if problems:
                preview.errors.append(RowError(line, "; ".join(problems)))
            else:
                preview.rows.append(OfficialCountRow(line, unit, households, stored.get(unit.pk)))  # type: ignore[arg-type]


# 2150, or with thousands grouped as people write them: 12.345, 12,345, 12 345 (never a fraction: 12.5).
WHOLE_NUMBER = re.compile(r"\d+|\d{1,3}(?:[., ]\d{3})+", re.ASCII)


def _whole_number(text: str, problems: list[str]) -> int:
    digits = re.sub(r"[., ]", "", text)
    if not text:
        problems.append(_("the number of households is missing"))
    elif not WHOLE_NUMBER.fullmatch(text) or int(digits) > MAX_COUNT:
        problems.append(_("“%(value)s” is not a number of households (0 to 10,000,000)") % {"value": text})
    else:
        return int(digits)
    return 0


def template_csv() -> str:
    return OfficialCountImport.template_csv([["13696", "Xã Nam Phong", "2150"], ["14149", "Xã Giao Thiện", "3 420"]])
