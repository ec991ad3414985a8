"""Volunteers from a Youth Union member list (CSV or XLSX), through the household import's machinery
(core.tabular): every bad row listed by line number, then all of them or none.

Columns (first row is the header; Vietnamese names, English aliases accepted, case and diacritics ignored):

    Họ và tên (full name)      required
    Số điện thoại (phone)      required; 10 digits starting with 0; becomes the login (username and phone)
    Email                      optional; the set-password link is e-mailed there
    Xã/Phường (commune)        the commune's name or GSO code; optional for a commune officer (their own)
    Tổ (team)                  optional; an existing team of that commune
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.phones import is_valid_phone, normalize_phone
from core.tabular import Body, ImportPreview, RowError, TabularImport
from core.text import fold
from units.models import AdministrativeUnit

from .access import can_manage_unit, units_visible_to
from .models import User
from .people_forms import teams_in_scope

COLUMNS: dict[str, tuple[str, list[str]]] = {
    "full_name": ("Họ và tên", ["Họ tên", "Tên", "full name", "name"]),
    "phone": ("Số điện thoại", ["Điện thoại", "SĐT", "phone"]),
    "email": ("Email", ["Thư điện tử", "e-mail"]),
    "commune": ("Xã/Phường", ["Xã", "Phường", "Xã/Phường/Thị trấn", "Mã xã", "commune"]),
    "team": ("Tổ", ["Tổ CNSCĐ", "Tổ công nghệ số", "team"]),
}
PURPOSE = "accounts.volunteer_import"


@dataclass
class VolunteerRow:
    line: int
    first_name: str
    last_name: str
    phone: str
    email: str
    commune: AdministrativeUnit
    team: object | None  # visits.Team


class VolunteerImport(TabularImport):
    """Volunteers into the communes the acting officer manages; an account already using the phone is an error."""

    columns = COLUMNS
    required = ["full_name", "phone"]
    max_rows = 2000
    too_many_records_message = gettext_lazy("The file has more than %(max)s people; split it by commune.")
    no_rows_message = gettext_lazy("The file has no rows of people.")

    def __init__(self, actor: User) -> None:
        self.actor = actor

    @property
    def own_commune(self) -> AdministrativeUnit | None:
        """A commune officer's rows may leave the commune out: it is theirs."""
        unit = self.actor.unit
        return unit if unit is not None and unit.level == AdministrativeUnit.Level.COMMUNE else None

    def check_rows(self, body: Body, columns: dict[str, int], preview: ImportPreview) -> None:
        if "commune" not in columns and self.own_commune is None:
            preview.file_error = _("Missing columns: %(columns)s.") % {"columns": COLUMNS["commune"][0]}
            return
        communes = self._communes()
        teams = {(team.commune_id, fold(team.name)): team for team in teams_in_scope(self.actor)}
        phones = [normalize_phone(TabularImport.cells(row, columns)["phone"]) for _line, row in body]
        taken = set(User.objects.filter(phone__in=phones).values_list("phone", flat=True))
        taken |= set(User.objects.filter(username__in=phones).values_list("username", flat=True))
        seen: dict[str, int] = {}
        for line, row in body:
            cells = TabularImport.cells(row, columns)
            problems: list[str] = []
            first, last = _split_name(cells["full_name"], problems)
            phone = normalize_phone(cells["phone"])
            if not phone:
                problems.append(_("the phone number is missing"))
            elif not is_valid_phone(phone):
                problems.append(_("phone “%(phone)s” is not 10 digits starting with 0") % {"phone": cells["phone"]})
            elif phone in taken:
                problems.append(_("an account already uses phone %(phone)s") % {"phone": phone})
            elif phone in seen:
                problems.append(_("duplicate of line %(line)s") % {"line": seen[phone]})
            seen.setdefault(phone, line)
            email = cells.get("email", "")
            if email:
                try:
                    validate_email(email)
                except ValidationError:
                    problems.append(_("“%(email)s” is not an e-mail address") % {"email": email})
            commune = self._commune(cells.get("commune", ""), communes, problems)
            team = None
            if commune is not None and cells.get("team"):
                team = teams.get((commune.pk, fold(cells["team"])))
                if team is None:
                    problems.append(
                        _("no team “%(name)s” in %(commune)s") % {"name": cells["team"], "commune": commune}
                    )
            if problems:
                preview.errors.append(RowError(line, "; ".join(problems)))
            else:
                preview.rows.append(VolunteerRow(line, first, last, phone, email, commune, team))  # type: ignore[arg-type]

    def _communes(self) -> dict[str, AdministrativeUnit]:
        communes = units_visible_to(self.actor).current().filter(level=AdministrativeUnit.Level.COMMUNE)
        lookup = {}
        for commune in communes:
            lookup[commune.code] = commune
            lookup.setdefault(fold(commune.name), commune)
        return lookup

    def _commune(self, raw: str, communes: dict, problems: list[str]) -> AdministrativeUnit | None:
        if not raw:
            if self.own_commune is not None:
                return self.own_commune
            problems.append(_("the commune is missing"))
            return None
        commune = communes.get(raw) or communes.get(fold(raw))
        if commune is None or not can_manage_unit(self.actor, commune):
            problems.append(_("“%(name)s” is not a commune you manage") % {"name": raw})
            return None
        return commune


def _split_name(full_name: str, problems: list[str]) -> tuple[str, str]:
    """Vietnamese order: family and middle names, then the given name ("Nguyễn Thị" + "Lan")."""
    if not full_name:
        problems.append(_("the name is missing"))
        return "", ""
    if len(full_name) > 150:
        problems.append(_("the name is longer than 150 characters"))
        return "", ""
    first, _sep, last = full_name.rpartition(" ")
    return first, last


def template_csv() -> str:
    return VolunteerImport.template_csv(
        [
            ["Nguyễn Thị Lan", "0912345678", "lan@example.org", "Xã Nam Phong", "Tổ CNSCĐ thôn 1"],
            ["Trần Văn Minh", "0987 654 321", "", "13696", ""],
        ]
    )
