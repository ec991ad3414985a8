"""Every campaigns URL × every role: in scope, out of scope, anonymous. 404 hides what is not yours."""

import pytest
from django.core.files.base import ContentFile

from campaigns.models import ActivityAttachment
from tests.campaigns.conftest import GIAO_HUONG, GIAO_THUY, NAM_PHONG
from tests.campaigns.factories import (
    ActivityFactory,
    BulletinFactory,
    BulletinTargetFactory,
    CampaignFactory,
    DocumentRecipientFactory,
    GuidanceDocumentFactory,
)

pytestmark = pytest.mark.django_db

# Commune and district officers alike: their subtree readable and editable, nothing outside it.
STAFF_IN_SCOPE = {
    "public": 200,
    "list": 200,
    "read_in": 200,
    "read_out": 404,
    "manage_in": 200,
    "manage_out": 404,
    "staff": 200,
}
# What each role gets for each kind of URL.
EXPECTED = {
    "anonymous": {
        "public": 200,
        "list": 302,
        "read_in": 302,
        "read_out": 302,
        "manage_in": 302,
        "manage_out": 302,
        "staff": 302,
    },
    "learner": {
        "public": 200,
        "list": 403,
        "read_in": 403,
        "read_out": 403,
        "manage_in": 403,
        "manage_out": 403,
        "staff": 403,
    },
    "volunteer": {
        "public": 200,
        "list": 200,
        "read_in": 200,
        "read_out": 404,
        "manage_in": 403,
        "manage_out": 403,
        "staff": 403,
    },
    "commune_officer": STAFF_IN_SCOPE,
    "district_officer": STAFF_IN_SCOPE,
    "province_admin": {
        "public": 200,
        "list": 200,
        "read_in": 200,
        "read_out": 200,
        "manage_in": 200,
        "manage_out": 200,
        "staff": 200,
    },
}


def _world(unit):
    """One of each object in Giao Hương (in scope of its officers and Giao Thủy) and in Nam Phong (outside)."""
    objects = {}
    for side, code, issuer in (("in", GIAO_HUONG, GIAO_THUY), ("out", NAM_PHONG, "356")):
        commune = unit(code)
        campaign = CampaignFactory(unit=commune)
        activity = ActivityFactory(campaign=campaign, unit=commune, publish_on_news=True)
        attachment = ActivityAttachment(
            activity=activity, kind="document", original_name="a.pdf", content_type="application/pdf", size=10
        )
        attachment.file.save("a.pdf", ContentFile(b"%PDF-1.4 x"), save=True)
        document = GuidanceDocumentFactory(unit=unit(issuer))
        DocumentRecipientFactory(document=document, unit=commune)
        bulletin = BulletinFactory(unit=unit(issuer))
        BulletinTargetFactory(bulletin=bulletin, commune=commune)
        objects[side] = (campaign, activity, attachment, document, bulletin)
    return objects


def _urls(objects) -> list[tuple[str, str]]:
    urls = [
        ("/news/", "public"),
        ("/news/feed/", "public"),
        (f"/news/{objects['out'][1].pk}/", "public"),
        ("/campaigns/", "list"),
        ("/activities/", "list"),
        ("/activities/?format=csv", "list"),
        ("/activities/calendar/", "list"),
        ("/documents/", "list"),
        ("/bulletins/", "list"),
        ("/campaigns/add/", "staff"),
        ("/activities/add/", "staff"),
        ("/documents/add/", "staff"),
        ("/bulletins/add/", "staff"),
    ]
    for side in ("in", "out"):
        campaign, activity, attachment, document, bulletin = objects[side]
        urls += [
            (f"/campaigns/{campaign.pk}/", f"read_{side}"),
            (f"/activities/{activity.pk}/", f"read_{side}"),
            (f"/activities/{activity.pk}/attachments/{attachment.pk}/", f"read_{side}"),
            (f"/documents/{document.pk}/", f"read_{side}"),
            (f"/documents/{document.pk}/file/", f"read_{side}"),
            (f"/bulletins/{bulletin.pk}/", f"read_{side}"),
            (f"/campaigns/{campaign.pk}/edit/", f"manage_{side}"),
            (f"/campaigns/{campaign.pk}/targets/", f"manage_{side}"),
            (f"/activities/{activity.pk}/edit/", f"manage_{side}"),
        ]
    return urls


@pytest.mark.parametrize("role", list(EXPECTED))
def test_every_url_answers_each_role_by_scope(request, client, unit, media_and_cache, role):
    objects = _world(unit)
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    wrong = []
    for url, kind in _urls(objects):
        status = client.get(url).status_code
        if status != EXPECTED[role][kind]:
            wrong.append((url, kind, status, EXPECTED[role][kind]))
    assert wrong == []


def test_posts_out_of_scope_change_nothing(client_for, commune_officer, unit, media_and_cache):
    objects = _world(unit)
    _campaign, activity, _attachment, document, bulletin = objects["out"]
    client = client_for(commune_officer)
    assert client.post(f"/activities/{activity.pk}/attachments/{_attachment.pk}/delete/").status_code == 404
    assert client.post(f"/documents/{document.pk}/acknowledge/").status_code == 404
    assert client.post(f"/bulletins/{bulletin.pk}/", {"times_aired": 1}).status_code == 404
    assert ActivityAttachment.objects.filter(pk=_attachment.pk).exists()
    assert not document.recipients.filter(acknowledged_at__isnull=False).exists()
    assert not bulletin.targets.filter(first_aired_at__isnull=False).exists()
