"""Staff pages of the door-to-door outreach: register, import, teams, assignment, progress, vessels."""

from datetime import timedelta
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accounts.access import access_unit, can_see_unit, mask_phone, staff_required, units_visible_to
from core.audit import Action, announce
from units.models import AdministrativeUnit, in_subtree

from . import access, register, selectors
from .filters import HouseholdFilter
from .forms import (
    AssignmentForm,
    ConsentForm,
    HamletForm,
    HouseholdForm,
    ImportUploadForm,
    TeamForm,
    VesselForm,
)
from .household_import import COLUMNS, HouseholdImport, template_csv
from .models import Household, TargetGroup, Team

PAGE_SIZE = 50
IMPORT_PURPOSE = "visits.household_import"


def _page(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


# ---------------------------------------------------------------- hamlets


@staff_required
def hamlet_list(request):
    commune = access.managed_commune(request.user)
    form = HamletForm(request.POST or None, commune=commune)
    if request.method == "POST" and form.is_valid():
        hamlet = form.save()
        messages.success(request, _("Hamlet “%(name)s” added.") % {"name": hamlet.name})
        return redirect("visits_staff:hamlet_list")
    hamlets = selectors.hamlets_with_counts(commune)
    return render(request, "visits/hamlet_list.html", {"commune": commune, "hamlets": hamlets, "form": form})


# ---------------------------------------------------------------- household register


@staff_required
def household_list(request):
    user = request.user
    show_names = access.sees_personal_data(user)
    is_officer = access.keeps_a_register(user)
    commune_code = request.GET.get("commune", "")[:10]
    if is_officer:
        communes, hamlets = None, access.hamlets_visible_to(user)
    else:
        # Staff above a commune pick the commune first; only its hamlets are offered.
        communes = units_visible_to(user).filter(level=AdministrativeUnit.Level.COMMUNE).current()
        communes = communes.order_by("name_folded")
        hamlets = access.hamlets_visible_to(user).filter(commune__code=commune_code or None)
    teams = access.teams_visible_to(user)
    if commune_code and not is_officer:
        teams = teams.filter(commune__code=commune_code)
    volunteers = selectors.volunteers_of(user.unit) if is_officer else []
    filters = HouseholdFilter(
        request.GET or None,
        access.households_visible_to(user),
        communes=communes,
        hamlets=hamlets,
        teams=teams,
        volunteers=volunteers,
        show_names=show_names,
    )
    households = filters.qs
    page = _page(request, selectors.household_list_rows(households))
    # Lists always mask: the full number is only on the household's own page, for those who work it.
    rows = [(h, mask_phone(h.phone) if h.phone else "") for h in page]
    assign_form = AssignmentForm(commune=user.unit, volunteers=volunteers) if is_officer else None
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "page": page,
        "rows": rows,
        "filter_form": filters.form,
        "assign_form": assign_form,
        "show_names": show_names,
        "is_officer": is_officer,
        "query_string": query.urlencode(),
    }
    return render(request, "visits/household_list.html", context)


@login_required
@never_cache  # the full phone number and names: not kept in the browser's cache
def household_detail(request, pk: int):
    household = access.access_household(request.user, pk)
    announce(Action.VIEW, Household, [household.pk])
    user = request.user
    can_manage = access.keeps_register_of(user, household)
    context = {
        "household": household,
        "phone": access.shown_phone(user, household),
        "show_names": access.sees_personal_data(user) or access.is_assigned(user, household),
        "can_manage": can_manage,
        "consents": household.consents.select_related("recorded_by"),
        "vessels": household.vessels.all(),
        "visits": selectors.visit_history(household),
        "consent_form": ConsentForm(household=household) if can_manage else None,
        "target_labels": [TargetGroup(t).label for t in household.target_groups if t in TargetGroup.values],
    }
    return render(request, "visits/household_detail.html", context)


@staff_required
def household_add(request):
    commune = access.managed_commune(request.user)
    form = HouseholdForm(request.POST or None, commune=commune)
    if request.method == "POST" and form.is_valid():
        household = register.add_household(form.save(commit=False), consent=form.consent(), recorded_by=request.user)
        messages.success(request, _("Household added."))
        return redirect("visits_staff:household_detail", pk=household.pk)
    return render(request, "visits/household_form.html", {"form": form, "commune": commune})


