import pytest
from django.urls import reverse

from tests.factories import UserFactory
from tests.training.factories import CourseFactory, EnrolmentFactory, LessonFactory, course_with
from training.models import Enrolment

pytestmark = pytest.mark.django_db


def test_catalogue_and_course_page_are_public(client):
    course = course_with(title="Kỹ năng số cơ bản")
    CourseFactory(title="Bản nháp", is_published=False)

    listing = client.get(reverse("training:course_list"))
    detail = client.get(course.get_absolute_url())

    assert listing.status_code == 200
    assert "Kỹ năng số cơ bản" in listing.content.decode()
    assert "Bản nháp" not in listing.content.decode()
    assert detail.status_code == 200
    assert "Kỹ năng số cơ bản" in detail.content.decode()


def test_unpublished_course_page_is_not_found(client):
    course = CourseFactory(is_published=False)
    assert client.get(course.get_absolute_url()).status_code == 404


def test_learner_enrols_in_an_open_course_once(client):
    course = course_with()
    learner = UserFactory()
    client.force_login(learner)

    client.post(reverse("training:enrol", args=[course.slug]))
    client.post(reverse("training:enrol", args=[course.slug]))

    enrolment = Enrolment.objects.get(user=learner, course=course)
    assert enrolment.source == Enrolment.Source.SELF
    assert Enrolment.objects.filter(user=learner).count() == 1


def test_closed_course_refuses_self_enrolment(client):
    course = course_with(is_open=False)
    client.force_login(UserFactory())

    response = client.post(reverse("training:enrol", args=[course.slug]), follow=True)

    assert not Enrolment.objects.filter(course=course).exists()
    assert "Khoá học này không cho phép tự ghi danh." in response.content.decode()


def test_anonymous_enrolment_goes_to_login(client):
    course = course_with()
    response = client.post(reverse("training:enrol", args=[course.slug]))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert not Enrolment.objects.exists()


def test_lessons_are_only_for_enrolled_learners(client):
    course = course_with()
    lesson = LessonFactory(module=course.modules.first())
    client.force_login(UserFactory())
    assert client.get(reverse("training:lesson", args=[course.slug, lesson.pk])).status_code == 404


def test_lesson_of_another_course_is_not_found(client):
    course, other = course_with(), course_with()
    enrolment = EnrolmentFactory(course=course)
    foreign = LessonFactory(module=other.modules.first())
    client.force_login(enrolment.user)
    assert client.get(reverse("training:lesson", args=[course.slug, foreign.pk])).status_code == 404


def test_lesson_text_is_sanitised():
    lesson = LessonFactory(body='<p onclick="x()">Bài</p><script>alert(1)</script><a href="javascript:x">l</a>')
    assert "script" not in lesson.body
    assert "onclick" not in lesson.body
    assert "javascript" not in lesson.body
    assert "<p>Bài</p>" in lesson.body
