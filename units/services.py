"""Import of administrative units from the GSO (General Statistics Office) export format."""

import csv
from dataclasses import dataclass, field
from typing import IO

from django.db import transaction
from django.utils.translation import gettext as _

from .models import AdministrativeUnit

Level = AdministrativeUnit.Level

# Column names exactly as the GSO "Danh mục hành chính" export writes them.
COL_PROVINCE, COL_PROVINCE_CODE = "Tỉnh / Thành Phố", "Mã TP"
COL_DISTRICT, COL_DISTRICT_CODE = "Quận Huyện", "Mã QH"
COL_COMMUNE, COL_COMMUNE_CODE = "Phường Xã", "Mã PX"
COL_COMMUNE_KIND = "Cấp"
REQUIRED_COLUMNS = [
    COL_PROVINCE,
    COL_PROVINCE_CODE,
    COL_DISTRICT,
    COL_DISTRICT_CODE,
    COL_COMMUNE,
    COL_COMMUNE_CODE,
    COL_COMMUNE_KIND,
]
COMMUNE_KINDS = {"Xã", "Phường", "Thị trấn"}
DISTRICT_KINDS = ["Thành phố", "Thị xã", "Huyện", "Quận"]
PROVINCE_KINDS = ["Thành phố", "Tỉnh"]


@dataclass(frozen=True)
class RowError:
    line: int
    message: str

    def __str__(self) -> str:
        return _("line %(line)d: %(message)s") % {"line": self.line, "message": self.message}


class UnitImportRejected(Exception):
    """The file had bad rows; nothing was written."""

    def __init__(self, errors: list[RowError]):
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))


@dataclass
class ImportResult:
    created: dict[int, int] = field(default_factory=lambda: {1: 0, 2: 0, 3: 0})
    unchanged: int = 0

    @property
    def created_total(self) -> int:
        return sum(self.created.values())


@dataclass(frozen=True)
class _Unit:
    code: str
    name: str
    kind: str
    level: int
    parent_code: str | None
    line: int


def _kind_from_name(name: str, kinds: list[str]) -> str:
    return next((k for k in kinds if name.startswith(k + " ")), kinds[-1])


def _parse(stream: IO[str]) -> tuple[dict[str, _Unit], list[RowError]]:
    reader = csv.DictReader(stream)
    missing = [c for c in REQUIRED_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        return {}, [RowError(1, _("missing column(s): %s") % ", ".join(missing))]
    units: dict[str, _Unit] = {}
    errors: list[RowError] = []

    def add(unit: _Unit) -> None:
        seen = units.get(unit.code)
        if seen is None:
            units[unit.code] = unit
        elif seen.name != unit.name:
            errors.append(
                RowError(
                    unit.line,
                    _("code %(code)s is used for both “%(a)s” (line %(l)d) and “%(b)s”")
                    % {"code": unit.code, "a": seen.name, "l": seen.line, "b": unit.name},
                )
            )
        elif (seen.level, seen.parent_code) != (unit.level, unit.parent_code):
            errors.append(
                RowError(
                    unit.line,
                    _("code %(code)s appears under another parent (line %(l)d)") % {"code": unit.code, "l": seen.line},
                )
            )

    for row in reader:
        line = reader.line_num
        values = {c: (row.get(c) or "").strip() for c in REQUIRED_COLUMNS}
        if not any(values.values()):
            continue
        row_errors = []
        for name_col, code_col, what in (
            (COL_PROVINCE, COL_PROVINCE_CODE, _("province")),
            (COL_DISTRICT, COL_DISTRICT_CODE, _("district")),
        ):
            if not values[code_col]:
                row_errors.append(
                    _("unknown parent: the %(what)s code (%(col)s) is empty") % {"what": what, "col": code_col}
                )
            elif not values[code_col].isdigit():
                row_errors.append(_("%(col)s “%(v)s” is not a number") % {"col": code_col, "v": values[code_col]})
            if not values[name_col]:
                row_errors.append(
                    _("unknown parent: the %(what)s name (%(col)s) is empty") % {"what": what, "col": name_col}
                )
        if not values[COL_COMMUNE_CODE]:
            row_errors.append(_("missing code (%s)") % COL_COMMUNE_CODE)
        elif not values[COL_COMMUNE_CODE].isdigit():
            row_errors.append(
                _("%(col)s “%(v)s” is not a number") % {"col": COL_COMMUNE_CODE, "v": values[COL_COMMUNE_CODE]}
            )
        if not values[COL_COMMUNE]:
            row_errors.append(_("missing name (%s)") % COL_COMMUNE)
        if values[COL_COMMUNE_KIND] not in COMMUNE_KINDS:
            row_errors.append(
                _("%(col)s must be one of %(kinds)s, not “%(v)s”")
                % {"col": COL_COMMUNE_KIND, "kinds": ", ".join(sorted(COMMUNE_KINDS)), "v": values[COL_COMMUNE_KIND]}
            )
        if row_errors:
            errors.extend(RowError(line, m) for m in row_errors)
            continue
        province, district = values[COL_PROVINCE], values[COL_DISTRICT]
        add(
            _Unit(
                values[COL_PROVINCE_CODE],
                province,
                _kind_from_name(province, PROVINCE_KINDS),
                Level.PROVINCE,
                None,
                line,
            )
        )
        add(
            _Unit(
                values[COL_DISTRICT_CODE],
                district,
                _kind_from_name(district, DISTRICT_KINDS),
                Level.DISTRICT,
                values[COL_PROVINCE_CODE],
                line,
            )
        )
        add(
            _Unit(
                values[COL_COMMUNE_CODE],
                values[COL_COMMUNE],
                values[COL_COMMUNE_KIND],
                Level.COMMUNE,
                values[COL_DISTRICT_CODE],
                line,
            )
        )
    return units, errors


def _check_against_database(units: dict[str, _Unit]) -> tuple[dict[str, AdministrativeUnit], list[RowError]]:
    existing = {u.code: u for u in AdministrativeUnit.objects.filter(code__in=units).select_related("parent")}
    errors = []
    for code, unit in units.items():
        stored = existing.get(code)
        if stored is None:
            continue
        if stored.name != unit.name:
            errors.append(
                RowError(
                    unit.line,
                    _("code %(code)s already exists as “%(stored)s”, not “%(name)s”")
                    % {"code": code, "stored": stored.name, "name": unit.name},
                )
            )
        elif stored.level != unit.level or (stored.parent.code if stored.parent else None) != unit.parent_code:
            errors.append(RowError(unit.line, _("code %(code)s already exists under another parent") % {"code": code}))
    return existing, errors


def import_units(stream: IO[str]) -> ImportResult:
    """Create the units of a GSO export; all-or-nothing, and re-running it changes nothing."""
    units, errors = _parse(stream)
    existing, db_errors = _check_against_database(units) if not errors else ({}, [])
    errors = sorted(errors + db_errors, key=lambda e: e.line)
    if errors:
        raise UnitImportRejected(errors)
    result = ImportResult()
    with transaction.atomic():
        saved = dict(existing)
        for unit in sorted(units.values(), key=lambda u: (u.level, u.line)):
            if unit.code in saved:
                result.unchanged += 1
                continue
            obj = AdministrativeUnit(
                code=unit.code,
                name=unit.name,
                kind=unit.kind,
                level=unit.level,
                parent=saved[unit.parent_code] if unit.parent_code else None,
            )
            obj.save()
            saved[unit.code] = obj
            result.created[unit.level] += 1
    return result
