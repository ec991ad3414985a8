"""Commune and commune-day rollups stay equal to a direct recount after any mix of writes."""

import datetime
import io
import json
import random
import uuid

import pytest
from django.core.management import call_command
from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.functions import TruncDate
from django.utils import timezone

from tests.factories import CommuneOfficerFactory, VolunteerFactory
from tests.visits.factories import HamletFactory, HouseholdFactory, TeamFactory
from tests.visits.sync_client import item, send_each_at_once
from visits import register
from visits.models import (
    CommuneHouseholds,
    CommuneVisitDay,
    Consent,
    Household,
    HouseholdStatus,
    Outcome,
    Service,
    Skill,
    Visit,
)
from visits.services import CREATED, sync_visits

pytestmark = pytest.mark.django_db
SERVICES = list(Service.values)
SKILLS = list(Skill.values)


def recount_communes() -> dict[int, dict[str, int]]:
    rows = Household.objects.values("commune_id").annotate(
        registered=Count("pk"),
        with_consent=Count("pk", filter=Q(consent__isnull=False)),
        assigned=Count("pk", filter=Q(assigned_team__isnull=False) | Q(assigned_volunteer__isnull=False)),
        attempted=Count("pk", filter=Q(status=HouseholdStatus.ATTEMPTED)),
        met=Count("pk", filter=Q(status__in=["met", "reached"])),
        reached=Count("pk", filter=Q(status=HouseholdStatus.REACHED)),
    )
    return {row.pop("commune_id"): row for row in rows}


def recount_days() -> dict[tuple[int, datetime.date], dict[str, int]]:
    current = Visit.objects.filter(~Exists(Visit.objects.filter(replaces=OuterRef("pk"))))
    service_counts = {f"service_{s}": Count("pk", filter=Q(services__contains=[s])) for s in SERVICES}
    rows = (
        current.annotate(day=TruncDate("visited_at", tzinfo=timezone.get_current_timezone()))
        .values("household__commune_id", "day")
        .annotate(
            visits=Count("pk"),
            met_visits=Count("pk", filter=Q(outcome=Outcome.MET)),
            households_visited=Count("household", distinct=True),
            **service_counts,
        )
    )
    days = {(row.pop("household__commune_id"), row.pop("day")): row | {"households_reached": 0} for row in rows}
    for (commune_id, day), count in reached_days().items():
        days[commune_id, day]["households_reached"] = count
    return days


def reached_moments() -> dict[int, datetime.datetime]:
    """Per household: when its current met visits first covered all five skills (the latest of each
    skill's first coaching); households not reached are left out."""
    first: dict[int, dict[str, datetime.datetime]] = {}
    current = Visit.objects.filter(~Exists(Visit.objects.filter(replaces=OuterRef("pk"))), outcome=Outcome.MET)
    for household_id, visited_at, skills in current.values_list("household_id", "visited_at", "skills"):
        for skill in skills:
            first.setdefault(household_id, {})
            first[household_id][skill] = min(first[household_id].get(skill, visited_at), visited_at)
    return {h: max(by_skill.values()) for h, by_skill in first.items() if len(by_skill) == len(SKILLS)}


def stored_reached_moments() -> dict[int, datetime.datetime]:
    return dict(Household.objects.filter(reached_at__isnull=False).values_list("pk", "reached_at"))


def reached_days() -> dict[tuple[int, datetime.date], int]:
    """Per (commune, local day): households whose current met visits first covered all five skills."""
    communes = dict(Household.objects.values_list("pk", "commune_id"))
    counts: dict[tuple[int, datetime.date], int] = {}
    for household_id, moment in reached_moments().items():
        key = (communes[household_id], timezone.localtime(moment).date())
        counts[key] = counts.get(key, 0) + 1
    return counts


def stored_communes() -> dict[int, dict[str, int]]:
    fields = ["registered", "with_consent", "assigned", "attempted", "met", "reached"]
    return {
        row.pop("commune_id"): row
        for row in CommuneHouseholds.objects.values("commune_id", *fields)
        if any(row[f] for f in fields)
    }


def stored_days() -> dict[tuple[int, datetime.date], dict[str, int]]:
    fields = ["visits", "met_visits", "households_visited", "households_reached"] + [f"service_{s}" for s in SERVICES]
    return {
        (row.pop("commune_id"), row.pop("day")): row
        for row in CommuneVisitDay.objects.values("commune_id", "day", *fields)
        if row["visits"]
    }


