from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET

from . import selectors
from .access import PROVINCE_ADMIN_ONLY
from .forms import AuditFilterForm

PAGE_SIZE = 50


@PROVINCE_ADMIN_ONLY
@require_GET
def audit_log(request):
    form = AuditFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    page = Paginator(selectors.entries(**filters), PAGE_SIZE).get_page(request.GET.get("page"))
    query_string = urlencode({key: value for key, value in request.GET.items() if key != "page" and value})
    return render(request, "audit/log.html", {"form": form, "page": page, "query_string": query_string})
