import pytest
from django.urls import reverse

from tests.training.factories import (
    EnrolmentFactory,
    QuizFactory,
    answers,
    course_with,
    post_answers,
    question_with,
)
from training import services
from training.models import Question, QuizAttempt

pytestmark = pytest.mark.django_db


@pytest.fixture
def enrolment():
    return EnrolmentFactory(course=course_with(lessons=1, questions=4))


def _quiz(enrolment):
    return enrolment.course.quizzes.get()


def test_attempt_stores_a_shuffled_order_drawn_from_the_bank(enrolment):
    quiz = _quiz(enrolment)
    for _ in range(6):
        question_with(quiz, correct=1, wrong=3)
    quiz.questions_per_attempt = 5
    quiz.max_attempts = 50
    quiz.save()

    orders = set()
    for _ in range(12):
        attempt = services.start_attempt(enrolment, quiz)
        assert len(attempt.layout) == 5
        orders.add(tuple((q, tuple(cs)) for q, cs in attempt.layout))
        services.submit_attempt(attempt, answers(attempt, right=False))

    assert len(orders) > 1  # 12 draws of 5 of 10 questions, 4! answer orders each: never all alike
    bank = set(quiz.questions.values_list("pk", flat=True))
    assert all({q for q, _ in order} <= bank for order in orders)


def test_page_before_submitting_does_not_reveal_answers(client, enrolment):
    quiz = _quiz(enrolment)
    client.force_login(enrolment.user)
    client.post(reverse("training:quiz", args=[enrolment.course.slug, quiz.pk]))
    attempt = QuizAttempt.objects.get()

    page = client.get(reverse("training:attempt", args=[enrolment.course.slug, attempt.pk])).content.decode()

    assert "Xem lại bài học." not in page  # the feedback
    assert "correct" not in page.lower()
    assert all(f'value="{c}"' in page for _q, cs in attempt.layout for c in cs)


def test_score_pass_and_feedback_after_submitting(client, enrolment):
    quiz = _quiz(enrolment)
    client.force_login(enrolment.user)
    client.post(reverse("training:quiz", args=[enrolment.course.slug, quiz.pk]))
    attempt = QuizAttempt.objects.get()
    data = post_answers(attempt, right=True)
    wrong = post_answers(attempt, right=False)
    first_question = f"q{attempt.layout[0][0]}"
    data[first_question] = wrong[first_question]  # 3 of 4 right: 75 % ≥ 60 %

    response = client.post(reverse("training:attempt", args=[enrolment.course.slug, attempt.pk]), data, follow=True)

    attempt.refresh_from_db()
    assert (attempt.score, attempt.passed) == (75, True)
    assert "75%" in response.content.decode()
    assert "Xem lại bài học." in response.content.decode()


def test_multiple_choice_needs_exactly_the_correct_set(enrolment):
    quiz = QuizFactory(course=enrolment.course, module=enrolment.course.modules.get(), pass_mark=100)
    question = question_with(quiz, correct=2, wrong=2, kind=Question.Kind.MULTIPLE)
    right = list(question.choices.filter(is_correct=True).values_list("pk", flat=True))

    partial = services.submit_attempt(services.start_attempt(enrolment, quiz), {question.pk: right[:1]})
    full = services.submit_attempt(services.start_attempt(enrolment, quiz), {question.pk: right})

    assert (partial.score, partial.passed) == (0, False)
    assert (full.score, full.passed) == (100, True)


def test_attempt_limit_and_every_attempt_kept(enrolment):
    quiz = _quiz(enrolment)
    for _ in range(quiz.max_attempts):
        attempt = services.start_attempt(enrolment, quiz)
        services.submit_attempt(attempt, answers(attempt, right=False))

    with pytest.raises(services.TrainingError):
        services.start_attempt(enrolment, quiz)
    assert list(QuizAttempt.objects.filter(enrolment=enrolment).values_list("number", "passed")) == [
        (1, False),
        (2, False),
        (3, False),
    ]


def test_unanswered_question_is_refused_and_nothing_saved(client, enrolment):
    quiz = _quiz(enrolment)
    client.force_login(enrolment.user)
    client.post(reverse("training:quiz", args=[enrolment.course.slug, quiz.pk]))
    attempt = QuizAttempt.objects.get()
    data = post_answers(attempt)
    data.pop(f"q{attempt.layout[0][0]}")

    response = client.post(reverse("training:attempt", args=[enrolment.course.slug, attempt.pk]), data)

    attempt.refresh_from_db()
    assert response.status_code == 400
    assert attempt.submitted_at is None and attempt.score is None


def test_garbage_answers_are_a_clear_error_not_a_500(client, enrolment):
    quiz = _quiz(enrolment)
    client.force_login(enrolment.user)
    client.post(reverse("training:quiz", args=[enrolment.course.slug, quiz.pk]))
    attempt = QuizAttempt.objects.get()
    data = {f"q{q}": ["99999999", "abc", "-1"] for q, _cs in attempt.layout}

    response = client.post(reverse("training:attempt", args=[enrolment.course.slug, attempt.pk]), data)

    assert response.status_code == 400
    attempt.refresh_from_db()
    assert attempt.submitted_at is None


def test_submitted_attempt_cannot_be_resubmitted(enrolment):
    quiz = _quiz(enrolment)
    attempt = services.start_attempt(enrolment, quiz)
    services.submit_attempt(attempt, answers(attempt, right=False))

    with pytest.raises(services.TrainingError):
        services.submit_attempt(attempt, answers(attempt, right=True))
    attempt.refresh_from_db()
    assert attempt.passed is False


def test_another_learners_attempt_is_not_found(client, enrolment):
    attempt = services.start_attempt(enrolment, _quiz(enrolment))
    intruder = EnrolmentFactory(course=enrolment.course)
    client.force_login(intruder.user)
    url = reverse("training:attempt", args=[enrolment.course.slug, attempt.pk])
    assert client.get(url).status_code == 404
