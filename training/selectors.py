"""Reads of the training app: the catalogue, a learner's progress, reports."""

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from accounts.access import scope_to_units, units_visible_to
from accounts.models import User
from units.models import AdministrativeUnit

from .models import Certificate, Course, Enrolment, Lesson, LessonCompletion, Module, Quiz, QuizAttempt


def course_outline(course: Course) -> list[Module]:
    """Modules with their lessons and quizzes, in order (three queries)."""
    return list(
        course.modules.prefetch_related(
            Prefetch("lessons", queryset=Lesson.objects.only("pk", "title", "kind", "position", "module_id")),
            "quizzes",
        )
    )


def final_quiz(course: Course) -> Quiz | None:
    return Quiz.objects.filter(course=course, module__isnull=True).first()


def completed_lesson_ids(enrolment: Enrolment) -> set[int]:
    return set(LessonCompletion.objects.filter(enrolment=enrolment).values_list("lesson_id", flat=True))


def lesson_in(enrolment: Enrolment, pk: int) -> Lesson | None:
    """One lesson of the enrolment's course with is_done, previous_id and next_id, in two plain queries.

    (One query with LAG/LEAD window functions costs more to compile in Django than the second query.)
    """
    done = LessonCompletion.objects.filter(enrolment=enrolment, lesson=OuterRef("pk"))
    lesson = (
        Lesson.objects.filter(module__course_id=enrolment.course_id, pk=pk)
        .select_related("module")
        .annotate(is_done=Exists(done))
        .first()
    )
    if lesson is not None:
        ids = list(Lesson.objects.filter(module__course_id=enrolment.course_id).values_list("pk", flat=True))
        index = ids.index(lesson.pk)
        lesson.previous_id = ids[index - 1] if index else None
        lesson.next_id = ids[index + 1] if index + 1 < len(ids) else None
    return lesson


@dataclass
class LearningRow:
    enrolment: Enrolment
    lessons_total: int
    lessons_done: int
    certificate: Certificate | None
    resume_lesson_id: int | None

    @property
    def percent(self) -> int:
        return round(100 * self.lessons_done / self.lessons_total) if self.lessons_total else 0


def my_learning(user: User) -> list[LearningRow]:
    """Each enrolment with its progress, certificate and where to resume: four queries for any number."""
    enrolments = list(
        Enrolment.objects.filter(user=user)
        .select_related("course")
        .annotate(lessons_done=Count("lesson_completions", distinct=True))
    )
    course_ids = [e.course_id for e in enrolments]
    lessons_by_course: dict[int, list[int]] = {}
    for pk, course_id in Lesson.objects.filter(module__course_id__in=course_ids).values_list("pk", "module__course_id"):
        lessons_by_course.setdefault(course_id, []).append(pk)
    done_by_enrolment: dict[int, set[int]] = {}
    for enrolment_id, lesson_id in LessonCompletion.objects.filter(enrolment__in=enrolments).values_list(
        "enrolment_id", "lesson_id"
    ):
        done_by_enrolment.setdefault(enrolment_id, set()).add(lesson_id)
    certificates = {c.course_id: c for c in Certificate.objects.filter(learner=user)}
    rows = []
    for enrolment in enrolments:
        lessons = lessons_by_course.get(enrolment.course_id, [])
        done = done_by_enrolment.get(enrolment.pk, set())
        # Resume at the lesson last opened, else at the first one not yet complete.
        resume = enrolment.last_lesson_id or next((pk for pk in lessons if pk not in done), None)
        rows.append(LearningRow(enrolment, len(lessons), len(done), certificates.get(enrolment.course_id), resume))
    return rows


def attempts_of(enrolment: Enrolment, quiz: Quiz) -> QuerySet[QuizAttempt]:
    return QuizAttempt.objects.filter(enrolment=enrolment, quiz=quiz).order_by("number")


# --- reports --------------------------------------------------------------------------------------


@dataclass
class CourseReportRow:
    course_id: int
    title: str
    enrolled: int
    completed: int
    attempted: int
    passed: int

    @property
    def in_progress(self) -> int:
        return self.enrolled - self.completed

    @property
    def completion_rate(self) -> float:
        return self.completed / self.enrolled if self.enrolled else 0.0

    @property
    def pass_rate(self) -> float:
        return self.passed / self.attempted if self.attempted else 0.0


def course_report(user: User) -> list[CourseReportRow]:
    """Per course, over the enrolments of learners in the user's subtree: one query."""
    final = Q(attempts__quiz__module__isnull=True, attempts__submitted_at__isnull=False)
    rows = (
        scope_to_units(user, Enrolment.objects.all())
        .values("course_id", "course__title")
        .annotate(
            enrolled=Count("id", distinct=True),
            completed=Count("id", distinct=True, filter=Q(completed_at__isnull=False)),
            attempted=Count("id", distinct=True, filter=final),
            passed=Count("id", distinct=True, filter=final & Q(attempts__passed=True)),
        )
        .order_by("course__title")
    )
    return [
        CourseReportRow(r["course_id"], r["course__title"], r["enrolled"], r["completed"], r["attempted"], r["passed"])
        for r in rows
    ]


def report_units(user: User) -> list[AdministrativeUnit]:
    """The rows of the per-unit report: the units one level below the user's own (or that unit, for a commune)."""
    visible = units_visible_to(user)
    if user.is_superuser or user.unit is None:
        return list(visible.filter(level=AdministrativeUnit.Level.DISTRICT))
    if user.unit.level == AdministrativeUnit.Level.COMMUNE:
        return [user.unit]
    return list(visible.filter(parent=user.unit))


@dataclass
class ShownQuestion:
    pk: int
    text: str
    kind: str
    choices: list[tuple[int, str, bool]]  # id, text, chosen
    explanation: str
    correct: bool | None  # None before submitting: nothing about the answers is shown


def attempt_questions(attempt: QuizAttempt, chosen=None) -> list[ShownQuestion]:
    """The attempt's questions and answers in the order it drew them; after submitting, whether each was right."""
    from .models import Choice, Question

    question_ids = [q for q, _c in attempt.layout]
    questions = Question.objects.in_bulk(question_ids)
    choices = Choice.objects.in_bulk([c for _q, cs in attempt.layout for c in cs])
    submitted = attempt.submitted_at is not None
    shown = []
    for question_id, choice_ids in attempt.layout:
        question = questions.get(question_id)
        if question is None:
            continue
        if submitted:
            picked = {int(c) for c in attempt.answers.get(str(question_id), [])}
        elif chosen is not None:
            picked = {int(c) for c in chosen.getlist(f"q{question_id}") if c.isdigit()}
        else:
            picked = set()
        present = [choices[c] for c in choice_ids if c in choices]
        correct = None
        if submitted:
            correct = picked == {c.pk for c in present if c.is_correct}
        shown.append(
            ShownQuestion(
                question.pk,
                question.text,
                question.kind,
                [(c.pk, c.text, c.pk in picked) for c in present],
                question.explanation if submitted else "",
                correct,
            )
        )
    return shown
