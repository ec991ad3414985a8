"""Reads of the people pages: the searchable list of accounts and an account's history."""

from django.core.exceptions import FieldDoesNotExist
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from core.text import fold

from .models import AccountChange, Role, User


def search_accounts(accounts: QuerySet[User], query: str = "", role: str = "", active: str = "") -> QuerySet[User]:
    """Diacritic-insensitive on name, username and phone ("nguyen van" finds "Nguyễn Văn")."""
    folded = fold(query)
    for word in folded.split():
        accounts = accounts.filter(search_folded__contains=word)
    if role in Role.values:
        accounts = accounts.filter(role=role)
    if active in ("0", "1"):
        accounts = accounts.filter(is_active=active == "1")
    return accounts.select_related("unit").order_by("unit__path", "role", "last_name", "first_name", "pk")


def account_history(user: User) -> list[AccountChange]:
    """Newest first, each change with .rows: (field, before, after) ready to show."""
    changes = list(user.changes.select_related("actor"))
    for change in changes:
        change.rows = [
            (_field_label(field), _shown(field, before), _shown(field, after))
            for field, (before, after) in change.changes.items()
        ]
    return changes


def _field_label(field: str) -> str:
    special = {"emailed_to": _("E-mailed to"), "teams": _("Teams")}
    if field in special:
        return special[field]
    try:
        return str(User._meta.get_field(field).verbose_name)
    except FieldDoesNotExist:
        return field


def _shown(field: str, value):
    if value in (None, "", []):
        return "—"
    if field == "role" and value in Role.values:
        return Role(value).label
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return value
