"""Render the public product page once into a cacheable entry: body, status, ETag, Last-Modified, product id."""

import hashlib
from dataclasses import dataclass
from functools import cached_property

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.http import http_date

from .selectors import product_page

BROWSER_CACHE_SECONDS = 120
MISSING_CACHE_SECONDS = 60  # browsers, and the server cache for an unknown code


@dataclass(frozen=True)
class PageEntry:
    status: int
    body: bytes
    language: str
    etag: str = ""
    last_modified: int = 0
    product_id: int | None = None  # kept with the page so a cache hit can still count the scan

    @cached_property
    def headers(self) -> tuple[tuple[str, str], ...]:
        """The response headers, built once per entry in a process rather than on every request.

        Vary is Cookie (the language cookie picks the variant); LocaleMiddleware adds Accept-Language.
        """
        max_age = BROWSER_CACHE_SECONDS if self.status == 200 else MISSING_CACHE_SECONDS
        headers = [
            ("Content-Type", "text/html; charset=utf-8"),
            ("Content-Language", self.language),
            ("Cache-Control", f"public, max-age={max_age}"),
            ("Vary", "Cookie"),
        ]
        if self.status == 200:
            headers += [("ETag", self.etag), ("Last-Modified", http_date(self.last_modified))]
        return tuple(headers)


def _tel(phone: str) -> str:
    return "".join(ch for ch in phone if ch.isdigit() or ch == "+")


def render_page_entry(code: str | None, language: str) -> PageEntry:
    """404 for an unknown code, 410 for a deactivated product, else the full page (five queries)."""
    page = product_page(code) if code else None
    lang_suffix = "" if language == settings.LANGUAGE_CODE else f"?lang={language}"
    context = {"language": language, "lang_suffix": lang_suffix, "page": page, "media_url": settings.MEDIA_URL}
    if page is None:
        status, template = 404, "products/public/not_found.html"
    elif not page.product.is_active:
        status, template = 410, "products/public/gone.html"
    else:
        status, template = 200, "products/public/page.html"
        producer = page.product.producer
        today = timezone.localdate()
        context.update(
            product=page.product,
            producer=producer,
            tel=_tel(producer.phone),
            certifications=[
                (cert, "★" * (cert.stars or 0), cert.expires_on is not None and cert.expires_on < today)
                for cert in producer.certifications.all()
            ],
        )
    with translation.override(language):
        body = render_to_string(template, context).encode()
    if status != 200:
        return PageEntry(status=status, body=body, language=language)
    etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    return PageEntry(
        status=status,
        body=body,
        language=language,
        etag=etag,
        last_modified=int(page.last_modified.timestamp()),
        product_id=page.product.pk,
    )
