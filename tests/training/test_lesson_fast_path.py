"""The lesson page's fast path (training.lesson_page): one statement per request once Django has
authenticated the session, with the same answers as the full path — access, progress, edits."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD, ProvinceAdminFactory
from tests.training.factories import EnrolmentFactory, LessonFactory, course_with
from training import services
from training.models import Lesson

pytestmark = pytest.mark.django_db


def _lessons(enrolment) -> list[Lesson]:
    return list(Lesson.objects.filter(module__course=enrolment.course))


def _url(enrolment, lesson) -> str:
    return reverse("training:lesson", args=[enrolment.course.slug, lesson.pk])


@pytest.fixture
def enrolment():
    return EnrolmentFactory(course=course_with(lessons=2))


@pytest.fixture
def learner_client(client, enrolment):
    """The learner, logged in, whose session this process has already seen (one full-path page)."""
    client.force_login(enrolment.user)
    assert client.get(_url(enrolment, _lessons(enrolment)[0])).status_code == 200
    return client


def test_a_known_session_costs_one_query_however_long_the_course(learner_client, enrolment, django_assert_num_queries):
    first = _lessons(enrolment)[0]
    url = _url(enrolment, first)
    learner_client.get(url)  # rendered once for every learner
    with django_assert_num_queries(1):  # session, user, enrolment, course, progress and completion at once
        short = learner_client.get(url)
    for _ in range(20):
        LessonFactory(module=first.module)
    learner_client.get(url)  # the edited course is loaded and rendered once
    with django_assert_num_queries(1):
        long = learner_client.get(url)
    assert short.status_code == long.status_code == 200
    assert short.templates == long.templates == []  # served from the rendered page
    assert b"<script" not in long.content.split(b"</main>")[0]
    assert len(long.content) < 20_000


def test_moving_to_another_lesson_is_remembered_and_its_completion_shown(
    learner_client, enrolment, django_assert_num_queries
):
    first, second = _lessons(enrolment)
    services.complete_lesson(enrolment, second)
    with django_assert_num_queries(1):
        done = learner_client.get(_url(enrolment, second)).content.decode()
    enrolment.refresh_from_db()
    assert enrolment.last_lesson_id == second.pk
    assert 'data-testid="lesson-done"' in done
    assert 'data-testid="lesson-done"' not in learner_client.get(_url(enrolment, first)).content.decode()
    enrolment.refresh_from_db()
    assert enrolment.last_lesson_id == first.pk


def test_an_edited_lesson_shows_at_once(learner_client, enrolment):
    lesson = _lessons(enrolment)[0]
    assert "Nội dung mới" not in learner_client.get(_url(enrolment, lesson)).content.decode()

    lesson.body = "<p>Nội dung mới</p>"
    lesson.save()

    assert "Nội dung mới" in learner_client.get(_url(enrolment, lesson)).content.decode()


def test_a_renamed_course_shows_at_once(learner_client, enrolment):
    enrolment.course.title = "Khoá học đổi tên"
    enrolment.course.save()

    assert "Khoá học đổi tên" in learner_client.get(_url(enrolment, _lessons(enrolment)[0])).content.decode()


def test_a_lesson_moved_to_another_course_leaves_the_old_one(learner_client, enrolment):
    first, lesson = _lessons(enrolment)
    assert learner_client.get(_url(enrolment, lesson)).status_code == 200
    learner_client.get(_url(enrolment, first))
    lesson.module = LessonFactory().module
    lesson.save()

    assert learner_client.get(_url(enrolment, lesson)).status_code == 404
    enrolment.refresh_from_db()
    assert enrolment.last_lesson_id == first.pk


def test_a_lesson_of_another_course_is_not_found_and_not_remembered(learner_client, enrolment):
    foreign = LessonFactory()
    enrolment.refresh_from_db()
    before = enrolment.last_lesson_id

    assert learner_client.get(reverse("training:lesson", args=[enrolment.course.slug, foreign.pk])).status_code == 404
    enrolment.refresh_from_db()
    assert enrolment.last_lesson_id == before


def test_a_known_learner_is_not_served_a_course_they_are_not_enrolled_in(learner_client):
    other = EnrolmentFactory(course=course_with(lessons=1))  # someone else's enrolment
    url = _url(other, _lessons(other)[0])

    assert learner_client.get(url).status_code == 404
    other.refresh_from_db()
    assert other.last_lesson_id is None


def test_an_ended_enrolment_or_an_unpublished_course_is_not_served(learner_client, enrolment):
    url = _url(enrolment, _lessons(enrolment)[0])
    enrolment.course.is_published = False
    enrolment.course.save()
    assert learner_client.get(url).status_code == 404

    enrolment.course.is_published = True
    enrolment.course.save()
    assert learner_client.get(url).status_code == 200
    enrolment.delete()
    assert learner_client.get(url).status_code == 404


def test_a_course_manager_enrolled_in_an_unpublished_course_still_reads_it(client):
    enrolment = EnrolmentFactory(course=course_with(lessons=1), user=ProvinceAdminFactory())
    enrolment.course.is_published = False
    enrolment.course.save()
    client.force_login(enrolment.user)
    url = _url(enrolment, _lessons(enrolment)[0])

    assert client.get(url).status_code == 200
    assert client.get(url).status_code == 200


def test_after_logout_the_old_session_cookie_gets_nothing(learner_client, enrolment):
    url = _url(enrolment, _lessons(enrolment)[0])
    cookie = learner_client.cookies["sessionid"].value
    learner_client.post(reverse("logout"))

    replay = Client()
    replay.cookies["sessionid"] = cookie
    response = replay.get(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_password_change_elsewhere_logs_this_session_out(learner_client, enrolment):
    url = _url(enrolment, _lessons(enrolment)[0])
    enrolment.user.set_password("a-new-password-2026")
    enrolment.user.save()

    response = learner_client.get(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_deactivated_learner_is_logged_out(learner_client, enrolment):
    url = _url(enrolment, _lessons(enrolment)[0])
    enrolment.user.is_active = False
    enrolment.user.save()

    response = learner_client.get(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_another_learners_progress_and_name_never_show(enrolment):
    lesson = _lessons(enrolment)[0]
    enrolment.user.first_name, enrolment.user.last_name = "Phạm Thị", "Lụa"
    enrolment.user.save()
    services.complete_lesson(enrolment, lesson)
    other = EnrolmentFactory(course=enrolment.course)
    first, second = Client(), Client()
    first.force_login(enrolment.user)
    second.force_login(other.user)

    for _ in range(2):  # the full path, then the fast path
        mine = first.get(_url(enrolment, lesson)).content.decode()
        theirs = second.get(_url(other, lesson)).content.decode()
        assert 'data-testid="lesson-done"' in mine
        assert 'data-testid="lesson-done"' not in theirs
        assert "Lụa" not in mine + theirs


def test_the_fast_page_is_private_and_its_csrf_token_works(enrolment):
    client = Client(enforce_csrf_checks=True)
    client.login(username=enrolment.user.username, password=PASSWORD)
    first, second = _lessons(enrolment)
    client.get(_url(enrolment, first))
    client.get(_url(enrolment, first))
    response = client.get(_url(enrolment, first))
    assert response.templates == []  # the fast path
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert "Cookie" in response["Vary"]

    tokens = set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.content.decode()))
    assert len(tokens) == 1
    done = client.post(
        reverse("training:complete_lesson", args=[enrolment.course.slug, first.pk]),
        {"csrfmiddlewaretoken": tokens.pop()},
    )
    assert done.status_code == 302 and done["Location"] == _url(enrolment, second)
    assert enrolment.lesson_completions.filter(lesson=first).exists()


def test_a_pending_message_is_shown_by_the_full_path(learner_client, enrolment):
    from django.contrib.messages import constants
    from django.contrib.messages.storage.base import Message
    from django.contrib.messages.storage.cookie import CookieStorage
    from django.http import HttpRequest

    encoded = CookieStorage(HttpRequest())._encode([Message(constants.INFO, "Tin nhắn đang chờ")])
    learner_client.cookies["messages"] = encoded

    assert "Tin nhắn đang chờ" in learner_client.get(_url(enrolment, _lessons(enrolment)[0])).content.decode()


def test_the_first_page_of_a_session_takes_the_full_path(client, enrolment, django_assert_num_queries):
    client.force_login(enrolment.user)
    url = _url(enrolment, _lessons(enrolment)[0])
    # session, user, enrolment + course, the course's lessons (first use in this process), progress, the bell
    with django_assert_num_queries(6):
        response = client.get(url)
    assert response.status_code == 200 and response.templates


def _enrolment_updates(column: str = "n_tup_upd") -> int:
    """Rows of training_enrolment updated so far in this test's transaction (n_tup_hot_upd: in place)."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM pg_stat_xact_user_tables WHERE relname = 'training_enrolment'")  # noqa: S608
        return cursor.fetchone()[0]


