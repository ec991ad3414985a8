"""Staff record training done elsewhere: in-person sessions with their attendance, and completions on
national platforms, which count once a commune or district officer (or the province) confirms them."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.access import scope_to_units, staff_required
from core.audit import Action, announce
from core.storage import serve_private

from . import services
from .access import access_national_completion
from .forms import NationalCompletionForm, SessionForm
from .models import NationalCompletion, TrainingSession

PAGE_SIZE = 50


@staff_required
@require_http_methods(["GET", "POST"])
def sessions(request):
    form = SessionForm(request.user, request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k not in ("attendees", "attendance_file", "consent")}
        attendees = [{**a, "unit": fields["unit"]} for a in form.cleaned_data["attendees"]]
        services.record_session(request.user, attendees, **fields)
        messages.success(request, _("Session recorded with %(n)d attendees.") % {"n": len(attendees)})
        return redirect("training:sessions")
    listed = (
        scope_to_units(request.user, TrainingSession.objects.all())
        .select_related("unit", "course")
        .annotate(attendee_count=Count("attendees"))
        .order_by("-held_on", "-pk")
    )
    page = Paginator(listed, PAGE_SIZE).get_page(request.GET.get("page"))
    status = 400 if request.method == "POST" else 200
    return render(request, "training/sessions.html", {"form": form, "page": page}, status=status)


@staff_required
@require_http_methods(["GET", "POST"])
def national(request):
    form = NationalCompletionForm(request.user, request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k != "consent"}
        services.record_national_completion(request.user, **fields)
        messages.success(request, _("Completion recorded; it counts once an officer confirms it."))
        return redirect("training:national")
    listed = scope_to_units(request.user, NationalCompletion.objects.all()).select_related("unit", "confirmed_by")
    page = Paginator(listed.order_by("confirmed_at", "-completed_on", "pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    status = 400 if request.method == "POST" else 200
    return render(request, "training/national.html", {"form": form, "page": page}, status=status)


@staff_required
@require_POST
def confirm_national(request, pk):
    completion = access_national_completion(request.user, pk, manage=True)
    services.confirm_national_completion(request.user, completion)
    messages.success(request, _("Confirmed: %(name)s now counts as trained.") % {"name": completion.full_name})
    return redirect("training:national")


@require_GET
def national_evidence(request, pk):
    """The uploaded proof of a national-platform completion: for the person it is about and the staff
    whose subtree holds their commune (access_national_completion), never under /media/. Anybody
    else, signed in or not, gets the same 404 as for a completion that does not exist."""
    completion = access_national_completion(request.user, pk)
    if not completion.evidence:
        raise Http404
    announce(Action.VIEW, NationalCompletion, [completion.pk], ["evidence"])
    return serve_private(completion.evidence, as_attachment=False)