def random_visit(rng: random.Random, household: Household, now: datetime.datetime, replaces=None) -> dict:
    outcome = rng.choice([Outcome.MET, Outcome.MET, Outcome.NOT_HOME, Outcome.REFUSED, Outcome.DO_NOT_CONTACT])
    met = outcome == Outcome.MET
    # Around midnight on purpose: the local day, not the UTC day, is the rollup's key.
    visited_at = (now - datetime.timedelta(days=rng.randint(0, 9), hours=rng.choice([0, 1, 7, 8, 23]))).replace(
        microsecond=0
    )
    return {
        "uuid": str(uuid.uuid4()),
        "household": household.pk,
        "visited_at": visited_at.isoformat(),
        "outcome": outcome,
        "skills": rng.sample(SKILLS, rng.randint(0, 5)) if met else [],
        "services": rng.sample(SERVICES, rng.randint(0, 2)) if met else [],
        "replaces": replaces,
    }


def test_rollups_equal_a_direct_recount_after_a_random_mix_of_writes(unit):
    rng = random.Random(20261205)
    communes = [unit("13696"), unit("13699")]
    officers = {c.pk: CommuneOfficerFactory(unit=c) for c in communes}
    hamlets = {c.pk: HamletFactory(commune=c) for c in communes}
    teams = {c.pk: TeamFactory(commune=c) for c in communes}
    households = [HouseholdFactory(hamlet=hamlets[c.pk]) for c in communes for _n in range(6)]
    current: dict[int, list[str]] = {}  # household id -> uuids of its visits not yet replaced
    now = timezone.now()

    for _step in range(120):
        action = rng.choice(["visit", "visit", "edit", "edit", "household", "delete", "consent", "withdraw", "assign"])
        household = rng.choice(households)
        officer = officers[household.commune_id]
        if action == "visit" or (action == "edit" and not current.get(household.pk)):
            batch = [random_visit(rng, household, now) for _n in range(rng.randint(1, 3))]
            answers = sync_visits(officer, batch)
            assert [a["status"] for a in answers] == [CREATED] * len(batch)
            current.setdefault(household.pk, []).extend(item["uuid"] for item in batch)
        elif action == "edit":
            old = rng.choice(current[household.pk])
            edit = random_visit(rng, household, now, replaces=old)
            assert sync_visits(officer, [edit])[0]["status"] == CREATED
            current[household.pk].remove(old)
            current[household.pk].append(edit["uuid"])
        elif action == "household":
            households.append(HouseholdFactory(hamlet=hamlets[rng.choice(communes).pk]))
        elif action == "delete" and not household.visits.exists():
            household.delete()
            households.remove(household)
        elif action == "consent" and not Household.objects.get(pk=household.pk).consent_id:
            register.add_consent(
                household,
                given_by="Chủ hộ",
                given_at=now,
                purpose=Consent.Purpose.DIGITAL_SKILLS_SUPPORT,
                recorded_by=officer,
            )
        elif action == "withdraw":
            consent = Household.objects.get(pk=household.pk).consent
            if consent:
                register.withdraw_consent(consent)
        elif action == "assign":
            register.assign_households(
                Household.objects.filter(pk=household.pk),
                team=teams[household.commune_id] if rng.random() < 0.7 else None,
                volunteer=None,
                unassign=rng.random() < 0.3,
            )

    assert Visit.objects.filter(replaces__isnull=False).exists(), "the mix must include edits"
    assert reached_days(), "the mix must reach some households"
    assert stored_reached_moments() == reached_moments()
    assert stored_communes() == recount_communes()
    assert stored_days() == recount_days()
    assert sum(row["visits"] for row in stored_days().values()) == sum(len(v) for v in current.values())
    incremental = (stored_days(), stored_communes())
    call_command("rebuild_rollups", stdout=io.StringIO())
    assert (stored_days(), stored_communes()) == incremental


def test_rebuild_rollups_recounts_everything_from_the_source_rows(unit):
    commune = unit("13696")
    household = HouseholdFactory(hamlet=HamletFactory(commune=commune))
    officer = CommuneOfficerFactory(unit=commune)
    sync_visits(officer, [random_visit(random.Random(1), household, timezone.now())])
    sync_visits(officer, [met_visit(household, timezone.now() - datetime.timedelta(days=2), SKILLS)])
    CommuneVisitDay.objects.update(visits=99)
    CommuneHouseholds.objects.all().delete()
    # A bulk loader (scale/) writes households without their reaching moment.
    Household.objects.update(reached_at=None)

    call_command("rebuild_rollups", stdout=io.StringIO())

    assert stored_reached_moments() == reached_moments() != {}
    assert stored_days() == recount_days()
    assert stored_communes() == recount_communes()
    assert stored_communes()[commune.pk]["registered"] == 1


def met_visit(household: Household, at: datetime.datetime, skills: list[str], replaces=None) -> dict:
    return {
        "uuid": str(uuid.uuid4()),
        "household": household.pk,
        "visited_at": at.isoformat(),
        "outcome": Outcome.MET,
        "skills": skills,
        "replaces": replaces,
    }


