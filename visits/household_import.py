"""Household import from CSV or XLSX: parse, validate every row, report each bad row by line number.

Columns (first row is the header; Vietnamese names, English aliases accepted, case and diacritics ignored):

    Thôn/Xóm (hamlet)          required; must name an existing hamlet of the commune
    Địa chỉ (address)          required
    Chủ hộ (head of household) optional; needs the consent columns
    Số điện thoại (phone)      optional; 10 digits starting with 0; needs the consent columns
    Số thành viên (members)    optional, default 1; 1..30
    Nhóm đối tượng (target groups) optional; codes or names separated by "," or ";"
    Người đồng ý, Ngày đồng ý, Hình thức đồng ý (consent: given by, date, channel)

A head's name and phone are personal data, kept only with the household's consent to door-to-door
digital-skills support: a file without the three consent columns imports every household with its
address only; with them, a row with a name or phone needs its consent filled in.

Hamlets are not created from the file: a typo ("Thon 1" vs "Thôn 1") would silently split a hamlet
in two. Names are matched ignoring case and diacritics, so "thon 1" finds "Thôn 1".
"""

import re
from dataclasses import dataclass
from datetime import date, datetime, time

from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.tabular import Body, ImportPreview, RowError, TabularImport
from core.text import fold
from units.models import AdministrativeUnit

from .forms import MAX_MEMBERS, validate_phone
from .models import Consent, ConsentGiven, Household, TargetGroup

# field -> (Vietnamese header used in the template, accepted aliases)
COLUMNS: dict[str, tuple[str, list[str]]] = {
    "hamlet": ("Thôn/Xóm", ["Thôn", "Xóm", "Tổ dân phố", "Thôn/Xóm/Tổ dân phố", "hamlet"]),
    "address": ("Địa chỉ", ["address"]),
    "head_name": ("Chủ hộ", ["Họ tên chủ hộ", "head of household", "head_name", "head name"]),
    "phone": ("Số điện thoại", ["Điện thoại", "SĐT", "phone"]),
    "members_count": ("Số thành viên", ["Số nhân khẩu", "members", "members_count", "number of members"]),
    "target_groups": ("Nhóm đối tượng", ["target groups", "target_groups"]),
    "consent_given_by": ("Người đồng ý", ["consent given by", "consent_given_by"]),
    "consent_date": ("Ngày đồng ý", ["consent date", "consent_date"]),
    "consent_channel": ("Hình thức đồng ý", ["consent channel", "consent_channel"]),
}
CONSENT_COLUMNS = ["consent_given_by", "consent_date", "consent_channel"]

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


def _target_group_lookup() -> dict[str, str]:
    lookup = {fold(alias): group.value for alias, group in TARGET_GROUP_ALIASES.items()}
    for group in TargetGroup:
        lookup[group.value] = group.value
        lookup[fold(str(group.label))] = group.value
    return lookup


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
    consent: ConsentGiven | None = None


@dataclass
class HouseholdPreview(ImportPreview):
    # No consent columns: names and phones in the file are left out, households come in address-only.
    address_only: bool = False


class HouseholdImport(TabularImport):
    """A commune's households; hamlets must exist, and a household already registered is an error."""

    columns = COLUMNS
    required = ["hamlet", "address"]
    too_large_message = gettext_lazy("The file is larger than 2 MB; split it by hamlet.")
    too_many_rows_message = gettext_lazy("The file has more than %(max)s rows; split it by hamlet.")
    unpacks_too_large_message = gettext_lazy("The XLSX file unpacks to more than %(max)s MB; split it by hamlet.")
    too_many_records_message = gettext_lazy("The file has more than %(max)s households; split it by hamlet.")
    no_rows_message = gettext_lazy("The file has no household rows.")

    def __init__(self, commune: AdministrativeUnit) -> None:
        self.commune = commune
        self.address_only = False

    def parse(self, filename: str, data: bytes) -> HouseholdPreview:
        preview = super().parse(filename, data)
        return HouseholdPreview(**vars(preview), address_only=self.address_only and not preview.file_error)

    def check_rows(self, body: Body, columns: dict[str, int], preview: ImportPreview) -> None:
        consent_columns = [name for name in CONSENT_COLUMNS if name in columns]
        if consent_columns and len(consent_columns) < len(CONSENT_COLUMNS):
            preview.file_error = _("Consent needs all three columns: %(columns)s.") % {
                "columns": ", ".join(COLUMNS[name][0] for name in CONSENT_COLUMNS)
            }
            return
        self.address_only = not consent_columns
        _validate_rows(body, columns, self.commune, preview, address_only=self.address_only)


