"""Each channel asks for what it needs; an invalid activity is not saved, valid ones are."""

import datetime

import pytest
from django.utils import timezone

from campaigns.models import Activity, ActivityChange
from tests.campaigns.conftest import GIAO_HUONG, GIAO_THUY, NAM_PHONG
from tests.campaigns.factories import ActivityFactory, CampaignFactory
from tests.visits.factories import TeamFactory

pytestmark = pytest.mark.django_db


def _post(client, campaign, unit, channel, **extra):
    start = (timezone.localtime() + datetime.timedelta(days=3)).replace(second=0, microsecond=0)
    data = {
        "campaign": campaign.pk,
        "unit": unit.pk,
        "channel": channel,
        "title": "Tuyên truyền CĐS",
        "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (start + datetime.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
        "organiser": "UBND xã",
        "participants_in_person": 0,
        "participants_online": 0,
        "copies": 0,
        "status": "planned",
        **extra,
    }
    return client.post("/activities/add/", data)


CASES = [
    # channel, unit code, missing-field errors expected without extras, extras that make it valid
    ("conference", GIAO_THUY, ["place"], {"place": "Hội trường huyện"}),
    ("training", GIAO_THUY, ["place"], {"place": "Trung tâm chính trị"}),
    ("hands_on", GIAO_HUONG, ["place"], {"place": "Bưu điện xã"}),
    ("event", GIAO_THUY, ["place"], {"place": "Quảng trường"}),
    ("documents", GIAO_HUONG, ["copies"], {"copies": 500}),
    ("article", GIAO_THUY, ["outlet", "outlet_name"], {"outlet": "newspaper", "outlet_name": "Báo Nam Định"}),
    ("online", GIAO_THUY, ["participants_online"], {"participants_online": 12000}),
    ("loudspeaker", GIAO_HUONG, [], {}),
    ("door_to_door", GIAO_HUONG, [], {}),
]


@pytest.mark.parametrize(("channel", "code", "missing", "extras"), CASES)
def test_each_channel_requires_its_fields_and_saves_when_given(
    client_for, district_officer, unit, channel, code, missing, extras
):
    client = client_for(district_officer)
    campaign = CampaignFactory()
    if missing:
        response = _post(client, campaign, unit(code), channel)
        assert response.status_code == 200
        assert set(missing) <= set(response.context["form"].errors)
        assert not Activity.objects.exists()
    response = _post(client, campaign, unit(code), channel, **extras)
    assert response.status_code == 302, response.context["form"].errors if response.context else ""
    activity = Activity.objects.get()
    assert activity.channel == channel
    assert activity.created_by == district_officer


@pytest.mark.parametrize("channel", ["loudspeaker", "door_to_door"])
def test_loudspeaker_and_door_to_door_belong_to_a_commune(client_for, district_officer, unit, channel):
    response = _post(client_for(district_officer), CampaignFactory(), unit(GIAO_THUY), channel)
    assert "unit" in response.context["form"].errors
    assert not Activity.objects.exists()


def test_door_to_door_needs_both_visit_dates_in_order_and_a_team_of_its_commune(client_for, district_officer, unit):
    client = client_for(district_officer)
    campaign, commune = CampaignFactory(), unit(GIAO_HUONG)
    today = timezone.localdate()
    response = _post(client, campaign, commune, "door_to_door", visits_from=today.isoformat())
    assert "visits_until" in response.context["form"].errors
    response = _post(
        client,
        campaign,
        commune,
        "door_to_door",
        visits_from=today.isoformat(),
        visits_until=(today - datetime.timedelta(days=1)).isoformat(),
    )
    assert "visits_until" in response.context["form"].errors
    other_team = TeamFactory(commune=unit("14158"))
    response = _post(client, campaign, commune, "door_to_door", team=other_team.pk)
    assert "team" in response.context["form"].errors
    team = TeamFactory(commune=commune)
    response = _post(
        client,
        campaign,
        commune,
        "door_to_door",
        team=team.pk,
        visits_from=today.isoformat(),
        visits_until=today.isoformat(),
    )
    assert response.status_code == 302
    assert Activity.objects.get().team == team


def test_a_done_activity_needs_a_result_report(client_for, district_officer, unit):
    client = client_for(district_officer)
    response = _post(client, CampaignFactory(), unit(GIAO_THUY), "conference", place="Hội trường", status="done")
    assert "result_report" in response.context["form"].errors
    response = _post(
        client,
        CampaignFactory(),
        unit(GIAO_THUY),
        "conference",
        place="Hội trường",
        status="done",
        result_report="120 đại biểu tham dự.",
    )
    assert response.status_code == 302
    assert Activity.objects.get().status == "done"


def test_an_activity_cannot_end_before_it_starts(client_for, district_officer, unit):
    start = timezone.localtime() + datetime.timedelta(days=1)
    response = _post(
        client_for(district_officer),
        CampaignFactory(),
        unit(GIAO_THUY),
        "conference",
        place="Hội trường",
        ends_at=(start - datetime.timedelta(hours=5)).strftime("%Y-%m-%dT%H:%M"),
    )
    assert "ends_at" in response.context["form"].errors


def test_a_unit_outside_the_officers_district_is_refused(client_for, district_officer, unit):
    response = _post(client_for(district_officer), CampaignFactory(), unit(NAM_PHONG), "conference", place="X")
    assert "unit" in response.context["form"].errors
    assert not Activity.objects.exists()


def test_moving_a_planned_activity_records_its_history(client_for, district_officer, unit):
    activity = ActivityFactory(unit=unit(GIAO_THUY), place="Hội trường cũ")
    client = client_for(district_officer)
    new_start = timezone.localtime(activity.starts_at) + datetime.timedelta(days=1)
    data = {
        "campaign": activity.campaign_id,
        "unit": activity.unit_id,
        "channel": "conference",
        "title": activity.title,
        "starts_at": new_start.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (new_start + datetime.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
        "place": "Hội trường mới",
        "organiser": activity.organiser,
        "participants_in_person": 10,
        "participants_online": 0,
        "copies": 0,
        "status": "planned",
    }
    assert client.post(f"/activities/{activity.pk}/edit/", data).status_code == 302
    change = ActivityChange.objects.get(activity=activity)
    assert change.changed_by == district_officer
    assert change.changes["place"] == ["Hội trường cũ", "Hội trường mới"]
    assert set(change.changes) == {"starts_at", "ends_at", "place"}
    # Editing without moving it records nothing more.
    data["participants_in_person"] = 20
    client.post(f"/activities/{activity.pk}/edit/", data)
    assert ActivityChange.objects.filter(activity=activity).count() == 1
    history = client.get(f"/activities/{activity.pk}/").content.decode()
    assert "Hội trường cũ → Hội trường mới" in history
    assert new_start.strftime("%H:%M %d/%m/%Y") in history
