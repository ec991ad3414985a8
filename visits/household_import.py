"""Household import from CSV or XLSX: parse, validate every row, report each bad row by line number.

Columns (first row is the header; Vietnamese names, English aliases accepted, case and diacritics ignored):

    Thôn/Xóm (hamlet)          required; must name an existing hamlet of the commune
    Địa chỉ (address)          required
    Chủ hộ (head of household) required
    Số điện thoại (phone)      optional; 10 digits starting with 0
    Số thành viên (members)    optional, default 1; 1..30
    Nhóm đối tượng (target groups) optional; codes or names separated by "," or ";"

Hamlets are not created from the file: a typo ("Thon 1" vs "Thôn 1") would silently split a hamlet
in two. Names are matched ignoring case and diacritics, so "thon 1" finds "Thôn 1".
"""

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.text import fold
from units.models import AdministrativeUnit

from .forms import MAX_MEMBERS, validate_phone
from .models import Household, TargetGroup

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000
MAX_COLUMNS = 30
# An XLSX is a zip: 2 MB of it can unpack to gigabytes (openpyxl keeps every shared string in memory).
# 5,000 households take about 1 MB unpacked.
MAX_XLSX_UNPACKED_BYTES = 25 * 1024 * 1024

# field -> (Vietnamese header used in the template, accepted aliases)
COLUMNS: dict[str, tuple[str, list[str]]] = {
    "hamlet": ("Thôn/Xóm", ["Thôn", "Xóm", "Tổ dân phố", "Thôn/Xóm/Tổ dân phố", "hamlet"]),
    "address": ("Địa chỉ", ["address"]),
    "head_name": ("Chủ hộ", ["Họ tên chủ hộ", "head of household", "head_name", "head name"]),
    "phone": ("Số điện thoại", ["Điện thoại", "SĐT", "phone"]),
    "members_count": ("Số thành viên", ["Số nhân khẩu", "members", "members_count", "number of members"]),
    "target_groups": ("Nhóm đối tượng", ["target groups", "target_groups"]),
}
REQUIRED_COLUMNS = ["hamlet", "address", "head_name"]

TARGET_GROUP_ALIASES = {
    "nguoi cao tuoi": TargetGroup.ELDERLY,
    "cao tuoi": TargetGroup.ELDERLY,
    "nong dan": TargetGroup.FARMER,
    "ngu dan": TargetGroup.FISHERMAN,
    "ho kinh doanh": TargetGroup.SMALL_BUSINESS,
    "kinh doanh nho": TargetGroup.SMALL_BUSINESS,
    "hoc sinh": TargetGroup.STUDENT,
    "sinh vien": TargetGroup.STUDENT,
    "hoc sinh, sinh vien": TargetGroup.STUDENT,
    "nguoi khuyet tat": TargetGroup.DISABILITY,
    "khuyet tat": TargetGroup.DISABILITY,
    "cong nhan": TargetGroup.WORKER,
    "ho ngheo": TargetGroup.POOR,
    "ho can ngheo": TargetGroup.POOR,
}


def _header_key(text: str) -> str:
    return re.sub(r"[\s_]*/[\s_]*", "/", fold(text).replace("_", " "))


HEADER_LOOKUP = {
    _header_key(name): field_name
    for field_name, (vietnamese, aliases) in COLUMNS.items()
    for name in [vietnamese, *aliases]
}


def _target_group_lookup() -> dict[str, str]:
    lookup = {fold(alias): group.value for alias, group in TARGET_GROUP_ALIASES.items()}
    for group in TargetGroup:
        lookup[group.value] = group.value
        lookup[fold(str(group.label))] = group.value
    return lookup


@dataclass
class RowError:
    line: int
    message: str


@dataclass
class ParsedRow:
    line: int
    hamlet_id: int
    hamlet_name: str
    address: str
    head_name: str
    phone: str
    members_count: int
    target_groups: list[str]


