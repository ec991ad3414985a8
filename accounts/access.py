"""The one place that decides what a user may see and do.

Every view asks these helpers; none filters by unit on its own. A staff user or
volunteer sees the subtree of the unit they are bound to (province > district >
commune); learners and anonymous visitors see no unit-scoped data.
"""

from collections.abc import Callable, Iterable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from units.models import AdministrativeUnit, in_subtree

from .models import ROLE_ORDER, STAFF_ROLES, Role, User


def units_visible_to(user: User) -> QuerySet[AdministrativeUnit]:
    """Units whose data the user may see: their unit's subtree, nothing for others."""
    if not user.is_authenticated:
        return AdministrativeUnit.objects.none()
    if user.is_superuser:
        return AdministrativeUnit.objects.all()
    if user.unit_id is None:
        return AdministrativeUnit.objects.none()
    return AdministrativeUnit.objects.subtree_of(user.unit)


def scope_to_units(user: User, queryset: QuerySet, unit_field: str = "unit") -> QuerySet:
    """Restrict any queryset with a unit foreign key to the user's subtree, in one join."""
    if user.is_authenticated and user.is_superuser:
        return queryset
    if not user.is_authenticated or user.unit_id is None:
        return queryset.none()
    return queryset.filter(in_subtree(user.unit, unit_field))


def access_unit(user: User, code: str) -> AdministrativeUnit:
    """A unit of the user's subtree by GSO code, else 404 (the same for "not yours" and "no such code")."""
    # With its parent: the pages of a unit link up to it (one join instead of a query).
    return get_object_or_404(units_visible_to(user).select_related("parent"), code=code[:10])


def can_see_unit(user: User, unit: AdministrativeUnit) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return user.unit_id is not None and unit.path.startswith(user.unit.path)


def can_manage_unit(user: User, unit: AdministrativeUnit) -> bool:
    """Staff bound to this unit or one above it. Apps narrow this further in their own access module
    (visits: only the commune officer of the commune keeps its register)."""
    return is_staff_role(user) and can_see_unit(user, unit)


# ---------------------------------------------------------------- people (accounts)


def grantable_roles(user: User) -> list[Role]:
    """The roles a user may give: those below their own; none for volunteers and learners."""
    if user.is_authenticated and user.is_superuser:
        return list(ROLE_ORDER)
    if not is_staff_role(user):
        return []
    return ROLE_ORDER[ROLE_ORDER.index(user.role) + 1 :]


def accounts_visible_to(user: User) -> QuerySet[User]:
    """A province admin sees every account; other staff the accounts they manage; others none."""
    if user.is_authenticated and (user.is_superuser or user.role == Role.PROVINCE_ADMIN):
        return User.objects.all()
    return accounts_managed_by(user)


def accounts_managed_by(user: User) -> QuerySet[User]:
    """Accounts with a role below the user's, bound to a unit of the user's subtree. Learners with no
    unit belong to the province: only a province admin manages them."""
    if user.is_authenticated and user.is_superuser:
        return User.objects.all()
    roles = grantable_roles(user)
    if not roles or user.unit_id is None:
        return User.objects.none()
    where = in_subtree(user.unit, "unit")
    if user.unit.level == AdministrativeUnit.Level.PROVINCE:
        where |= Q(unit__isnull=True)
    return User.objects.filter(where, role__in=roles)


def manageable_ids(user: User, ids: list[int]) -> set[int]:
    """Which of these accounts the user may change: one query for a whole page of a list."""
    return set(accounts_managed_by(user).filter(pk__in=ids).values_list("pk", flat=True))


def access_user(user: User, pk: int, *, manage: bool = False) -> User:
    """The account with this pk if the user may see it (manage: change it); 404 otherwise, the same
    answer for "not yours" and "does not exist"."""
    accounts = accounts_managed_by(user) if manage else accounts_visible_to(user)
    found = accounts.select_related("unit").filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def has_role(user: User, roles: Iterable[str]) -> bool:
    return user.is_authenticated and (user.is_superuser or user.role in roles)


def is_staff_role(user: User) -> bool:
    return has_role(user, STAFF_ROLES)


def role_required(*roles: Role) -> Callable:
    """View decorator: log in first, then 403 unless the user has one of the roles."""

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not has_role(request.user, roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


staff_required = role_required(*STAFF_ROLES)


def mask_phone(phone: str) -> str:
    """09xx xxx 123: enough to recognise a number, not to call it."""
    digits = "".join(ch for ch in phone if ch.isdigit())
    if len(digits) < 6:
        return "x" * len(digits)
    return f"{digits[:2]}xx xxx {digits[-3:]}"
