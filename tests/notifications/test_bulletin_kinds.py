"""Bulletins: an emergency reaches the target communes' officers at once, day or night; priority or
overdue bulletins remind the commune daily until aired."""

import datetime
import logging
import threading

import pytest
from django.utils import timezone

from campaigns.models import Bulletin, BulletinTarget
from notifications import quiet_hours, services
from notifications.kinds import get_kind
from notifications.models import Delivery, Notification
from tests.campaigns.factories import BulletinFactory, BulletinTargetFactory
from tests.factories import CommuneOfficerFactory, VolunteerFactory
from tests.notifications.conftest import at, in_threads

pytestmark = pytest.mark.django_db


def _send_bulletin(client, commune, level: str):
    now = timezone.localtime().replace(second=0, microsecond=0)
    return client.post(
        "/bulletins/add/",
        {
            "level": level,
            "title": "Bão số 3 đổ bộ",
            "text": "Đề nghị bà con neo đậu tàu thuyền, gia cố nhà cửa.",
            "valid_from": now.strftime("%Y-%m-%dT%H:%M"),
            "valid_until": (now + datetime.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"),
            "units": [commune.pk],
        },
    )


@pytest.fixture
def night_now(settings):
    """Quiet hours around the present moment: the real clock reads "22:00" for every non-urgent message."""
    local = timezone.localtime()
    settings.NOTIFICATIONS_QUIET_HOURS = (
        (local - datetime.timedelta(hours=1)).strftime("%H:%M"),
        (local + datetime.timedelta(hours=2)).strftime("%H:%M"),
    )
    assert quiet_hours.hold_seconds(timezone.now(), urgent=False) > 0


@pytest.fixture
def giao_huong_officer(giao_huong):
    return CommuneOfficerFactory(username="gh_officer", unit=giao_huong, phone="0912345678")


def test_an_emergency_bulletin_sent_at_night_reaches_the_communes_officer_at_once(
    client,
    district_officer,
    giao_huong,
    giao_huong_officer,
    night_now,
    eager_celery,
    django_capture_on_commit_callbacks,
    mailoutbox,
    caplog,
):
    VolunteerFactory(unit=giao_huong)  # a volunteer of the commune: not an officer, not told
    elsewhere = CommuneOfficerFactory(username="other_commune_officer")
    client.force_login(district_officer)

    with (
        caplog.at_level(logging.INFO, logger="notifications.channels"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert _send_bulletin(client, giao_huong, "emergency").status_code == 302

    bulletin = Bulletin.objects.get()
    note = Notification.objects.get()
    assert note.recipient == giao_huong_officer and note.urgent and note.kind == "bulletin_emergency"
    assert bulletin.title in note.title and note.url == f"/bulletins/{bulletin.pk}/"
    assert [mail.to for mail in mailoutbox] == [[giao_huong_officer.email]]
    assert any("*******678" in record.getMessage() for record in caplog.records)  # the text channel too
    assert not Notification.objects.filter(recipient=elsewhere).exists()

    client.force_login(giao_huong_officer)
    assert client.get("/notifications/unread.json").json() == {"unread": 1}
    assert bulletin.title in client.get("/notifications/").content.decode()


def test_a_priority_bulletin_is_not_announced_at_once(
    client, district_officer, giao_huong, giao_huong_officer, eager_celery, django_capture_on_commit_callbacks
):
    client.force_login(district_officer)
    with django_capture_on_commit_callbacks(execute=True):
        assert _send_bulletin(client, giao_huong, "priority").status_code == 302

    assert not Notification.objects.exists()


def test_the_emergency_sweep_at_22_00_sends_at_once_and_only_once(giao_huong, giao_huong_officer, sweep, mailoutbox):
    BulletinTargetFactory(commune=giao_huong, bulletin=BulletinFactory(level="emergency", rank=0))

    assert sweep("bulletin_emergency", at(22)) == 1
    assert sweep("bulletin_emergency", at(22, 5)) == 0

    assert Notification.objects.filter(recipient=giao_huong_officer).count() == 1 and len(mailoutbox) == 1


def test_emergency_sent_then_swept_is_one_message(
    giao_huong, giao_huong_officer, sweep, mailoutbox, django_capture_on_commit_callbacks
):
    target = BulletinTargetFactory(commune=giao_huong, bulletin=BulletinFactory(level="emergency", rank=0))

    with django_capture_on_commit_callbacks(execute=True):
        services.announce("bulletin_emergency", target.bulletin_id, "emergency", now=at(22))
    sweep("bulletin_emergency", at(22, 5))

    assert Delivery.objects.count() == 1 and len(mailoutbox) == 1


def test_no_emergency_message_once_aired_or_expired(giao_huong, giao_huong_officer, mailoutbox):
    target = BulletinTargetFactory(commune=giao_huong, bulletin=BulletinFactory(level="emergency", rank=0))
    (due,) = get_kind("bulletin_emergency").due(timezone.now())
    key = ("bulletin_emergency", due.recipient_id, due.object_id, due.occurrence)

    BulletinTarget.objects.filter(pk=target.pk).update(first_aired_at=timezone.now())
    assert services.deliver(*key) == "no longer due"

    BulletinTarget.objects.filter(pk=target.pk).update(first_aired_at=None)
    Bulletin.objects.filter(pk=target.bulletin_id).update(valid_until=timezone.now() - datetime.timedelta(minutes=1))
    assert services.deliver(*key) == "no longer due"
    assert not Notification.objects.exists() and mailoutbox == []


def test_an_emergency_cannot_be_muted(giao_huong, giao_huong_officer, client, mailoutbox):
    client.force_login(giao_huong_officer)
    page = client.get("/profile/notifications/").content.decode()
    assert 'value="bulletin_emergency"' not in page and 'value="bulletin_awaiting_airing"' in page
    client.post("/profile/notifications/", {"language": "vi"})  # every box unticked
    target = BulletinTargetFactory(commune=giao_huong, bulletin=BulletinFactory(level="emergency", rank=0))

    assert services.deliver("bulletin_emergency", giao_huong_officer.pk, target.bulletin_id, "emergency") == "sent"


# ---------------------------------------------------------------- priority or overdue: daily until aired


@pytest.fixture
def waiting(giao_huong, giao_huong_officer):
    """An unaired priority bulletin for Giao Hương."""
    target = BulletinTargetFactory(commune=giao_huong, bulletin=BulletinFactory(level="priority", rank=1))
    return giao_huong_officer, target


def test_a_priority_bulletin_reminds_daily_once_a_day_until_aired(waiting, sweep, mailoutbox):
    officer, target = waiting
    kind = get_kind("bulletin_awaiting_airing")
    tomorrow = at(14, day=timezone.localdate() + datetime.timedelta(days=1))

    assert sweep("bulletin_awaiting_airing", at(14)) == 1
    assert sweep("bulletin_awaiting_airing", at(16)) == 0
    (due,) = kind.due(tomorrow)  # the next day owes a message of its own
    assert services.deliver(kind.code, due.recipient_id, due.object_id, due.occurrence, now=tomorrow) == "sent"
    BulletinTarget.objects.filter(pk=target.pk).update(first_aired_at=timezone.now())
    assert list(kind.due(at(14, day=timezone.localdate() + datetime.timedelta(days=2)))) == []

    notes = Notification.objects.filter(recipient=officer, kind="bulletin_awaiting_airing")
    assert notes.count() == 2 and len(mailoutbox) == 2
    assert target.bulletin.title in notes.first().body


def test_an_overdue_normal_bulletin_reminds_but_one_still_in_time_does_not(giao_huong, giao_huong_officer):
    in_time = BulletinFactory(title="Còn hạn", due_at=timezone.now() + datetime.timedelta(hours=5))
    BulletinTargetFactory(commune=giao_huong, bulletin=in_time)
    assert list(get_kind("bulletin_awaiting_airing").due(timezone.now())) == []

    late = BulletinFactory(title="Quá hạn", due_at=timezone.now() - datetime.timedelta(hours=1))
    BulletinTargetFactory(commune=giao_huong, bulletin=late)
    (due,) = get_kind("bulletin_awaiting_airing").due(timezone.now())
    assert (due.recipient_id, due.object_id) == (giao_huong_officer.pk, giao_huong.pk)
    assert services.deliver("bulletin_awaiting_airing", due.recipient_id, due.object_id, due.occurrence) == "sent"
    note = Notification.objects.get()
    assert "Quá hạn" in note.body and "Còn hạn" not in note.body


def test_no_daily_reminder_once_aired_or_held_into_the_next_day(waiting, mailoutbox):
    _officer, target = waiting
    (due,) = get_kind("bulletin_awaiting_airing").due(at(14))
    key = ("bulletin_awaiting_airing", due.recipient_id, due.object_id, due.occurrence)

    assert services.deliver(*key, now=at(9, day=timezone.localdate() + datetime.timedelta(days=1))) == "no longer due"
    BulletinTarget.objects.filter(pk=target.pk).update(first_aired_at=timezone.now())
    assert services.deliver(*key, now=at(14)) == "no longer due"
    assert not Notification.objects.exists() and mailoutbox == []


def test_a_daily_reminder_found_at_night_waits_for_seven(waiting, django_capture_on_commit_callbacks):
    from core.outbox import Outbox

    with django_capture_on_commit_callbacks(execute=False):
        assert services.sweep("bulletin_awaiting_airing", now=at(22)) == 1

    (row,) = Outbox.objects.all()
    assert row.kwargs["send_after"] is not None


@pytest.mark.django_db(transaction=True)
def test_two_daily_sweeps_at_once_send_one_message(eager_celery, mailoutbox):
    officer = CommuneOfficerFactory(username="race_officer")
    bulletin = BulletinFactory(unit=officer.unit, level="priority", rank=1)
    BulletinTargetFactory(commune=officer.unit, bulletin=bulletin)
    barrier = threading.Barrier(2)

    def run(_index):
        barrier.wait()
        return services.sweep("bulletin_awaiting_airing", now=at(14))

    in_threads(run)

    assert Notification.objects.filter(recipient=officer).count() == 1
    assert Delivery.objects.count() == 1 and len(mailoutbox) == 1


def test_nothing_is_sent_when_no_bulletin_waits(giao_huong, giao_huong_officer, sweep, mailoutbox):
    aired = BulletinTargetFactory(commune=giao_huong, bulletin=BulletinFactory(level="emergency", rank=0))
    BulletinTarget.objects.filter(pk=aired.pk).update(first_aired_at=timezone.now())

    assert sweep("bulletin_emergency", at(22)) == 0
    assert sweep("bulletin_awaiting_airing", at(14)) == 0
    assert not Notification.objects.exists() and mailoutbox == []


def test_an_emergency_whose_first_mail_failed_is_retried_and_mailed_once(
    giao_huong, giao_huong_officer, settings, eager_celery, django_capture_on_commit_callbacks, mailoutbox
):
    from tests.notifications import flaky_mail

    settings.EMAIL_BACKEND = "tests.notifications.flaky_mail.FlakyEmailBackend"
    flaky_mail.FAILURES_LEFT["count"] = 1
    target = BulletinTargetFactory(commune=giao_huong, bulletin=BulletinFactory(level="emergency", rank=0))

    with django_capture_on_commit_callbacks(execute=True):
        services.announce("bulletin_emergency", target.bulletin_id, "emergency", now=at(22))

    assert flaky_mail.FAILURES_LEFT["count"] == 0  # the first attempt did fail
    assert len(mailoutbox) == 1 and Notification.objects.count() == 1
    assert Delivery.objects.get().emailed_at is not None