@dataclass
class ImportPreview:
    rows: list[ParsedRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    file_error: str = ""
    ignored_columns: list[str] = field(default_factory=list)

    @property
    def can_import(self) -> bool:
        return not self.file_error and not self.errors and bool(self.rows)


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def read_table(filename: str, data: bytes) -> list[list[str]]:
    """Rows of cell texts, row 1 being the header; raises ValueError with a user-facing reason."""
    if filename.lower().endswith(".xlsx"):
        return _read_xlsx(data)
    if filename.lower().endswith(".csv"):
        return _read_csv(data)
    raise ValueError(_("Upload a .csv or .xlsx file."))


def _read_csv(data: bytes) -> list[list[str]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValueError(_("The CSV file must be saved as UTF-8.")) from exc
    first_line = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first_line.count)
    try:
        return [[_cell_text(cell) for cell in row] for row in csv.reader(io.StringIO(text), delimiter=delimiter)]
    except csv.Error as exc:
        raise ValueError(_("The CSV file could not be read: %(reason)s") % {"reason": exc}) from exc


def _read_xlsx(data: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    _refuse_zip_bomb(data)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds (zip, xml, key errors) for a broken file
        raise ValueError(_("The XLSX file could not be read.")) from exc
    try:
        sheet = workbook.worksheets[0]
        rows = []
        # A small compressed file can still declare a million (formatted but empty) rows: stop early.
        for row in sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True):
            rows.append([_cell_text(cell) for cell in row])
            if len(rows) > 2 * MAX_ROWS:
                raise ValueError(_("The file has more than %(max)s rows; split it by hamlet.") % {"max": MAX_ROWS})
        return rows
    finally:
        workbook.close()


def _refuse_zip_bomb(data: bytes) -> None:
    """Refuse an archive whose members unpack to too much; zipfile never reads past a member's declared size."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise ValueError(_("The XLSX file could not be read.")) from exc
    if unpacked > MAX_XLSX_UNPACKED_BYTES:
        raise ValueError(
            _("The XLSX file unpacks to more than %(max)s MB; split it by hamlet.")
            % {"max": MAX_XLSX_UNPACKED_BYTES // (1024 * 1024)}
        )


def parse_households(filename: str, data: bytes, commune: AdministrativeUnit) -> ImportPreview:
    preview = ImportPreview()
    if len(data) > MAX_FILE_BYTES:
        preview.file_error = _("The file is larger than 2 MB; split it by hamlet.")
        return preview
    try:
        table = read_table(filename, data)
    except ValueError as exc:
        preview.file_error = str(exc)
        return preview
    if not table or not any(table[0]):
        preview.file_error = _("The first row must be the header row.")
        return preview
    columns = _map_header(table[0], preview)
    if preview.file_error:
        return preview
    body = [(line, row) for line, row in enumerate(table[1:], start=2) if any(row)]
    if len(body) > MAX_ROWS:
        preview.file_error = _("The file has more than %(max)s households; split it by hamlet.") % {"max": MAX_ROWS}
        return preview
    if not body:
        preview.file_error = _("The file has no household rows.")
        return preview
    _validate_rows(body, columns, commune, preview)
    return preview


def _map_header(header: list[str], preview: ImportPreview) -> dict[str, int]:
    columns: dict[str, int] = {}
    for index, title in enumerate(header):
        field_name = HEADER_LOOKUP.get(_header_key(title))
        if field_name is None:
            if title:
                preview.ignored_columns.append(title)
        elif field_name in columns:
            preview.file_error = _("The column “%(title)s” appears twice.") % {"title": title}
        else:
            columns[field_name] = index
    missing = [COLUMNS[name][0] for name in REQUIRED_COLUMNS if name not in columns]
    if missing:
        preview.file_error = _("Missing columns: %(columns)s.") % {"columns": ", ".join(missing)}
    return columns


def _validate_rows(body, columns: dict[str, int], commune: AdministrativeUnit, preview: ImportPreview) -> None:
    hamlets = {fold(h.name): h for h in commune.hamlets.all()}
    groups = _target_group_lookup()
    existing = {
        (hamlet_id, fold(address), folded_head)
        for hamlet_id, address, folded_head in Household.objects.filter(commune=commune).values_list(
            "hamlet_id", "address", "head_name_folded"
        )
    }
    seen: dict[tuple, int] = {}
    for line, row in body:
        cells = {name: (row[index] if index < len(row) else "") for name, index in columns.items()}
        problems: list[str] = []
        hamlet = hamlets.get(fold(cells["hamlet"]))
        if not cells["hamlet"]:
            problems.append(_("the hamlet is missing"))
        elif hamlet is None:
            problems.append(
                _("unknown hamlet “%(name)s” (add it on the hamlets page first)") % {"name": cells["hamlet"]}
            )
        address, head_name = cells["address"], cells["head_name"]
        if not address:
            problems.append(_("the address is missing"))
        elif len(address) > 200:
            problems.append(_("the address is longer than 200 characters"))
        if not head_name:
            problems.append(_("the head of household is missing"))
        elif len(head_name) > 120:
            problems.append(_("the head of household is longer than 120 characters"))
        phone = _clean_phone(cells.get("phone", ""), problems)
        members = _clean_members(cells.get("members_count", ""), problems)
        tags = _clean_groups(cells.get("target_groups", ""), groups, problems)
        if hamlet and address and head_name:
            key = (hamlet.pk, fold(address), fold(head_name))
            if key in existing:
                problems.append(_("this household is already in the register"))
            elif key in seen:
                problems.append(_("duplicate of line %(line)s") % {"line": seen[key]})
            seen.setdefault(key, line)
        if problems:
            preview.errors.append(RowError(line, "; ".join(problems)))
        else:
            preview.rows.append(
                ParsedRow(line, hamlet.pk, hamlet.name, address, head_name, phone, members, tags)  # type: ignore[union-attr]
            )


def _clean_phone(raw: str, problems: list[str]) -> str:
    # A spreadsheet that stored the number as a number has dropped its leading 0.
    if re.fullmatch(r"[1-9]\d{8}", raw):
        raw = "0" + raw
    try:
        return validate_phone(raw)
    except ValidationError:
        problems.append(_("phone “%(phone)s” is not 10 digits starting with 0") % {"phone": raw})
        return ""


def _clean_members(raw: str, problems: list[str]) -> int:
    if not raw:
        return 1
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_MEMBERS:
        problems.append(_("number of members “%(value)s” must be a whole number from 1 to 30") % {"value": raw})
        return 1
    return int(raw)


def _clean_groups(raw: str, lookup: dict[str, str], problems: list[str]) -> list[str]:
    tags: list[str] = []
    for token in re.split(r"[;,|]", raw):
        token = token.strip()
        if not token:
            continue
        tag = lookup.get(fold(token))
        if tag is None:
            problems.append(_("unknown target group “%(value)s”") % {"value": token})
        elif tag not in tags:
            tags.append(tag)
    return tags


def template_csv() -> str:
    header = [vietnamese for vietnamese, _aliases in COLUMNS.values()]
    examples = [
        ["Thôn 1", "Số 12, ngõ 3", "Nguyễn Văn An", "0912345678", "4", "Nông dân; Người cao tuổi"],
        ["Thôn 2", "Số 5", "Trần Thị Bình", "", "2", "fisherman"],
    ]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(examples)
    return "\ufeff" + out.getvalue()
