"""The weekly report e-mail: subscribed leaders get one mail per week (ledger-claimed), on an
editable django-celery-beat crontab."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from core.schedules import ensure_schedules
from coverage import weekly
from coverage.models import WeeklyReportMail, WeeklyReportSubscription
from tests.coverage.factories import households_in, visit
from tests.factories import DistrictOfficerFactory, VolunteerFactory

pytestmark = pytest.mark.django_db
GIAO_THUY, NGO_DONG = "365", "14149"


@pytest.fixture
def eager():
    from outreach.celery import app

    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = False


@pytest.fixture
def leader(unit):
    return DistrictOfficerFactory(unit=unit(GIAO_THUY), email="truong.phong@example.org")


def test_a_leader_subscribes_on_the_reports_page_and_unsubscribes(client, leader):
    client.force_login(leader)

    client.post(reverse("coverage_reports:weekly"), {"subscribe": "1"})
    subscribed = WeeklyReportSubscription.objects.filter(user=leader).exists()
    client.post(reverse("coverage_reports:weekly"), {"subscribe": "0"})

    assert subscribed
    assert not WeeklyReportSubscription.objects.filter(user=leader).exists()


def test_an_account_without_an_address_cannot_subscribe(client, unit):
    officer = DistrictOfficerFactory(unit=unit(GIAO_THUY), email="")
    client.force_login(officer)

    response = client.post(reverse("coverage_reports:weekly"), {"subscribe": "1"}, follow=True)

    assert response.status_code == 200
    assert not WeeklyReportSubscription.objects.exists()


def test_subscribed_leaders_get_last_weeks_report_once(leader, unit, eager, django_capture_on_commit_callbacks):
    WeeklyReportSubscription.objects.create(user=leader)
    WeeklyReportSubscription.objects.create(user=DistrictOfficerFactory(unit=unit(GIAO_THUY), email=""))
    not_subscribed = DistrictOfficerFactory(unit=unit(GIAO_THUY), email="other@example.org")
    today = timezone.localdate()
    last_week = weekly.last_week(today)
    first, _second = households_in(unit(NGO_DONG), 2)
    visit(
        first,
        reached=True,
        when=timezone.make_aware(
            timezone.datetime.combine(last_week.start, timezone.datetime.min.time()).replace(hour=9)
        ),
    )

    with django_capture_on_commit_callbacks(execute=True):
        queued = weekly.enqueue_weekly_mails(today)
    with django_capture_on_commit_callbacks(execute=True):
        weekly.enqueue_weekly_mails(today)  # beat fired twice, or a second worker

    assert queued == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [leader.email] and not_subscribed.email not in message.to
    assert "Huyện Giao Thủy" in message.subject
    assert "Thị trấn Ngô Đồng" in message.body
    assert "/coverage/365/" in message.body
    assert WeeklyReportMail.objects.filter(user=leader, week_start=last_week.start).count() == 1


def test_a_failed_send_leaves_no_claim_so_the_next_run_sends(leader, monkeypatch):
    WeeklyReportSubscription.objects.create(user=leader)
    week = weekly.last_week(timezone.localdate()).start.isoformat()

    def broken(*args, **kwargs):
        raise ConnectionRefusedError("SMTP down")

    monkeypatch.setattr(weekly, "send_mail", broken)
    with pytest.raises(ConnectionRefusedError):
        weekly.send_weekly_mail(leader.pk, week)
    monkeypatch.undo()
    sent = weekly.send_weekly_mail(leader.pk, week)

    assert sent and len(mail.outbox) == 1


def test_a_volunteer_subscription_sends_nothing(unit):
    volunteer = VolunteerFactory(unit=unit(NGO_DONG), email="tnv@example.org")
    WeeklyReportSubscription.objects.create(user=volunteer)

    sent = weekly.send_weekly_mail(volunteer.pk, weekly.last_week(timezone.localdate()).start.isoformat())

    assert not sent and mail.outbox == []


def test_the_weekly_mail_runs_on_an_editable_monday_crontab():
    ensure_schedules()
    task = PeriodicTask.objects.get(name="coverage: weekly report e-mail")
    task.crontab.hour = "6"
    task.crontab.save()

    ensure_schedules()  # after the next migrate, the admin's change stands

    task.refresh_from_db()
    assert task.task == "coverage.tasks.send_weekly_reports"
    assert (task.crontab.minute, task.crontab.hour, task.crontab.day_of_week) == ("0", "6", "1")
