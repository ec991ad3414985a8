"""The activity list: scoped, filtered by unit/channel/status/dates/campaign/audience, constant queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.campaigns.conftest import GIAO_HUONG, GIAO_THUY, HONG_THUAN, NAM_PHONG
from tests.campaigns.factories import ActivityFactory, CampaignFactory

pytestmark = pytest.mark.django_db


def _titles(response) -> set[str]:
    return {a.title for a in response.context["page"]}


def test_list_shows_only_the_scope(client_for, district_officer, unit):
    ActivityFactory(unit=unit(GIAO_HUONG), title="ở Giao Hương")
    ActivityFactory(unit=unit(GIAO_THUY), title="ở huyện")
    ActivityFactory(unit=unit(NAM_PHONG), title="ở Nam Phong")
    assert _titles(client_for(district_officer).get("/activities/")) == {"ở Giao Hương", "ở huyện"}


def test_filters_combine(client_for, province_admin, unit):
    campaign = CampaignFactory()
    now = timezone.now()
    ActivityFactory(
        unit=unit(GIAO_HUONG),
        channel="online",
        title="trực tuyến",
        audiences=["youth"],
        campaign=campaign,
        starts_at=now,
        ends_at=now,
        participants_online=5000,
    )
    ActivityFactory(unit=unit(HONG_THUAN), channel="conference", title="hội nghị", status="done", result_report="ok")
    ActivityFactory(
        unit=unit(NAM_PHONG),
        channel="online",
        title="xa",
        starts_at=now - datetime.timedelta(days=40),
        ends_at=now - datetime.timedelta(days=40),
    )
    client = client_for(province_admin)
    assert _titles(client.get("/activities/", {"unit": unit(GIAO_THUY).pk})) == {"trực tuyến", "hội nghị"}
    assert _titles(client.get("/activities/", {"channel": "online"})) == {"trực tuyến", "xa"}
    assert _titles(client.get("/activities/", {"status": "done"})) == {"hội nghị"}
    assert _titles(client.get("/activities/", {"campaign": campaign.pk})) == {"trực tuyến"}
    assert _titles(client.get("/activities/", {"audience": "youth"})) == {"trực tuyến"}
    since = (timezone.localdate() - datetime.timedelta(days=10)).isoformat()
    until = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    assert _titles(client.get("/activities/", {"channel": "online", "date_from": since, "date_to": until})) == {
        "trực tuyến"
    }


def test_bad_filter_values_give_a_clear_answer_not_an_error(client_for, province_admin, unit):
    ActivityFactory(unit=unit(GIAO_HUONG))
    client = client_for(province_admin)
    for query in ({"channel": "fax"}, {"date_from": "32/13/2024"}, {"unit": "abc"}, {"campaign": "999999"}):
        response = client.get("/activities/", query)
        assert response.status_code == 200
        assert response.context["filter"].errors
        assert _titles(response) == set()


def test_list_query_count_is_constant_as_activities_grow(client_for, province_admin, unit):
    client = client_for(province_admin)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/activities/").status_code == 200
        return len(queries.captured_queries)

    ActivityFactory(unit=unit(GIAO_HUONG))
    few = count()
    for code in (GIAO_HUONG, HONG_THUAN, NAM_PHONG) * 5:
        ActivityFactory(unit=unit(code), campaign=CampaignFactory())
    assert count() == few


def test_calendar_puts_activities_on_their_day_with_constant_queries(client_for, province_admin, unit):
    client = client_for(province_admin)
    day = timezone.localtime().replace(day=15, hour=9, minute=0, second=0, microsecond=0)
    month = day.strftime("%Y-%m")
    ActivityFactory(unit=unit(GIAO_HUONG), starts_at=day, ends_at=day, title="ngày 15")

    def get():
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/activities/calendar/", {"month": month})
        return response, len(queries.captured_queries)

    response, few = get()
    cells = [cell for week in response.context["weeks"] for cell in week]
    (fifteenth,) = [c for c in cells if c.day == day.date()]
    assert [a.title for a in fifteenth.activities] == ["ngày 15"]
    assert sum(len(c.activities) for c in cells) == 1
    for offset in range(10):
        when = day + datetime.timedelta(days=offset - 5)
        ActivityFactory(unit=unit(HONG_THUAN), starts_at=when, ends_at=when, campaign=CampaignFactory())
    _response, many = get()
    assert many == few


def test_calendar_ignores_a_bad_month(client_for, province_admin):
    response = client_for(province_admin).get("/activities/calendar/", {"month": "2024-13"})
    assert response.status_code == 200
    assert response.context["month"] == timezone.localdate().replace(day=1)
