"""Getters that return what the user may see or manage, or raise Http404 ("not yours" and "does not
exist" look the same)."""

from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404

from accounts.access import has_role, is_staff_role, scope_to_units
from accounts.models import Role, User

from .models import Certificate, Course, Enrolment, NationalCompletion, TrainingSession

# Courses are the province's: only its administrators (and superusers) edit them.
COURSE_MANAGERS = [Role.PROVINCE_ADMIN]


def visible_courses(user: User) -> QuerySet[Course]:
    if has_role(user, COURSE_MANAGERS):
        return Course.objects.all()
    return Course.objects.filter(is_published=True)


def access_course(user: User, pk: int, *, manage: bool = False) -> Course:
    queryset = Course.objects.all() if manage and has_role(user, COURSE_MANAGERS) else visible_courses(user)
    if manage and not has_role(user, COURSE_MANAGERS):
        raise Http404
    return _get(queryset, pk=pk)


def access_course_by_slug(user: User, slug: str) -> Course:
    return _get(visible_courses(user), slug=slug)


def access_enrolment(user: User, pk: int, *, manage: bool = False) -> Enrolment:
    """The learner's own enrolment; staff manage enrolments of learners in their subtree."""
    if manage:
        if not is_staff_role(user):
            raise Http404
        return _get(scope_to_units(user, Enrolment.objects.all()), pk=pk)
    if not user.is_authenticated:
        raise Http404
    return _get(Enrolment.objects.select_related("course").filter(user=user), pk=pk)


def access_enrolment_by_slug(user: User, slug: str) -> Enrolment:
    """The learner's enrolment in the visible course with this slug, course included, in one query."""
    if not user.is_authenticated:
        raise Http404
    queryset = Enrolment.objects.select_related("course").filter(user=user, course__slug=slug)
    if not has_role(user, COURSE_MANAGERS):
        queryset = queryset.filter(course__is_published=True)
    return _get(queryset)


def access_certificate(user: User, pk: int, *, manage: bool = False) -> Certificate:
    """The learner's own certificate; staff in scope manage (revoke) those of learners enrolled in their subtree."""
    if manage:
        if not is_staff_role(user):
            raise Http404
        # The same enrolment must match both the learner and the course (not any pair of them).
        in_scope = scope_to_units(user, Enrolment.objects.all()).filter(
            user_id=OuterRef("learner_id"), course_id=OuterRef("course_id")
        )
        return _get(Certificate.objects.filter(Exists(in_scope)), pk=pk)
    if not user.is_authenticated:
        raise Http404
    return _get(Certificate.objects.filter(learner=user), pk=pk)


def access_session(user: User, pk: int, *, manage: bool = False) -> TrainingSession:
    if not is_staff_role(user):
        raise Http404
    return _get(scope_to_units(user, TrainingSession.objects.all()), pk=pk)


def access_national_completion(user: User, pk: int, *, manage: bool = False) -> NationalCompletion:
    """Staff (commune, district, province) whose subtree holds the person's commune see and confirm
    it (manage); the person it is about may also see it (their own evidence file), nobody else."""
    if not user.is_authenticated:
        raise Http404
    in_scope = (
        scope_to_units(user, NationalCompletion.objects.all())
        if is_staff_role(user)
        else NationalCompletion.objects.none()
    )
    if manage:
        return _get(in_scope, pk=pk)
    return _get(in_scope | NationalCompletion.objects.filter(user=user), pk=pk)


def _get(queryset: QuerySet, **lookup):
    try:
        return queryset.get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
