"""Demo notifications: a few of each kind for the demo users, written to the centre (no e-mail).

The demo data of the other apps is fresh (created just now), so first some of it is made due: a few
of the demo volunteer's households reach their revisit date today, a few of their team's have waited
15 days, the learner's unfinished course has stalled for 8 days; and a coastal commune officer (Xã
Giao Thiện, where the demo vessels are) joins the demo logins. The campaign kinds: see demo_campaigns.
"""

from datetime import timedelta

from django.utils import timezone

from accounts.models import Role, User
from core.demo import demo_password_hash
from training.models import Enrolment, LessonCompletion, QuizAttempt
from units.models import AdministrativeUnit
from visits.models import Household

from . import services
from .demo_campaigns import make_campaign_things_due
from .kinds import all_kinds

PER_KIND = 3
COASTAL_OFFICER = "coastal_officer"
DEMO_RECIPIENTS = ["volunteer", "learner", COASTAL_OFFICER, "commune_officer", "district_officer"]


def _first_pks(queryset) -> list[int]:
    return list(queryset.order_by("pk").values_list("pk", flat=True)[:PER_KIND])


def _make_things_due(now) -> None:
    mine = Household.objects.filter(assigned_volunteer__username="volunteer", next_visit_on=None, last_visit_at=None)
    Household.objects.filter(pk__in=_first_pks(mine)).update(next_visit_on=timezone.localdate(now))
    team = Household.objects.filter(assigned_team__leader__username="volunteer", last_visit_at=None)
    Household.objects.filter(pk__in=_first_pks(team)).update(created_at=now - timedelta(days=15))
    stalled = Enrolment.objects.filter(user__username="learner", completed_at=None)
    long_ago = now - timedelta(days=8)
    stalled.update(enrolled_at=long_ago)
    LessonCompletion.objects.filter(enrolment__in=stalled).update(completed_at=long_ago)
    QuizAttempt.objects.filter(enrolment__in=stalled).update(started_at=long_ago)


def _coastal_officer() -> None:
    commune = AdministrativeUnit.objects.filter(code="14161").first()
    if commune is not None:
        User.objects.get_or_create(
            username=COASTAL_OFFICER,
            defaults={
                "role": Role.COMMUNE_OFFICER,
                "unit": commune,
                "first_name": "Cán bộ Xã",
                "last_name": "Giao Thiện",
                "email": f"{COASTAL_OFFICER}@example.org",
                "password": demo_password_hash(),
            },
        )


def seed(stdout=None) -> None:
    """Idempotent: the ledger turns a second run's deliveries into duplicates."""
    now = timezone.now()
    _coastal_officer()
    _make_things_due(now)
    events = make_campaign_things_due(now)
    recipients = set(User.objects.filter(username__in=DEMO_RECIPIENTS).values_list("pk", flat=True))
    sent = 0
    for kind in all_kinds():
        announced = [
            due for object_id, occurrence in events.get(kind.code, []) for due in kind.due_for(object_id, occurrence)
        ]
        dues = [due for due in [*kind.due(now), *announced] if due.recipient_id in recipients][:PER_KIND]
        for due in dues:
            outcome = services.deliver(
                kind.code, due.recipient_id, due.object_id, due.occurrence, now=now, external=False
            )
            sent += outcome == "sent"
    if stdout is not None:
        stdout.write(f"notifications demo: {sent} notifications for the demo users\n")
