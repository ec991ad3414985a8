"""QR images (public: labels are printed from them), the upper-case page route and label sheets (staff)."""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, resolve, reverse
from django.utils.cache import get_conditional_response
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from accounts.access import staff_required
from core.errors import bad_request_page
from core.qr import public_base_url

from . import qr
from .access import access_producer, products_visible_to
from .forms import LabelSheetForm
from .labels import LABELS_PER_PAGE, MAX_LABELS, fill_last_page, render_label_sheet
from .models import Product

# A form with one number field per product: a province has thousands, so pick a producer above that.
MAX_PRODUCTS_IN_FORM = 300

QR_BROWSER_CACHE_SECONDS = 24 * 3600


def _qr_response(request, code: str, kind: qr.ImageKind, size: int = qr.PNG_DEFAULT_SIZE) -> HttpResponse:
    canonical = qr.normalise_code(code)
    if canonical is None:
        raise Http404
    image = qr.cached_qr(canonical, kind, public_base_url(request), size)
    if image.status == "unknown":
        raise Http404
    if image.status == "inactive":
        return HttpResponse(status=410, content_type="text/plain; charset=utf-8")
    content_type = "image/png" if kind == "png" else "image/svg+xml"
    response = HttpResponse(image.content, content_type=content_type)
    response["Cache-Control"] = f"public, max-age={QR_BROWSER_CACHE_SECONDS}"
    response["Content-Disposition"] = f'inline; filename="{canonical}.{kind}"'
    response["ETag"] = image.etag
    return get_conditional_response(request, etag=image.etag, response=response)


@require_safe
def qr_svg(request, code: str):
    return _qr_response(request, code, "svg")


@require_safe
def qr_png(request, code: str):
    """?size=N in pixels: not a whole number → 400; outside 128..2048 → clamped; absent → 512."""
    raw = request.GET.get("size", "")
    if raw and not raw.isdecimal():
        return bad_request_page(request, _("The image size must be a whole number of pixels."))
    size = min(max(int(raw[:6]) if raw else qr.PNG_DEFAULT_SIZE, qr.PNG_MIN_SIZE), qr.PNG_MAX_SIZE)
    return _qr_response(request, code, "png", size)


def product_page_from_qr(request, code: str):
    """`/P/<CODE>/`, the upper-case URL the QR encodes, is the product page itself (no redirect)."""
    try:
        match = resolve(reverse("products_public:page", args=[code]))
    except NoReverseMatch as exc:
        raise Http404 from exc
    return match.func(request, *match.args, **match.kwargs)


@staff_required
def producer_labels(request, producer_id: int):
    producer = access_producer(request.user, producer_id, manage=True)
    products = list(producer.products.filter(is_active=True).select_related("producer").order_by("name", "code"))
    return _pdf_response(request, products, f"labels-{producer.pk}.pdf")


@staff_required
@require_safe
def selected_labels(request):
    """?products=CODE1,CODE2: every code must be an active product the user may see, else 404."""
    codes = [c for raw in request.GET.getlist("products") for c in raw.upper().replace(" ", "").split(",") if c]
    codes = list(dict.fromkeys(codes))
    if not codes or len(codes) > MAX_LABELS or any(qr.normalise_code(c) is None for c in codes):
        message = _("Choose 1 to %(max)d products for a label sheet.") % {"max": MAX_LABELS}
        return bad_request_page(request, message)
    visible = products_visible_to(request.user).filter(code__in=codes, is_active=True)
    by_code = {p.code: p for p in visible}
    if len(by_code) != len(codes):
        raise Http404
    return _pdf_response(request, [by_code[c] for c in codes], "labels.pdf")


@staff_required
@require_safe
def label_sheet(request):
    """Choose products and copies per product (?producer=ID narrows the list); print=1 sends the PDF."""
    products = products_visible_to(request.user).filter(is_active=True)
    producer = None
    producer_id = request.GET.get("producer", "")
    if producer_id:
        if not producer_id.isdecimal() or len(producer_id) > 18:
            raise Http404
        producer = access_producer(request.user, int(producer_id))
        products = products.filter(producer=producer)
    offered = list(products.order_by("producer__name", "name", "code")[: MAX_PRODUCTS_IN_FORM + 1])
    too_many = len(offered) > MAX_PRODUCTS_IN_FORM
    offered = offered[:MAX_PRODUCTS_IN_FORM]
    submitted = "print" in request.GET
    form = LabelSheetForm(request.GET if submitted else None, products=offered, max_labels=MAX_LABELS)
    if submitted and form.is_valid():
        labels = form.labels()
        if form.cleaned_data["fill_page"]:
            labels = fill_last_page(labels)
        return _pdf_response(request, labels, "labels.pdf")
    context = {
        "form": form,
        "producer": producer,
        "too_many": too_many,
        "per_page": LABELS_PER_PAGE,
        "max_labels": MAX_LABELS,
    }
    return render(request, "products/staff/label_sheet.html", context, status=400 if submitted else 200)


def _pdf_response(request, products: list[Product], filename: str) -> HttpResponse:
    pdf = render_label_sheet(products, public_base_url(request), title=filename)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response
