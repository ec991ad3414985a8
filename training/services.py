"""Every write of the training app: enrolment, progress, quiz attempts, certificates, sessions."""

import secrets
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

import redis
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core.audit import Action, announce
from core.codes import new_code
from core.prepared import PreparedStatement
from units.models import AdministrativeUnit

from . import verification
from .access import COURSE_MANAGERS
from .models import (
    Attendance,
    Certificate,
    Course,
    Enrolment,
    Lesson,
    LessonCompletion,
    NationalCompletion,
    Question,
    Quiz,
    QuizAttempt,
    TrainingSession,
    person_role_of,
)

# 31^16 ≈ 7·10^23 codes: a verification URL can be neither guessed nor enumerated.
CERTIFICATE_CODE_LENGTH = 16


class TrainingError(Exception):
    """A request the rules refuse; the message is shown to the user."""


# --- enrolment ------------------------------------------------------------------------------------


def enrol(
    user: User,
    course: Course,
    *,
    source: str = Enrolment.Source.SELF,
    enrolled_by: User | None = None,
    unit: AdministrativeUnit | None = None,
) -> tuple[Enrolment, bool]:
    """The learner's enrolment in the course (an existing one is kept as it is), and whether it is new."""
    return Enrolment.objects.get_or_create(
        user=user,
        course=course,
        defaults={
            "source": source,
            "enrolled_by": enrolled_by,
            "unit": unit or user.unit,
            "role": person_role_of(user),
        },
    )


def self_enrol(user: User, course: Course) -> Enrolment:
    if not course.is_published or not course.is_open:
        raise TrainingError(_("This course is not open for self-enrolment."))
    enrolment, _created = enrol(user, course)
    return enrolment


@transaction.atomic
def enrol_cohort(staff: User, course: Course, learners: Iterable[User], unit: AdministrativeUnit) -> int:
    """Enrol each learner (already enrolled ones are left alone), all or none; how many are new.
    A citizen without a unit of their own is counted in `unit`, the commune the cohort comes from."""
    created = 0
    for learner in learners:
        _enrolment, new = enrol(
            learner, course, source=Enrolment.Source.COHORT, enrolled_by=staff, unit=learner.unit or unit
        )
        created += new
    return created


# --- lessons --------------------------------------------------------------------------------------


_OPEN_LESSON_SQL = (
    "UPDATE training_enrolment SET last_lesson_id = %s WHERE id = %s RETURNING EXISTS "
    "(SELECT 1 FROM training_lessoncompletion WHERE enrolment_id = %s AND lesson_id = %s)"
)


def open_lesson(enrolment: Enrolment, lesson_id: int) -> bool:
    """Remember where the learner is, so "My learning" resumes there, and answer whether the learner
    completed this lesson: one statement either way (the lesson page's only query of its own)."""
    if enrolment.last_lesson_id == lesson_id:
        return LessonCompletion.objects.filter(enrolment_id=enrolment.pk, lesson_id=lesson_id).exists()
    with connection.cursor() as cursor:
        cursor.execute(_OPEN_LESSON_SQL, [lesson_id, enrolment.pk, enrolment.pk, lesson_id])
        row = cursor.fetchone()
    enrolment.last_lesson_id = lesson_id
    return bool(row and row[0])


# The lesson page's fast path (training.lesson_page) in one statement: the session (still stored with
# exactly the data Django verified, not expired), its user (active, with the password hash the session
# was verified against), the rules of access.access_enrolment_by_slug (the learner's own enrolment; an
# unpublished course only for course managers), the move of the resume point (only to a lesson of that
# course, only when it changes: reading the same lesson again writes nothing) and whether the learner
# completed the lesson. A data-modifying CTE runs whether or not it is read.
# The move is committed without waiting for the WAL to reach the disk (synchronous_commit off, for
# this statement's transaction only: set_config(..., true)): it held every lesson page for a disk
# flush, several milliseconds. A crash of PostgreSQL can lose the last few hundred milliseconds of such
# moves, never more and never anything else; "My learning" then resumes one lesson earlier, which is
# harmless. (The setting is read at commit, so setting it anywhere in the statement is enough.)
# Prepared once per connection (core.prepared): planning these joins cost twice what running them does.
_OPEN_LESSON_AS = PreparedStatement(
    "training_open_lesson_as",
    """
WITH target AS (
    SELECT e.id AS enrolment_id, c.id AS course_id, c.content_key, c.slug, c.title, u.role
    FROM django_session s, training_enrolment e
    JOIN training_course c ON c.id = e.course_id
    JOIN accounts_user u ON u.id = e.user_id
    WHERE s.session_key = %(session_key)s AND s.session_data = %(session_data)s AND s.expire_date > %(now)s
      AND e.user_id = %(user)s AND c.slug = %(slug)s AND u.is_active AND u.password = %(password)s
      AND (c.is_published OR u.is_superuser OR u.role = ANY(%(managers)s))
), moved AS (
    UPDATE training_enrolment AS e SET last_lesson_id = %(lesson)s
    FROM target, training_lesson l JOIN training_module m ON m.id = l.module_id
    WHERE e.id = target.enrolment_id AND l.id = %(lesson)s AND m.course_id = target.course_id
      AND e.last_lesson_id IS DISTINCT FROM %(lesson)s
      AND set_config('synchronous_commit', 'off', true) IS NOT NULL
)
SELECT course_id, content_key, slug, title, role, EXISTS (
    SELECT 1 FROM training_lessoncompletion lc WHERE lc.enrolment_id = target.enrolment_id AND lc.lesson_id = %(lesson)s
) FROM target
""",
    {
        "session_key": "text",
        "session_data": "text",
        "now": "timestamptz",
        "user": "bigint",
        "password": "text",
        "slug": "text",
        "lesson": "bigint",
        "managers": "text[]",
    },
)