def test_the_day_a_household_was_first_reached_is_recounted_when_an_edit_moves_it_off_the_batchs_days(unit):
    # Reached on the day of the visit that completed the five skills: an edit of an earlier visit, or
    # a late visit from a phone that was offline, moves that day although the batch has no visit on it.
    commune = unit("13696")
    household = HouseholdFactory(hamlet=HamletFactory(commune=commune))
    officer = CommuneOfficerFactory(unit=commune)
    now = timezone.now().replace(microsecond=0)
    four_skills = met_visit(household, now - datetime.timedelta(days=2), SKILLS[:4])
    fifth = met_visit(household, now - datetime.timedelta(days=1), SKILLS[4:])
    assert [r["status"] for r in sync_visits(officer, [four_skills, fifth])] == [CREATED, CREATED]
    yesterday = timezone.localtime(now - datetime.timedelta(days=1)).date()
    assert stored_days()[commune.pk, yesterday]["households_reached"] == 1

    # The fifth skill taught four days ago as well: first reached two days ago (no visit of the batch then).
    late = met_visit(household, now - datetime.timedelta(days=4), SKILLS[4:])
    assert sync_visits(officer, [late])[0]["status"] == CREATED
    assert Household.objects.get(pk=household.pk).reached_at == now - datetime.timedelta(days=2)
    assert stored_days() == recount_days()
    assert stored_days()[commune.pk, yesterday]["households_reached"] == 0

    # An edit drops a skill from the visit two days ago: reached on no day at all.
    edit = met_visit(household, now - datetime.timedelta(days=2), SKILLS[:3], replaces=four_skills["uuid"])
    assert sync_visits(officer, [edit])[0]["status"] == CREATED
    assert Household.objects.get(pk=household.pk).reached_at is None
    assert stored_days() == recount_days()
    assert stored_reached_moments() == reached_moments() == {}


def test_a_household_moved_to_another_commune_takes_its_counts_along(unit):
    nam_phong, other = unit("13696"), unit("13699")
    household = HouseholdFactory(hamlet=HamletFactory(commune=nam_phong))
    sync_visits(CommuneOfficerFactory(unit=nam_phong), [random_visit(random.Random(2), household, timezone.now())])

    household.commune, household.hamlet = other, HamletFactory(commune=other)
    household.save()

    assert stored_days() == recount_days()
    assert stored_communes() == recount_communes()
    assert other.pk in stored_communes() and nam_phong.pk not in stored_communes()
    assert set(Visit.objects.filter(household=household).values_list("commune_id", flat=True)) == {other.pk}


def test_a_visit_keeps_its_households_commune_however_the_household_moves(unit):
    nam_phong, other = unit("13696"), unit("13699")
    household = HouseholdFactory(hamlet=HamletFactory(commune=nam_phong))
    sync_visits(CommuneOfficerFactory(unit=nam_phong), [random_visit(random.Random(3), household, timezone.now())])
    assert Visit.objects.get(household=household).commune_id == nam_phong.pk

    # A bulk update sends no signal: the database's (household, commune) key moves the visits itself.
    Household.objects.filter(pk=household.pk).update(commune=other, hamlet=HamletFactory(commune=other))

    assert Visit.objects.get(household=household).commune_id == other.pk


@pytest.mark.django_db(transaction=True)
def test_two_phones_syncing_other_households_of_one_commune_at_once_are_both_counted():
    # Both batches recount the same (commune, day) rows and the commune's snapshot: the second
    # must count the first one's visits and statuses, not overwrite them with what it saw before.
    first = VolunteerFactory()
    second = VolunteerFactory(unit=first.unit)
    hamlet = HamletFactory(commune=first.unit)
    mine = {v: HouseholdFactory.create_batch(15, hamlet=hamlet, assigned_volunteer=v) for v in (first, second)}
    for _round in range(3):
        bodies = {
            v: json.dumps({"visits": [item(households[n % 15], skills=SKILLS) for n in range(150)]})
            for v, households in mine.items()
        }
        responses = send_each_at_once(list(bodies.items()))
        assert {r.json()["results"][0]["status"] for r in responses} == {CREATED}

    assert stored_days() == recount_days()
    assert stored_communes() == recount_communes()
    assert sum(row["visits"] for row in stored_days().values()) == 900


def test_a_household_saved_from_an_instance_read_before_a_sync_keeps_its_reaching_moment(unit):
    # An edit form or the admin reads the household, a phone syncs, then the form saves: the reaching
    # moment the sync rolled up stays (the day rows count from it).
    commune = unit("13696")
    household = HouseholdFactory(hamlet=HamletFactory(commune=commune))
    read_before = Household.objects.get(pk=household.pk)
    reaching = met_visit(household, timezone.now().replace(microsecond=0) - datetime.timedelta(hours=1), SKILLS)
    assert sync_visits(CommuneOfficerFactory(unit=commune), [reaching])[0]["status"] == CREATED

    read_before.address = "Số 9, ngõ 4"
    read_before.save()

    assert Household.objects.get(pk=household.pk).address == "Số 9, ngõ 4"
    assert stored_reached_moments() == reached_moments() != {}
    assert stored_days() == recount_days()
