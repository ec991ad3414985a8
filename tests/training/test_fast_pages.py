"""The lesson and verification pages answer from what every visitor shares, and still show each edit,
revocation and count."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import UserFactory
from tests.training.factories import EnrolmentFactory, LessonFactory, answers, course_with
from training import services, verification
from training.models import Certificate, Lesson

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clean_cache")]


@pytest.fixture
def certificate():
    enrolment = EnrolmentFactory(course=course_with(), user=UserFactory(first_name="Trần Văn", last_name="Bình"))
    for lesson in Lesson.objects.filter(module__course=enrolment.course):
        services.complete_lesson(enrolment, lesson)
    attempt = services.start_attempt(enrolment, enrolment.course.quizzes.get())
    services.submit_attempt(attempt, answers(attempt))
    return Certificate.objects.get(learner=enrolment.user)


def _verify(client, code, suffix="/"):
    return client.get(f"/certificates/verify/{code}{suffix}")


def test_repeated_verification_runs_no_sql(client, certificate, django_assert_num_queries):
    _verify(client, certificate.code)
    with django_assert_num_queries(0):
        page = _verify(client, certificate.code)
        data = _verify(client, certificate.code, ".json")
    assert page.status_code == 200 and "Trần Văn Bình" in page.content.decode()
    assert data.json()["status"] == "valid"


def test_anonymous_visitors_share_one_rendered_page_with_their_own_working_csrf_token(certificate):
    from django.test import Client

    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first.get(f"/certificates/verify/{certificate.code}/")
    page = second.get(f"/certificates/verify/{certificate.code}/")

    assert page.templates == []  # not rendered again
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode()).group(1)
    switched = second.post("/i18n/setlang/", {"language": "en", "next": "/", "csrfmiddlewaretoken": token})
    assert switched.status_code == 302
    assert "Certificate verification" in second.get(f"/certificates/verify/{certificate.code}/").content.decode()


def test_revocation_shows_at_once_on_a_cached_page(client, certificate):
    assert "alert-success" in _verify(client, certificate.code).content.decode()

    services.revoke_certificate(certificate, "Cấp nhầm người")

    assert "Cấp nhầm người" in _verify(client, certificate.code).content.decode()
    assert _verify(client, certificate.code, ".json").json()["status"] == "revoked"


def test_revocation_is_refused_while_the_cached_page_cannot_be_dropped(certificate, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens there

    with pytest.raises(services.TrainingError):
        services.revoke_certificate(certificate, "Cấp nhầm người")

    certificate.refresh_from_db()
    assert certificate.revoked_on is None


def test_counts_are_exact_once_flushed(client, certificate):
    for _ in range(7):
        _verify(client, certificate.code)
    for _ in range(5):
        _verify(client, certificate.code, ".json")
    _verify(client, "ZZZZZZZZZZZZZZZZ")  # unknown: not counted, not cached

    assert verification.flush_counts() == 12
    assert verification.flush_counts() == 0  # taken once
    _verify(client, certificate.code)
    assert verification.flush_counts() == 1
    certificate.refresh_from_db()
    assert certificate.verification_count == 13


def test_without_redis_each_verification_is_counted_in_the_database(client, certificate, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens there

    assert _verify(client, certificate.code).status_code == 200
    assert _verify(client, certificate.code, ".json").json()["code"] == certificate.code
    certificate.refresh_from_db()
    assert certificate.verification_count == 2


def test_lesson_page_costs_no_more_queries_in_a_longer_course(client, django_assert_num_queries):
    enrolment = EnrolmentFactory(course=course_with(lessons=2))
    first = Lesson.objects.filter(module__course=enrolment.course).first()
    client.force_login(enrolment.user)
    url = reverse("training:lesson", args=[enrolment.course.slug, first.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as short:
        client.get(url)
    for _ in range(20):
        LessonFactory(module=first.module)
    client.get(url)  # the edited course is loaded once
    with CaptureQueriesContext(connection) as long:
        response = client.get(url)
    assert len(long) == len(short) == 5  # session, user, bell, enrolment + course, progress
    assert response.status_code == 200


def test_an_edited_lesson_shows_at_once(client):
    enrolment = EnrolmentFactory(course=course_with(lessons=2))
    lesson = Lesson.objects.filter(module__course=enrolment.course).first()
    client.force_login(enrolment.user)
    url = reverse("training:lesson", args=[enrolment.course.slug, lesson.pk])
    client.get(url)

    lesson.body = "<p>Nội dung mới</p>"
    lesson.save()

    assert "Nội dung mới" in client.get(url).content.decode()


def test_a_lesson_moved_to_another_course_leaves_the_old_one(client):
    enrolment = EnrolmentFactory(course=course_with(lessons=2))
    lesson = Lesson.objects.filter(module__course=enrolment.course).first()
    client.force_login(enrolment.user)
    url = reverse("training:lesson", args=[enrolment.course.slug, lesson.pk])
    assert client.get(url).status_code == 200

    lesson.module = LessonFactory().module
    lesson.save()

    assert client.get(url).status_code == 404


def test_moving_to_another_lesson_is_remembered_in_the_same_one_query(client, django_assert_num_queries):
    enrolment = EnrolmentFactory(course=course_with(lessons=2))
    first, second = Lesson.objects.filter(module__course=enrolment.course)
    services.complete_lesson(enrolment, second)
    client.force_login(enrolment.user)
    client.get(reverse("training:lesson", args=[enrolment.course.slug, first.pk]))

    with django_assert_num_queries(5):  # session, user, bell, enrolment + course, move + completed
        response = client.get(reverse("training:lesson", args=[enrolment.course.slug, second.pk]))

    enrolment.refresh_from_db()
    assert enrolment.last_lesson_id == second.pk
    assert response.context["is_done"] is True