def _synchronous_commit() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW synchronous_commit")
        return cursor.fetchone()[0]


def test_reading_the_same_lesson_again_does_not_rewrite_the_resume_point(learner_client, enrolment):
    first, second = _lessons(enrolment)  # learner_client's first page already moved it to `first`
    before = _enrolment_updates()
    for _ in range(3):
        assert learner_client.get(_url(enrolment, first)).status_code == 200
    assert _enrolment_updates() == before

    assert learner_client.get(_url(enrolment, second)).status_code == 200
    assert _enrolment_updates() == before + 1


def test_moving_the_resume_point_updates_the_row_in_place_without_touching_an_index(learner_client, enrolment):
    first, second = _lessons(enrolment)
    before, in_place = _enrolment_updates(), _enrolment_updates("n_tup_hot_upd")
    learner_client.get(_url(enrolment, second))
    learner_client.get(_url(enrolment, first))

    assert _enrolment_updates() == before + 2
    assert _enrolment_updates("n_tup_hot_upd") == in_place + 2  # HOT: last_lesson is not indexed


def test_only_a_moved_resume_point_is_committed_without_waiting_for_the_disk(learner_client, enrolment):
    first, second = _lessons(enrolment)
    default = _synchronous_commit()
    learner_client.get(_url(enrolment, first))  # nothing written: nothing relaxed
    assert _synchronous_commit() == default

    learner_client.get(_url(enrolment, second))  # here the test's transaction is the page's transaction
    assert _synchronous_commit() == "off"


