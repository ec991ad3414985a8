"""Writes of the coverage app: official household counts and targets (a blank value removes one)."""

from django.db import transaction

from accounts.models import User
from units.models import AdministrativeUnit

from .models import OfficialHouseholdCount, Target


@transaction.atomic
def set_official_count(unit: AdministrativeUnit, households: int | None, *, by: User) -> None:
    if households is None:
        OfficialHouseholdCount.objects.filter(unit=unit).delete()
        return
    OfficialHouseholdCount.objects.update_or_create(unit=unit, defaults={"households": households, "updated_by": by})


@transaction.atomic
def set_target(unit: AdministrativeUnit, indicator: str, value: int | None, *, by: User) -> None:
    if value is None:
        Target.objects.filter(unit=unit, indicator=indicator).delete()
        return
    Target.objects.update_or_create(unit=unit, indicator=indicator, defaults={"value": value, "updated_by": by})
