"""The verification page answers from what every visitor shares, and still shows each revocation and
count (the lesson page: test_lesson_fast_path.py)."""

import re
import time

import pytest
import redis

from core.page_cache import LayeredCache
from tests.factories import UserFactory
from tests.training.factories import EnrolmentFactory, answers, course_with
from training import services, verification
from training.models import Certificate, Lesson

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clean_cache")]

UNREACHABLE_REDIS = redis.Redis(host="127.0.0.1", port=1, socket_connect_timeout=0.2, retry=None)


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


class StillClock:
    """Wall time, and a monotonic clock that stands still: no generation check falls due in the test."""

    time = staticmethod(time.time)

    def monotonic(self) -> float:
        return 0.0


@pytest.fixture
def certificates():
    cache = LayeredCache(verification.NAMESPACE, verification.VERSION, clock=StillClock())
    previous = verification.use(cache)
    yield cache
    verification.use(previous)


def test_a_repeated_verification_needs_neither_sql_nor_redis(
    client, certificate, certificates, django_assert_num_queries
):
    _verify(client, certificate.code)
    certificates.client = lambda: UNREACHABLE_REDIS  # any Redis command now fails
    with django_assert_num_queries(0):
        page = _verify(client, certificate.code)
        data = _verify(client, certificate.code, ".json")
    assert "Trần Văn Bình" in page.content.decode() and data.json()["status"] == "valid"

    assert verification.flush_counts() == 3  # the visits waited in this process's memory


def test_the_cached_fields_of_a_revoked_certificate_are_dropped_in_every_layer(client, certificate, certificates):
    _verify(client, certificate.code)
    assert (certificate.code,) in certificates.local

    services.revoke_certificate(certificate, "Cấp nhầm người")

    assert certificates.local == {}
    assert list(certificates.client().scan_iter(f"*:{verification.NAMESPACE}:v*")) == []
    assert "Cấp nhầm người" in _verify(client, certificate.code).content.decode()
