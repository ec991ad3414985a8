"""Writes of the coverage app: official household counts and targets (a blank value removes one).
Official counts are announced to the audit log (core.audit) like the register's edits: who set which
commune's count, never the number."""

from collections.abc import Sequence

from django.db import transaction

from accounts.models import User
from campaigns.models import Campaign
from core.audit import Action, announce
from units.models import AdministrativeUnit

from .models import OfficialHouseholdCount, Target

FIELDS = ["households"]


@transaction.atomic
def set_official_count(unit: AdministrativeUnit, households: int | None, *, by: User) -> None:
    if households is None:
        if OfficialHouseholdCount.objects.filter(unit=unit).delete()[0]:
            announce(Action.DELETE, OfficialHouseholdCount, [unit.pk])
        return
    count, created = OfficialHouseholdCount.objects.get_or_create(
        unit=unit, defaults={"households": households, "updated_by": by}
    )
    if created:
        announce(Action.CREATE, OfficialHouseholdCount, [unit.pk])
    elif count.households != households:
        count.households, count.updated_by = households, by
        count.save()
        announce(Action.UPDATE, OfficialHouseholdCount, [unit.pk], FIELDS)


@transaction.atomic
def import_official_counts(rows: Sequence, *, by: User) -> int:
    """Every previewed row (coverage.official_import) in one statement, all or nothing; returns how
    many counts were created or changed (a row equal to what is stored changes nothing)."""
    changed = [row for row in rows if row.before != row.households]
    OfficialHouseholdCount.objects.bulk_create(
        [OfficialHouseholdCount(unit=row.unit, households=row.households, updated_by=by) for row in changed],
        update_conflicts=True,
        unique_fields=["unit"],
        update_fields=["households", "updated_by", "updated_at"],
    )
    announce(Action.CREATE, OfficialHouseholdCount, [row.unit.pk for row in changed if row.before is None])
    announce(Action.UPDATE, OfficialHouseholdCount, [row.unit.pk for row in changed if row.before is not None], FIELDS)
    return len(changed)


@transaction.atomic
def set_target(
    unit: AdministrativeUnit, indicator: str, value: int | None, *, by: User, campaign: Campaign | None = None
) -> None:
    """The unit's general target for the indicator, or its target in `campaign`."""
    if value is None:
        Target.objects.filter(unit=unit, indicator=indicator, campaign=campaign).delete()
        return
    Target.objects.update_or_create(
        unit=unit, indicator=indicator, campaign=campaign, defaults={"value": value, "updated_by": by}
    )
