"""Courses, their lessons and quizzes, learners' progress, certificates, and training done elsewhere
(in-person sessions, national platforms) so everyone trained is counted once per source."""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import STAFF_ROLES, Role
from core.storage import private_storage

from .html import sanitise_html


class PersonRole(models.TextChoices):
    """How reports split people trained: officials, volunteers, citizens."""

    OFFICIAL = "official", _("Official")
    VOLUNTEER = "volunteer", _("Volunteer")
    CITIZEN = "citizen", _("Citizen")


def person_role_of(user) -> str:
    if user.role in STAFF_ROLES:
        return PersonRole.OFFICIAL
    if user.role == Role.VOLUNTEER:
        return PersonRole.VOLUNTEER
    return PersonRole.CITIZEN


class Course(models.Model):
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True, help_text=_("HTML; unsafe markup is removed."))
    is_published = models.BooleanField(_("published"), default=False)
    is_open = models.BooleanField(
        _("open for self-enrolment"), default=True, help_text=_("Otherwise only staff enrol learners (cohorts).")
    )
    issuer = models.CharField(_("issuer"), max_length=200, default="Sở Thông tin và Truyền thông tỉnh Nam Định")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # A new value at every edit of the course, its modules or lessons (training.signals): the lesson
    # pages each process keeps (training.lesson_cache) are keyed by it, so no process shows an old one.
    content_key = models.UUIDField(default=uuid.uuid4, editable=False)

    class Meta:
        ordering = ["title"]
        verbose_name = _("course")
        verbose_name_plural = _("courses")

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        self.description = sanitise_html(self.description)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("training:course_detail", args=[self.slug])


class Module(models.Model):
    course = models.ForeignKey(Course, verbose_name=_("course"), on_delete=models.CASCADE, related_name="modules")
    title = models.CharField(_("title"), max_length=200)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["course", "position", "pk"]
        verbose_name = _("module")
        verbose_name_plural = _("modules")

    def __str__(self) -> str:
        return self.title


class Lesson(models.Model):
    class Kind(models.TextChoices):
        TEXT = "text", _("Text")
        VIDEO = "video", _("Video")
        PDF = "pdf", _("PDF document")

    module = models.ForeignKey(Module, verbose_name=_("module"), on_delete=models.CASCADE, related_name="lessons")
    title = models.CharField(_("title"), max_length=200)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.TEXT)
    body = models.TextField(_("text"), blank=True, help_text=_("HTML; unsafe markup is removed."))
    video_file = models.FileField(_("video file"), upload_to="training/videos/", blank=True)
    video_url = models.URLField(_("video link"), blank=True)
    pdf_file = models.FileField(_("PDF file"), upload_to="training/pdf/", blank=True)

    class Meta:
        ordering = ["module__position", "module_id", "position", "pk"]
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        # Sanitised on the way in, so every page can print it as it is.
        self.body = sanitise_html(self.body)
        super().save(*args, **kwargs)


