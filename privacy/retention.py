"""Personal data is kept no longer than it is needed (Law 91/2025): visit notes for
VISIT_NOTES_RETENTION_DAYS, and the records of households that withdrew their consent for
WITHDRAWN_HOUSEHOLD_RETENTION_DAYS after the withdrawal. Run nightly by beat (privacy.schedules)
and by `manage.py apply_retention`."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from core.audit import Action, announce
from visits.models import Consent, Household, Visit

from .services import ERASED_ADDRESS, erase_household

BATCH = 1000


@dataclass(frozen=True)
class RetentionResult:
    visit_notes_blanked: int
    households_anonymised: int


def households_past_withdrawal(cutoff: datetime):
    """Households with a consent withdrawn before the cut-off and none still given, not yet erased."""
    withdrawn = Consent.objects.filter(household=OuterRef("pk"), withdrawn_at__lt=cutoff)
    active = Consent.objects.filter(household=OuterRef("pk"), withdrawn_at__isnull=True)
    return Household.objects.filter(Exists(withdrawn), ~Exists(active)).exclude(address=ERASED_ADDRESS)


def blank_old_visit_notes(cutoff: datetime) -> int:
    blanked = 0
    while True:
        with transaction.atomic():
            ids = list(
                Visit.objects.filter(visited_at__lt=cutoff).exclude(notes="").values_list("pk", flat=True)[:BATCH]
            )
            if not ids:
                return blanked
            Visit.objects.filter(pk__in=ids).update(notes="")
            announce(Action.UPDATE, Visit, ids, ["notes"])
        blanked += len(ids)


def apply_retention(now: datetime | None = None) -> RetentionResult:
    now = now or timezone.now()
    notes = blank_old_visit_notes(now - timedelta(days=settings.VISIT_NOTES_RETENTION_DAYS))
    cutoff = now - timedelta(days=settings.WITHDRAWN_HOUSEHOLD_RETENTION_DAYS)
    household_ids = list(households_past_withdrawal(cutoff).values_list("pk", flat=True))
    for household_id in household_ids:
        erase_household(household_id)
    return RetentionResult(visit_notes_blanked=notes, households_anonymised=len(household_ids))
