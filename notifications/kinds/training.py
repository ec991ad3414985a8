"""Training: a learner stalled on an unfinished course, and a certificate issued."""

from datetime import datetime, timedelta

from django.db.models import Exists, Max, OuterRef, Subquery
from django.db.models.functions import Greatest
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from training.models import Certificate, Enrolment, LessonCompletion, QuizAttempt

from . import Due, Kind, Message, crontab, iso_week, register

STALLED_AFTER = timedelta(days=7)
# Certificates issued this recently are announced (the sweep runs far more often than this).
CERTIFICATE_LOOKBACK = timedelta(days=2)


def _latest(model, field: str):
    rows = model.objects.filter(enrolment=OuterRef("pk")).order_by().values("enrolment")
    return Subquery(rows.annotate(latest=Max(field)).values("latest")[:1])


def _stalled(now: datetime):
    """Unfinished enrolments in published courses, without a certificate, with no progress for 7 days:
    no lesson completed and no quiz attempt since (or since enrolling)."""
    certified = Certificate.objects.filter(learner=OuterRef("user_id"), course=OuterRef("course_id"))
    return (
        Enrolment.objects.filter(completed_at=None, course__is_published=True, user__is_active=True)
        .exclude(Exists(certified))
        .alias(
            last_progress=Greatest(
                "enrolled_at",
                _latest(LessonCompletion, "completed_at"),
                _latest(QuizAttempt, "started_at"),
            )
        )
        .filter(last_progress__lt=now - STALLED_AFTER)
    )


@register
class LearnerStalled(Kind):
    code = "course_stalled"
    label = gettext_lazy("A course I started has seen no progress for 7 days")
    # 19:00 daily: learners study in the evening, before quiet hours; at most once a week per course.
    sweep_crontab = crontab("0", "19")

    def applies_to(self, user: User) -> bool:
        return user.enrolments.filter(completed_at=None).exists()

    def due(self, now: datetime):
        week = iso_week(now)
        rows = _stalled(now).order_by("pk").values_list("user_id", "pk")
        for learner_id, enrolment_id in rows.iterator(chunk_size=500):
            yield Due(learner_id, enrolment_id, week)

    def still_due(self, recipient: User, object_id: int, occurrence: str, now: datetime) -> bool:
        return occurrence == iso_week(now) and _stalled(now).filter(pk=object_id, user=recipient).exists()

    def message(self, recipient: User, object_id: int, occurrence: str) -> Message:
        course = Enrolment.objects.select_related("course").get(pk=object_id).course
        return Message(
            title=_("Continue your course: %(course)s") % {"course": course.title},
            lines=[_("You have not made progress for a week. A lesson takes only a few minutes.")],
            url=course.get_absolute_url(),
        )


@register
class CertificateIssued(Kind):
    code = "certificate_issued"
    label = gettext_lazy("A certificate has been issued to me")
    # Every 10 minutes: a learner who just finished a course hears of the certificate soon after.
    sweep_crontab = crontab("*/10")

    def applies_to(self, user: User) -> bool:
        return user.enrolments.exists()

    def due(self, now: datetime):
        rows = (
            Certificate.objects.filter(
                issued_at__gte=now - CERTIFICATE_LOOKBACK, revoked_on=None, learner__is_active=True
            )
            .order_by("pk")
            .values_list("learner_id", "pk")
        )
        for learner_id, certificate_id in rows.iterator(chunk_size=500):
            yield Due(learner_id, certificate_id, "issued")

    def due_for(self, object_id: int, occurrence: str):
        for learner_id in Certificate.objects.filter(pk=object_id).values_list("learner_id", flat=True):
            yield Due(learner_id, object_id, "issued")

    def still_due(self, recipient: User, object_id: int, occurrence: str, now: datetime) -> bool:
        return Certificate.objects.filter(pk=object_id, learner=recipient, revoked_on=None).exists()

    def message(self, recipient: User, object_id: int, occurrence: str) -> Message:
        certificate = Certificate.objects.get(pk=object_id)
        return Message(
            title=_("Your certificate for %(course)s is issued") % {"course": certificate.course_title},
            lines=[
                _("Download it from My learning; anyone can verify it with its code %(code)s.")
                % {"code": certificate.code}
            ],
            url=reverse("training:learning"),
        )