class Quiz(models.Model):
    """A module's practice quiz, or (module empty) the course's final quiz that completion requires."""

    course = models.ForeignKey(Course, verbose_name=_("course"), on_delete=models.CASCADE, related_name="quizzes")
    module = models.ForeignKey(
        Module, verbose_name=_("module"), null=True, blank=True, on_delete=models.CASCADE, related_name="quizzes"
    )
    title = models.CharField(_("title"), max_length=200)
    pass_mark = models.PositiveSmallIntegerField(_("pass mark (%)"), default=70)
    max_attempts = models.PositiveSmallIntegerField(_("attempt limit"), default=3)
    questions_per_attempt = models.PositiveSmallIntegerField(
        _("questions per attempt"), null=True, blank=True, help_text=_("Drawn from the bank; empty: all.")
    )

    class Meta:
        ordering = ["course", "module__position", "pk"]
        verbose_name = _("quiz")
        verbose_name_plural = _("quizzes")
        constraints = [
            models.UniqueConstraint(
                fields=["course"], condition=Q(module__isnull=True), name="training_one_final_quiz"
            ),
            models.CheckConstraint(condition=Q(pass_mark__lte=100), name="training_pass_mark_percent"),
            models.CheckConstraint(condition=Q(max_attempts__gte=1), name="training_attempts_at_least_one"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_final(self) -> bool:
        return self.module_id is None


class Question(models.Model):
    class Kind(models.TextChoices):
        SINGLE = "single", _("Single choice")
        MULTIPLE = "multiple", _("Multiple choice")

    quiz = models.ForeignKey(Quiz, verbose_name=_("quiz"), on_delete=models.CASCADE, related_name="questions")
    text = models.CharField(_("question"), max_length=500)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.SINGLE)
    explanation = models.CharField(_("feedback"), max_length=500, blank=True)

    class Meta:
        ordering = ["quiz", "pk"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self) -> str:
        return self.text


class Choice(models.Model):
    question = models.ForeignKey(Question, verbose_name=_("question"), on_delete=models.CASCADE, related_name="choices")
    text = models.CharField(_("answer"), max_length=300)
    is_correct = models.BooleanField(_("correct"), default=False)

    class Meta:
        ordering = ["question", "pk"]
        verbose_name = _("choice")
        verbose_name_plural = _("choices")

    def __str__(self) -> str:
        return self.text


class Enrolment(models.Model):
    class Source(models.TextChoices):
        SELF = "self", _("Self-enrolled")
        COHORT = "cohort", _("Enrolled by staff")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("learner"), on_delete=models.CASCADE, related_name="enrolments"
    )
    course = models.ForeignKey(Course, verbose_name=_("course"), on_delete=models.PROTECT, related_name="enrolments")
    # Where the learner belongs, for reports by commune and district (a citizen has no unit of their own).
    unit = models.ForeignKey(
        "units.AdministrativeUnit", verbose_name=_("unit"), null=True, blank=True, on_delete=models.PROTECT
    )
    role = models.CharField(_("role"), max_length=10, choices=PersonRole.choices, default=PersonRole.CITIZEN)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices, default=Source.SELF)
    enrolled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    enrolled_at = models.DateTimeField(_("enrolled at"), auto_now_add=True)
    # Moved by every lesson page that changes it: not indexed, so the UPDATE touches no index and stays
    # HOT (a new row version on the same page, nothing added to the table's eight indexes, pruned on the
    # page). Indexed, a burst of lesson pages piled up index entries that each later lookup of the
    # enrolment had to step over (PostgreSQL CPU per page grew several-fold within seconds). Nothing
    # searches by it; deleting a lesson scans the enrolments for it once (a rare staff action).
    last_lesson = models.ForeignKey(
        Lesson, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", db_index=False
    )
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)

    class Meta:
        ordering = ["-enrolled_at"]
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [models.UniqueConstraint(fields=["user", "course"], name="training_one_enrolment_per_course")]
        # The coverage dashboard counts completions: of a period (by day), or per unit and role.
        indexes = [
            models.Index(
                fields=["completed_at"], condition=models.Q(completed_at__isnull=False), name="enrolment_completed_at"
            ),
            models.Index(
                fields=["unit", "role", "user"],
                include=["completed_at"],
                condition=models.Q(completed_at__isnull=False),
                name="enrolment_completed_unit",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.course}"


class LessonCompletion(models.Model):
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="lesson_completions")
    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="+")
    completed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["enrolment", "lesson"], name="training_lesson_completed_once")]

    def __str__(self) -> str:
        return f"{self.enrolment_id}: {self.lesson_id}"