@staff_required
def household_edit(request, pk: int):
    household = access.access_household(request.user, pk, manage=True)
    form = HouseholdForm(request.POST or None, instance=household, commune=household.commune)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Household saved."))
        return redirect("visits_staff:household_detail", pk=household.pk)
    return render(request, "visits/household_form.html", {"form": form, "household": household})


@require_POST
@staff_required
def consent_add(request, pk: int):
    household = access.access_household(request.user, pk, manage=True)
    form = ConsentForm(request.POST, household=household)
    if form.is_valid():
        register.add_consent(household, recorded_by=request.user, **form.cleaned_data)
        messages.success(request, _("Consent recorded."))
        return redirect("visits_staff:household_detail", pk=household.pk)
    context = {"household": household, "form": form}
    return render(request, "visits/consent_form.html", context, status=400)


@require_POST
@staff_required
def consent_withdraw(request, pk: int, consent_pk: int):
    consent = access.access_consent(request.user, pk, consent_pk)
    household = consent.household
    if register.withdraw_consent(consent):
        messages.success(request, _("Consent withdrawn."))
    else:
        messages.info(request, _("That consent was already withdrawn."))
    return redirect("visits_staff:household_detail", pk=household.pk)


# ---------------------------------------------------------------- import


@staff_required
def household_import(request):
    commune = access.managed_commune(request.user)
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        # The file waits in the database until its confirm, which re-validates it from scratch.
        preview, token = HouseholdImport(commune).preview_upload(
            upload, request.user, IMPORT_PURPOSE, context={"commune": commune.pk}
        )
        context = {"commune": commune, "preview": preview, "token": token, "filename": upload.name}
        return render(request, "visits/import_preview.html", context)
    context = {"commune": commune, "form": form, "columns": COLUMNS.values()}
    return render(request, "visits/import_upload.html", context)


@require_POST
@staff_required
@transaction.atomic
def household_import_confirm(request):
    commune = access.managed_commune(request.user)
    # Claimed once (row lock + delete): a double tap imports once; an older tab's preview was replaced.
    result = HouseholdImport(commune).confirm(
        request.POST.get("token", ""),
        request.user,
        IMPORT_PURPOSE,
        lambda preview: register.import_households(commune, preview, recorded_by=request.user),
        context={"commune": commune.pk},
    )
    if result.expired:
        messages.error(request, _("That import has expired or was replaced; upload the file again."))
        return redirect("visits_staff:household_import")
    if not result.preview.can_import:
        context = {"commune": commune, "preview": result.preview, "token": "", "filename": result.original_name}
        return render(request, "visits/import_preview.html", context, status=400)
    messages.success(request, _("%(count)s households imported.") % {"count": result.saved})
    return redirect("visits_staff:household_list")


