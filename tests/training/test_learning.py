import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import UserFactory
from tests.training.factories import EnrolmentFactory, LessonFactory, ModuleFactory, course_with
from training import services
from training.models import Lesson

pytestmark = pytest.mark.django_db


def test_progress_and_resume_where_the_learner_stopped(client):
    learner = UserFactory()
    enrolment = EnrolmentFactory(user=learner, course=course_with(lessons=4))
    lessons = list(Lesson.objects.filter(module__course=enrolment.course))
    client.force_login(learner)
    for lesson in lessons[:2]:
        client.post(reverse("training:complete_lesson", args=[enrolment.course.slug, lesson.pk]))
    client.get(reverse("training:lesson", args=[enrolment.course.slug, lessons[2].pk]))

    page = client.get(reverse("training:learning")).content.decode()

    assert 'aria-valuenow="50"' in page
    assert reverse("training:lesson", args=[enrolment.course.slug, lessons[2].pk]) in page


def test_lesson_page_links_the_lessons_before_and_after_it_across_modules(client):
    enrolment = EnrolmentFactory(course=course_with(lessons=1))
    later_module = ModuleFactory(course=enrolment.course)
    first = Lesson.objects.get(module__course=enrolment.course)
    second, third = LessonFactory(module=later_module), LessonFactory(module=later_module)
    client.force_login(enrolment.user)

    page = client.get(reverse("training:lesson", args=[enrolment.course.slug, second.pk])).content.decode()

    assert reverse("training:lesson", args=[enrolment.course.slug, first.pk]) in page
    assert reverse("training:complete_lesson", args=[enrolment.course.slug, second.pk]) in page
    assert "Đánh dấu đã học và học tiếp" in page  # there is a next lesson
    response = client.post(reverse("training:complete_lesson", args=[enrolment.course.slug, second.pk]))
    assert response["Location"] == reverse("training:lesson", args=[enrolment.course.slug, third.pk])


def test_completing_a_lesson_moves_to_the_next(client):
    enrolment = EnrolmentFactory(course=course_with(lessons=2))
    first, second = Lesson.objects.filter(module__course=enrolment.course)
    client.force_login(enrolment.user)

    response = client.post(reverse("training:complete_lesson", args=[enrolment.course.slug, first.pk]))

    assert response["Location"] == reverse("training:lesson", args=[enrolment.course.slug, second.pk])
    assert enrolment.lesson_completions.filter(lesson=first).exists()


def test_my_learning_query_count_does_not_grow_with_courses(client):
    learner = UserFactory()
    client.force_login(learner)
    EnrolmentFactory(user=learner, course=course_with())
    client.get(reverse("training:learning"))
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("training:learning"))
    for _ in range(4):
        enrolment = EnrolmentFactory(user=learner, course=course_with())
        services.complete_lesson(enrolment, Lesson.objects.filter(module__course=enrolment.course).first())
    with CaptureQueriesContext(connection) as five:
        response = client.get(reverse("training:learning"))
    assert len(response.context["rows"]) == 5
    assert len(five) == len(one)


def test_lesson_page_is_light(client, django_assert_num_queries):
    enrolment = EnrolmentFactory(course=course_with(lessons=3))
    lesson = Lesson.objects.filter(module__course=enrolment.course).first()
    client.force_login(enrolment.user)
    client.get(reverse("training:lesson", args=[enrolment.course.slug, lesson.pk]))
    with django_assert_num_queries(1):  # a session seen before: training.lesson_page's one statement
        response = client.get(reverse("training:lesson", args=[enrolment.course.slug, lesson.pk]))
    assert response.status_code == 200
    assert b"<script" not in response.content.split(b"</main>")[0]
    assert len(response.content) < 20_000


def test_anonymous_my_learning_goes_to_login(client):
    response = client.get(reverse("training:learning"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
