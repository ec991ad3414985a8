"""Who may see and change what in door-to-door outreach: the one access module of this app.

Unit scoping comes from accounts.access; this module adds the outreach rules.

Who may write where (the rule, in one place):
- The household register (households, consents, hamlets, teams, assignments, vessels) is written only
  by the commune officer of that commune (`can_manage_register`). District and province staff read
  progress and registers without names or phones; they never edit a commune's register, because the
  commune is where consent is collected and where people are known.
- Visits are logged only by field workers (`FIELD_ROLES`) on `households_for_field_work`.

Getters (`access_<thing>(user, pk, *, manage=False)`) return the object or raise Http404: the same
answer for "not yours" and "does not exist", so ids do not reveal what exists elsewhere. A user whose
role never manages the register gets 403 from `managed_commune` before any object is looked up.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from accounts.access import is_staff_role, mask_phone, scope_to_units
from accounts.models import Role, User
from units.models import AdministrativeUnit

from .models import Consent, FishingVessel, Hamlet, Household, Team

FIELD_ROLES = (Role.VOLUNTEER, Role.COMMUNE_OFFICER)


# ---------------------------------------------------------------- who manages the register


def can_manage_register(user: User, commune_id: int) -> bool:
    """The commune officer of this very commune: not a parent unit's staff, not a superuser either
    (they use the admin), because consent is collected and people are known in the commune."""
    return keeps_a_register(user) and user.unit_id == commune_id


def keeps_a_register(user: User) -> bool:
    """Whether the user's role writes a register at all (pages then offer the edit links)."""
    return user.is_authenticated and user.role == Role.COMMUNE_OFFICER


def managed_commune(user: User) -> AdministrativeUnit:
    """The commune a commune officer keeps the register of; 403 for every other role."""
    if not user.is_authenticated or user.role != Role.COMMUNE_OFFICER or user.unit is None:
        raise PermissionDenied
    if user.unit.level != AdministrativeUnit.Level.COMMUNE:
        raise PermissionDenied
    return user.unit


def keeps_register_of(user: User, household: Household) -> bool:
    """The commune officer of the household's own commune: the one who may change it."""
    return can_manage_register(user, household.commune_id)


# ---------------------------------------------------------------- the volunteer's households


def teams_of(user: User) -> QuerySet[Team]:
    """Teams the user leads or belongs to."""
    return Team.objects.filter(Q(members=user) | Q(leader=user))


def volunteer_households(user: User) -> QuerySet[Household]:
    """The volunteer's households: assigned to them or to a team they lead or belong to, in their unit.

    Scoped to the unit too: a volunteer moved to another commune keeps no old walk list.
    """
    assigned = Household.objects.filter(Q(assigned_volunteer=user) | Q(assigned_team__in=teams_of(user).values("pk")))
    return scope_to_units(user, assigned, "commune")


def is_assigned(user: User, household: Household) -> bool:
    if not user.is_authenticated or user.role != Role.VOLUNTEER:
        return False
    return volunteer_households(user).filter(pk=household.pk).exists()


# ---------------------------------------------------------------- personal data


def sees_personal_data(user: User) -> bool:
    """Names of heads of household are for the commune that keeps the register, not for districts."""
    return user.is_authenticated and (user.is_superuser or user.role == Role.COMMUNE_OFFICER)


def sees_full_phone(user: User, household: Household) -> bool:
    return keeps_register_of(user, household) or is_assigned(user, household)


def shown_phone(user: User, household: Household) -> str:
    if not household.phone:
        return ""
    return household.phone if sees_full_phone(user, household) else mask_phone(household.phone)


def sees_phones_of_field_households(user: User) -> bool:
    """The walk list holds only the user's own households, so its phones are shown to their field workers."""
    return user.is_authenticated and user.role in FIELD_ROLES


# ---------------------------------------------------------------- scoped querysets


def households_visible_to(user: User) -> QuerySet[Household]:
    """Staff: their unit's subtree. Volunteers: only their own households."""
    if is_staff_role(user):
        return scope_to_units(user, Household.objects.all(), "commune")
    if user.is_authenticated and user.role == Role.VOLUNTEER:
        return volunteer_households(user)
    return Household.objects.none()


def households_for_field_work(user: User) -> QuerySet[Household]:
    """The walk list and the households a visit may be logged for; district and province staff get none."""
    if not user.is_authenticated:
        return Household.objects.none()
    if user.is_superuser:
        return Household.objects.all()
    if user.role == Role.VOLUNTEER:
        return volunteer_households(user)
    if user.role == Role.COMMUNE_OFFICER:
        return scope_to_units(user, Household.objects.all(), "commune")
    return Household.objects.none()


def walk_list(user: User) -> QuerySet[Household]:
    """The user's households in walking order (hamlet, then address), one row per household."""
    return households_for_field_work(user).order_by("hamlet__name", "address_sort_key", "id")


def hamlets_visible_to(user: User) -> QuerySet[Hamlet]:
    return scope_to_units(user, Hamlet.objects.select_related("commune"), "commune").order_by("commune__path", "name")


def teams_visible_to(user: User) -> QuerySet[Team]:
    return scope_to_units(user, Team.objects.select_related("commune", "leader"), "commune").order_by(
        "commune__path", "name"
    )


def vessels_visible_to(user: User) -> QuerySet[FishingVessel]:
    return scope_to_units(user, FishingVessel.objects.select_related("commune", "owner", "owner__hamlet"), "commune")


# ---------------------------------------------------------------- getters


def access_household(user: User, pk, *, manage: bool = False) -> Household:
    """Read: staff in scope or an assigned volunteer. Manage: the commune officer of its commune."""
    households = managed_commune(user).households.all() if manage else households_visible_to(user)
    households = households.select_related("hamlet", "commune", "assigned_team", "assigned_volunteer")
    return get_object_or_404(households, pk=pk)


def access_consent(user: User, household_pk, consent_pk) -> Consent:
    """Consents are only ever changed, by the officer who keeps the household's register."""
    household = access_household(user, household_pk, manage=True)
    return get_object_or_404(Consent.objects.select_related("household"), household=household, pk=consent_pk)


def access_hamlet(user: User, pk, *, manage: bool = False) -> Hamlet:
    hamlets = managed_commune(user).hamlets.all() if manage else hamlets_visible_to(user)
    return get_object_or_404(hamlets, pk=pk)


def access_team(user: User, pk, *, manage: bool = False) -> Team:
    teams = Team.objects.filter(commune=managed_commune(user)) if manage else teams_visible_to(user)
    return get_object_or_404(teams, pk=pk)


def access_vessel(user: User, pk, *, manage: bool = False) -> FishingVessel:
    vessels = vessels_visible_to(user)
    if manage:
        vessels = vessels.filter(commune=managed_commune(user))
    return get_object_or_404(vessels, pk=pk)
