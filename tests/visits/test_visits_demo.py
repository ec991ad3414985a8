"""visits.demo seeds a usable Nam Phong register and Giao Thiện vessels, and is safe to run twice."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts import demo as accounts_demo
from core.demo import DEMO_PASSWORD
from visits import demo
from visits.access import households_visible_to
from visits.models import FishingVessel, Household, HouseholdStatus, Team, Visit
from visits.services import fingerprint_of_visit

pytestmark = pytest.mark.django_db


def test_seed_is_idempotent_and_gives_the_demo_volunteer_a_walk_list(units_imported, client):
    accounts_demo.seed(scale="demo", stdout=io.StringIO())
    demo.seed(scale="demo", stdout=io.StringIO())
    counts = (Household.objects.count(), Visit.objects.count(), FishingVessel.objects.count(), Team.objects.count())
    demo.seed(scale="demo", stdout=io.StringIO())
    assert counts == (
        Household.objects.count(),
        Visit.objects.count(),
        FishingVessel.objects.count(),
        Team.objects.count(),
    )
    assert Household.objects.filter(commune__code="13696").count() == 200
    assert set(Team.objects.values_list("name", flat=True)) == {"Tổ CNS số 1", "Tổ CNS số 2"}
    volunteer = accounts_demo.User.objects.get(username="volunteer")
    assert households_visible_to(volunteer).count() == 25
    # Realistic coverage: every kind of outcome shows, and most but not all households gave consent.
    assert set(Household.objects.values_list("status", flat=True)) == set(HouseholdStatus.values)
    nam_phong = Household.objects.filter(commune__code="13696")
    assert 0 < nam_phong.filter(consent__isnull=True).count() < nam_phong.count() // 3
    assert not nam_phong.filter(consent__isnull=True).exclude(head_name="", phone="").exists()
    assert all(v.fingerprint == fingerprint_of_visit(v) for v in Visit.objects.all())
    assert FishingVessel.objects.filter(commune__code="14161").count() == 6
    assert FishingVessel.objects.filter(owner__isnull=True).exclude(owner_name="").count() == 1
    assert client.login(username="commune_officer", password=DEMO_PASSWORD)
    for name in ["household_list", "team_list", "progress", "vessel_list", "vessels_returning", "hamlet_list"]:
        assert client.get(reverse(f"visits_staff:{name}")).status_code == 200


def test_reseeding_moves_the_demo_vessels_into_the_current_week(units_imported):
    accounts_demo.seed(scale="demo", stdout=io.StringIO())
    demo.seed(scale="demo", stdout=io.StringIO())
    FishingVessel.objects.update(expected_return_on=datetime.date(2020, 1, 6))  # a week long gone
    demo.seed(scale="demo", stdout=io.StringIO())
    today = timezone.localdate()
    monday = today - datetime.timedelta(days=today.weekday())
    this_week = FishingVessel.objects.filter(
        expected_return_on__gte=monday, expected_return_on__lte=monday + datetime.timedelta(days=6)
    )
    assert this_week.count() == 3
    assert FishingVessel.objects.count() == 6
