"""Coverage data made through the real write paths, so the rollups are kept as in production."""

import uuid

from django.utils import timezone

from tests.factories import CommuneOfficerFactory
from tests.visits.factories import HamletFactory, HouseholdFactory
from visits.models import Household, Outcome, Skill
from visits.services import CREATED, sync_visits


def households_in(commune, count: int) -> list[Household]:
    hamlet = HamletFactory(commune=commune)
    return [HouseholdFactory(hamlet=hamlet) for _n in range(count)]


def visit(household: Household, *, when=None, reached: bool = False, services=(), outcome=Outcome.MET) -> None:
    """One visit through the sync (as the household's commune officer): reached = all five skills."""
    officer = CommuneOfficerFactory(unit=household.commune, username=f"officer-{household.commune.code}")
    item = {
        "uuid": str(uuid.uuid4()),
        "household": household.pk,
        "visited_at": (when or timezone.now()).replace(microsecond=0).isoformat(),
        "outcome": outcome,
        "skills": list(Skill.values) if reached else [],
        "services": list(services),
    }
    assert sync_visits(officer, [item])[0]["status"] == CREATED
