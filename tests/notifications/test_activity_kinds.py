"""Activities: tomorrow's → the user who created it; a planned one moved → its creator and its unit's officers.

The organiser field of an activity is free text (an agency), so "the organiser" notified is the account
that created the activity (Activity.created_by).
"""

import datetime

import pytest
from django.utils import timezone

from campaigns.models import Activity, ActivityChange
from core.outbox import Outbox
from notifications import services
from notifications.kinds import get_kind
from notifications.models import Delivery, Notification
from tests.campaigns.factories import ActivityFactory
from tests.factories import CommuneOfficerFactory, DistrictOfficerFactory, ProvinceAdminFactory
from tests.notifications.conftest import at

pytestmark = pytest.mark.django_db


def _tomorrow_at(hour: int) -> datetime.datetime:
    return at(hour, day=timezone.localdate() + datetime.timedelta(days=1))


@pytest.fixture
def tomorrows(giao_thuy):
    """A planned conference tomorrow at 09:00 in Giao Thủy, created by a district officer."""
    creator = DistrictOfficerFactory(username="creator", unit=giao_thuy)
    activity = ActivityFactory(
        unit=giao_thuy, created_by=creator, starts_at=_tomorrow_at(9), ends_at=_tomorrow_at(11), place="Hội trường A"
    )
    return creator, activity


def _send(kind_code: str, due, now=None) -> str:
    return services.deliver(kind_code, due.recipient_id, due.object_id, due.occurrence, now=now)


def _nothing_sent(mailoutbox) -> bool:
    return not Notification.objects.exists() and not Delivery.objects.exists() and mailoutbox == []


# ---------------------------------------------------------------- activity tomorrow


def test_the_creator_hears_the_day_before_once_however_often_swept(tomorrows, sweep, mailoutbox):
    creator, activity = tomorrows

    assert sweep("activity_tomorrow", at(15)) == 1
    assert sweep("activity_tomorrow", at(15, 5)) == 0

    note = Notification.objects.get(recipient=creator, kind="activity_tomorrow")
    assert activity.title in note.title and "Hội trường A" in note.body and "09:00" in note.body
    assert note.url == f"/activities/{activity.pk}/"
    assert [mail.to for mail in mailoutbox] == [[creator.email]]


def test_a_retried_task_for_tomorrows_activity_sends_once(tomorrows, mailoutbox):
    creator, activity = tomorrows
    (due,) = get_kind("activity_tomorrow").due(at(15))
    key = ("activity_tomorrow", due.recipient_id, due.object_id, due.occurrence)

    assert services.deliver(*key, attempt_id="task-1", now=at(15)) == "sent"
    assert services.deliver(*key, attempt_id="task-1", now=at(15)) == "already sent"  # redelivered
    assert services.deliver(*key, attempt_id="task-2", now=at(15)) == "duplicate"  # another sweep's task

    assert Notification.objects.count() == 1 and len(mailoutbox) == 1


def test_nothing_for_activities_not_tomorrow_or_not_planned(giao_thuy, sweep, mailoutbox):
    creator = DistrictOfficerFactory(unit=giao_thuy)
    in_two_days = at(9, day=timezone.localdate() + datetime.timedelta(days=2))
    ActivityFactory(unit=giao_thuy, created_by=creator, starts_at=in_two_days, ends_at=in_two_days)
    ActivityFactory(
        unit=giao_thuy,
        created_by=creator,
        starts_at=_tomorrow_at(9),
        ends_at=_tomorrow_at(10),
        status=Activity.Status.CANCELLED,
    )
    ActivityFactory(unit=giao_thuy, created_by=None, starts_at=_tomorrow_at(9), ends_at=_tomorrow_at(10))

    assert sweep("activity_tomorrow", at(15)) == 0
    assert _nothing_sent(mailoutbox)


@pytest.mark.parametrize(
    "change",
    [
        {"status": Activity.Status.CANCELLED},
        {"starts_at": at(9, day=timezone.localdate() + datetime.timedelta(days=5))},  # moved to another day
    ],
)
def test_no_reminder_for_an_activity_cancelled_or_moved_since_the_sweep(tomorrows, mailoutbox, change):
    _creator, activity = tomorrows
    (due,) = get_kind("activity_tomorrow").due(at(15))
    Activity.objects.filter(pk=activity.pk).update(**change, ends_at=_tomorrow_at(9) + datetime.timedelta(days=9))

    assert _send("activity_tomorrow", due, at(15)) == "no longer due"
    assert _nothing_sent(mailoutbox)


def test_no_reminder_to_a_deactivated_creator(tomorrows, mailoutbox):
    creator, _activity = tomorrows
    (due,) = get_kind("activity_tomorrow").due(at(15))
    creator.is_active = False
    creator.save()

    assert _send("activity_tomorrow", due, at(15)) == "inactive recipient"
    assert list(get_kind("activity_tomorrow").due(at(15))) == []
    assert _nothing_sent(mailoutbox)


