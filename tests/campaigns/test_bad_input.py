"""No input makes a campaigns page fail: nonsense in every form and query gives a clear answer, not a 500,
and nothing is half-saved."""

import pytest

from campaigns.models import Activity, Bulletin, BulletinAiring, Campaign, CampaignTarget, GuidanceDocument
from tests.campaigns.conftest import GIAO_HUONG, GIAO_THUY
from tests.campaigns.factories import (
    ActivityFactory,
    BulletinTargetFactory,
    CampaignFactory,
    CampaignTargetFactory,
    DocumentRecipientFactory,
)

pytestmark = pytest.mark.django_db

NONSENSE = ["", "abc", "-1", "99999999999999999999", "2024-02-30", "<script>", "'; DROP TABLE x; --", "①②③"]


def test_nonsense_in_every_form_field_is_refused_without_an_error_page(client_for, district_officer, unit):
    client = client_for(district_officer)
    campaign = CampaignFactory(unit=unit(GIAO_THUY))
    target = CampaignTargetFactory(campaign=campaign, unit=unit(GIAO_HUONG))
    activity = ActivityFactory(campaign=campaign, unit=unit(GIAO_HUONG))
    posts = {
        "/campaigns/add/": [
            "name",
            "starts_on",
            "ends_on",
            "status",
            "lead_agency",
            "audiences",
            "parent",
            "units",
            "all_communes",
        ],
        f"/campaigns/{campaign.pk}/targets/": [f"t{target.pk}-activities", f"t{target.pk}-service_vneid_level2"],
        "/activities/add/": [
            "campaign",
            "unit",
            "channel",
            "starts_at",
            "ends_at",
            "participants_online",
            "team",
            "status",
            "visits_from",
        ],
        f"/activities/{activity.pk}/edit/": ["campaign", "starts_at", "copies", "outlet"],
        "/documents/add/": ["issued_on", "report_due_on", "units", "file"],
        "/bulletins/add/": ["level", "valid_from", "valid_until", "units", "audio"],
    }
    before = (
        Campaign.objects.count(),
        Activity.objects.count(),
        GuidanceDocument.objects.count(),
        Bulletin.objects.count(),
    )
    for value in NONSENSE:
        assert client.get("/activities/add/", {"campaign": value}).status_code == 200, value
    for url, fields in posts.items():
        for value in NONSENSE:
            response = client.post(url, dict.fromkeys(fields, value))
            assert response.status_code == 200, (url, value, response.status_code)
    after = (
        Campaign.objects.count(),
        Activity.objects.count(),
        GuidanceDocument.objects.count(),
        Bulletin.objects.count(),
    )
    assert after == before
    target.refresh_from_db()
    assert target.activities == 0 and CampaignTarget.objects.count() == 1


def test_nonsense_in_queries_and_airing_and_reports_never_fails(client_for, commune_officer, unit):
    client = client_for(commune_officer)
    target = BulletinTargetFactory(commune=unit(GIAO_HUONG))
    recipient = DocumentRecipientFactory(unit=unit(GIAO_HUONG))
    for value in NONSENSE:
        for url in ("/activities/", "/activities/calendar/", "/campaigns/", "/documents/", "/bulletins/", "/news/"):
            for name in ("unit", "channel", "date_from", "campaign", "audience", "month", "page", "district", "format"):
                assert client.get(url, {name: value}).status_code == 200, (url, name, value)
        data = {"aired_at": value, "times_aired": value, "clusters_reached": value, "aired_by": value}
        assert client.post(f"/bulletins/{target.bulletin_id}/", data).status_code == 200
        assert client.post(f"/documents/{recipient.document_id}/report/", {"report": value * 2000}).status_code == 302
    assert not BulletinAiring.objects.exists()
