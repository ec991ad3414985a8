"""The per-team rollups the progress pages read equal a direct recount after any mix of writes."""

import io
import random

from django.core.management import call_command
from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.functions import TruncDate
from django.utils import timezone

from tests.factories import CommuneOfficerFactory
from tests.visits.factories import HamletFactory, HouseholdFactory, TeamFactory
from tests.visits.test_rollups import random_visit
from visits import register
from visits.models import Household, HouseholdStatus, Service, Team, TeamHouseholds, TeamVisitDay, Visit
from visits.services import CREATED, sync_visits

SERVICE_FIELDS = [f"service_{s.value}" for s in Service]
MET = [HouseholdStatus.MET, HouseholdStatus.REACHED]


def recount_teams() -> dict[int, dict[str, int]]:
    rows = Team.objects.annotate(
        total=Count("households"),
        attempted=Count("households", filter=Q(households__status=HouseholdStatus.ATTEMPTED)),
        met=Count("households", filter=Q(households__status__in=MET)),
        reached=Count("households", filter=Q(households__status=HouseholdStatus.REACHED)),
    ).values("pk", "total", "attempted", "met", "reached")
    return {row.pop("pk"): {"households": row.pop("total"), **row} for row in rows}


def stored_teams() -> dict[int, dict[str, int]]:
    rows = TeamHouseholds.objects.values("team_id", "households", "attempted", "met", "reached")
    return {row.pop("team_id"): row for row in rows}


def recount_team_days() -> dict[tuple[int, object], dict[str, int]]:
    current = Visit.objects.filter(~Exists(Visit.objects.filter(replaces=OuterRef("pk"))))
    rows = (
        current.filter(household__assigned_team__isnull=False)
        .annotate(day=TruncDate("visited_at", tzinfo=timezone.get_current_timezone()))
        .values("household__assigned_team_id", "day")
        .annotate(
            visits=Count("pk"),
            **{f"service_{s.value}": Count("pk", filter=Q(services__contains=[s.value])) for s in Service},
        )
    )
    return {(row.pop("household__assigned_team_id"), row.pop("day")): row for row in rows}


def stored_team_days() -> dict[tuple[int, object], dict[str, int]]:
    rows = TeamVisitDay.objects.values("team_id", "day", "visits", *SERVICE_FIELDS)
    return {(row.pop("team_id"), row.pop("day")): row for row in rows if row["visits"]}


def test_team_rollups_equal_a_direct_recount_after_a_random_mix_of_writes(unit):
    rng = random.Random(20261205)
    communes = [unit("13696"), unit("13699")]
    officers = {c.pk: CommuneOfficerFactory(unit=c) for c in communes}
    hamlets = {c.pk: HamletFactory(commune=c) for c in communes}
    teams = {c.pk: [TeamFactory(commune=c, name=f"Tổ {n}") for n in range(3)] for c in communes}
    households = [HouseholdFactory(hamlet=hamlets[c.pk]) for c in communes for _n in range(8)]
    current: dict[int, list[str]] = {}
    now = timezone.now()

    for _step in range(150):
        action = rng.choice(["visit", "visit", "edit", "assign", "assign", "edit_household", "delete", "household"])
        household = rng.choice(households)
        officer = officers[household.commune_id]
        if action == "visit" or (action == "edit" and not current.get(household.pk)):
            batch = [random_visit(rng, household, now) for _n in range(rng.randint(1, 3))]
            assert [a["status"] for a in sync_visits(officer, batch)] == [CREATED] * len(batch)
            current.setdefault(household.pk, []).extend(item["uuid"] for item in batch)
        elif action == "edit":
            old = rng.choice(current[household.pk])
            edit = random_visit(rng, household, now, replaces=old)
            assert sync_visits(officer, [edit])[0]["status"] == CREATED
            current[household.pk].remove(old)
            current[household.pk].append(edit["uuid"])
        elif action == "assign":
            # A few households at once, from whichever teams they were on, to one team or to nobody.
            chosen = [h.pk for h in households if h.commune_id == household.commune_id and rng.random() < 0.4]
            register.assign_households(
                Household.objects.filter(pk__in=chosen),
                team=rng.choice(teams[household.commune_id]),
                volunteer=None,
                unassign=rng.random() < 0.2,
            )
        elif action == "edit_household":  # one household's team changed on its own form (a save, a signal)
            fresh = Household.objects.get(pk=household.pk)
            fresh.assigned_team = rng.choice([None, *teams[household.commune_id]])
            fresh.save()
        elif action == "delete" and not household.visits.exists():  # visits keep their household (PROTECT)
            Household.objects.get(pk=household.pk).delete()
            households.remove(household)
        elif action == "household":
            households.append(
                HouseholdFactory(
                    hamlet=hamlets[household.commune_id], assigned_team=rng.choice(teams[household.commune_id])
                )
            )

    assert Visit.objects.filter(replaces__isnull=False).exists(), "the mix must include edits"
    assert stored_team_days(), "the mix must leave visits on teams"
    assert stored_teams() == recount_teams()
    assert stored_team_days() == recount_team_days()
    incremental = (stored_teams(), stored_team_days())
    call_command("rebuild_rollups", stdout=io.StringIO())
    assert (stored_teams(), stored_team_days()) == incremental


def test_rebuild_rollups_recounts_the_team_rollups_from_the_source_rows(unit):
    commune = unit("13696")
    team = TeamFactory(commune=commune)
    household = HouseholdFactory(hamlet=HamletFactory(commune=commune), assigned_team=team)
    sync_visits(CommuneOfficerFactory(unit=commune), [random_visit(random.Random(4), household, timezone.now())])
    TeamVisitDay.objects.update(visits=99)
    TeamHouseholds.objects.all().delete()

    call_command("rebuild_rollups", stdout=io.StringIO())

    assert stored_teams() == recount_teams()
    assert stored_team_days() == recount_team_days()
    assert stored_teams()[team.pk]["households"] == 1
