"""`seed_demo --scale large` (BENCH_SCALE=small here) builds the province into its own database
and never touches the default one."""

import io

import psycopg2
import pytest
from django.core.management import call_command
from django.db import connection

from accounts.models import User
from scale.database import drop, scale_settings
from scale.sizes import chosen_sizes
from visits.models import STATUS_RULE_SQL, Household, Visit

pytestmark = pytest.mark.django_db


@pytest.fixture
def scale_database():
    target = scale_settings()
    yield target
    drop(target)


# Households whose stored status differs from what visits.models.STATUS_RULE_SQL gives for their
# current visits (a visited household only: the rule's aggregate needs a visit).
WRONG_STATUS = f"""
SELECT count(*) FROM visits_household h JOIN (
    SELECT v.household_id,
        (array_agg(v.outcome ORDER BY v.visited_at DESC, v.id DESC))[1] AS latest_outcome,
        array_agg(v.outcome) AS outcomes,
        COALESCE(array_agg(DISTINCT s.skill) FILTER (WHERE s.skill IS NOT NULL), '{{}}') AS skills
    FROM visits_visit v
    LEFT JOIN LATERAL unnest(CASE WHEN v.outcome = 'met' THEN v.skills END) AS s(skill) ON true
    WHERE NOT EXISTS (SELECT 1 FROM visits_visit r WHERE r.replaces_id = v.id)
    GROUP BY v.household_id
) AS agg ON agg.household_id = h.id
WHERE h.status <> {STATUS_RULE_SQL}
"""  # noqa: S608 - the model's own constant rule, no input


def counts(target: dict) -> dict[str, int]:
    queries = {
        "wrong_status": WRONG_STATUS,
        "names_without_consent": "SELECT count(*) FROM visits_household WHERE consent_id IS NULL AND head_name <> ''",
        "communes": "SELECT count(*) FROM units_administrativeunit WHERE level = 3",
        "households": "SELECT count(*) FROM visits_household",
        "visits": "SELECT count(*) FROM visits_visit",
        "volunteers": "SELECT count(*) FROM accounts_user WHERE role = 'volunteer'",
        "teams": "SELECT count(*) FROM visits_team",
        "products": "SELECT count(*) FROM products_product",
        "learners": "SELECT count(*) FROM accounts_user WHERE role = 'learner'",
        "enrolments": "SELECT count(*) FROM training_enrolment",
        "scans": "SELECT sum(views) FROM scans_scanday",
        "registered_in_rollups": "SELECT sum(registered) FROM visits_communehouseholds",
        "visits_in_rollups": "SELECT sum(visits) FROM visits_communevisitday",
        "visits_in_totals": "SELECT sum(visits) FROM visits_communevisittotal",
        "scans_in_rollups": "SELECT sum(views) FROM scans_communescanday",
        "scans_in_totals": "SELECT sum(views) FROM scans_communescans",
        "ever_active": "SELECT count(*) FROM visits_volunteeractivity WHERE last_at IS NOT NULL",
        "never_vacuumed": "SELECT count(*) FROM pg_class WHERE relname IN ('visits_visit', 'scans_scanday', "
        "'training_enrolment') AND relallvisible = 0",
        "current_visits": "SELECT count(*) FROM visits_visit v WHERE NOT EXISTS "
        "(SELECT 1 FROM visits_visit r WHERE r.replaces_id = v.id)",
        "reached": "SELECT count(*) FROM visits_household WHERE status = 'reached'",
        # The generator leaves Household.reached_at empty; rebuild_rollups fills it before the day rows.
        "reached_at": "SELECT count(*) FROM visits_household WHERE reached_at IS NOT NULL",
        "reached_at_without_status": "SELECT count(*) FROM visits_household WHERE reached_at IS NULL "
        "AND status = 'reached'",
        "reached_in_rollups": "SELECT sum(households_reached) FROM visits_communevisitday",
        "activities": "SELECT count(*) FROM campaigns_activity",
        "documents": "SELECT count(*) FROM campaigns_guidancedocument",
        "recipients_acknowledged": "SELECT count(*) FILTER (WHERE acknowledged_at IS NOT NULL)::float "
        "/ count(*) FROM campaigns_documentrecipient",
        "bulletins": "SELECT count(*) FROM campaigns_bulletin",
        "aired_without_airing": "SELECT count(*) FROM campaigns_bulletintarget t WHERE first_aired_at IS NOT NULL "
        "AND NOT EXISTS (SELECT 1 FROM campaigns_bulletinairing a WHERE a.target_id = t.id)",
    }
    with (
        psycopg2.connect(
            dbname=target["NAME"], user=target["USER"] or None, host=target["HOST"] or None, port=target["PORT"] or None
        ) as scale,
        scale.cursor() as cursor,
    ):
        found = {}
        for name, sql in queries.items():
            cursor.execute(sql)
            found[name] = cursor.fetchone()[0]
    scale.close()
    return found


def test_large_seeding_builds_the_expected_counts_in_its_own_database(monkeypatch, scale_database, nam_dinh):
    monkeypatch.setenv("BENCH_SCALE", "small")
    users_before = User.objects.count()
    out = io.StringIO()

    call_command("seed_demo", scale="large", stdout=out)

    sizes = chosen_sizes("small")
    found = counts(scale_database)
    assert scale_database["NAME"] == connection.settings_dict["NAME"] + "_scale"
    assert found["communes"] == 226
    assert (found["households"], found["visits"]) == (sizes.households, sizes.visits)
    assert (found["volunteers"], found["teams"]) == (sizes.volunteers, sizes.teams)
    assert (found["products"], found["scans"]) == (sizes.products, sizes.scans)
    assert (found["learners"], found["enrolments"]) == (sizes.learners, sizes.enrolments)
    assert (found["activities"], found["documents"], found["bulletins"]) == (
        sizes.activities,
        sizes.documents,
        sizes.bulletins,
    )
    assert 0.7 < found["recipients_acknowledged"] < 0.95
    assert found["aired_without_airing"] == 0
    # The rollups were recounted from what was loaded; some visits were edited (replaced) since.
    assert found["registered_in_rollups"] == sizes.households
    assert found["visits_in_rollups"] == found["visits_in_totals"] == found["current_visits"] < sizes.visits
    assert found["scans_in_rollups"] == found["scans_in_totals"] == sizes.scans
    assert 0 < found["ever_active"] <= sizes.volunteers
    assert found["never_vacuumed"] == 0  # index-only scans need no heap visit, as on a database in use
    assert 0 < found["reached"] < sizes.households
    assert found["reached_in_rollups"] == found["reached_at"] >= found["reached"]
    assert found["reached_at_without_status"] == 0
    assert found["wrong_status"] == 0  # the same status the visits' own roll-up gives
    assert found["names_without_consent"] == 0
    assert "visits_visit: 40,000 rows" in out.getvalue()
    # The default (here: test) database got nothing.
    assert Household.objects.count() == Visit.objects.count() == 0
    assert User.objects.count() == users_before
