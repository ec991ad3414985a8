"""Who a cohort enrolment would enrol: all volunteers of a commune, all officials of a district, or a
CSV/XLSX list of usernames, each bad row named with its line number. Nothing is enrolled here."""

from dataclasses import dataclass, field
from typing import ClassVar

from django.utils.translation import gettext as _

from accounts.access import can_see_unit
from accounts.models import STAFF_ROLES, Role, User
from core.tabular import ImportPreview, RowError, TabularImport
from units.models import AdministrativeUnit


@dataclass
class CohortPreview:
    learners: list[User] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)  # (line number, reason)


def volunteers_of(unit: AdministrativeUnit) -> list[User]:
    return list(User.objects.filter(role=Role.VOLUNTEER, unit__path__startswith=unit.path, is_active=True))


def officials_of(unit: AdministrativeUnit) -> list[User]:
    return list(User.objects.filter(role__in=STAFF_ROLES, unit__path__startswith=unit.path, is_active=True))


class CohortList(TabularImport):
    """A list of usernames; each must be an active user, and one bound to a unit must be in the staff's area."""

    columns: ClassVar = {"username": ("username", ["tài khoản", "tên đăng nhập", "login"])}
    required: ClassVar = ["username"]

    def __init__(self, staff: User):
        self.staff = staff

    def check_rows(self, body, columns, preview: ImportPreview) -> None:
        wanted: dict[str, int] = {}
        for line, row in body:
            username = self.cells(row, columns)["username"]
            if username:
                wanted.setdefault(username, line)
        users = {u.username: u for u in User.objects.filter(username__in=wanted).select_related("unit")}
        for username, line in wanted.items():
            user = users.get(username)
            if user is None or not user.is_active:
                preview.errors.append(RowError(line, _("No active user “%(username)s”.") % {"username": username}))
            elif user.unit is not None and not can_see_unit(self.staff, user.unit):
                message = _("“%(username)s” is outside your area.") % {"username": username}
                preview.errors.append(RowError(line, message))
            else:
                preview.rows.append(user)


def from_file(staff: User, upload) -> CohortPreview:
    parsed = CohortList(staff).parse(upload.name, upload.read())
    errors = [(0, parsed.file_error)] if parsed.file_error else [(e.line, e.message) for e in parsed.errors]
    return CohortPreview(learners=parsed.rows, errors=errors)
