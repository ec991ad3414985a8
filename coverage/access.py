"""Which unit's coverage a user may read or change: the getter of the house idiom over accounts.access."""

from django.http import Http404

from accounts import access
from accounts.models import User
from units.models import AdministrativeUnit


def access_unit(user: User, code: str | None, *, manage: bool = False) -> AdministrativeUnit:
    """The unit by GSO code, or without one the user's own (the top of their scope); Http404 when it
    does not exist, is not in scope, or (manage) may not be changed by the user — the same answer."""
    if not access.is_staff_role(user):
        raise Http404
    if code:
        unit = access.access_unit(user, code)
    elif user.unit_id:
        unit = user.unit
    else:  # a superuser without a unit: the top of the tree
        unit = access.units_visible_to(user).filter(parent__isnull=True).order_by("path").first()
    if unit is None or (manage and not may_manage(user, unit)):
        raise Http404
    return unit


def may_manage(user: User, unit: AdministrativeUnit) -> bool:
    """Official counts and targets: staff whose scope holds the unit (accounts.access.can_manage_unit)."""
    return access.can_manage_unit(user, unit)
