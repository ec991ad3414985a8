import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import InternalError, connection, transaction
from django.urls import reverse

from tests.factories import UserFactory
from tests.training.factories import EnrolmentFactory, answers, course_with
from training import services
from training.models import Certificate, Enrolment, Lesson


def _finish_lessons(enrolment):
    for lesson in Lesson.objects.filter(module__course=enrolment.course):
        services.complete_lesson(enrolment, lesson)


def _pass_quiz(enrolment):
    quiz = enrolment.course.quizzes.get(module__isnull=True)
    attempt = services.start_attempt(enrolment, quiz)
    return services.submit_attempt(attempt, answers(attempt, right=True))


def _completed_enrolment():
    enrolment = EnrolmentFactory(course=course_with())
    _finish_lessons(enrolment)
    _pass_quiz(enrolment)
    return enrolment


@pytest.mark.django_db
def test_lessons_alone_do_not_complete_a_course_with_a_final_quiz():
    enrolment = EnrolmentFactory(course=course_with(), user=UserFactory(first_name="Trần Thị", last_name="Hằng"))
    _finish_lessons(enrolment)

    enrolment.refresh_from_db()
    assert enrolment.completed_at is None
    assert not Certificate.objects.exists()


@pytest.mark.django_db
def test_passing_the_final_quiz_after_every_lesson_issues_the_certificate():
    enrolment = EnrolmentFactory(course=course_with(), user=UserFactory(first_name="Trần Thị", last_name="Hằng"))
    _finish_lessons(enrolment)
    _pass_quiz(enrolment)

    enrolment.refresh_from_db()
    certificate = Certificate.objects.get()
    assert enrolment.completed_at is not None
    assert certificate.learner_name == "Trần Thị Hằng"
    assert certificate.course_title == enrolment.course.title
    assert len(certificate.code) == 16


@pytest.mark.django_db
def test_quiz_passed_before_the_last_lesson_completes_the_course_with_that_lesson(client):
    enrolment = EnrolmentFactory(course=course_with(lessons=2))
    first, last = Lesson.objects.filter(module__course=enrolment.course)
    services.complete_lesson(enrolment, first)
    _pass_quiz(enrolment)
    assert not Certificate.objects.exists()

    client.force_login(enrolment.user)
    response = client.post(reverse("training:complete_lesson", args=[enrolment.course.slug, last.pk]))

    assert response["Location"] == reverse("training:learning")
    assert Certificate.objects.filter(learner=enrolment.user, course=enrolment.course).count() == 1


@pytest.mark.django_db
def test_rerunning_completion_or_editing_the_course_changes_no_certificate():
    enrolment = _completed_enrolment()
    issued = Certificate.objects.values().get()

    course = enrolment.course
    course.title = "Tên khoá học mới"
    course.issuer = "Đơn vị khác"
    course.save()
    enrolment.refresh_from_db()
    again = services.complete_if_done(enrolment)
    services.issue_certificate(enrolment)

    assert Certificate.objects.count() == 1
    assert again.pk == issued["id"]
    assert Certificate.objects.values().get() == issued


@pytest.mark.django_db
def test_issued_fields_cannot_be_changed_by_save_or_by_sql():
    enrolment = _completed_enrolment()
    certificate = Certificate.objects.get()

    certificate.issued_on = certificate.issued_on.replace(year=2020)
    with pytest.raises(ValidationError):
        certificate.save()
    with pytest.raises(InternalError, match="cannot be changed"), transaction.atomic():
        Certificate.objects.filter(pk=certificate.pk).update(learner_name="Người khác")
    with pytest.raises(InternalError, match="cannot be deleted"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM training_certificate")
    assert Certificate.objects.get().learner_name == enrolment.user.get_full_name()


@pytest.mark.django_db
def test_revocation_keeps_the_certificate_and_records_reason_and_date():
    enrolment = _completed_enrolment()
    certificate = Certificate.objects.get()

    with pytest.raises(services.TrainingError):
        services.revoke_certificate(certificate, "   ")
    services.revoke_certificate(certificate, "Gian lận khi làm bài kiểm tra")

    certificate.refresh_from_db()
    assert certificate.is_revoked
    assert certificate.revocation_reason == "Gian lận khi làm bài kiểm tra"
    assert services.complete_if_done(enrolment).pk == certificate.pk  # no fresh certificate replaces it


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_completions_issue_one_certificate(units_imported):
    racer = EnrolmentFactory(course=course_with())
    _finish_lessons(racer)
    # The final quiz passed without going through submit_attempt, which would already complete the course.
    attempt = services.start_attempt(racer, racer.course.quizzes.get(module__isnull=True))
    attempt.passed, attempt.score, attempt.submitted_at = True, 100, attempt.started_at
    attempt.save()
    assert not Certificate.objects.exists()

    barrier = threading.Barrier(2)
    results, errors = [], []

    def complete():
        try:
            mine = Enrolment.objects.get(pk=racer.pk)
            barrier.wait()
            results.append(services.complete_if_done(mine).pk)
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=complete) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert len(results) == 2 and results[0] == results[1]
    assert Certificate.objects.filter(learner=racer.user, course=racer.course).count() == 1
