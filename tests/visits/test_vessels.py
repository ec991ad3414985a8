"""Fishing vessel registry for coastal communes and the "returning this week" page."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import CommuneOfficerFactory, DistrictOfficerFactory, VolunteerFactory
from tests.visits.factories import HamletFactory, HouseholdFactory
from tests.visits.factories_staff import FishingVesselFactory
from visits.models import FishingVessel
from visits.selectors import week_bounds

pytestmark = pytest.mark.django_db
RETURNING = reverse("visits_staff:vessels_returning")


@pytest.fixture
def giao_thien(unit):
    return unit("14161")


@pytest.fixture
def fisherman(giao_thien):
    return HouseholdFactory(
        hamlet=HamletFactory(commune=giao_thien), target_groups=["fisherman"], head_name="Phạm Văn Biển"
    )


@pytest.fixture
def officer_client(client, giao_thien):
    client.force_login(CommuneOfficerFactory(unit=giao_thien))
    return client


def vessel_data(owner_household, **overrides):
    data = {
        "owner": owner_household.pk,
        "registration_number": "nđ-90123-ts",
        "name": "Tàu Biển Xanh",
        "length_m": "15.5",
        "home_port": "Cảng cá Giao Thiện",
        "monitoring_installed": "on",
        "expected_return_on": "2026-12-02",
    }
    data.update(overrides)
    return data


def test_officer_registers_a_vessel_for_a_fisherman_household(officer_client, fisherman):
    response = officer_client.post(reverse("visits_staff:vessel_add"), vessel_data(fisherman))
    assert response.status_code == 302
    vessel = FishingVessel.objects.get()
    assert vessel.owner == fisherman and vessel.registration_number == "NĐ-90123-TS"
    assert vessel.monitoring_installed and not vessel.radio_registered
    assert vessel.expected_return_on == datetime.date(2026, 12, 2)


def test_officer_edits_flags_and_return_date(officer_client, fisherman):
    vessel = FishingVesselFactory(owner=fisherman)
    data = vessel_data(fisherman, registration_number=vessel.registration_number, radio_registered="on")
    data["expected_return_on"] = "05/12/2026"
    assert officer_client.post(reverse("visits_staff:vessel_edit", args=[vessel.pk]), data).status_code == 302
    vessel.refresh_from_db()
    assert vessel.radio_registered and vessel.expected_return_on == datetime.date(2026, 12, 5)


@pytest.mark.parametrize(
    "field, value",
    [
        ("registration_number", "ABC"),
        ("registration_number", ""),
        ("length_m", "-3"),
        ("length_m", "abc"),
        ("expected_return_on", "31/02/2026"),
        ("owner", "999999"),
    ],
)
def test_invalid_vessel_is_rejected(officer_client, fisherman, field, value):
    response = officer_client.post(reverse("visits_staff:vessel_add"), vessel_data(fisherman, **{field: value}))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not FishingVessel.objects.exists()


def test_duplicate_registration_number_is_rejected(officer_client, fisherman):
    FishingVesselFactory(owner=fisherman, registration_number="NĐ-90123-TS")
    response = officer_client.post(reverse("visits_staff:vessel_add"), vessel_data(fisherman))
    assert "registration_number" in response.context["form"].errors
    assert FishingVessel.objects.count() == 1


def test_owner_must_be_a_fisherman_household_of_the_commune(officer_client, giao_thien, unit):
    farmer = HouseholdFactory(hamlet=HamletFactory(commune=giao_thien), target_groups=["farmer"])
    foreign = HouseholdFactory(hamlet=HamletFactory(commune=unit("14155")), target_groups=["fisherman"])
    for owner in (farmer, foreign):
        response = officer_client.post(reverse("visits_staff:vessel_add"), vessel_data(owner))
        assert "owner" in response.context["form"].errors
    assert not FishingVessel.objects.exists()


def test_another_communes_vessel_cannot_be_edited(officer_client, unit):
    vessel = FishingVesselFactory(owner=HouseholdFactory(hamlet=HamletFactory(commune=unit("14155"))))
    assert officer_client.get(reverse("visits_staff:vessel_edit", args=[vessel.pk])).status_code == 404


def test_returning_this_week_lists_only_this_weeks_returns_in_scope(client, fisherman, unit):
    start, _end = week_bounds()
    monday = timezone.localtime(start).date()
    this_week = FishingVesselFactory(owner=fisherman, expected_return_on=monday + datetime.timedelta(days=6))
    FishingVesselFactory(owner=fisherman, expected_return_on=monday + datetime.timedelta(days=7))
    FishingVesselFactory(owner=fisherman, expected_return_on=monday - datetime.timedelta(days=1))
    FishingVesselFactory(owner=fisherman, expected_return_on=None)
    elsewhere = HouseholdFactory(hamlet=HamletFactory(commune=unit("13696")), target_groups=["fisherman"])
    FishingVesselFactory(owner=elsewhere, expected_return_on=monday)
    client.force_login(DistrictOfficerFactory(unit=unit("365")))
    response = client.get(RETURNING)
    assert response.status_code == 200
    assert [v.pk for v in response.context["vessels"]] == [this_week.pk]
    # District staff meet vessels by registration number; the owner's name stays with the commune.
    assert this_week.registration_number in response.content.decode()
    assert fisherman.head_name not in response.content.decode()


def test_commune_officer_sees_owner_names_on_returning_page(officer_client, fisherman):
    FishingVesselFactory(owner=fisherman, expected_return_on=timezone.localdate())
    response = officer_client.get(RETURNING)
    assert fisherman.head_name in response.content.decode()


def test_vessel_registry_is_scoped_and_paginated(client, fisherman, unit, django_assert_max_num_queries):
    FishingVesselFactory.create_batch(55, owner=fisherman)
    FishingVesselFactory(owner=HouseholdFactory(hamlet=HamletFactory(commune=unit("13696"))))
    client.force_login(DistrictOfficerFactory(unit=unit("365")))
    with django_assert_max_num_queries(7):  # (one is the bell's unread count)
        response = client.get(reverse("visits_staff:vessel_list"))
    assert response.context["page"].paginator.count == 55
    assert len(response.context["page"].object_list) == 50
    assert client.get(reverse("visits_staff:vessel_add")).status_code == 403


def test_volunteers_do_not_use_the_vessel_pages(client, giao_thien):
    client.force_login(VolunteerFactory(unit=giao_thien))
    assert client.get(reverse("visits_staff:vessel_list")).status_code == 403
    assert client.get(RETURNING).status_code == 403


def test_a_vessel_stays_editable_when_its_owner_is_no_longer_tagged_fisherman(officer_client, fisherman):
    vessel = FishingVesselFactory(owner=fisherman)
    fisherman.target_groups = ["farmer"]
    fisherman.save()
    data = vessel_data(fisherman, registration_number=vessel.registration_number, expected_return_on="")
    assert officer_client.post(reverse("visits_staff:vessel_edit", args=[vessel.pk]), data).status_code == 302
    vessel.refresh_from_db()
    assert vessel.expected_return_on is None


def test_vessel_pages_keep_their_query_count_as_vessels_and_communes_grow(
    client, fisherman, unit, django_assert_max_num_queries
):
    # The district officer's registry and "returning this week" span several communes and owners.
    monday = timezone.localtime(week_bounds()[0]).date()
    FishingVesselFactory(owner=fisherman, expected_return_on=monday)
    client.force_login(DistrictOfficerFactory(unit=unit("365")))
    pages = [reverse("visits_staff:vessel_list"), RETURNING]
    baselines = {}
    for url in pages:
        with django_assert_max_num_queries(7) as baseline:  # (one is the bell's unread count)
            assert client.get(url).status_code == 200
        baselines[url] = len(baseline.captured_queries)
    for code in ("14155", "14161", "14158"):
        for _ in range(4):
            owner = HouseholdFactory(hamlet=HamletFactory(commune=unit(code)), target_groups=["fisherman"])
            FishingVesselFactory(owner=owner, expected_return_on=monday + datetime.timedelta(days=2))
    for url in pages:
        with django_assert_max_num_queries(baselines[url]):
            response = client.get(url)
    assert len(response.context["vessels"]) == 13


def test_returning_this_week_paginates_by_50_and_names_monday_to_sunday(client, fisherman, unit):
    start, _end = week_bounds()
    monday = timezone.localtime(start).date()
    FishingVesselFactory.create_batch(55, owner=fisherman, expected_return_on=monday + datetime.timedelta(days=1))
    client.force_login(DistrictOfficerFactory(unit=unit("365")))
    response = client.get(RETURNING)
    assert response.context["page"].paginator.count == 55
    assert len(response.context["vessels"]) == 50
    assert len(client.get(RETURNING, {"page": "2"}).context["vessels"]) == 5
    sunday = monday + datetime.timedelta(days=6)
    assert (response.context["first_day"], response.context["last_day"]) == (monday, sunday)
    week = f'data-testid="week">{monday:%d/%m/%Y} – {sunday:%d/%m/%Y}'
    assert week in response.content.decode()


# ---------------------------------------------------------------- an owner not yet in the register


def test_a_vessel_is_added_with_its_owners_name_when_no_household_is_registered(officer_client, giao_thien):
    data = vessel_data(HouseholdFactory.build(pk=None), owner="", owner_name="  Trần  Văn Sóng ")
    response = officer_client.post(reverse("visits_staff:vessel_add"), data)
    assert response.status_code == 302
    vessel = FishingVessel.objects.get()
    assert (vessel.owner, vessel.owner_name, vessel.commune) == (None, "Trần Văn Sóng", giao_thien)
    listed = officer_client.get(reverse("visits_staff:vessel_list")).content.decode()
    assert "Trần Văn Sóng" in listed and vessel.registration_number in listed


def test_a_vessel_needs_an_owner_household_or_an_owners_name(officer_client):
    data = vessel_data(HouseholdFactory.build(pk=None), owner="", owner_name="")
    response = officer_client.post(reverse("visits_staff:vessel_add"), data)
    assert response.status_code == 200
    assert "owner" in response.context["form"].errors
    assert not FishingVessel.objects.exists()


def test_linking_the_owners_household_later_drops_the_typed_name(officer_client, giao_thien, fisherman):
    vessel = FishingVesselFactory(owner=None, owner_name="Phạm Văn Biển", commune=giao_thien)
    data = vessel_data(fisherman, registration_number=vessel.registration_number, owner_name="Phạm Văn Biển")
    assert officer_client.post(reverse("visits_staff:vessel_edit", args=[vessel.pk]), data).status_code == 302
    vessel.refresh_from_db()
    assert (vessel.owner, vessel.owner_name) == (fisherman, "")


# ---------------------------------------------------------------- the menu


VESSELS = reverse("visits_staff:vessel_list")


def menu_urls(client) -> list[str]:
    return [url for _label, url in client.get(reverse("visits_staff:household_list")).context["nav_items"]]


def test_the_vessels_menu_shows_only_where_there_is_fishing(client, unit, giao_thien):
    inland = unit("13696")
    client.force_login(CommuneOfficerFactory(unit=inland))
    HouseholdFactory(hamlet=HamletFactory(commune=inland), target_groups=["farmer"])
    assert VESSELS not in menu_urls(client)
    client.force_login(CommuneOfficerFactory(unit=giao_thien))
    FishingVesselFactory(owner=None, owner_name="Trần Văn Sóng", commune=giao_thien)  # a vessel, no fisherman yet
    assert VESSELS in menu_urls(client)
    client.force_login(CommuneOfficerFactory(unit=inland))
    HouseholdFactory(hamlet=HamletFactory(commune=inland), target_groups=["fisherman"])
    assert VESSELS in menu_urls(client)
