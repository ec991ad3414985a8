"""/coverage/reports/: request a report, watch it build (static JS polls status.json), download it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.storage import serve_private

from . import report_services
from .access import access_report, access_unit, report_scopes, reports_visible_to
from .models import Report, WeeklyReportSubscription
from .report_forms import ReportRequestForm

KEPT_SHOWN = 50


@login_required
def report_list(request):
    access_unit(request.user, None)  # staff with a unit only; 404 for others
    form = ReportRequestForm(request.POST if request.method == "POST" else None, scopes=report_scopes(request.user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        report, joined = report_services.request_report(
            request.user, form.units[data["scope"]], data["kind"], data["period_kind"], data["day"]
        )
        if joined:
            messages.info(request, _("That report is already being built: you will find it below."))
        return redirect(f"{reverse('coverage_reports:list')}#report-{report.pk}")
    kept = reports_visible_to(request.user).select_related("scope", "requested_by")[:KEPT_SHOWN]
    context = {
        "form": form,
        "reports": kept,
        "subscribed": WeeklyReportSubscription.objects.filter(user=request.user).exists(),
        "can_subscribe": bool(request.user.email),
    }
    return render(request, "coverage/reports/list.html", context, status=400 if form.errors else 200)


def _status(report: Report) -> dict:
    return {
        "id": report.pk,
        "status": report.status,
        "status_label": str(report.get_status_display()),
        "progress": report.progress,
        "error": report.error if report.status == Report.Status.FAILED else "",
        "download_url": reverse("coverage_reports:download", args=[report.pk])
        if report.status == Report.Status.DONE
        else "",
    }


@login_required
def report_status(request, pk: int):
    response = JsonResponse(_status(access_report(request.user, pk)))
    response["Cache-Control"] = "no-store"
    return response


@login_required
def report_download(request, pk: int):
    report = access_report(request.user, pk)
    if report.status != Report.Status.DONE or not report.file:
        raise Http404
    return serve_private(report.file)


@login_required
@require_POST
def report_retry(request, pk: int):
    report = access_report(request.user, pk, manage=True)
    if report.status != Report.Status.FAILED:
        messages.info(request, _("Only a failed report can be built again."))
        return redirect("coverage_reports:list")
    again, _joined = report_services.retry(request.user, report)
    return redirect(f"{reverse('coverage_reports:list')}#report-{again.pk}")


@login_required
@require_POST
def weekly_subscription(request):
    access_unit(request.user, None)
    subscribe = request.POST.get("subscribe") == "1"
    if subscribe and not request.user.email:
        messages.error(request, _("Your account has no e-mail address to send the weekly report to."))
    else:
        report_services.set_weekly_subscription(request.user, subscribe)
        messages.success(
            request,
            _("You will receive the weekly report every Monday.") if subscribe else _("Weekly report e-mails stopped."),
        )
    return redirect("coverage_reports:list")
