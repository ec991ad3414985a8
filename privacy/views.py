"""Staff pages for a household's data rights: download everything stored about it, or erase it."""

import json

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods

from accounts.access import staff_required

from . import services
from .access import access_household_rights


@staff_required
@never_cache
@require_GET
def household_rights(request, pk: int):
    household = access_household_rights(request.user, pk)
    context = {"household": household, "erased": services.is_erased(household)}
    return render(request, "privacy/household_rights.html", context)


@staff_required
@require_GET
def household_export(request, pk: int):
    household = access_household_rights(request.user, pk)
    body = json.dumps(services.household_record(household), ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="household-{household.pk}.json"'
    response["Cache-Control"] = "no-store, private"
    return response


@sensitive_post_parameters()
@staff_required
@require_http_methods(["POST"])
def household_erase(request, pk: int):
    household = access_household_rights(request.user, pk, manage=True)
    if request.POST.get("confirm") != "erase":
        messages.error(request, _("Tick the box to confirm: erasure cannot be undone."))
        return redirect("privacy:household", pk=household.pk)
    services.erase_household(household.pk)
    messages.success(request, _("The household's personal data was erased; its counts are kept."))
    return redirect("privacy:household", pk=household.pk)
