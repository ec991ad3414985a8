"""Getters for one campaign object: the object, or Http404 for "not yours" and "does not exist" alike.

Reading follows the unit subtree (accounts.access); changing needs staff of a unit above or at the record's
unit (can_manage_unit). Campaigns are also readable by the staff of their target units' subtrees and below
the running unit, so a commune officer sees the provincial campaign it carries out.
"""

from django.db.models import Q, QuerySet
from django.http import Http404

from accounts.access import can_manage_unit, has_role, scope_to_units
from accounts.models import UNIT_ROLES, User

from .models import Activity, Bulletin, BulletinTarget, Campaign, DocumentRecipient, GuidanceDocument


def reads_campaigns(user: User) -> bool:
    """Staff and volunteers read campaign work in their scope; learners and visitors do not."""
    return has_role(user, UNIT_ROLES) and (user.is_superuser or user.unit_id is not None)


def _ancestor_codes(user: User) -> list[str]:
    return user.unit.path.strip("/").split("/")[:-1] if user.unit_id else []


def campaigns_visible_to(user: User) -> QuerySet[Campaign]:
    if not reads_campaigns(user):
        return Campaign.objects.none()
    if user.is_superuser:
        return Campaign.objects.all()
    # Below the running unit (a commune carries out its district's campaign) or above it (a district sees
    # the communes' campaigns).
    return Campaign.objects.filter(
        Q(unit__path__startswith=user.unit.path) | Q(unit__code__in=[*_ancestor_codes(user), user.unit.code])
    )


def activities_visible_to(user: User) -> QuerySet[Activity]:
    if not reads_campaigns(user):
        return Activity.objects.none()
    return scope_to_units(user, Activity.objects.all())


def documents_visible_to(user: User) -> QuerySet[GuidanceDocument]:
    """Documents issued in the user's subtree, and those sent to the user's unit."""
    if not reads_campaigns(user):
        return GuidanceDocument.objects.none()
    if user.is_superuser:
        return GuidanceDocument.objects.all()
    received = DocumentRecipient.objects.filter(unit_id=user.unit_id).values("document_id")
    return GuidanceDocument.objects.filter(Q(unit__path__startswith=user.unit.path) | Q(pk__in=received))


def bulletins_visible_to(user: User) -> QuerySet[Bulletin]:
    """Bulletins sent from the user's subtree, or sent to a commune in it."""
    if not reads_campaigns(user):
        return Bulletin.objects.none()
    if user.is_superuser:
        return Bulletin.objects.all()
    targeted = BulletinTarget.objects.filter(commune__path__startswith=user.unit.path).values("bulletin_id")
    return Bulletin.objects.filter(Q(unit__path__startswith=user.unit.path) | Q(pk__in=targeted))


def _get(queryset: QuerySet, pk: int):
    try:
        return queryset.get(pk=pk)
    except queryset.model.DoesNotExist:
        raise Http404 from None


def access_campaign(user: User, pk: int, *, manage: bool = False) -> Campaign:
    campaign = _get(campaigns_visible_to(user).select_related("unit", "parent"), pk)
    if manage and not can_manage_unit(user, campaign.unit):
        raise Http404
    return campaign


def access_activity(user: User, pk: int, *, manage: bool = False) -> Activity:
    activity = _get(activities_visible_to(user).select_related("unit", "campaign", "team"), pk)
    if manage and not can_manage_unit(user, activity.unit):
        raise Http404
    return activity


def access_document(user: User, pk: int, *, manage: bool = False) -> GuidanceDocument:
    document = _get(documents_visible_to(user).select_related("unit"), pk)
    if manage and not can_manage_unit(user, document.unit):
        raise Http404
    return document


def access_bulletin(user: User, pk: int, *, manage: bool = False) -> Bulletin:
    bulletin = _get(bulletins_visible_to(user).select_related("unit"), pk)
    if manage and not can_manage_unit(user, bulletin.unit):
        raise Http404
    return bulletin