# ---------------------------------------------------------------- planned activity moved


def _edit(client, activity: Activity, **changes):
    start = timezone.localtime(changes.pop("starts_at", activity.starts_at))
    data = {
        "campaign": activity.campaign_id,
        "unit": activity.unit_id,
        "channel": activity.channel,
        "title": activity.title,
        "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (start + datetime.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
        "place": activity.place,
        "organiser": activity.organiser,
        "participants_in_person": activity.participants_in_person,
        "participants_online": 0,
        "copies": 0,
        "status": "planned",
        **changes,
    }
    return client.post(f"/activities/{activity.pk}/edit/", data)


@pytest.fixture
def moved(client, giao_thuy, giao_huong, nam_dinh, eager_celery, django_capture_on_commit_callbacks):
    """A province admin's activity in Giao Thủy, moved by one of the district's officers over HTTP."""
    creator = ProvinceAdminFactory(username="p_creator", unit=nam_dinh)
    changer = DistrictOfficerFactory(username="d_changer", unit=giao_thuy)
    colleague = DistrictOfficerFactory(username="d_colleague", unit=giao_thuy)
    CommuneOfficerFactory(username="c_below", unit=giao_huong)  # a commune below: not the activity's unit
    activity = ActivityFactory(unit=giao_thuy, created_by=creator, place="Hội trường cũ")
    client.force_login(changer)
    with django_capture_on_commit_callbacks(execute=True):
        assert _edit(client, activity, place="Hội trường mới").status_code == 302
    return creator, changer, colleague, activity


def test_moving_a_planned_activity_tells_its_creator_and_its_units_officers(moved, mailoutbox):
    creator, _changer, colleague, activity = moved

    notes = Notification.objects.filter(kind="activity_rescheduled")
    assert set(notes.values_list("recipient__username", flat=True)) == {creator.username, colleague.username}
    note = notes.get(recipient=creator)
    assert "Hội trường cũ → Hội trường mới" in note.body and activity.title in note.title
    assert sorted(mail.to[0] for mail in mailoutbox) == sorted([creator.email, colleague.email])


def test_an_edit_that_moves_nothing_tells_no_one(client, giao_thuy, eager_celery, django_capture_on_commit_callbacks):
    changer = DistrictOfficerFactory(unit=giao_thuy)
    DistrictOfficerFactory(unit=giao_thuy)
    activity = ActivityFactory(
        unit=giao_thuy,
        created_by=DistrictOfficerFactory(unit=giao_thuy),
        starts_at=_tomorrow_at(9),
        ends_at=_tomorrow_at(11),  # whole minutes, as the form sends them
    )
    client.force_login(changer)

    with django_capture_on_commit_callbacks(execute=True):
        assert _edit(client, activity, participants_in_person=99).status_code == 302

    assert not Notification.objects.exists()


def test_announcing_the_same_move_again_sends_nothing_more(moved, mailoutbox, django_capture_on_commit_callbacks):
    _creator, _changer, _colleague, activity = moved
    change = ActivityChange.objects.get(activity=activity)

    with django_capture_on_commit_callbacks(execute=True):
        assert services.announce("activity_rescheduled", activity.pk, str(change.pk)) == 0

    assert Notification.objects.count() == 2 and len(mailoutbox) == 2


def test_a_move_superseded_by_a_newer_one_or_a_cancellation_is_not_sent(giao_thuy, mailoutbox):
    creator = DistrictOfficerFactory(unit=giao_thuy)
    activity = ActivityFactory(unit=giao_thuy, created_by=creator)
    first = ActivityChange.objects.create(activity=activity, changes={"place": ["A", "B"]})
    (due,) = get_kind("activity_rescheduled").due_for(activity.pk, str(first.pk))
    ActivityChange.objects.create(activity=activity, changes={"place": ["B", "C"]})

    assert _send("activity_rescheduled", due) == "no longer due"

    second = ActivityChange.objects.filter(activity=activity).latest("pk")
    Activity.objects.filter(pk=activity.pk).update(status=Activity.Status.CANCELLED)
    assert services.deliver("activity_rescheduled", creator.pk, activity.pk, str(second.pk)) == "no longer due"
    assert _nothing_sent(mailoutbox)


def test_a_move_found_at_night_waits_for_the_morning(giao_thuy, django_capture_on_commit_callbacks):
    activity = ActivityFactory(unit=giao_thuy, created_by=DistrictOfficerFactory(unit=giao_thuy))
    change = ActivityChange.objects.create(activity=activity, changes={"place": ["A", "B"]})

    with django_capture_on_commit_callbacks(execute=False):
        assert services.announce("activity_rescheduled", activity.pk, str(change.pk), now=at(22)) == 1

    (row,) = Outbox.objects.all()
    assert datetime.datetime.fromisoformat(row.kwargs["send_after"]) == at(7) + datetime.timedelta(days=1)
