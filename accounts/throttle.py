"""Failed-login limits shared by every way in: the login page, the admin and the API token.

Failures are counted per username AND client address together, so a stranger cannot lock
`province_admin` out of the portal by guessing from elsewhere, and per address alone with a looser
limit, so one machine cannot try many usernames. The counters live in PostgreSQL
(accounts.LoginFailure, one upserted row per username and address) rather than in the Redis cache:
logins and locks keep working while Redis is down. A locked pair is refused before its password is
even checked; province admins see and clear locks at /accounts/lockouts/.
"""

import datetime
from dataclasses import dataclass
from ipaddress import ip_address

from django.db import connection, models
from django.http import HttpRequest
from django.utils import timezone

from core.client_address import client_address

from .models import LoginFailure

LOGIN_FAILURES_ALLOWED = 10  # per username and address
ADDRESS_FAILURES_ALLOWED = 50  # per address, over all usernames
LOGIN_FAILURE_WINDOW = datetime.timedelta(minutes=15)  # from the first failure of a window

_RECORD_SQL = """
INSERT INTO accounts_loginfailure AS f (username, address, failures, window_started_at, last_failure_at)
VALUES (%(username)s, %(address)s, 1, %(now)s, %(now)s)
ON CONFLICT (username, address) DO UPDATE SET
    failures = CASE WHEN f.window_started_at <= %(window_start)s THEN 1 ELSE f.failures + 1 END,
    window_started_at = CASE WHEN f.window_started_at <= %(window_start)s THEN %(now)s ELSE f.window_started_at END,
    last_failure_at = %(now)s
"""

_LOCKED_SQL = """
SELECT coalesce(max(failures) FILTER (WHERE username = %(username)s), 0), coalesce(sum(failures), 0)
FROM accounts_loginfailure
WHERE address IS NOT DISTINCT FROM %(address)s AND window_started_at > %(window_start)s
"""


@dataclass(frozen=True)
class Attempt:
    """Who is trying to log in: the username as typed and the client's address (None if unknown)."""

    username: str
    address: str | None

    @classmethod
    def of(cls, username: object, address: str) -> "Attempt":
        name = username.lower() if isinstance(username, str) else ""
        try:
            return cls(name[:150], str(ip_address(address)))
        except ValueError:
            return cls(name[:150], None)


def attempt_of(request: HttpRequest | None, username: object) -> Attempt:
    return Attempt.of(username, client_address(request) if request is not None else "")


def _window_start() -> datetime.datetime:
    return timezone.now() - LOGIN_FAILURE_WINDOW


def is_locked(attempt: Attempt) -> bool:
    if not attempt.username:
        return False
    with connection.cursor() as cursor:
        cursor.execute(_LOCKED_SQL, {**_params(attempt), "window_start": _window_start()})
        pair, address = cursor.fetchone()
    return pair >= LOGIN_FAILURES_ALLOWED or address >= ADDRESS_FAILURES_ALLOWED


def record_failure(attempt: Attempt) -> None:
    if not attempt.username:
        return
    with connection.cursor() as cursor:
        cursor.execute(_RECORD_SQL, {**_params(attempt), "now": timezone.now(), "window_start": _window_start()})


def clear_failures(attempt: Attempt) -> None:
    """A successful login forgives this pair's failures (not the address's failures on other names)."""
    if attempt.username:
        LoginFailure.objects.filter(username=attempt.username, address=attempt.address).delete()


@dataclass(frozen=True)
class Lockout:
    """A locked username/address pair, or (username None) an address locked for every username."""

    username: str | None
    address: str | None
    failures: int
    last_failure_at: datetime.datetime


def current_lockouts() -> list[Lockout]:
    """Locked addresses first, then locked pairs, most recent first."""
    active = LoginFailure.objects.filter(window_started_at__gt=_window_start())
    by_address = (
        active.values("address")
        .annotate(total=models.Sum("failures"), last=models.Max("last_failure_at"))
        .filter(total__gte=ADDRESS_FAILURES_ALLOWED)
        .order_by("-last")
    )
    pairs = active.filter(failures__gte=LOGIN_FAILURES_ALLOWED).order_by("-last_failure_at")
    return [Lockout(None, row["address"], row["total"], row["last"]) for row in by_address] + [
        Lockout(row.username, row.address, row.failures, row.last_failure_at) for row in pairs
    ]


def clear_lockout(username: str | None, address: str | None) -> int:
    """Unlock a pair, or (username None) every username tried from the address. Returns rows removed."""
    rows = LoginFailure.objects.filter(address=address or None)
    if username is not None:
        rows = rows.filter(username=username)
    return rows.delete()[0]


def delete_expired_failures() -> None:
    LoginFailure.objects.filter(last_failure_at__lte=_window_start()).delete()


def _params(attempt: Attempt) -> dict:
    return {"username": attempt.username, "address": attempt.address}
