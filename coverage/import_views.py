"""Importing the communes' official household counts (coverage.official_import, core.tabular):
upload and preview with every problem by line, then confirm all or nothing."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from . import services
from .access import access_unit
from .forms import OfficialCountUploadForm
from .official_import import COLUMNS, PURPOSE, OfficialCountImport, template_csv


@login_required
def official_import(request):
    unit = access_unit(request.user, None)  # staff only (404 for others); rows are checked one by one
    form = OfficialCountUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        # The file waits in the database until its confirm, which checks it again from scratch.
        preview, token = OfficialCountImport(request.user).preview_upload(upload, request.user, PURPOSE)
        context = {"preview": preview, "token": token, "filename": upload.name, "unit": unit}
        return render(request, "coverage/official_import_preview.html", context)
    context = {"form": form, "columns": COLUMNS.values(), "unit": unit}
    return render(request, "coverage/official_import.html", context, status=400 if form.errors else 200)


@never_cache
@login_required
@require_POST
def official_import_confirm(request):
    unit = access_unit(request.user, None)
    result = OfficialCountImport(request.user).confirm(
        request.POST.get("token", ""),
        request.user,
        PURPOSE,
        lambda preview: services.import_official_counts(preview.rows, by=request.user),
    )
    if result.expired:
        messages.error(request, _("That import has expired or was replaced; upload the file again."))
        return redirect("coverage:official_import")
    if not result.preview.can_import:
        context = {"preview": result.preview, "token": "", "filename": result.original_name, "unit": unit}
        return render(request, "coverage/official_import_preview.html", context, status=400)
    messages.success(
        request,
        _("Official household counts imported: %(rows)s rows, %(changed)s changed.")
        % {"rows": len(result.preview.rows), "changed": result.saved},
    )
    return redirect("coverage:unit", code=unit.code)


@login_required
def official_import_template(request):
    access_unit(request.user, None)
    response = HttpResponse(template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="so-ho-chinh-thuc.csv"'
    return response
