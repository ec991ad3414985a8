"""Who a cohort enrolment would enrol: all volunteers of a commune, all officials of a district, or a
CSV/XLSX list of usernames, each bad row named with its line number. Nothing is enrolled here."""

import csv
import io
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from accounts.access import can_see_unit
from accounts.models import STAFF_ROLES, Role, User
from units.models import AdministrativeUnit

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000
COLUMN = "username"


@dataclass
class CohortPreview:
    learners: list[User] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)  # (line number, reason)


def volunteers_of(unit: AdministrativeUnit) -> list[User]:
    return list(User.objects.filter(role=Role.VOLUNTEER, unit__path__startswith=unit.path, is_active=True))


def officials_of(unit: AdministrativeUnit) -> list[User]:
    return list(User.objects.filter(role__in=STAFF_ROLES, unit__path__startswith=unit.path, is_active=True))


def _rows(upload) -> list[list[str]]:
    """The file's rows as text cells; a ValueError says what is wrong with the file as a whole."""
    if upload.size > MAX_FILE_BYTES:
        raise ValueError(_("The file is larger than 2 MB."))
    data = upload.read()
    if upload.name.lower().endswith(".xlsx"):
        # Until core/tabular.py (with its zip-bomb guard) lands on main; the size cap above bounds it meanwhile.
        from openpyxl import load_workbook

        try:
            sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).worksheets[0]
            rows = [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]
        except Exception as exc:  # openpyxl raises many kinds (zip, xml, key errors) for a broken file
            raise ValueError(_("The file is not a readable XLSX workbook.")) from exc
        return rows
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValueError(_("The file is not UTF-8 CSV or XLSX.")) from exc
    return list(csv.reader(io.StringIO(text)))


def from_file(staff: User, upload) -> CohortPreview:
    preview = CohortPreview()
    try:
        rows = _rows(upload)
    except ValueError as exc:
        preview.errors.append((0, str(exc)))
        return preview
    if not rows or COLUMN not in [c.strip().lower() for c in rows[0]]:
        preview.errors.append((1, _("The first row must name a column “username”.")))
        return preview
    if len(rows) > MAX_ROWS + 1:
        preview.errors.append((0, _("At most %(n)d rows per file.") % {"n": MAX_ROWS}))
        return preview
    column = [c.strip().lower() for c in rows[0]].index(COLUMN)
    wanted = {}
    for line, row in enumerate(rows[1:], start=2):
        username = row[column].strip() if column < len(row) else ""
        if username:
            wanted.setdefault(username, line)
    users = {u.username: u for u in User.objects.filter(username__in=wanted).select_related("unit")}
    for username, line in wanted.items():
        user = users.get(username)
        if user is None or not user.is_active:
            preview.errors.append((line, _("No active user “%(username)s”.") % {"username": username}))
        elif user.unit is not None and not can_see_unit(staff, user.unit):
            preview.errors.append((line, _("“%(username)s” is outside your area.") % {"username": username}))
        else:
            preview.learners.append(user)
    return preview
