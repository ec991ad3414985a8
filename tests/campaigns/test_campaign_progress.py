"""Campaigns: created with target units chosen by district, numeric targets per unit, live progress."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from campaigns.models import Campaign, CampaignTarget
from tests.campaigns.conftest import GIAO_HUONG, GIAO_THUY, HONG_THUAN
from tests.campaigns.factories import ActivityFactory, CampaignFactory, CampaignTargetFactory
from tests.visits.factories import HamletFactory, HouseholdFactory, VisitFactory

pytestmark = pytest.mark.django_db


def _campaign_data(**extra):
    today = timezone.localdate()
    return {
        "name": "Tuyên truyền CĐS huyện Giao Thủy 2024",
        "goal": "Mọi hộ biết dùng dịch vụ công trực tuyến.",
        "starts_on": today.isoformat(),
        "ends_on": (today + datetime.timedelta(days=90)).isoformat(),
        "status": "active",
        "lead_agency": "UBND huyện Giao Thủy",
        "partners": "Bưu điện, VNPT",
        "audiences": ["citizens", "fishermen"],
        **extra,
    }


def test_district_creates_a_sub_campaign_with_all_its_communes_and_itself(client_for, district_officer, unit):
    parent = CampaignFactory(name="Tuyên truyền chuyển đổi số 2023")
    district = unit(GIAO_THUY)
    data = _campaign_data(parent=parent.pk, units=[district.pk], all_communes=[district.pk])
    response = client_for(district_officer).post("/campaigns/add/", data)
    assert response.status_code == 302
    campaign = Campaign.objects.get(parent=parent)
    assert campaign.unit == district
    assert campaign.created_by == district_officer
    targeted = set(campaign.targets.values_list("unit_id", flat=True))
    assert targeted == {district.pk, *district.children.current().values_list("pk", flat=True)}


def test_a_campaign_needs_units_and_an_ordered_period(client_for, district_officer, unit):
    today = timezone.localdate()
    data = _campaign_data(ends_on=(today - datetime.timedelta(days=1)).isoformat())
    response = client_for(district_officer).post("/campaigns/add/", data)
    assert {"ends_on", "units"} <= set(response.context["form"].errors)
    assert not Campaign.objects.exists()


def test_editing_the_units_keeps_targets_of_kept_units(client_for, district_officer, unit):
    campaign = CampaignFactory(unit=unit(GIAO_THUY))
    kept = CampaignTargetFactory(campaign=campaign, unit=unit(GIAO_HUONG), activities=7)
    CampaignTargetFactory(campaign=campaign, unit=unit(HONG_THUAN))
    data = _campaign_data(units=[unit(GIAO_HUONG).pk])
    assert client_for(district_officer).post(f"/campaigns/{campaign.pk}/edit/", data).status_code == 302
    assert list(campaign.targets.all()) == [kept]
    kept.refresh_from_db()
    assert kept.activities == 7


def test_targets_are_saved_all_or_nothing(client_for, district_officer, unit):
    campaign = CampaignFactory(unit=unit(GIAO_THUY))
    a = CampaignTargetFactory(campaign=campaign, unit=unit(GIAO_HUONG))
    b = CampaignTargetFactory(campaign=campaign, unit=unit(HONG_THUAN))
    client = client_for(district_officer)
    good = {"activities": 4, "participants": 300, "households_reached": 120, "service_vneid_level2": 80}
    data = {f"t{a.pk}-{k}": v for k, v in good.items()} | {f"t{b.pk}-{k}": v for k, v in good.items()}
    data[f"t{b.pk}-participants"] = -5
    assert client.post(f"/campaigns/{campaign.pk}/targets/", data).status_code == 200
    a.refresh_from_db()
    assert a.activities == 0
    data[f"t{b.pk}-participants"] = 50
    assert client.post(f"/campaigns/{campaign.pk}/targets/", data).status_code == 302
    a.refresh_from_db()
    assert (a.activities, a.households_reached, a.services["vneid_level2"], a.services["health_record"]) == (
        4,
        120,
        80,
        0,
    )


def _cells(response, code) -> dict:
    for target, cells in response.context["progress"]:
        if target.unit.code == code:
            return {c.name: (c.actual, c.target) for c in cells}
    raise AssertionError(code)


def test_progress_counts_done_activities_reached_households_and_services_per_unit_subtree(
    client_for, district_officer, unit
):
    campaign = CampaignFactory(unit=unit(GIAO_THUY))
    child = CampaignFactory(unit=unit(GIAO_HUONG), parent=campaign)
    CampaignTargetFactory(
        campaign=campaign, unit=unit(GIAO_THUY), activities=10, households_reached=5, services={"vneid_level2": 3}
    )
    CampaignTargetFactory(campaign=campaign, unit=unit(GIAO_HUONG), activities=2)
    ActivityFactory(
        campaign=campaign, unit=unit(GIAO_HUONG), status="done", result_report="ok", participants_in_person=40
    )
    ActivityFactory(
        campaign=child,
        unit=unit(GIAO_HUONG),
        status="done",
        result_report="ok",
        participants_in_person=0,
        participants_online=100,
    )
    ActivityFactory(campaign=campaign, unit=unit(HONG_THUAN), status="planned")
    hamlet = HamletFactory(commune=unit(GIAO_HUONG))
    HouseholdFactory(hamlet=hamlet, status="reached")
    HouseholdFactory(hamlet=hamlet, status="not_visited")
    VisitFactory(household__hamlet=hamlet, services=["vneid_level2", "health_record"])
    VisitFactory(
        household__hamlet=hamlet,
        services=["vneid_level2"],
        visited_at=timezone.now() - datetime.timedelta(days=365),  # before the campaign
    )
    response = client_for(district_officer).get(f"/campaigns/{campaign.pk}/")
    district = _cells(response, GIAO_THUY)
    assert district["activities"] == (2, 10)
    assert district["participants"] == (140, 0)
    assert district["households"] == (1, 5)
    assert district["vneid_level2"] == (1, 3)
    assert district["health_record"] == (1, 0)
    assert _cells(response, GIAO_HUONG)["activities"] == (2, 2)


def test_campaign_page_query_count_is_constant_as_targets_and_activities_grow(client_for, province_admin, unit):
    campaign = CampaignFactory()
    client = client_for(province_admin)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/campaigns/{campaign.pk}/").status_code == 200
        return len(queries.captured_queries)

    CampaignTargetFactory(campaign=campaign, unit=unit(GIAO_THUY))
    few = count()
    for commune in unit(GIAO_THUY).children.all()[:12]:
        CampaignTargetFactory(campaign=campaign, unit=commune)
        ActivityFactory(campaign=campaign, unit=commune, status="done", result_report="ok")
    CampaignFactory(parent=campaign)
    assert count() == few


def test_campaign_list_query_count_is_constant(client_for, province_admin):
    client = client_for(province_admin)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/campaigns/").status_code == 200
        return len(queries.captured_queries)

    CampaignFactory()
    few = count()
    for _ in range(6):
        CampaignFactory(parent=CampaignFactory())
    assert count() == few
    assert CampaignTarget.objects.count() == 0
