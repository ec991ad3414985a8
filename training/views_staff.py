"""Staff pages: reports by course and by unit (with XLSX export) and cohort enrolment."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.access import can_see_unit, staff_required
from accounts.models import User
from core import export

from . import cohort, indicators, selectors, services
from .forms import CohortForm
from .models import Course

_SESSION_KEY = "training_cohort"


def _unit_rows(user):
    units = selectors.report_units(user)
    values = indicators.counts(None, units)
    return [(unit, values[unit.pk]) for unit in units]


@staff_required
@require_http_methods(["GET"])
def report(request):
    courses, units = selectors.course_report(request.user), _unit_rows(request.user)
    if request.GET.get("format") == "xlsx":
        return _xlsx(courses, units)
    return render(request, "training/report.html", {"courses": courses, "units": units})


def _xlsx(courses, units):
    course_rows = (
        [row.title, row.enrolled, row.in_progress, row.completed, row.completion_rate, row.pass_rate] for row in courses
    )
    unit_rows = ([unit.name, unit.code, *(values[key] for key in indicators.INDICATORS)] for unit, values in units)
    course_header = [
        _("Course"),
        _("Enrolled"),
        _("In progress"),
        _("Completed"),
        _("Completion rate"),
        _("Quiz pass rate"),
    ]
    sheets = [
        (_("Courses"), course_header, course_rows),
        (_("Units"), [_("Unit"), _("GSO code"), *indicators.INDICATORS], unit_rows),
    ]
    return export.xlsx_sheets_response("training-report.xlsx", sheets)


@staff_required
@require_http_methods(["GET", "POST"])
def cohort_enrol(request):
    if request.method == "POST" and "confirm" in request.POST:
        return _confirm_cohort(request)
    form = CohortForm(request.user, request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        unit, group = form.cleaned_data["unit"], form.cleaned_data["group"]
        if group == "volunteers":
            preview = cohort.CohortPreview(learners=cohort.volunteers_of(unit))
        elif group == "officials":
            preview = cohort.CohortPreview(learners=cohort.officials_of(unit))
        else:
            preview = cohort.from_file(request.user, form.cleaned_data["file"])
        if not preview.errors and preview.learners:
            request.session[_SESSION_KEY] = {
                "course": form.cleaned_data["course"].pk,
                "unit": unit.pk,
                "users": [u.pk for u in preview.learners],
            }
        context = {"form": form, "preview": preview, "course": form.cleaned_data["course"], "unit": unit}
        return render(request, "training/cohort_preview.html", context, status=400 if preview.errors else 200)
    return render(request, "training/cohort_form.html", {"form": form})


def _confirm_cohort(request):
    pending = request.session.pop(_SESSION_KEY, None)
    if not pending:
        messages.error(request, _("Nothing to confirm: upload the list again."))
        return redirect("training:cohort")
    course = Course.objects.filter(pk=pending["course"], is_published=True).first()
    unit_form = CohortForm(request.user)
    unit = unit_form.fields["unit"].queryset.filter(pk=pending["unit"]).first()
    learners = list(User.objects.filter(pk__in=pending["users"]).select_related("unit"))
    # Re-checked at confirm: the preview may be old and the staff member's scope may have changed.
    if course is None or unit is None or any(u.unit and not can_see_unit(request.user, u.unit) for u in learners):
        messages.error(request, _("Nothing was enrolled: the list is no longer within your area."))
        return redirect("training:cohort")
    created = services.enrol_cohort(request.user, course, learners, unit)
    messages.success(
        request,
        _("%(new)d learners enrolled in %(course)s (%(all)d on the list).")
        % {"new": created, "course": course.title, "all": len(learners)},
    )
    return redirect("training:report")
