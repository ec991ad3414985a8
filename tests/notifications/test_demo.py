"""seed_demo leaves a few notifications of each kind for the demo users, and is safe to run twice."""

import io

import pytest
from django.core.management import call_command

from notifications.kinds import all_kinds
from notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_the_demo_users_find_notifications_of_every_kind(units_imported, mailoutbox):
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    counts = dict.fromkeys((kind.code for kind in all_kinds()), 0)
    for kind in Notification.objects.values_list("kind", flat=True):
        counts[kind] += 1

    assert all(1 <= count <= 3 for count in counts.values()), counts
    assert set(Notification.objects.values_list("recipient__username", flat=True)) == {
        "volunteer",
        "learner",
        "coastal_officer",
        "commune_officer",
        "district_officer",
    }
    assert mailoutbox == []  # the demo writes to the centre only
    assert "coastal_officer" in out.getvalue()

    call_command("seed_demo", stdout=io.StringIO())
    assert Notification.objects.count() == sum(counts.values())
