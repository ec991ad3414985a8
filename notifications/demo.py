"""Demo notifications: a few of each kind for the demo users, written to the centre (no e-mail)."""

from datetime import timedelta

from django.utils import timezone

from accounts.models import User
from visits.models import Household

from . import services
from .kinds import Due, all_kinds

PER_KIND = 3


def _demo_dues(kind, now) -> list[Due]:
    demo_users = set(User.objects.filter(username__in=["volunteer", "commune_officer"]).values_list("pk", flat=True))
    return [due for due in kind.due(now) if due.recipient_id in demo_users][:PER_KIND]


def _make_visits_due(now) -> None:
    """Some of the demo volunteer's households come due for a revisit today, and a few of their team's
    have waited 15 days (freshly seeded households were all created just now)."""
    today = timezone.localdate(now)
    mine = Household.objects.filter(assigned_volunteer__username="volunteer", next_visit_on=None, last_visit_at=None)
    Household.objects.filter(pk__in=list(mine.order_by("pk").values_list("pk", flat=True)[:PER_KIND])).update(
        next_visit_on=today
    )
    team = Household.objects.filter(assigned_team__leader__username="volunteer", last_visit_at=None)
    Household.objects.filter(pk__in=list(team.order_by("-pk").values_list("pk", flat=True)[:PER_KIND])).update(
        created_at=now - timedelta(days=15)
    )


def seed(stdout=None) -> None:
    """Each swept kind as it will be due at its next sweep times this week; idempotent (the ledger)."""
    now = timezone.now()
    _make_visits_due(now)
    monday = now - timedelta(days=timezone.localdate(now).weekday())
    sent = 0
    for kind in all_kinds():
        for when in (now, monday):
            for due in _demo_dues(kind, when):
                outcome = services.deliver(
                    kind.code, due.recipient_id, due.object_id, due.occurrence, now=when, external=False
                )
                sent += outcome == "sent"
    if stdout is not None:
        stdout.write(f"notifications: {sent} demo notifications\n")