@dataclass(frozen=True)
class KnownSession:
    """A session Django authenticated in this process: its key and stored data, its user and the password
    hash its session hash was verified against."""

    session_key: str
    session_data: str
    user_id: int
    password: str


@dataclass(frozen=True)
class OpenedLesson:
    course_id: int
    content_key: uuid.UUID
    slug: str
    title: str
    role: str
    is_done: bool

    @property
    def pk(self) -> int:  # what lesson_cache.lesson_page reads of a course
        return self.course_id


def open_lesson_as(session: KnownSession, slug: str, lesson_id: int) -> OpenedLesson | None:
    """open_lesson() for the fast path, session and access checks included: None when the session
    changed or ended, the user changed, or has no enrolment in a course with this slug they may see;
    then nothing was written."""
    params = {
        "session_key": session.session_key,
        "session_data": session.session_data,
        "now": timezone.now(),
        "user": session.user_id,
        "password": session.password,
        "slug": slug,
        "lesson": lesson_id,
        "managers": [str(role) for role in COURSE_MANAGERS],
    }
    row = _OPEN_LESSON_AS.fetchone_first(params)  # may raise core.prepared.ConnectionLost
    return OpenedLesson(*row) if row else None


def complete_lesson(enrolment: Enrolment, lesson: Lesson) -> Certificate | None:
    if lesson.module.course_id != enrolment.course_id:
        raise TrainingError(_("This lesson is not part of the course."))
    LessonCompletion.objects.bulk_create([LessonCompletion(enrolment=enrolment, lesson=lesson)], ignore_conflicts=True)
    return complete_if_done(enrolment)


# --- quizzes --------------------------------------------------------------------------------------


def start_attempt(enrolment: Enrolment, quiz: Quiz) -> QuizAttempt:
    """The learner's open attempt, or a new one with freshly shuffled questions and answers."""
    if quiz.course_id != enrolment.course_id:
        raise TrainingError(_("This quiz is not part of the course."))
    attempts = list(QuizAttempt.objects.filter(enrolment=enrolment, quiz=quiz).order_by("number"))
    open_attempt = next((a for a in attempts if a.submitted_at is None), None)
    if open_attempt:
        return open_attempt
    if any(a.passed for a in attempts):
        raise TrainingError(_("You have already passed this quiz."))
    if len(attempts) >= quiz.max_attempts:
        raise TrainingError(_("You have used all attempts for this quiz."))
    rng = secrets.SystemRandom()
    questions = list(Question.objects.filter(quiz=quiz).prefetch_related("choices"))
    if not questions:
        raise TrainingError(_("This quiz has no questions yet."))
    count = min(quiz.questions_per_attempt or len(questions), len(questions))
    layout = []
    for question in rng.sample(questions, count):
        choice_ids = [c.pk for c in question.choices.all()]
        rng.shuffle(choice_ids)
        layout.append([question.pk, choice_ids])
    try:
        with transaction.atomic():
            return QuizAttempt.objects.create(enrolment=enrolment, quiz=quiz, number=len(attempts) + 1, layout=layout)
    except IntegrityError:  # a second tab started the same attempt a moment earlier
        return QuizAttempt.objects.get(enrolment=enrolment, quiz=quiz, number=len(attempts) + 1)


