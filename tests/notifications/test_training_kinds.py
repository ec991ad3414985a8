"""Learner nudges: a stalled course at most once a week and never after completion; certificate issued."""

import datetime

import pytest
from django.utils import timezone

from notifications import services
from notifications.kinds import get_kind
from notifications.models import Notification
from tests.factories import UserFactory
from tests.notifications.conftest import at
from tests.training.factories import course_with
from training import services as training
from training.models import Enrolment, Lesson, LessonCompletion


@pytest.fixture
def stalled(db):
    """A learner enrolled 8 days ago who has done nothing since."""
    learner = UserFactory(username="slow_learner")
    enrolment = training.self_enrol(learner, course_with(lessons=2, questions=1))
    Enrolment.objects.filter(pk=enrolment.pk).update(enrolled_at=timezone.now() - datetime.timedelta(days=8))
    return learner, enrolment


def _due(kind_code: str, now):
    return list(get_kind(kind_code).due(now))


def test_a_stalled_learner_is_nudged_about_the_course_and_again_the_next_week(stalled, mailoutbox):
    learner, enrolment = stalled

    for weeks_later in (0, 1):
        now = at(19, day=timezone.localdate() + datetime.timedelta(weeks=weeks_later))
        (due,) = _due("course_stalled", now)
        assert services.deliver("course_stalled", due.recipient_id, due.object_id, due.occurrence, now=now) == "sent"

    notes = Notification.objects.filter(recipient=learner, kind="course_stalled")
    assert notes.count() == 2 and len(mailoutbox) == 2
    assert enrolment.course.title in notes.first().title


def test_the_nudge_counts_weeks_not_sweeps(stalled, sweep):
    learner, _enrolment = stalled
    monday = timezone.localdate() - datetime.timedelta(days=timezone.localdate().weekday())

    for day in range(7):  # a daily sweep through one week
        sweep("course_stalled", at(19, day=monday + datetime.timedelta(days=day)))

    assert Notification.objects.filter(recipient=learner, kind="course_stalled").count() == 1


def test_recent_progress_is_not_a_stall(stalled):
    _learner, enrolment = stalled
    lesson = Lesson.objects.filter(module__course=enrolment.course).first()
    completion = LessonCompletion.objects.create(enrolment=enrolment, lesson=lesson)
    LessonCompletion.objects.filter(pk=completion.pk).update(completed_at=timezone.now() - datetime.timedelta(days=2))

    assert _due("course_stalled", timezone.now()) == []


def test_no_nudge_once_the_course_is_completed(stalled, mailoutbox):
    _learner, enrolment = stalled
    (due,) = _due("course_stalled", timezone.now())
    Enrolment.objects.filter(pk=enrolment.pk).update(completed_at=timezone.now())

    assert services.deliver("course_stalled", due.recipient_id, due.object_id, due.occurrence) == "no longer due"
    assert not Notification.objects.exists() and mailoutbox == []


def test_no_nudge_once_a_certificate_is_issued(stalled, mailoutbox):
    _learner, enrolment = stalled
    (due,) = _due("course_stalled", timezone.now())
    training.issue_certificate(enrolment)

    assert services.deliver("course_stalled", due.recipient_id, due.object_id, due.occurrence) == "no longer due"
    assert not Notification.objects.filter(kind="course_stalled").exists()


def test_no_nudge_to_a_deactivated_learner(stalled):
    learner, _enrolment = stalled
    learner.is_active = False
    learner.save()

    assert _due("course_stalled", timezone.now()) == []


def test_the_learner_hears_of_an_issued_certificate_once(stalled, sweep, mailoutbox):
    learner, enrolment = stalled
    certificate = training.issue_certificate(enrolment)

    sweep("certificate_issued", at(10))
    sweep("certificate_issued", at(10, 10))

    note = Notification.objects.get(recipient=learner, kind="certificate_issued")
    assert certificate.code in note.body
    assert [mail.to for mail in mailoutbox] == [[learner.email]]


def test_no_certificate_message_once_it_is_revoked(stalled, mailoutbox):
    _learner, enrolment = stalled
    certificate = training.issue_certificate(enrolment)
    (due,) = _due("certificate_issued", timezone.now())
    training.revoke_certificate(certificate, "Issued by mistake")

    assert services.deliver("certificate_issued", due.recipient_id, due.object_id, due.occurrence) == "no longer due"
    assert mailoutbox == []


def test_an_announced_certificate_is_not_sent_again_by_the_sweep(
    stalled, sweep, mailoutbox, django_capture_on_commit_callbacks
):
    learner, enrolment = stalled
    certificate = training.issue_certificate(enrolment)

    with django_capture_on_commit_callbacks(execute=True):
        assert services.announce("certificate_issued", certificate.pk, "issued", now=at(10)) == 1
    sweep("certificate_issued", at(10, 10))

    assert Notification.objects.filter(recipient=learner, kind="certificate_issued").count() == 1
    assert len(mailoutbox) == 1
