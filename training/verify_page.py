"""The public verification page as anonymous visitors get it, rendered once per process and content.

An anonymous visitor's page depends only on the certificate's fields and the language (the menu and
the language form are the same for every anonymous visitor), so each process keeps the rendered HTML
keyed by exactly those: a revocation changes the fields, and so the key, and needs no invalidation.
The one per-visitor part, the language form's CSRF token, is rendered as a placeholder and put in on
each request. Visitors with a session (logged in, or a message waiting), a message cookie or a query string get the
page rendered for them.
"""

import threading

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.template.loader import render_to_string
from django.utils.translation import get_language

from core.csrf import get_token

MAX_PAGES = 5000  # a page is ~10 KB
_CSRF_PLACEHOLDER = "verify-page-csrf-placeholder"

_pages: dict[tuple, str] = {}
_lock = threading.Lock()


def is_shared(request) -> bool:
    """Whether this request gets the page every anonymous visitor gets."""
    cookies = request.COOKIES  # the query string is not parsed: any makes the page the visitor's own
    return not (
        request.META.get("QUERY_STRING")
        or settings.SESSION_COOKIE_NAME in cookies
        or CookieStorage.cookie_name in cookies
    )


def render_shared(request, context: dict) -> str:
    key = (get_language(), tuple(sorted(context["fields"].items())))
    html = _pages.get(key)
    if html is None:
        html = render_to_string("training/verify.html", {**context, "csrf_token": _CSRF_PLACEHOLDER}, request)
        with _lock:
            if len(_pages) >= MAX_PAGES:
                _pages.clear()
            _pages[key] = html
    return html.replace(_CSRF_PLACEHOLDER, get_token(request))


def clear_local() -> None:
    with _lock:
        _pages.clear()