def submit_attempt(attempt: QuizAttempt, answers: Mapping[int, Iterable[int]]) -> QuizAttempt:
    """Score the attempt once. Every question shown must be answered with choices it showed."""
    shown = {question_id: set(choice_ids) for question_id, choice_ids in attempt.layout}
    chosen = {int(q): {int(c) for c in cs} for q, cs in answers.items() if int(q) in shown}
    kinds = dict(Question.objects.filter(pk__in=shown).values_list("pk", "kind"))
    for question_id, choices in shown.items():
        picked = chosen.get(question_id, set())
        if not picked:
            raise TrainingError(_("Answer every question."))
        if not picked <= choices or (kinds[question_id] == Question.Kind.SINGLE and len(picked) != 1):
            raise TrainingError(_("An answer does not belong to its question."))
    correct_sets: dict[int, set[int]] = {}
    for question in Question.objects.filter(pk__in=shown).prefetch_related("choices"):
        correct_sets[question.pk] = {c.pk for c in question.choices.all() if c.is_correct}
    right = sum(chosen[q] == correct_sets[q] for q in shown)
    score = round(100 * right / len(shown))
    with transaction.atomic():
        locked = QuizAttempt.objects.select_for_update().select_related("quiz").get(pk=attempt.pk)
        if locked.submitted_at is not None:
            raise TrainingError(_("This attempt was already submitted."))
        locked.answers = {str(q): sorted(cs) for q, cs in chosen.items()}
        locked.score = score
        locked.passed = score >= locked.quiz.pass_mark
        locked.submitted_at = timezone.now()
        locked.save(update_fields=["answers", "score", "passed", "submitted_at"])
    if locked.passed and locked.quiz.is_final:
        complete_if_done(locked.enrolment)
    return locked


# --- completion and certificates ------------------------------------------------------------------


def is_complete(enrolment: Enrolment) -> bool:
    """The course's rule: every lesson complete and the final quiz (when it has one) passed."""
    lessons = Lesson.objects.filter(module__course_id=enrolment.course_id)
    done = LessonCompletion.objects.filter(enrolment=enrolment, lesson__in=lessons).count()
    if done < lessons.count():
        return False
    final = Quiz.objects.filter(course_id=enrolment.course_id, module__isnull=True).first()
    return final is None or QuizAttempt.objects.filter(enrolment=enrolment, quiz=final, passed=True).exists()


def complete_if_done(enrolment: Enrolment) -> Certificate | None:
    """Mark the enrolment complete and issue its certificate when the rule is met; safe to call again."""
    if not is_complete(enrolment):
        return None
    Enrolment.objects.filter(pk=enrolment.pk, completed_at__isnull=True).update(completed_at=timezone.now())
    return issue_certificate(enrolment)


def issue_certificate(enrolment: Enrolment) -> Certificate:
    """INSERT … ON CONFLICT DO NOTHING under the (learner, course) constraint, then read what is stored:
    two completions at once, a re-run or a later course edit all get the one certificate issued first."""
    course, learner = enrolment.course, enrolment.user
    Certificate.objects.bulk_create(
        [
            Certificate(
                code=new_code(CERTIFICATE_CODE_LENGTH),
                learner=learner,
                course=course,
                learner_name=learner.get_full_name() or learner.username,
                course_title=course.title,
                issuer=course.issuer,
                issued_on=timezone.localdate(),
            )
        ],
        ignore_conflicts=True,
    )
    return Certificate.objects.get(learner=learner, course=course)


def revoke_certificate(certificate: Certificate, reason: str, on: date | None = None) -> Certificate:
    reason = reason.strip()
    if not reason:
        raise TrainingError(_("Give the reason for revoking the certificate."))
    with transaction.atomic():
        Certificate.objects.filter(pk=certificate.pk).update(
            revoked_on=on or timezone.localdate(), revocation_reason=reason
        )
        # Before the commit (no Redis, no revocation), and after it: a verification between the two
        # may have cached the fields it read before the commit.
        try:
            verification.forget(certificate.code)
        except redis.RedisError as exc:  # revoked in the database while a cached copy says valid: refused
            raise TrainingError(_("The certificate cannot be revoked right now; try again in a minute.")) from exc
        transaction.on_commit(lambda: verification.forget(certificate.code), robust=True)
    # Other processes keep the fields in memory until their next generation check: the staff member's
    # answer (the verification page) waits that out, so from then on nobody is shown "valid".
    verification.wait_until_every_process_forgot()
    certificate.refresh_from_db()
    return certificate


def verify_and_count(code: str) -> dict | None:
    """The printed fields of the certificate with this code, its verification counted (in Redis, flushed
    by beat); None for an unknown code."""
    return verification.verify_and_count(code)


# --- in-person sessions and national platforms ----------------------------------------------------


@transaction.atomic
def record_session(recorded_by: User, attendees: Iterable[Mapping], **fields) -> TrainingSession:
    """The session and its whole attendance list, or nothing."""
    session = TrainingSession.objects.create(recorded_by=recorded_by, **fields)
    created = Attendance.objects.bulk_create([Attendance(session=session, **a) for a in attendees])
    announce(Action.CREATE, Attendance, [attendance.pk for attendance in created])  # bulk_create sends no post_save
    return session


def record_national_completion(recorded_by: User, **fields) -> NationalCompletion:
    return NationalCompletion.objects.create(recorded_by=recorded_by, **fields)


def confirm_national_completion(officer: User, completion: NationalCompletion) -> NationalCompletion:
    NationalCompletion.objects.filter(pk=completion.pk, confirmed_at__isnull=True).update(
        confirmed_by=officer, confirmed_at=timezone.now()
    )
    completion.refresh_from_db()
    return completion
