from django.contrib import admin

from .models import (
    Attendance,
    Certificate,
    Choice,
    Course,
    Enrolment,
    Lesson,
    Module,
    NationalCompletion,
    Question,
    Quiz,
    TrainingSession,
)


class ModuleInline(admin.TabularInline):
    model = Module
    extra = 0


@admin.register(Course)
class CourseAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "is_published", "is_open"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [ModuleInline]


class LessonInline(admin.StackedInline):
    model = Lesson
    extra = 0


@admin.register(Module)
class ModuleAdmin(admin.ModelAdmin):
    list_display = ["title", "course", "position"]
    list_filter = ["course"]
    inlines = [LessonInline]


class ChoiceInline(admin.TabularInline):
    model = Choice
    extra = 0


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ["text", "quiz", "kind"]
    list_filter = ["quiz__course"]
    inlines = [ChoiceInline]


@admin.register(Quiz)
class QuizAdmin(admin.ModelAdmin):
    list_display = ["title", "course", "module", "pass_mark", "max_attempts"]


@admin.register(Enrolment)
class EnrolmentAdmin(admin.ModelAdmin):
    list_display = ["user", "course", "unit", "source", "enrolled_at", "completed_at"]
    list_filter = ["course", "source"]
    raw_id_fields = ["user", "unit", "enrolled_by", "last_lesson"]


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin):
    """Read-only: certificates are issued by completion and never edited (revocation has its own page)."""

    list_display = ["code", "learner_name", "course_title", "issued_on", "revoked_on", "verification_count"]
    search_fields = ["code", "learner_name"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class AttendanceInline(admin.TabularInline):
    model = Attendance
    extra = 0
    raw_id_fields = ["unit", "user"]


@admin.register(TrainingSession)
class TrainingSessionAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "course", "unit", "held_on"]
    raw_id_fields = ["unit", "recorded_by"]
    inlines = [AttendanceInline]


@admin.register(NationalCompletion)
class NationalCompletionAdmin(admin.ModelAdmin):
    list_display = ["full_name", "platform", "course_name", "completed_on", "unit", "confirmed_at"]
    list_filter = ["platform"]
    raw_id_fields = ["unit", "user", "recorded_by", "confirmed_by"]
