"""The province's headline outreach figures for the public home page: no names, no unit counts."""

from dataclasses import dataclass

from django.db.models import Count, Q

from .models import Household, HouseholdStatus, Visit


@dataclass(frozen=True)
class Headline:
    households: int  # in the register
    reached: int  # a member has the five basic digital skills
    visits: int  # current visits (an edited visit counts once)
    communes_active: int  # communes where a visit has been made


def outreach_headline() -> Headline:
    """Two queries over the whole province."""
    households = Household.objects.aggregate(
        total=Count("pk"), reached=Count("pk", filter=Q(status=HouseholdStatus.REACHED))
    )
    visits = Visit.objects.filter(replaced_by__isnull=True).aggregate(
        total=Count("pk"), communes=Count("household__commune", distinct=True)
    )
    return Headline(
        households=households["total"],
        reached=households["reached"],
        visits=visits["total"],
        communes_active=visits["communes"],
    )
