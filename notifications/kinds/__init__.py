"""The kinds of notification. Each is a small class in a module of this package, registered with
@register: a sweep query (`due`), a send-time re-check (`still_due`) and a message builder
(`message`). The machinery (services, tasks, schedules, the profile page) reads only this registry,
so adding a kind is adding a module here.
"""

import pkgutil
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from importlib import import_module

from django.utils import timezone

from accounts.models import User

_KINDS: dict[str, "Kind"] = {}


@dataclass(frozen=True)
class Due:
    """One message owed: to whom, about which object, for which occurrence (a date, a week…)."""

    recipient_id: int
    object_id: int
    occurrence: str


@dataclass
class Table:
    """A small table in a message (the weekly digest's figures): a table in the HTML e-mail, a line
    per row in the text e-mail."""

    heading: str
    columns: list[str]
    rows: list[list[str]]


@dataclass
class Message:
    """A message in the recipient's language (built inside translation.override)."""

    title: str
    lines: list[str] = field(default_factory=list)
    url: str = ""  # a path on the portal
    tables: list[Table] = field(default_factory=list)  # e-mail only; the centre shows the lines


class Kind:
    code: str = ""
    label = ""
    # Urgent kinds go out during quiet hours and cannot be muted.
    urgent = False
    # When its sweep runs (crontab fields, Asia/Ho_Chi_Minh); None for kinds announced by an event.
    sweep_crontab: dict[str, str] | None = None
    email = True
    sms = False

    def applies_to(self, user: User) -> bool:
        """Whether the profile page offers this kind to the user."""
        return True

    def on_by_default(self, user: User) -> bool:
        """Sent unless the user unticks it (True), or only once they tick it (False: a subscription)."""
        return True

    def due(self, now: datetime) -> Iterable[Due]:
        """The sweep query: every message owed now, as Due rows (iterate lazily, in batches)."""
        return []

    def due_for(self, object_id: int, occurrence: str) -> Iterable[Due]:
        """The messages an event about one object owes (services.announce); none by default."""
        return []

    def still_due(self, recipient: User, object_id: int, occurrence: str, now: datetime) -> bool:
        """The send-time re-check: is the message still true and wanted?"""
        raise NotImplementedError

    def message(self, recipient: User, object_id: int, occurrence: str) -> Message:
        raise NotImplementedError


def crontab(minute: str, hour: str = "*", day_of_week: str = "*") -> dict[str, str]:
    """Every crontab field spelled out (core.schedules reads an omitted one as '*' too)."""
    return {"minute": minute, "hour": hour, "day_of_week": day_of_week, "day_of_month": "*", "month_of_year": "*"}


def iso_week(now: datetime) -> str:
    """The occurrence of an at-most-weekly message: the ISO week of `now` in Vietnam, e.g. 2026-W49."""
    year, week, _weekday = timezone.localdate(now).isocalendar()
    return f"{year}-W{week:02d}"


def register(kind_class: type[Kind]) -> type[Kind]:
    kind = kind_class()
    if not kind.code or kind.code in _KINDS:
        raise ValueError(f"notification kind {kind.code!r}: empty or registered twice")
    _KINDS[kind.code] = kind
    return kind_class


def load_kinds() -> None:
    """Import every module of this package (called once by the AppConfig), registering its kinds."""
    for module in pkgutil.iter_modules(__path__):
        import_module(f"{__name__}.{module.name}")


def all_kinds() -> list[Kind]:
    return list(_KINDS.values())


def get_kind(code: str) -> Kind | None:
    return _KINDS.get(code)