@staff_required
def import_template(request):
    response = HttpResponse(template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="households-template.csv"'
    return response


# ---------------------------------------------------------------- teams and assignment


@staff_required
def team_list(request):
    page = _page(request, selectors.teams_with_counts(access.teams_visible_to(request.user)))
    can_manage = access.keeps_a_register(request.user)
    return render(request, "visits/team_list.html", {"teams": page, "page": page, "can_manage": can_manage})


@staff_required
def team_add(request):
    return _team_form(request, Team())


@staff_required
def team_edit(request, pk: int):
    return _team_form(request, access.access_team(request.user, pk, manage=True))


def _team_form(request, team: Team):
    commune = access.managed_commune(request.user)
    form = TeamForm(request.POST or None, instance=team, commune=commune, volunteers=selectors.volunteers_of(commune))
    if request.method == "POST" and form.is_valid():
        register.save_team(form.save(commit=False), list(form.cleaned_data["members"]))
        messages.success(request, _("Team saved."))
        return redirect("visits_staff:team_list")
    return render(request, "visits/team_form.html", {"form": form, "team": team})


@require_POST
@staff_required
def assign(request):
    commune = access.managed_commune(request.user)
    form = AssignmentForm(request.POST, commune=commune, volunteers=selectors.volunteers_of(commune))
    back = request.POST.get("next", "")
    target = back if back.startswith("/outreach/") else None
    if not form.is_valid():
        for error in form.errors.get("__all__", []):
            messages.error(request, error)
        for name, errors in form.errors.items():
            if name != "__all__":
                messages.error(request, _("Nothing was assigned: %(error)s") % {"error": "; ".join(errors)})
        return redirect(target or "visits_staff:household_list")
    data = form.cleaned_data
    chosen = commune.households.filter(pk__in=[h.pk for h in data["households"]])
    if data.get("hamlet"):
        chosen = commune.households.filter(hamlet=data["hamlet"]) | chosen
    result = register.assign_households(
        chosen, team=data.get("team"), volunteer=data.get("volunteer"), unassign=data.get("unassign", False)
    )
    if result.unassigned:
        messages.success(request, _("%(count)s households unassigned.") % {"count": result.count})
    else:
        who = " / ".join(str(x) for x in (result.team, result.volunteer and result.volunteer.get_full_name()) if x)
        messages.success(request, _("%(count)s households assigned to %(who)s.") % {"count": result.count, "who": who})
    return redirect(target or "visits_staff:household_list")


# ---------------------------------------------------------------- progress


def _progress_unit(request) -> AdministrativeUnit:
    user = request.user
    code = request.GET.get("unit", "")
    if code and not (user.unit_id and user.unit.code == code):  # one's own unit is loaded already
        return access_unit(user, code)
    if user.unit_id:
        return user.unit
    return get_object_or_404(units_visible_to(user).filter(level=AdministrativeUnit.Level.PROVINCE)[:1])


@staff_required
def progress(request):
    user = request.user
    unit = _progress_unit(request)
    area_rows = selectors.progress_by_area(unit)
    is_commune = unit.level == AdministrativeUnit.Level.COMMUNE
    teams = selectors.progress_by_team(
        access.teams_visible_to(user).filter(in_subtree(unit, "commune")), with_commune=not is_commune
    )
    volunteer_rows = selectors.progress_by_volunteer(unit) if is_commune and access.sees_personal_data(user) else None
    # A province has hundreds of teams: the table pages, the leaderboard ranks them all; visits are read
    # for the page's teams and those that may lead only.
    team_page = _page(request, teams)
    leaders = selectors.leaders_and_page(teams, list(team_page.object_list))
    context = {
        "unit": unit,
        "area_rows": area_rows,
        "total": selectors.total_row(area_rows, str(unit)),
        "team_rows": team_page,
        "page": team_page,
        "query_string": urlencode({"unit": unit.code}),
        "leaderboard": leaders,
        "volunteer_rows": volunteer_rows,
        "is_commune": is_commune,
        "can_drill": unit.level < AdministrativeUnit.Level.COMMUNE,
        "up": unit.parent if unit.parent_id and can_see_unit(user, unit.parent) else None,
        "services": selectors.Service.choices,
        "week": selectors.week_bounds(),
    }
    return render(request, "visits/progress.html", context)


# ---------------------------------------------------------------- vessels


def _vessel_owners(commune: AdministrativeUnit, vessel=None):
    """Fisherman households of the commune, plus the current owner so an old vessel stays editable."""
    owners = Q(target_groups__contains=[TargetGroup.FISHERMAN])
    if vessel is not None:
        owners |= Q(pk=vessel.owner_id)
    return commune.households.filter(owners).select_related("hamlet").order_by("hamlet__name", "address_sort_key")


@staff_required
def vessel_list(request):
    vessels = access.vessels_visible_to(request.user).order_by("commune__path", "registration_number")
    context = {
        "page": _page(request, vessels),
        "show_names": access.sees_personal_data(request.user),
        "can_manage": access.keeps_a_register(request.user),
    }
    return render(request, "visits/vessel_list.html", context)


@staff_required
def vessels_returning(request):
    page = _page(request, selectors.vessels_returning_this_week(request.user))
    start, end = selectors.week_bounds()
    context = {
        "vessels": page,
        "page": page,
        "show_names": access.sees_personal_data(request.user),
        # The week ends at next Monday 00:00; people read it as Monday to Sunday.
        "first_day": timezone.localtime(start).date(),
        "last_day": timezone.localtime(end).date() - timedelta(days=1),
    }
    return render(request, "visits/vessels_returning.html", context)


@staff_required
def vessel_add(request):
    return _vessel_form(request, None)


@staff_required
def vessel_edit(request, pk: int):
    vessel = access.access_vessel(request.user, pk, manage=True)
    return _vessel_form(request, vessel)


def _vessel_form(request, vessel):
    commune = access.managed_commune(request.user)
    form = VesselForm(request.POST or None, instance=vessel, owners=_vessel_owners(commune, vessel))
    if request.method == "POST" and form.is_valid():
        register.save_vessel(form.save(commit=False), commune)
        messages.success(request, _("Vessel saved."))
        return redirect("visits_staff:vessel_list")
    return render(request, "visits/vessel_form.html", {"form": form, "vessel": vessel})
