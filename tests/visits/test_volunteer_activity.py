"""Active volunteers and teams read from each person's first and last current visit (visits.active_rollups,
recounted by a task every minute) equal a direct count of the people with a current visit in the period,
for any period — before, inside, around or after their visits — after a random mix of visits and edits."""

import datetime
import random
import uuid

import pytest
from django.db.models import Exists, OuterRef
from django.utils import timezone

from accounts.models import User
from core.indicators import Period
from tests.factories import VolunteerFactory
from tests.visits.factories import HamletFactory, HouseholdFactory, VisitFactory
from visits import tasks
from visits.indicators import ACTIVE_SOURCE
from visits.models import Team, Visit, VolunteerActivity
from visits.services import CREATED, sync_visits

pytestmark = pytest.mark.django_db


def direct(period: Period | None, commune) -> tuple[int, int]:
    """People of the commune, and its teams, with a current visit in the period: counted from the visits."""
    current = Visit.objects.filter(~Exists(Visit.objects.filter(replaces=OuterRef("pk"))))
    if period:
        zone = timezone.get_current_timezone()
        start = datetime.datetime.combine(period.start, datetime.time.min, zone)
        end = datetime.datetime.combine(period.end + datetime.timedelta(days=1), datetime.time.min, zone)
        current = current.filter(visited_at__gte=start, visited_at__lt=end)
    people = set(current.values_list("volunteer_id", flat=True))
    volunteers = User.objects.filter(unit=commune, pk__in=people).count()
    teams = Team.objects.filter(commune=commune, members__in=people).distinct().count()
    return volunteers, teams


def test_active_people_and_teams_equal_a_direct_count_for_any_period(unit):
    rng = random.Random(20261205)
    commune = unit("13696")
    volunteers = [VolunteerFactory(unit=commune) for _n in range(6)]
    teams = [Team.objects.create(commune=commune, name=f"Tổ {n}") for n in range(3)]
    for team in teams:
        team.members.add(*rng.sample(volunteers, 2))
    households = [HouseholdFactory(hamlet=HamletFactory(commune=commune)) for _n in range(5)]
    now = timezone.now().replace(microsecond=0)
    current: list[Visit] = []
    for _step in range(40):
        # Over the last 60 days: periods then fall before, inside, around and after each person's visits.
        when = now - datetime.timedelta(days=rng.randint(0, 60), hours=rng.randint(0, 23))
        replaces = current.pop(rng.randrange(len(current))) if current and rng.random() < 0.3 else None
        household = replaces.household if replaces else rng.choice(households)
        # An edit by anyone replaces someone's visit: its author may no longer be active.
        current.append(
            VisitFactory(household=household, volunteer=rng.choice(volunteers), visited_at=when, replaces=replaces)
        )

    assert tasks.refresh_volunteer_activity() > 0
    assert tasks.refresh_volunteer_activity() == 0  # nothing changed: nothing rewritten
    assert Visit.objects.filter(replaces__isnull=False).exists()

    today = timezone.localdate()
    periods = [None, Period(today - datetime.timedelta(days=13), today)]
    for _n in range(25):
        start = today - datetime.timedelta(days=rng.randint(-3, 70))
        periods.append(Period(start, start + datetime.timedelta(days=rng.randint(0, 20))))
    for period in periods:
        counts = ACTIVE_SOURCE.counts(period, [commune])[commune.pk]
        assert (counts["active_volunteers"], counts["active_teams"]) == direct(period, commune), period


def test_a_new_visit_counts_once_the_task_has_run(unit):
    volunteer = VolunteerFactory(unit=unit("13696"))
    household = HouseholdFactory(hamlet=HamletFactory(commune=volunteer.unit), assigned_volunteer=volunteer)
    item = {"uuid": str(uuid.uuid4()), "household": household.pk, "visited_at": timezone.now().isoformat()}
    assert sync_visits(volunteer, [item | {"outcome": "met"}])[0]["status"] == CREATED
    assert ACTIVE_SOURCE.counts(None, [volunteer.unit])[volunteer.unit.pk]["active_volunteers"] == 0

    tasks.refresh_volunteer_activity()

    assert ACTIVE_SOURCE.counts(None, [volunteer.unit])[volunteer.unit.pk]["active_volunteers"] == 1
    assert VolunteerActivity.objects.get(volunteer=volunteer).first_at is not None
