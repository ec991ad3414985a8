"""Targets per campaign: a target may name a campaign; the coverage page viewed for that campaign
(?campaign=<pk>) shows the campaign's period and measures achievement against its targets."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from coverage.models import Target
from tests.campaigns.factories import ActivityFactory, CampaignFactory
from tests.factories import DistrictOfficerFactory

pytestmark = pytest.mark.django_db
GIAO_THUY, HAI_HAU = "365", "366"
COMMUNE = "14149"


@pytest.fixture
def officer(unit):
    return DistrictOfficerFactory(unit=unit(GIAO_THUY))


def _done(unit, when, campaign) -> None:
    ActivityFactory(
        unit=unit, campaign=campaign, starts_at=when, ends_at=when, status="done", result_report="Đã tổ chức."
    )


def test_a_campaign_view_uses_the_campaigns_targets_and_period(client, officer, unit):
    today = timezone.localdate()
    campaign = CampaignFactory(unit=unit(GIAO_THUY), starts_on=today - datetime.timedelta(days=10), ends_on=today)
    now = timezone.now()
    _done(unit(COMMUNE), now, campaign)
    _done(unit(COMMUNE), now - datetime.timedelta(days=60), campaign)  # before the campaign's dates
    client.force_login(officer)
    url = reverse("coverage:target", args=[GIAO_THUY])
    client.post(url, {"indicator": "activities", "value": "10"})
    saved = client.post(url, {"indicator": "activities", "value": "2", "campaign": str(campaign.pk)})
    assert saved.status_code == 302
    assert saved.url == reverse("coverage:unit", args=[GIAO_THUY]) + f"?campaign={campaign.pk}"
    assert set(Target.objects.values_list("campaign", "value")) == {(None, 10), (campaign.pk, 2)}

    general = client.get(reverse("coverage:home"))
    in_campaign = client.get(reverse("coverage:home"), {"campaign": campaign.pk})

    assert [(a.target, a.value, a.percent) for a in general.context["achievements"]] == [(10, 2, 20.0)]
    assert [(a.target, a.value, a.percent) for a in in_campaign.context["achievements"]] == [(2, 1, 50.0)]
    assert in_campaign.context["chosen"].period == (campaign.starts_on, campaign.ends_on)
    assert 'data-testid="campaign-view"' in in_campaign.content.decode()
    # An explicit period still wins; the campaign's targets stay.
    all_time = client.get(reverse("coverage:home"), {"campaign": campaign.pk, "period": "all"})
    assert [(a.target, a.value) for a in all_time.context["achievements"]] == [(2, 2)]


def test_a_campaign_the_user_cannot_read_is_not_found(client, officer, unit):
    elsewhere = CampaignFactory(unit=unit(HAI_HAU))
    client.force_login(officer)

    assert client.get(reverse("coverage:home"), {"campaign": elsewhere.pk}).status_code == 404
    response = client.post(
        reverse("coverage:target", args=[GIAO_THUY]),
        {"indicator": "activities", "value": "3", "campaign": elsewhere.pk},
    )
    assert response.status_code == 404
    assert not Target.objects.exists()
    assert client.get(reverse("coverage:home"), {"campaign": "x'"}).status_code == 200  # not a number: ignored


def test_removing_a_campaign_target_leaves_the_general_one(client, officer, unit):
    campaign = CampaignFactory(unit=unit(GIAO_THUY))
    client.force_login(officer)
    url = reverse("coverage:target", args=[GIAO_THUY])
    client.post(url, {"indicator": "visits", "value": "10"})
    client.post(url, {"indicator": "visits", "value": "5", "campaign": campaign.pk})

    client.post(url, {"indicator": "visits", "value": "", "campaign": campaign.pk})

    assert list(Target.objects.values_list("campaign", "value")) == [(None, 10)]


def test_the_campaign_page_links_to_its_coverage_view(client, officer, unit):
    campaign = CampaignFactory(unit=unit(GIAO_THUY))
    client.force_login(officer)
    html = client.get(reverse("campaigns:campaign_detail", args=[campaign.pk])).content.decode()
    assert f"/coverage/?campaign={campaign.pk}" in html
