"""factory_boy factories for courses, lessons, quizzes and enrolments."""

import datetime

import factory

from training.models import Choice, Course, Enrolment, Lesson, Module, NationalCompletion, Question, Quiz


class CourseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Course

    slug = factory.Sequence(lambda n: f"ky-nang-so-{n}")
    title = factory.Sequence(lambda n: f"Kỹ năng số cơ bản {n}")
    summary = "Dịch vụ công trực tuyến, mua sắm và thanh toán an toàn."
    is_published = True
    is_open = True


class ModuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Module

    course = factory.SubFactory(CourseFactory)
    title = factory.Sequence(lambda n: f"Chương {n}")
    position = factory.Sequence(lambda n: n)


class LessonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Lesson

    module = factory.SubFactory(ModuleFactory)
    title = factory.Sequence(lambda n: f"Bài {n}")
    position = factory.Sequence(lambda n: n)
    body = "<p>Đăng nhập Cổng dịch vụ công quốc gia bằng VNeID.</p>"


class QuizFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Quiz

    course = factory.SubFactory(CourseFactory)
    module = None
    title = "Bài kiểm tra cuối khoá"
    pass_mark = 60
    max_attempts = 3


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    quiz = factory.SubFactory(QuizFactory)
    text = factory.Sequence(lambda n: f"Câu hỏi {n}?")
    kind = Question.Kind.SINGLE
    explanation = "Xem lại bài học."


class ChoiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Choice

    question = factory.SubFactory(QuestionFactory)
    text = factory.Sequence(lambda n: f"Đáp án {n}")
    is_correct = False


class EnrolmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrolment

    user = factory.SubFactory("tests.factories.UserFactory")
    course = factory.SubFactory(CourseFactory)


class NationalCompletionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NationalCompletion

    full_name = "Mai Văn Phúc"
    role = "citizen"
    unit = factory.SubFactory("tests.factories.CommuneFactory")
    platform = NationalCompletion.Platform.BINH_DAN_HOC_VU_SO
    course_name = "Bình dân học vụ số"
    completed_on = datetime.date(2026, 11, 1)
    certificate_number = "B-1"


def question_with(quiz, correct: int = 1, wrong: int = 2, kind=Question.Kind.SINGLE) -> Question:
    question = QuestionFactory(quiz=quiz, kind=kind)
    for _ in range(correct):
        ChoiceFactory(question=question, is_correct=True)
    for _ in range(wrong):
        ChoiceFactory(question=question)
    return question


def course_with(lessons: int = 2, questions: int = 2, **course_fields) -> Course:
    """A published course: one module of `lessons` lessons and a final quiz of single-choice questions."""
    course = CourseFactory(**course_fields)
    module = ModuleFactory(course=course)
    for _ in range(lessons):
        LessonFactory(module=module)
    quiz = QuizFactory(course=course)
    for _ in range(questions):
        question_with(quiz)
    return course


def answers(attempt, *, right: bool = True) -> dict[int, list[int]]:
    """Answers for every question the attempt shows: all right, or all wrong."""
    result = {}
    for question_id, choice_ids in attempt.layout:
        correct = set(Choice.objects.filter(pk__in=choice_ids, is_correct=True).values_list("pk", flat=True))
        result[question_id] = sorted(correct) if right else [next(c for c in choice_ids if c not in correct)]
    return result


def post_answers(attempt, *, right: bool = True) -> dict[str, list[str]]:
    return {f"q{q}": [str(c) for c in cs] for q, cs in answers(attempt, right=right).items()}
