"""Public, anonymous pages: the product page a QR label opens, the catalogue and GS1 Digital Links.

The product page is rendered once per code and language and kept with its ETag in each process's
memory and in Redis (products/page_cache.py), so a scan burst costs no SQL and mostly no Redis read.
Nothing here touches request.user or the session, so an anonymous visitor causes no query and gets
no cookie.
"""

import re

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponsePermanentRedirect, HttpResponseRedirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from core.errors import bad_request_page

from . import page_cache
from .models import Category, normalise_gtin
from .page_render import BROWSER_CACHE_SECONDS, MISSING_CACHE_SECONDS, PageEntry, render_page_entry
from .selectors import catalogue_products, communes_with_products, product_code_for_gtin
from .signals import product_page_viewed

PAGE_CACHE_SECONDS = 3600
CATALOGUE_PAGE_SIZE = 20
CODE_PATTERN = re.compile(r"[A-Z0-9]{4,16}")
LOT_PATTERN = re.compile(r"[!-~]{1,20}")  # GS1 AI (10): up to 20 printable characters
_CONDITIONAL_HEADERS = ("HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE", "HTTP_IF_MATCH", "HTTP_IF_UNMODIFIED_SINCE")


def public_language(request) -> str:
    """?lang= wins, then the portal's language cookie, else Vietnamese; never the session."""
    if not request.META.get("QUERY_STRING") and not request.META.get("HTTP_COOKIE"):
        return settings.LANGUAGE_CODE  # a scanned QR: nothing to parse
    for candidate in (request.GET.get("lang"), request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)):
        if candidate in page_cache.LANGUAGES:
            return candidate
    return settings.LANGUAGE_CODE


def _lifetime(entry: PageEntry) -> int:
    return PAGE_CACHE_SECONDS if entry.status != 404 else MISSING_CACHE_SECONDS


def _cached_entry(code: str, language: str) -> PageEntry:
    return page_cache.get_or_render(code, language, lambda: render_page_entry(code, language), _lifetime)


def _response(request, entry: PageEntry) -> HttpResponse:
    response = HttpResponse(entry.body, status=entry.status, headers=entry.headers)
    if entry.status != 200 or not any(header in request.META for header in _CONDITIONAL_HEADERS):
        return response  # what get_conditional_response returns too, without parsing four absent headers
    return get_conditional_response(request, etag=entry.etag, last_modified=entry.last_modified, response=response)


@require_safe
def product_page(request, code: str):
    canonical = code.upper()
    if not CODE_PATTERN.fullmatch(canonical):
        return _response(request, render_page_entry(None, public_language(request)))
    if canonical != code:
        # One canonical URL per product, so one cache entry; the redirect itself costs no query.
        query = request.META.get("QUERY_STRING", "")
        target = reverse("products_public:page", args=[canonical]) + (f"?{query}" if query else "")
        return HttpResponsePermanentRedirect(target)
    entry = _cached_entry(code, public_language(request))
    if request.method == "GET" and entry.status == 200:
        product_page_viewed.send(sender=None, request=request, product_id=entry.product_id)
    return _response(request, entry)


@require_safe
def catalogue(request):
    language = public_language(request)
    query = request.GET.get("q", "").strip()[:100]
    commune_code = request.GET.get("commune", "").strip()[:10]
    category = request.GET.get("category", "").strip()[:30]
    products = catalogue_products(query=query, commune_code=commune_code, category=category)
    page = Paginator(products, CATALOGUE_PAGE_SIZE).get_page(request.GET.get("page"))
    filters = {k: v for k, v in {"q": query, "commune": commune_code, "category": category}.items() if v}
    if language != settings.LANGUAGE_CODE:
        filters["lang"] = language
    context = {
        "page": page,
        "query": query,
        "commune_code": commune_code,
        "category": category,
        "categories": Category.choices,
        "communes": communes_with_products(),
        "filters": filters,
        "language": language,
        "media_url": settings.MEDIA_URL,
        "lang_suffix": f"?lang={language}" if language != settings.LANGUAGE_CODE else "",
    }
    with translation.override(language):
        # No request context: the page is the same for everyone and must not touch the session.
        response = HttpResponse(render_to_string("products/public/catalogue.html", context))
    response["Cache-Control"] = f"public, max-age={BROWSER_CACHE_SECONDS}"
    response["Content-Language"] = language
    patch_vary_headers(response, ["Cookie"])
    return response


@require_safe
def gs1_link(request, gtin: str, lot: str | None = None):
    """GS1 Digital Link: /01/<GTIN>/[10/<LOT>/] answers 307 to the page of the active product."""
    gtin14 = normalise_gtin(gtin)
    if gtin14 is None:
        return bad_request_page(
            request, _("This product number is not valid: 8, 12, 13 or 14 digits with a correct check digit.")
        )
    if lot is not None and not LOT_PATTERN.fullmatch(lot):
        return bad_request_page(request, _("This lot number is not valid: 1 to 20 printable characters."))
    code = product_code_for_gtin(gtin14)
    if code is None:
        return _response(request, render_page_entry(None, public_language(request)))
    return HttpResponseRedirect(reverse("products_public:page", args=[code]), status=307)
