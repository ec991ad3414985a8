"""A household's rights over its data (Law 91/2025): everything stored about it, and erasure.

Erasure anonymises rather than deletes: the household row stays in its commune and hamlet with its
status, member count and visits' outcomes, so the campaign's counts do not change; its name, phone,
address, target groups, the names on its consent records, its visits' notes and positions and the
owner names of its vessels are blanked, and every consent still given is withdrawn.
"""

import datetime
import decimal
import uuid
from typing import Any

from django.db import models, transaction
from django.db.models import Value
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from audit.models import AuditEntry
from core.audit import Action, announce
from visits.models import Consent, FishingVessel, Household, Visit

# What an erased household's address reads: its place in the register without saying where it is.
ERASED_ADDRESS = "—"
# Copies derived from other fields (search, sort, deduplication): nothing the household told anyone.
_DERIVED = {"head_name_folded", "address_sort_key", "fingerprint"}
_HOUSEHOLD_ERASED = {"head_name": "", "head_name_folded": "", "phone": "", "address": ERASED_ADDRESS}
_HOUSEHOLD_ERASED |= {"target_groups": []}
_VISIT_ERASED = {"notes": "", "latitude": None, "longitude": None}


def _json(value: Any) -> Any:
    if isinstance(value, datetime.date | datetime.time | decimal.Decimal | uuid.UUID):
        return value.isoformat() if hasattr(value, "isoformat") else str(value)
    return value


def _row(instance: models.Model) -> dict[str, Any]:
    return {
        field.name: _json(getattr(instance, field.attname))
        for field in instance._meta.concrete_fields
        if field.name not in _DERIVED
    }


def household_record(household: Household) -> dict[str, Any]:
    """Everything stored about the household, JSON-ready: the register row, consents, visits,
    vessels, and who created, changed, viewed or exported it (the audit log)."""
    audit = AuditEntry.objects.filter(target_type__model="household", target_id=str(household.pk))
    record = {
        "household": _row(household),
        "consents": [_row(consent) for consent in Consent.objects.filter(household=household).order_by("pk")],
        "visits": [_row(visit) for visit in Visit.objects.filter(household=household).order_by("pk")],
        "vessels": [_row(vessel) for vessel in FishingVessel.objects.filter(owner=household).order_by("pk")],
        "access_log": [
            {"at": entry.at.isoformat(), "action": entry.action, "actor": entry.actor_id, "fields": entry.fields}
            for entry in audit.order_by("at", "pk")
        ],
    }
    announce(Action.EXPORT, Household, [household.pk], record["household"].keys())
    return record


@transaction.atomic
def erase_household(household_id: int) -> None:
    """Anonymise the household and everything stored about it (see the module docstring)."""
    household = Household.objects.select_for_update().get(pk=household_id)
    now = timezone.now()
    Household.objects.filter(pk=household.pk).update(**_HOUSEHOLD_ERASED, consent=None, updated_at=now)
    announce(Action.UPDATE, Household, [household.pk], {*_HOUSEHOLD_ERASED.keys() - _DERIVED, "consent"})

    # Asking to be erased withdraws every consent still given; the records stay as evidence, nameless.
    consents = Consent.objects.filter(household=household)
    announce(Action.UPDATE, Consent, consents.values_list("pk", flat=True), ["given_by", "withdrawn_at"])
    consents.update(given_by="", withdrawn_at=Coalesce("withdrawn_at", Greatest("given_at", Value(now))))

    vessels = FishingVessel.objects.filter(owner=household).exclude(owner_name="")
    announce(Action.UPDATE, FishingVessel, vessels.values_list("pk", flat=True), ["owner_name"])
    vessels.update(owner_name="")

    visits = Visit.objects.filter(household=household)
    announce(Action.UPDATE, Visit, visits.values_list("pk", flat=True), _VISIT_ERASED)
    visits.update(**_VISIT_ERASED)


def is_erased(household: Household) -> bool:
    return household.address == ERASED_ADDRESS and not household.head_name and not household.phone