class QuizAttempt(models.Model):
    """One attempt, kept for good: the questions and answer order it showed, what was chosen, the score."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="attempts")
    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="attempts")
    number = models.PositiveSmallIntegerField()
    # [[question_id, [choice_id, ...]], ...] in the order shown.
    layout = models.JSONField()
    answers = models.JSONField(default=dict, blank=True)  # {question_id: [choice_id, ...]}
    started_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    score = models.PositiveSmallIntegerField(null=True, blank=True)  # percent
    passed = models.BooleanField(null=True)

    class Meta:
        ordering = ["quiz", "number"]
        constraints = [
            # The attempt limit holds under two tabs submitting "start" at once.
            models.UniqueConstraint(fields=["enrolment", "quiz", "number"], name="training_attempt_number_once")
        ]

    def __str__(self) -> str:
        return f"{self.quiz} #{self.number}"


class Certificate(models.Model):
    """Issued once per learner and course; the issued fields never change (save() and a database
    trigger refuse it). Revocation is recorded beside them and keeps the verification URL."""

    ISSUED_FIELDS = ("code", "learner_id", "course_id", "learner_name", "course_title", "issuer", "issued_on")

    code = models.CharField(_("code"), max_length=32, unique=True, editable=False)
    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("learner"), on_delete=models.PROTECT, related_name="certificates"
    )
    course = models.ForeignKey(Course, verbose_name=_("course"), on_delete=models.PROTECT, related_name="certificates")
    learner_name = models.CharField(_("learner's name"), max_length=300)
    course_title = models.CharField(_("course"), max_length=200)
    issuer = models.CharField(_("issuer"), max_length=200)
    issued_on = models.DateField(_("issued on"))
    issued_at = models.DateTimeField(auto_now_add=True)
    revoked_on = models.DateField(_("revoked on"), null=True, blank=True)
    revocation_reason = models.CharField(_("reason for revocation"), max_length=300, blank=True)
    verification_count = models.PositiveIntegerField(_("verifications"), default=0)

    class Meta:
        ordering = ["-issued_at"]
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        constraints = [
            models.UniqueConstraint(fields=["learner", "course"], name="training_one_certificate_per_course"),
            models.CheckConstraint(
                condition=Q(revoked_on__isnull=True) | ~Q(revocation_reason=""),
                name="training_revocation_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} · {self.learner_name}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            stored = type(self).objects.filter(pk=self.pk).values(*self.ISSUED_FIELDS).first()
            if stored and any(stored[f] != getattr(self, f) for f in self.ISSUED_FIELDS):
                raise ValidationError(_("An issued certificate cannot be changed."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("An issued certificate cannot be deleted; revoke it instead."))

    @property
    def is_revoked(self) -> bool:
        return self.revoked_on is not None


class TrainingSession(models.Model):
    """An in-person session: a conference or a hands-on ("cầm tay chỉ việc") class."""

    class Kind(models.TextChoices):
        CONFERENCE = "conference", _("Conference")
        HANDS_ON = "hands_on", _("Hands-on class")

    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.HANDS_ON)
    course = models.ForeignKey(
        Course, verbose_name=_("course"), null=True, blank=True, on_delete=models.PROTECT, related_name="sessions"
    )
    topic = models.CharField(_("topic"), max_length=200, blank=True)
    unit = models.ForeignKey("units.AdministrativeUnit", verbose_name=_("held in"), on_delete=models.PROTECT)
    held_on = models.DateField(_("date"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-held_on", "pk"]
        verbose_name = _("in-person session")
        verbose_name_plural = _("in-person sessions")
        constraints = [
            models.CheckConstraint(
                condition=Q(course__isnull=False) | ~Q(topic=""), name="training_session_has_subject"
            )
        ]

    def __str__(self) -> str:
        return self.title


class Attendance(models.Model):
    session = models.ForeignKey(
        TrainingSession, verbose_name=_("session"), on_delete=models.CASCADE, related_name="attendees"
    )
    full_name = models.CharField(_("full name"), max_length=200)
    role = models.CharField(_("role"), max_length=10, choices=PersonRole.choices)
    unit = models.ForeignKey("units.AdministrativeUnit", verbose_name=_("commune"), on_delete=models.PROTECT)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        ordering = ["session", "full_name"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")

    def __str__(self) -> str:
        return f"{self.full_name} · {self.session}"


class NationalCompletion(models.Model):
    """A course completed on a national platform; it counts once a commune or district officer confirms it."""

    class Platform(models.TextChoices):
        ONETOUCH = "onetouch", _("Onetouch")
        BINH_DAN_HOC_VU_SO = "bdhvs", _("Bình dân học vụ số")

    platform = models.CharField(_("platform"), max_length=10, choices=Platform.choices)
    course_name = models.CharField(_("course"), max_length=200)
    completed_on = models.DateField(_("completed on"))
    certificate_number = models.CharField(_("certificate number"), max_length=100, blank=True)
    evidence = models.FileField(_("evidence file"), upload_to="training/evidence/", storage=private_storage, blank=True)
    full_name = models.CharField(_("full name"), max_length=200)
    role = models.CharField(_("role"), max_length=10, choices=PersonRole.choices)
    unit = models.ForeignKey("units.AdministrativeUnit", verbose_name=_("commune"), on_delete=models.PROTECT)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)

    class Meta:
        ordering = ["-completed_on", "pk"]
        verbose_name = _("national-platform completion")
        verbose_name_plural = _("national-platform completions")
        constraints = [
            models.CheckConstraint(
                condition=~Q(certificate_number="") | ~Q(evidence=""), name="training_national_has_evidence"
            )
        ]

    def __str__(self) -> str:
        return f"{self.full_name} · {self.course_name}"
