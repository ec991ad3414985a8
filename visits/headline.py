"""The province's headline outreach figures for the public home page: no names, no unit counts."""

from dataclasses import dataclass

from django.db.models import Count, Q, Sum

from .models import CommuneHouseholds, CommuneVisitDay


@dataclass(frozen=True)
class Headline:
    households: int  # in the register
    reached: int  # a member has the five basic digital skills
    visits: int  # current visits (an edited visit counts once)
    communes_active: int  # communes where a visit has been made


def outreach_headline() -> Headline:
    """Two queries over the commune rollups (visits.rollups), never over the visits themselves:
    this is the public home page."""
    households = CommuneHouseholds.objects.aggregate(
        total=Sum("registered", default=0), reached=Sum("reached", default=0)
    )
    visits = CommuneVisitDay.objects.aggregate(
        total=Sum("visits", default=0), communes=Count("commune", distinct=True, filter=Q(visits__gt=0))
    )
    return Headline(
        households=households["total"],
        reached=households["reached"],
        visits=visits["total"],
        communes_active=visits["communes"],
    )
