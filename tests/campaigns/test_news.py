"""Public news: published, not cancelled activities, newest first, by district; an Atom feed."""

import datetime

import pytest
from django.utils import timezone

from tests.campaigns.conftest import GIAO_HUONG, GIAO_THUY, NAM_PHONG
from tests.campaigns.factories import ActivityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def news(unit):
    now = timezone.now()
    ActivityFactory(unit=unit(GIAO_HUONG), title="Tin Giao Hương", publish_on_news=True, starts_at=now, ends_at=now)
    earlier = now - datetime.timedelta(days=3)
    ActivityFactory(
        unit=unit(NAM_PHONG), title="Tin Nam Phong", publish_on_news=True, starts_at=earlier, ends_at=earlier
    )
    ActivityFactory(unit=unit(GIAO_HUONG), title="Chưa công bố")
    ActivityFactory(unit=unit(GIAO_HUONG), title="Đã huỷ", publish_on_news=True, status="cancelled")


def test_news_lists_published_activities_newest_first_without_login(client, news):
    response = client.get("/news/")
    assert response.status_code == 200
    assert [a.title for a in response.context["page"]] == ["Tin Giao Hương", "Tin Nam Phong"]


def test_news_filters_by_district(client, news):
    response = client.get("/news/", {"district": GIAO_THUY})
    assert [a.title for a in response.context["page"]] == ["Tin Giao Hương"]
    assert client.get("/news/", {"district": "nonsense"}).status_code == 200


def test_unpublished_news_is_not_found(client, news):
    from campaigns.models import Activity

    hidden = Activity.objects.get(title="Chưa công bố")
    assert client.get(f"/news/{hidden.pk}/").status_code == 404


def test_atom_feed_lists_the_published_items(client, news):
    response = client.get("/news/feed/")
    assert response["Content-Type"].startswith("application/atom+xml")
    body = response.content.decode()
    assert body.count("<entry>") == 2
    assert "Tin Giao Hương" in body and "Chưa công bố" not in body


def test_news_page_is_light(client, news):
    response = client.get("/news/")
    assert len(response.content) < 20_000
    assert response.content.count(b"<script") == 1  # only the shared Bootstrap bundle, deferred
