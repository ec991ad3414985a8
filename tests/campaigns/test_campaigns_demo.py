"""seed_demo's campaign content: every channel, documents with acknowledgements, bulletins of each level."""

import io

import pytest
from django.core.management import call_command
from django.db.models import F
from django.utils import timezone

from campaigns.models import Activity, Bulletin, BulletinTarget, Campaign, Channel, DocumentRecipient

pytestmark = pytest.mark.django_db


def test_demo_has_every_channel_documents_and_bulletins_and_is_idempotent(units_imported, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("seed_demo", stdout=io.StringIO())
    campaign = Campaign.objects.get(name="Tuyên truyền chuyển đổi số 2023")
    assert campaign.children.count() == 3
    assert set(Activity.objects.values_list("channel", flat=True)) == set(Channel.values)
    assert Activity.objects.filter(channel="conference", unit__code="36").count() == 9
    assert Activity.objects.filter(channel="online", participants_online__gte=10_000).exists()
    assert DocumentRecipient.objects.filter(acknowledged_at__isnull=False).exists()
    assert DocumentRecipient.objects.filter(acknowledged_at__isnull=True).exists()
    assert set(Bulletin.objects.values_list("level", flat=True)) == {"emergency", "priority", "normal"}
    assert BulletinTarget.objects.filter(first_aired_at__isnull=False).exists()
    overdue = BulletinTarget.objects.filter(first_aired_at__isnull=True, bulletin__due_at__lt=timezone.now())
    assert overdue.exists()
    assert BulletinTarget.objects.filter(first_aired_at__gte=F("bulletin__valid_from")).exists()
    counts = (Activity.objects.count(), Bulletin.objects.count())
    call_command("seed_demo", stdout=io.StringIO())
    assert (Activity.objects.count(), Bulletin.objects.count()) == counts
