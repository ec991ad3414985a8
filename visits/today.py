"""The commune officer's page of today's work: what is waiting, in a handful of queries whatever the size."""

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from units.models import AdministrativeUnit

from .models import FishingVessel, Household, HouseholdStatus
from .selectors import week_bounds

SHOWN = 10  # rows per list; the counts and the links lead to the rest

UNASSIGNED = Q(assigned_team__isnull=True, assigned_volunteer__isnull=True)


def _revisit_due(today) -> Q:
    # Nobody goes back to a household that asked not to be contacted or has moved away.
    return Q(next_visit_on__lte=today) & ~Q(status__in=[HouseholdStatus.DO_NOT_CONTACT, HouseholdStatus.MOVED])


@dataclass
class TodaysWork:
    households: int
    not_visited_count: int
    revisits_due_count: int
    unassigned_count: int
    not_visited: list[Household]
    revisits_due: list[Household]
    unassigned: list[Household]
    vessels_returning: list[FishingVessel]


def todays_work(commune: AdministrativeUnit) -> TodaysWork:
    """Five queries: the counts in one pass, then the first rows of each list."""
    today = timezone.localdate()
    households = Household.objects.filter(commune=commune)
    counts = households.aggregate(
        total=Count("pk"),
        not_visited=Count("pk", filter=Q(status=HouseholdStatus.NOT_VISITED)),
        revisits_due=Count("pk", filter=_revisit_due(today)),
        unassigned=Count("pk", filter=UNASSIGNED),
    )
    start, end = week_bounds()
    vessels = (
        FishingVessel.objects.filter(commune=commune)
        .filter(expected_return_on__gte=max(today, start.date()), expected_return_on__lt=end.date())
        .select_related("owner", "owner__hamlet")
        .order_by("expected_return_on", "registration_number")
    )
    return TodaysWork(
        households=counts["total"],
        not_visited_count=counts["not_visited"],
        revisits_due_count=counts["revisits_due"],
        unassigned_count=counts["unassigned"],
        not_visited=_rows(households.filter(status=HouseholdStatus.NOT_VISITED)),
        revisits_due=_rows(households.filter(_revisit_due(today)), "next_visit_on"),
        unassigned=_rows(households.filter(UNASSIGNED)),
        vessels_returning=list(vessels[:SHOWN]),
    )


def _rows(households: QuerySet[Household], *order: str) -> list[Household]:
    related = households.select_related("hamlet", "assigned_team", "assigned_volunteer")
    return list(related.order_by(*order, "hamlet__name", "address_sort_key", "pk")[:SHOWN])
