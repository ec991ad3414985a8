"""Which households a user may work on in the field: the walk list and the visits they may log.

A volunteer works on the households assigned to them or to a team they lead or belong to; a commune
officer on every household of their commune (through accounts.access); district and province staff
see progress pages, not walk lists with names and phones, so they get none here.
"""

from django.db.models import Q, QuerySet

from accounts.access import scope_to_units
from accounts.models import Role, User

from .models import Household, Team

FIELD_ROLES = (Role.VOLUNTEER, Role.COMMUNE_OFFICER)


def teams_of(user: User) -> QuerySet[Team]:
    return Team.objects.filter(Q(members=user) | Q(leader=user))


def households_for_field_work(user: User) -> QuerySet[Household]:
    if not user.is_authenticated:
        return Household.objects.none()
    if user.is_superuser:
        return Household.objects.all()
    if user.role == Role.VOLUNTEER:
        # Scoped to the volunteer's unit too: one moved to another commune keeps no old walk list.
        assigned = Household.objects.filter(
            Q(assigned_volunteer=user) | Q(assigned_team__in=teams_of(user).values("id"))
        )
        return scope_to_units(user, assigned, "commune")
    if user.role == Role.COMMUNE_OFFICER:
        return scope_to_units(user, Household.objects.all(), "commune")
    return Household.objects.none()


def sees_phones_of_field_households(user: User) -> bool:
    """The walk list holds only the user's own households, so its phones are shown to their field workers."""
    return user.is_authenticated and user.role in FIELD_ROLES


def walk_list(user: User) -> QuerySet[Household]:
    """The user's households in walking order (hamlet, then address with "Số 2" before "Số 10")."""
    return households_for_field_work(user).order_by("hamlet__name", "address_sort_key", "id")
