"""Campaign pages: list, create/edit with target units, progress against targets per unit."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.access import can_manage_unit, is_staff_role, role_required, staff_required
from accounts.models import UNIT_ROLES

from . import selectors, services
from .access import access_campaign, campaigns_visible_to
from .forms import CampaignForm, TargetForm
from .models import Audience, Campaign

reader_required = role_required(*UNIT_ROLES)


@reader_required
def campaign_list(request):
    campaigns = selectors.campaign_rows(campaigns_visible_to(request.user))
    page = Paginator(campaigns, 50).get_page(request.GET.get("page"))
    return render(request, "campaigns/campaign_list.html", {"page": page, "can_add": is_staff_role(request.user)})


@reader_required
def campaign_detail(request, pk: int):
    campaign = access_campaign(request.user, pk)
    family = selectors.campaign_family(campaign)
    context = {
        "campaign": campaign,
        "progress": selectors.campaign_progress(campaign, family),
        "children": selectors.sub_campaigns(campaign),
        "can_manage": can_manage_unit(request.user, campaign.unit),
        "can_add_activity": is_staff_role(request.user),
        "audiences": [Audience(a).label for a in campaign.audiences if a in Audience.values],
    }
    return render(request, "campaigns/campaign_detail.html", context)


def _campaign_form(request, campaign: Campaign):
    form = CampaignForm(request.POST or None, instance=campaign, user=request.user)
    if request.method == "POST" and form.is_valid():
        campaign = services.save_campaign(form.save(commit=False), form.cleaned_data["target_units"], by=request.user)
        messages.success(request, _("Campaign saved."))
        return redirect("campaigns:campaign_detail", pk=campaign.pk)
    return render(request, "campaigns/campaign_form.html", {"form": form, "campaign": campaign})


@staff_required
def campaign_add(request):
    return _campaign_form(request, Campaign(unit=request.user.unit))


@staff_required
def campaign_edit(request, pk: int):
    return _campaign_form(request, access_campaign(request.user, pk, manage=True))


@staff_required
def campaign_targets(request, pk: int):
    """One row of numeric targets per target unit; all rows are saved together or none."""
    campaign = access_campaign(request.user, pk, manage=True)
    targets = list(campaign.targets.select_related("unit"))
    forms = [
        TargetForm(
            request.POST or None,
            prefix=f"t{t.pk}",
            initial={
                "activities": t.activities,
                "participants": t.participants,
                "households_reached": t.households_reached,
                **{f"service_{k}": v for k, v in t.services.items()},
            },
        )
        for t in targets
    ]
    if request.method == "POST" and all(f.is_valid() for f in forms):
        services.save_targets(
            [
                services.TargetValues(
                    target,
                    f.cleaned_data["activities"],
                    f.cleaned_data["participants"],
                    f.cleaned_data["households_reached"],
                    f.service_values(),
                )
                for target, f in zip(targets, forms, strict=True)
            ]
        )
        messages.success(request, _("Targets saved."))
        return redirect("campaigns:campaign_detail", pk=campaign.pk)
    rows = list(zip(targets, forms, strict=True))
    return render(request, "campaigns/campaign_targets.html", {"campaign": campaign, "rows": rows})
