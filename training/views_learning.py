"""Catalogue, enrolment, lessons, quizzes and "My learning"."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from . import lesson_cache, lesson_page, selectors, services
from .access import access_course_by_slug, access_enrolment_by_slug, visible_courses
from .models import Lesson, Quiz, QuizAttempt


@require_GET
def course_list(request):
    courses = visible_courses(request.user).filter(is_published=True)
    return render(request, "training/course_list.html", {"courses": courses})


@require_GET
def course_detail(request, slug):
    course = access_course_by_slug(request.user, slug)
    enrolment = None
    if request.user.is_authenticated:
        enrolment = course.enrolments.filter(user=request.user).first()
    context = {
        "course": course,
        "modules": selectors.course_outline(course),
        "final_quiz": selectors.final_quiz(course),
        "enrolment": enrolment,
        "done": selectors.completed_lesson_ids(enrolment) if enrolment else set(),
    }
    return render(request, "training/course_detail.html", context)


@login_required
@require_POST
def enrol(request, slug):
    course = access_course_by_slug(request.user, slug)
    try:
        services.self_enrol(request.user, course)
    except services.TrainingError as exc:
        messages.error(request, str(exc))
    return redirect(course)


def _lesson_in(enrolment, pk) -> Lesson:
    lesson = selectors.lesson_in(enrolment, pk)
    if lesson is None:
        raise Http404
    return lesson


@require_GET
def lesson(request, slug, pk):
    """A learner this process already knows gets the fast path (training.lesson_page); the rest this view."""
    response = lesson_page.serve(request, slug, pk)
    return response if response is not None else _lesson(request, slug, pk)


@login_required
def _lesson(request, slug, pk):
    enrolment = access_enrolment_by_slug(request.user, slug)
    page = lesson_cache.lesson_page(enrolment.course, pk)
    if page is None:
        raise Http404
    is_done = services.open_lesson(enrolment, page.pk)
    lesson_page.remember(request)
    context = {"course": enrolment.course, "lesson": page, "is_done": is_done}
    return render(request, "training/lesson.html", context)


@login_required
@require_POST
def complete_lesson(request, slug, pk):
    enrolment = access_enrolment_by_slug(request.user, slug)
    course = enrolment.course
    current = _lesson_in(enrolment, pk)
    certificate = services.complete_lesson(enrolment, current)
    if certificate:
        messages.success(request, _("Course completed: your certificate is ready."))
        return redirect("training:learning")
    if current.next_id:
        return redirect("training:lesson", slug=slug, pk=current.next_id)
    return redirect(course)


@login_required
@require_http_methods(["GET", "POST"])
def quiz(request, slug, pk):
    enrolment = access_enrolment_by_slug(request.user, slug)
    course = enrolment.course
    current = get_object_or_404(Quiz, pk=pk, course=course)
    if request.method == "POST":
        try:
            attempt = services.start_attempt(enrolment, current)
        except services.TrainingError as exc:
            messages.error(request, str(exc))
            return redirect("training:quiz", slug=slug, pk=pk)
        return redirect("training:attempt", slug=slug, pk=attempt.pk)
    attempts = list(selectors.attempts_of(enrolment, current))
    context = {
        "course": course,
        "quiz": current,
        "attempts": attempts,
        "attempts_left": max(0, current.max_attempts - len(attempts)),
        "passed": any(a.passed for a in attempts),
    }
    return render(request, "training/quiz.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def attempt(request, slug, pk):
    enrolment = access_enrolment_by_slug(request.user, slug)
    course = enrolment.course
    current = get_object_or_404(QuizAttempt.objects.select_related("quiz"), pk=pk, enrolment=enrolment)
    error = None
    if request.method == "POST" and current.submitted_at is None:
        answers = {}
        for question_id, _choices in current.layout:
            picked = request.POST.getlist(f"q{question_id}")
            answers[question_id] = [int(c) for c in picked if c.isdigit()]
        try:
            current = services.submit_attempt(current, answers)
        except services.TrainingError as exc:
            error = str(exc)
        else:
            return redirect("training:attempt", slug=slug, pk=pk)
    context = {"course": course, "attempt": current, "quiz": current.quiz, "error": error}
    context["questions"] = selectors.attempt_questions(current, chosen=request.POST if error else None)
    if current.submitted_at and current.quiz.is_final and current.passed:
        context["certificate"] = course.certificates.filter(learner=request.user).first()
    return render(request, "training/attempt.html", context, status=400 if error else 200)


@login_required
@require_GET
def learning(request):
    rows = selectors.my_learning(request.user)
    return render(request, "training/learning.html", {"rows": rows})
