"""Activities: filtered list (+ CSV/XLSX export), month calendar, create/edit, attachments."""

from datetime import date

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import can_manage_unit, is_staff_role, role_required, staff_required
from accounts.models import UNIT_ROLES
from core.audit import Action, announce
from core.export import csv_response, xlsx_response
from core.storage import serve_private

from . import selectors, services
from .access import access_activity, activities_visible_to
from .filters import ActivityFilter
from .forms import ActivityForm, AttachmentForm
from .models import Activity
from .uploads import UploadRefused, check_attachment

reader_required = role_required(*UNIT_ROLES)


def _filtered(request) -> tuple[ActivityFilter, QuerySet[Activity]]:
    """The filter form and the activities it selects; a bad filter value selects nothing and says why."""
    flt = ActivityFilter(request.GET or None, queryset=activities_visible_to(request.user), user=request.user)
    if flt.is_bound and not flt.is_valid():
        return flt, Activity.objects.none()
    return flt, flt.qs


def _query_without(request, *names: str) -> str:
    query = request.GET.copy()
    for name in names:
        query.pop(name, None)
    return query.urlencode()


@reader_required
def activity_list(request):
    flt, activities = _filtered(request)
    export = request.GET.get("format")
    if export in ("csv", "xlsx"):
        stamp = timezone.localdate().strftime("%Y%m%d")
        respond = csv_response if export == "csv" else xlsx_response
        announce(Action.EXPORT, Activity, None, selectors.EXPORT_PERSONAL_FIELDS, rows=activities.count())
        return respond(f"activities-{stamp}.{export}", selectors.EXPORT_HEADER, selectors.export_rows(activities))
    page = Paginator(selectors.activity_rows(activities), 50).get_page(request.GET.get("page"))
    context = {
        "filter": flt,
        "page": page,
        "query_string": _query_without(request, "page", "format"),
        "can_add": is_staff_role(request.user),
    }
    return render(request, "campaigns/activity_list.html", context)


def _month(request) -> tuple[int, int]:
    today = timezone.localdate()
    try:
        year, month = (int(p) for p in request.GET.get("month", "").split("-"))
        date(year, month, 1)
    except ValueError:
        return today.year, today.month
    if not 2000 <= year <= 2100:
        return today.year, today.month
    return year, month


@reader_required
def activity_calendar(request):
    flt, activities = _filtered(request)
    year, month = _month(request)
    previous = date(year - 1, 12, 1) if month == 1 else date(year, month - 1, 1)
    following = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
    context = {
        "filter": flt,
        "weeks": selectors.month_calendar(activities, year, month),
        "month": date(year, month, 1),
        "previous": previous.strftime("%Y-%m"),
        "following": following.strftime("%Y-%m"),
        "query_string": _query_without(request, "month", "page", "format"),
    }
    return render(request, "campaigns/activity_calendar.html", context)


@reader_required
def activity_detail(request, pk: int):
    activity = access_activity(request.user, pk)
    context = {
        "activity": activity,
        **selectors.activity_page_parts(activity),
        "can_manage": can_manage_unit(request.user, activity.unit),
        "attachment_form": AttachmentForm(),
    }
    return render(request, "campaigns/activity_detail.html", context)


def _activity_form(request, activity: Activity):
    form = ActivityForm(request.POST or None, instance=activity, user=request.user)
    if request.method == "POST" and form.is_valid():
        activity = services.save_activity(form.save(commit=False), by=request.user)
        messages.success(request, _("Activity saved."))
        return redirect("campaigns:activity_detail", pk=activity.pk)
    return render(request, "campaigns/activity_form.html", {"form": form, "activity": activity})


@staff_required
def activity_add(request):
    initial_campaign = request.GET.get("campaign", "")
    activity = Activity(unit=request.user.unit)
    if initial_campaign.isascii() and initial_campaign.isdigit() and len(initial_campaign) < 12:
        activity.campaign_id = int(initial_campaign)
    return _activity_form(request, activity)


@staff_required
def activity_edit(request, pk: int):
    return _activity_form(request, access_activity(request.user, pk, manage=True))


@staff_required
@require_POST
def attachment_add(request, pk: int):
    activity = access_activity(request.user, pk, manage=True)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            services.add_attachment(activity, check_attachment(upload), upload.name, by=request.user)
        except UploadRefused as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Attachment added."))
    else:
        messages.error(request, _("Choose a file to upload."))
    return redirect("campaigns:activity_detail", pk=activity.pk)


@staff_required
@require_POST
def attachment_delete(request, pk: int, attachment_pk: int):
    activity = access_activity(request.user, pk, manage=True)
    attachment = selectors.attachment_of(activity, attachment_pk)
    if attachment is None:
        raise Http404
    services.delete_attachment(attachment)
    return redirect("campaigns:activity_detail", pk=activity.pk)


@reader_required
def attachment_file(request, pk: int, attachment_pk: int):
    activity = access_activity(request.user, pk)
    attachment = selectors.attachment_of(activity, attachment_pk)
    if attachment is None:
        raise Http404
    inline = attachment.kind == attachment.Kind.PHOTO or attachment.content_type == "application/pdf"
    return serve_private(
        attachment.file,
        filename=attachment.original_name,
        as_attachment=not inline,
        content_type=attachment.content_type,
    )
