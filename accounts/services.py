"""Writes to accounts: create, change, deactivate/reactivate, set-password links. Each records an AccountChange."""

from dataclasses import dataclass

from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from core.tasks import enqueue_on_commit
from units.models import AdministrativeUnit

from .models import AccountChange, ApiToken, Role, User

Action = AccountChange.Action


@dataclass(frozen=True)
class AccountData:
    first_name: str
    last_name: str
    phone: str
    email: str
    role: str
    unit: AdministrativeUnit | None
    teams: tuple = ()  # visits.Team instances


def snapshot(user: User) -> dict:
    """What an account's history shows of it: plain values, as they read at the time of the change."""
    return {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "phone": user.phone,
        "email": user.email,
        "role": user.role,
        "unit": str(user.unit) if user.unit_id else "",
        "teams": sorted(team.name for team in user.teams.all()) if user.pk else [],
        "is_active": user.is_active,
    }


def differences(before: dict, after: dict) -> dict:
    return {key: [before.get(key), value] for key, value in after.items() if before.get(key) != value}


def record(user: User, actor: User | None, action: str, changes: dict | None = None) -> AccountChange:
    return AccountChange.objects.create(user=user, actor=actor, action=action, changes=changes or {})


def _apply(user: User, data: AccountData) -> None:
    user.first_name, user.last_name = data.first_name.strip(), data.last_name.strip()
    user.phone, user.email = data.phone, data.email.strip()
    user.role, user.unit = data.role, data.unit
    user.full_clean(exclude=["password", "username"])
    user.save()
    user.teams.set(data.teams)


@transaction.atomic
def create_account(actor: User, username: str, data: AccountData) -> User:
    """A new account with no usable password: its owner sets one through a link (set_password_link)."""
    user = User(username=username.strip())
    user.set_unusable_password()
    _apply(user, data)
    given = {key: value for key, value in snapshot(user).items() if value not in ("", [], None)}
    record(user, actor, Action.CREATED, differences({}, given))
    return user


@transaction.atomic
def update_account(actor: User, user: User, data: AccountData) -> AccountChange | None:
    # As stored, not as passed: a bound ModelForm has already written its input onto `user`.
    before = snapshot(User.objects.select_related("unit").get(pk=user.pk))
    _apply(user, data)
    changes = differences(before, snapshot(user))
    return record(user, actor, Action.UPDATED, changes) if changes else None


@transaction.atomic
def set_active(actor: User, user: User, active: bool) -> None:
    """Deactivate (never delete: visits and history keep their author) or reactivate an account."""
    if user.is_active == active:
        return
    user.is_active = active
    user.save(update_fields=["is_active"])
    if not active:
        ApiToken.objects.filter(user=user).delete()  # a phone signed in with a token stops syncing too
    record(user, actor, Action.REACTIVATED if active else Action.DEACTIVATED, {"is_active": [not active, active]})


def set_password_path(user: User) -> str:
    """A one-time link: Django's token ends when the password changes or the owner logs in, and after
    PASSWORD_RESET_TIMEOUT (72 hours)."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    return reverse("people:set_password", args=[uid, default_token_generator.make_token(user)])


@transaction.atomic
def issue_set_password_link(actor: User | None, user: User, base_url: str) -> str:
    """The link to hand over; it is also e-mailed (after commit, once) when the account has an address."""
    change = record(user, actor, Action.LINK_ISSUED, {"emailed_to": [None, user.email]} if user.email else {})
    if user.email:
        from .tasks import send_set_password_link

        enqueue_on_commit(send_set_password_link, change.pk, base_url)
    return base_url.rstrip("/") + set_password_path(user)


def record_password_set(user: User) -> None:
    record(user, user, Action.PASSWORD_SET)


@transaction.atomic
def import_volunteers(actor: User, rows: list, base_url: str) -> list[tuple[User, str]]:
    """All the previewed volunteers or none: each account's login is its phone; each gets a link."""
    created = []
    for row in rows:
        data = AccountData(
            first_name=row.first_name,
            last_name=row.last_name,
            phone=row.phone,
            email=row.email,
            role=Role.VOLUNTEER,
            unit=row.commune,
            teams=(row.team,) if row.team else (),
        )
        user = create_account(actor, row.phone, data)
        created.append((user, issue_set_password_link(actor, user, base_url)))
    return created
