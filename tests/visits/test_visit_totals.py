"""The all-time totals per commune (visits.visit_totals) stay equal to their day rows summed, and to a
direct count of the current visits, after any mix of syncs, edits, households moved and deleted; the
coverage source reads them for all time."""

import datetime
import io
import random
import uuid

import pytest
from django.core.management import call_command
from django.db.models import Count, Exists, OuterRef, Sum
from django.utils import timezone

from tests.factories import CommuneOfficerFactory
from tests.visits.factories import HamletFactory, HouseholdFactory, VisitFactory
from visits.indicators import EVENT_FIELDS, SOURCE
from visits.models import CommuneVisitDay, CommuneVisitTotal, Outcome, Service, Skill, Visit
from visits.services import CREATED, sync_visits
from visits.visit_totals import COLUMNS

pytestmark = pytest.mark.django_db


def stored_totals() -> dict[int, dict[str, int]]:
    return {row.pop("commune_id"): row for row in CommuneVisitTotal.objects.values("commune_id", *COLUMNS)}


def summed_days() -> dict[int, dict[str, int]]:
    rows = CommuneVisitDay.objects.values("commune_id").annotate(**{f"{c}_sum": Sum(c) for c in COLUMNS})
    return {row["commune_id"]: {c: row[f"{c}_sum"] for c in COLUMNS} for row in rows}


def current_visits_per_commune() -> dict[int, int]:
    current = Visit.objects.filter(~Exists(Visit.objects.filter(replaces=OuterRef("pk"))))
    return dict(
        current.values_list("household__commune_id").annotate(n=Count("pk")).values_list("household__commune_id", "n")
    )


def random_visit(rng: random.Random, household, replaces: str | None = None) -> dict:
    met = rng.random() < 0.6
    visited_at = timezone.now() - datetime.timedelta(days=rng.randint(0, 20), hours=rng.choice([0, 7, 23]))
    return {
        "uuid": str(uuid.uuid4()),
        "household": household.pk,
        "visited_at": visited_at.replace(microsecond=0).isoformat(),
        "outcome": Outcome.MET if met else Outcome.NOT_HOME,
        "skills": rng.sample(list(Skill.values), rng.randint(0, 5)) if met else [],
        "services": rng.sample(list(Service.values), rng.randint(0, 2)) if met else [],
        "replaces": replaces,
    }


def test_totals_equal_their_day_rows_and_a_direct_recount_after_a_random_mix_of_writes(unit):
    rng = random.Random(20261205)
    communes = [unit("13696"), unit("13699")]
    officers = {c.pk: CommuneOfficerFactory(unit=c) for c in communes}
    hamlets = {c.pk: HamletFactory(commune=c) for c in communes}
    households = [HouseholdFactory(hamlet=hamlets[c.pk]) for c in communes for _n in range(4)]
    current: dict[int, list[str]] = {}

    for _step in range(60):
        action = rng.choice(["visit", "visit", "edit", "move", "delete", "bulk"])
        household = rng.choice(households)
        officer = officers[household.commune_id]
        if action == "visit" or (action == "edit" and not current.get(household.pk)):
            batch = [random_visit(rng, household) for _n in range(rng.randint(1, 3))]
            assert [a["status"] for a in sync_visits(officer, batch)] == [CREATED] * len(batch)
            current.setdefault(household.pk, []).extend(item["uuid"] for item in batch)
        elif action == "edit":
            old = rng.choice(current[household.pk])
            edit = random_visit(rng, household, replaces=old)
            assert sync_visits(officer, [edit])[0]["status"] == CREATED
            current[household.pk] = [u for u in current[household.pk] if u != old] + [edit["uuid"]]
        elif action == "bulk":  # a writer that knows only the households (visits.rollups.refresh_households)
            visit = VisitFactory(
                household=household, visited_at=timezone.now() - datetime.timedelta(days=rng.randint(0, 9))
            )
            current.setdefault(household.pk, []).append(str(visit.uuid))
        elif action == "move":  # an admin moves the household, its visits' day rows go along
            target = next(c for c in communes if c.pk != household.commune_id)
            household.commune, household.hamlet = target, hamlets[target.pk]
            household.save()
        elif action == "delete" and not household.visits.exists():
            household.delete()
            households.remove(household)
        assert stored_totals() == summed_days() | {
            pk: dict.fromkeys(COLUMNS, 0) for pk in stored_totals() if pk not in summed_days()
        }, action

    visits = current_visits_per_commune()
    assert sum(visits.values()) == sum(len(uuids) for uuids in current.values()) > 0
    assert {pk: row["visits"] for pk, row in stored_totals().items() if row["visits"]} == visits
    incremental = stored_totals()
    CommuneVisitTotal.objects.update(visits=99)
    call_command("rebuild_rollups", stdout=io.StringIO())
    assert {pk: row for pk, row in stored_totals().items() if pk in incremental} == incremental


def test_the_coverage_source_reads_the_totals_for_all_time_and_the_days_for_a_period(unit):
    province, commune = unit("36"), unit("13696")
    household = HouseholdFactory(hamlet=HamletFactory(commune=commune))
    rng = random.Random(3)
    sync_visits(CommuneOfficerFactory(unit=commune), [random_visit(rng, household) for _n in range(5)])
    CommuneVisitDay.objects.filter(commune=commune).update(visits=0)  # a period must read the day rows...

    all_time = SOURCE.counts(None, [province])[province.pk]
    assert all_time["visits"] == 5  # ...and all time the totals
    assert set(EVENT_FIELDS) <= set(all_time)
    today = timezone.localdate()
    assert SOURCE.counts((today - datetime.timedelta(days=30), today), [province])[province.pk]["visits"] == 0
