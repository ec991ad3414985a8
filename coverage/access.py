"""Which unit's coverage a user may read or change: the getter of the house idiom over accounts.access."""

from django.db.models import QuerySet
from django.http import Http404

from accounts import access
from accounts.models import User
from campaigns.access import access_campaign
from campaigns.models import Campaign
from units.models import AdministrativeUnit

from .models import Report


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


def chosen_campaign(user: User, raw: str | None) -> Campaign | None:
    """The campaign a coverage view is for (?campaign=<pk>): None when not given or not a number,
    Http404 when the user may not read it (campaigns.access)."""
    if not raw or not raw.isdigit() or len(raw) > 18:
        return None
    return access_campaign(user, int(raw))


def may_manage(user: User, unit: AdministrativeUnit) -> bool:
    """Official counts and targets: staff whose scope holds the unit (accounts.access.can_manage_unit)."""
    return access.can_manage_unit(user, unit)


def reports_visible_to(user: User) -> QuerySet[Report]:
    """Reports of units in the user's subtree, for staff; none for others."""
    if not access.is_staff_role(user):
        return Report.objects.none()
    return access.scope_to_units(user, Report.objects.all(), "scope")


def access_report(user: User, pk: int, *, manage: bool = False) -> Report:
    """A report the user may see (manage: retry); Http404 for "not yours" and "does not exist" alike.
    Anyone who may see a report may also retry it."""
    report = reports_visible_to(user).select_related("scope").filter(pk=pk).first()
    if report is None:
        raise Http404
    return report


def report_scopes(user: User) -> list[AdministrativeUnit]:
    """The units a user may ask a report of: their own (or top) unit and its children that have
    children of their own (a province's districts; a district's report covers its communes)."""
    top = access_unit(user, None)
    children = AdministrativeUnit.objects.current().filter(parent=top, children__isnull=False).distinct()
    return [top, *children.order_by("name_folded")]
