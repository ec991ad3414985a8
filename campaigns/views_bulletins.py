"""Loudspeaker bulletins: send, the commune's queue and airing records, the matrix and compliance above."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.access import can_manage_unit, is_staff_role, role_required, staff_required
from accounts.models import UNIT_ROLES, Role
from core.storage import serve_private
from units.models import AdministrativeUnit

from . import selectors, services
from .access import access_bulletin
from .forms import AiringForm, BulletinForm
from .models import Bulletin
from .uploads import UploadRefused, check_audio

reader_required = role_required(*UNIT_ROLES)


@reader_required
def bulletin_index(request):
    """A commune's staff see the queue; staff above see the matrix and per-district compliance."""
    user = request.user
    if user.unit_id and user.unit.level == AdministrativeUnit.Level.COMMUNE:
        context = {"queue": selectors.commune_queue(user.unit), "can_add": is_staff_role(user)}
        return render(request, "campaigns/bulletin_queue.html", context)
    districts, district = [], None
    if user.is_superuser or (user.unit_id and user.unit.level == AdministrativeUnit.Level.PROVINCE):
        districts = selectors.current_districts(user.unit if user.unit_id else None)
        code = request.GET.get("district", "")[:10]
        district = next((d for d in districts if d.code == code), None) if code else None
    elif user.unit_id:
        district = user.unit
    communes = list(selectors.matrix_communes(user, district)) if district else []
    context = {
        "districts": districts,
        "district": district,
        "communes": communes,
        "matrix": selectors.bulletin_matrix(user, communes) if communes else [],
        "compliance": selectors.district_compliance(user),
        "can_add": is_staff_role(user),
    }
    return render(request, "campaigns/bulletin_matrix.html", context)


@staff_required
def bulletin_add(request):
    form = BulletinForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        audio = form.cleaned_data.get("audio")
        try:
            checked = check_audio(audio) if audio else None
        except UploadRefused as exc:
            form.add_error("audio", str(exc))
        else:
            bulletin = form.save(commit=False)
            bulletin.unit = request.user.unit
            bulletin.audio = None
            services.send_bulletin(bulletin, form.cleaned_data["target_units"], by=request.user, audio=checked)
            messages.success(request, _("Bulletin sent."))
            return redirect("campaigns:bulletin_detail", pk=bulletin.pk)
    return render(request, "campaigns/bulletin_form.html", {"form": form})


def _own_target(user, bulletin: Bulletin):
    if user.role != Role.COMMUNE_OFFICER and not user.is_superuser:
        return None
    return selectors.target_for(user, bulletin)


@reader_required
def bulletin_detail(request, pk: int):
    bulletin = access_bulletin(request.user, pk)
    own = _own_target(request.user, bulletin)
    form = AiringForm(
        request.POST or None,
        initial={
            "aired_at": timezone.localtime().replace(second=0, microsecond=0),
            "aired_by": request.user.get_full_name(),
        },
    )
    if request.method == "POST":
        if own is None:
            raise Http404
        if form.is_valid():
            services.record_airing(own, services.AiringData(**form.cleaned_data), by=request.user)
            messages.success(request, _("Airing recorded."))
            return redirect("campaigns:bulletin_detail", pk=bulletin.pk)
    can_manage = can_manage_unit(request.user, bulletin.unit)
    targets = None
    if can_manage:
        targets = selectors.bulletin_targets(bulletin)
    context = {
        "bulletin": bulletin,
        "own": own,
        "own_airings": own.airings.select_related("recorded_by") if own else [],
        "form": form if own else None,
        "targets": targets,
        "now": timezone.now(),
    }
    return render(request, "campaigns/bulletin_detail.html", context)


@reader_required
def bulletin_audio(request, pk: int):
    bulletin = access_bulletin(request.user, pk)
    if not bulletin.audio:
        raise Http404
    return serve_private(bulletin.audio, as_attachment=False)
