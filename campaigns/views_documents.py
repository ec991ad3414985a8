"""Guidance documents: sent down to units, acknowledged and reported on by each recipient unit."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import can_manage_unit, is_staff_role, role_required, staff_required
from accounts.models import UNIT_ROLES
from core.storage import serve_private

from . import selectors, services
from .access import access_document, documents_visible_to
from .forms import GuidanceDocumentForm, ReportForm
from .models import DocumentRecipient, GuidanceDocument
from .uploads import UploadRefused, check_document

reader_required = role_required(*UNIT_ROLES)


@reader_required
def document_list(request):
    documents = selectors.document_rows(documents_visible_to(request.user))
    inbox = selectors.inbox_of(request.user)
    page = Paginator(documents, 50).get_page(request.GET.get("page"))
    rows = [(d, inbox.get(d.pk)) for d in page]
    return render(
        request, "campaigns/document_list.html", {"page": page, "rows": rows, "can_add": is_staff_role(request.user)}
    )


def _own_recipient(user, document: GuidanceDocument) -> DocumentRecipient | None:
    return selectors.recipient_for(user, document)


@reader_required
def document_detail(request, pk: int):
    document = access_document(request.user, pk)
    can_manage = can_manage_unit(request.user, document.unit)
    context = {
        "document": document,
        "own": _own_recipient(request.user, document),
        "can_manage": can_manage,
        "recipients": selectors.recipient_rows(document) if can_manage else None,
        "report_form": ReportForm(),
    }
    return render(request, "campaigns/document_detail.html", context)


@staff_required
def document_add(request):
    form = GuidanceDocumentForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            checked = check_document(upload)
        except UploadRefused as exc:
            form.add_error("file", str(exc))
        else:
            document = form.save(commit=False)
            document.unit = request.user.unit
            services.send_document(document, checked, form.cleaned_data["target_units"], by=request.user)
            messages.success(request, _("Document sent."))
            return redirect("campaigns:document_detail", pk=document.pk)
    return render(request, "campaigns/document_form.html", {"form": form})


def _recipient_or_404(request, pk: int) -> DocumentRecipient:
    document = access_document(request.user, pk)
    own = _own_recipient(request.user, document) if is_staff_role(request.user) else None
    if own is None:
        raise Http404
    return own


@staff_required
@require_POST
def document_acknowledge(request, pk: int):
    services.acknowledge_document(_recipient_or_404(request, pk), by=request.user)
    messages.success(request, _("Receipt acknowledged."))
    return redirect("campaigns:document_detail", pk=pk)


@staff_required
@require_POST
def document_report(request, pk: int):
    recipient = _recipient_or_404(request, pk)
    form = ReportForm(request.POST)
    if form.is_valid():
        services.report_document(recipient, form.cleaned_data["report"], by=request.user)
        messages.success(request, _("Implementation report sent."))
    else:
        messages.error(request, _("Write the implementation report."))
    return redirect("campaigns:document_detail", pk=pk)


@reader_required
def document_file(request, pk: int):
    document = access_document(request.user, pk)
    return serve_private(document.file, filename=f"{document.number}{_suffix(document)}")


def _suffix(document: GuidanceDocument) -> str:
    name = document.file.name
    return name[name.rfind(".") :] if "." in name else ""