def _validate_rows(
    body, columns: dict[str, int], commune: AdministrativeUnit, preview: ImportPreview, *, address_only: bool
) -> None:
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
        cells = TabularImport.cells(row, columns)
        problems: list[str] = []
        hamlet = hamlets.get(fold(cells["hamlet"]))
        if not cells["hamlet"]:
            problems.append(_("the hamlet is missing"))
        elif hamlet is None:
            problems.append(
                _("unknown hamlet “%(name)s” (add it on the hamlets page first)") % {"name": cells["hamlet"]}
            )
        address = cells["address"]
        if not address:
            problems.append(_("the address is missing"))
        elif len(address) > 200:
            problems.append(_("the address is longer than 200 characters"))
        head_name, phone, consent = "", "", None
        if not address_only:
            head_name = cells.get("head_name", "")
            if len(head_name) > 120:
                problems.append(_("the head of household is longer than 120 characters"))
            phone = _clean_phone(cells.get("phone", ""), problems)
            consent = _clean_consent(cells, problems)
            if (head_name or phone) and not _has_consent_cells(cells):
                problems.append(
                    _(
                        "a name or phone needs the household's consent (given by, date, channel); "
                        "leave them empty to import the address only"
                    )
                )
        members = _clean_members(cells.get("members_count", ""), problems)
        tags = _clean_groups(cells.get("target_groups", ""), groups, problems)
        if hamlet and address:
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
                ParsedRow(line, hamlet.pk, hamlet.name, address, head_name, phone, members, tags, consent)  # type: ignore[union-attr]
            )


def _has_consent_cells(cells: dict[str, str]) -> bool:
    return any(cells.get(name) for name in CONSENT_COLUMNS)


def _channel_lookup() -> dict[str, str]:
    """Codes, and the labels in Vietnamese and English, whatever the officer's language."""
    lookup = {}
    for language in ("vi", "en"):
        with translation.override(language):
            for channel in Consent.Channel:
                lookup[channel.value] = channel.value
                lookup[fold(str(channel.label))] = channel.value
    return lookup


def _clean_consent(cells: dict[str, str], problems: list[str]) -> ConsentGiven | None:
    """All three consent cells or none; a partly filled consent is a row error, never half a record."""
    if not _has_consent_cells(cells):
        return None
    given_by, raw_date, raw_channel = (cells.get(name, "") for name in CONSENT_COLUMNS)
    found = len(problems)
    if not given_by:
        problems.append(_("the consent has no “given by”"))
    elif len(given_by) > 120:
        problems.append(_("the consent's “given by” is longer than 120 characters"))
    given_on = _parse_date(raw_date)
    if given_on is None:
        problems.append(_("consent date “%(value)s” is not a date (dd/mm/yyyy)") % {"value": raw_date})
    elif given_on > timezone.localdate():
        problems.append(_("the consent date is in the future"))
    channel = _channel_lookup().get(fold(raw_channel))
    if channel is None:
        problems.append(
            _("unknown consent channel “%(value)s” (one of: %(choices)s)")
            % {"value": raw_channel, "choices": ", ".join(str(label) for label in Consent.Channel.labels)}
        )
    if len(problems) > found:
        return None
    given_at = timezone.make_aware(datetime.combine(given_on, time(12)))  # type: ignore[arg-type]
    return ConsentGiven(given_by, min(given_at, timezone.now()), channel)  # type: ignore[arg-type]


def _parse_date(raw: str) -> date | None:
    # An XLSX date cell arrives as "2026-01-05 00:00:00".
    for pattern in ("%d/%m/%Y", "%Y-%m-%d", "%Y-%m-%d %H:%M:%S", "%d-%m-%Y"):
        try:
            return datetime.strptime(raw, pattern).date()
        except ValueError:
            continue
    return None


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
    examples = [
        [
            "Thôn 1",
            "Số 12, ngõ 3",
            "Nguyễn Văn An",
            "0912345678",
            "4",
            "Nông dân; Người cao tuổi",
            "Nguyễn Văn An",
            "05/01/2026",
            "paper_form",
        ],
        ["Thôn 2", "Số 5", "", "", "2", "fisherman", "", "", ""],
    ]
    return HouseholdImport.template_csv(examples)
