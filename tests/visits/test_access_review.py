"""Access review: ids of another commune's objects in POST data, API tokens on HTML pages, moved volunteers."""

import datetime
import uuid

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.api_auth import issue_token
from tests.factories import CommuneOfficerFactory, VolunteerFactory
from tests.visits.factories import HamletFactory, HouseholdFactory, TeamFactory
from tests.visits.factories_staff import ConsentFactory, FishingVesselFactory
from visits.models import FishingVessel, Household, Team, Visit

pytestmark = pytest.mark.django_db


@pytest.fixture
def theirs(giao_huong):
    """Another commune's household, team, volunteer and fisherman."""
    hamlet = HamletFactory(commune=giao_huong)
    return {
        "household": HouseholdFactory(hamlet=hamlet),
        "fisherman": HouseholdFactory(hamlet=hamlet, target_groups=["fisherman"]),
        "team": TeamFactory(commune=giao_huong),
        "volunteer": VolunteerFactory(unit=giao_huong),
    }


def test_an_officer_cannot_assign_another_communes_households_team_or_volunteer(officer_client, nam_phong, theirs):
    mine, my_team = HouseholdFactory(hamlet=HamletFactory(commune=nam_phong)), TeamFactory(commune=nam_phong)
    url = reverse("visits_staff:assign")
    officer_client.post(url, {"households": [theirs["household"].pk], "team": my_team.pk})
    officer_client.post(url, {"hamlet": theirs["household"].hamlet_id, "team": my_team.pk})
    officer_client.post(url, {"households": [mine.pk], "team": theirs["team"].pk})
    officer_client.post(url, {"households": [mine.pk], "volunteer": theirs["volunteer"].pk})
    assert not Household.objects.filter(assigned_team__isnull=False).exists()
    assert not Household.objects.filter(assigned_volunteer__isnull=False).exists()


def test_an_officer_cannot_file_a_household_under_another_communes_hamlet(officer_client, theirs):
    data = {"hamlet": theirs["household"].hamlet_id, "address": "Số 9", "head_name": "Lê Văn Tư", "members_count": 2}
    response = officer_client.post(reverse("visits_staff:household_add"), data)
    assert response.status_code == 200 and response.context["form"].has_error("hamlet")
    assert not Household.objects.filter(address="Số 9").exists()


def test_an_officer_cannot_put_another_communes_volunteer_in_a_team(officer_client, theirs):
    volunteer = theirs["volunteer"].pk
    data = {"name": "Tổ 9", "leader": volunteer, "members": [volunteer]}
    response = officer_client.post(reverse("visits_staff:team_add"), data)
    assert response.status_code == 200
    assert not Team.objects.filter(name="Tổ 9").exists()
    assert officer_client.post(reverse("visits_staff:team_edit", args=[theirs["team"].pk]), data).status_code == 404


def test_an_officer_cannot_register_or_edit_a_vessel_of_another_commune(officer_client, theirs):
    data = {"owner": theirs["fisherman"].pk, "registration_number": "NĐ-12345-TS", "name": "Tàu Mới"}
    response = officer_client.post(reverse("visits_staff:vessel_add"), data)
    assert response.status_code == 200 and response.context["form"].has_error("owner")
    vessel = FishingVesselFactory(owner=theirs["fisherman"])
    assert officer_client.post(reverse("visits_staff:vessel_edit", args=[vessel.pk]), data).status_code == 404
    assert list(FishingVessel.objects.values_list("name", flat=True)) == [vessel.name]


def test_an_officer_cannot_edit_or_withdraw_consent_of_another_communes_household(officer_client, nam_phong, theirs):
    household = theirs["household"]
    consent = ConsentFactory(household=household)
    mine = HouseholdFactory(hamlet=HamletFactory(commune=nam_phong))
    edit = reverse("visits_staff:household_edit", args=[household.pk])
    assert officer_client.post(edit, {"address": "x"}).status_code == 404
    withdraw = reverse("visits_staff:consent_withdraw", args=[mine.pk, consent.pk])
    assert officer_client.post(withdraw).status_code == 404
    consent.refresh_from_db()
    assert consent.withdrawn_at is None


@pytest.mark.parametrize(
    "url",
    [
        "/outreach/households/",
        "/outreach/progress/",
        "/outreach/vessels/",
        "/producers/",
        "/scans/",
        "/field/",
    ],
)
def test_an_api_token_does_not_open_html_pages(url, nam_phong):
    officer = CommuneOfficerFactory(unit=nam_phong)
    response = Client().get(url, HTTP_AUTHORIZATION=f"Token {issue_token(officer)}")
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


@pytest.fixture
def moved_volunteer(nam_phong, giao_huong):
    """Worked in Nam Phong, then moved to Giao Hương; the old assignments were not cleaned up."""
    volunteer = VolunteerFactory(unit=nam_phong)
    hamlet = HamletFactory(commune=nam_phong)
    direct = HouseholdFactory(hamlet=hamlet, assigned_volunteer=volunteer)
    by_team = HouseholdFactory(hamlet=hamlet, assigned_team=TeamFactory(commune=nam_phong, members=[volunteer]))
    volunteer.unit = giao_huong
    volunteer.save()
    return volunteer, [direct, by_team]


def test_a_volunteer_moved_to_another_commune_no_longer_downloads_the_old_walk_list(moved_volunteer):
    volunteer, old_households = moved_volunteer
    client = Client()
    client.force_login(volunteer)
    response = client.get(reverse("visits_api:households"))
    assert response.status_code == 200
    assert response.json()["results"] == []


def test_a_volunteer_moved_to_another_commune_cannot_log_visits_there(moved_volunteer):
    volunteer, old_households = moved_volunteer
    visited_at = (timezone.now() - datetime.timedelta(hours=1)).isoformat()
    items = [
        {"uuid": str(uuid.uuid4()), "household": h.pk, "visited_at": visited_at, "outcome": "not_home"}
        for h in old_households
    ]
    client = Client(HTTP_AUTHORIZATION=f"Token {issue_token(volunteer)}")
    response = client.post(reverse("visits_api:sync"), {"visits": items}, content_type="application/json")
    assert [r["status"] for r in response.json()["results"]] == ["invalid", "invalid"]
    assert not Visit.objects.exists()


def test_pages_with_full_phone_numbers_are_not_kept_in_the_browser_cache(officer_client, nam_phong):
    household = HouseholdFactory(hamlet=HamletFactory(commune=nam_phong))
    for url in [reverse("visits_staff:household_detail", args=[household.pk]), reverse("visits_api:households")]:
        response = officer_client.get(url)
        assert response.status_code == 200
        assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