@pytest.mark.django_db(transaction=True)
def test_the_relaxed_commit_ends_with_the_lesson_pages_own_statement(client, django_assert_num_queries):
    enrolment = EnrolmentFactory(course=course_with(lessons=2))
    first, second = _lessons(enrolment)
    client.force_login(enrolment.user)
    default = _synchronous_commit()
    client.get(_url(enrolment, first))  # the full path: Django checks the session, the process remembers it

    with django_assert_num_queries(1):  # the fast path, which moved the resume point
        assert client.get(_url(enrolment, second)).status_code == 200
    assert _synchronous_commit() == default  # the next transaction waits for the disk as before
    enrolment.refresh_from_db()
    assert enrolment.last_lesson_id == second.pk


@pytest.mark.django_db(transaction=True)
def test_a_connection_postgresql_dropped_between_pages_is_replaced_not_a_server_error(client):
    """The fast path's statement stands in for Django's per-request health check ("SELECT 1"): when it
    finds the connection broken (PostgreSQL restarted), the page still answers, on a new connection."""
    import psycopg2

    enrolment = EnrolmentFactory(course=course_with(lessons=2))
    first, second = _lessons(enrolment)
    client.force_login(enrolment.user)
    assert client.get(_url(enrolment, first)).status_code == 200  # the session is known from now on
    assert connection.health_check_enabled  # CONN_HEALTH_CHECKS, as in production
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    db = connection.settings_dict
    with psycopg2.connect(dbname=db["NAME"], user=db["USER"], host=db["HOST"], port=db["PORT"]) as other:
        other.autocommit = True
        other.cursor().execute("SELECT pg_terminate_backend(%s)", [pid])
    connection.health_check_done = False  # a new request (the test client does not send request_started)

    response = client.get(_url(enrolment, second))

    assert response.status_code == 200
    enrolment.refresh_from_db()
    assert enrolment.last_lesson_id == second.pk
