"""Content-Security-Policy and Permissions-Policy on every response; `no-store` on pages made for a user.

Scripts only from the portal's own static files: no inline script or event handler can run, so an
injected `<script>` or `onerror=` does nothing. Inline styles stay allowed (the public product page
inlines its few rules to be one small request; Bootstrap's icons are data: images). The phone app
uses its own origin only (IndexedDB, the service worker, fetch) and may ask for the phone's location
(a visit's position); no camera, microphone or payment is ever asked for, and no other site may
frame a page.
"""

from django.utils.cache import patch_cache_control
from django.utils.functional import empty

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self'",
        "connect-src 'self'",
        "manifest-src 'self'",
        "worker-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
_DENIED_FEATURES = (
    "camera",
    "microphone",
    "payment",
    "usb",
    "serial",
    "bluetooth",
    "magnetometer",
    "gyroscope",
    "accelerometer",
    "display-capture",
)
PERMISSIONS_POLICY = ", ".join(["geolocation=(self)", *(f"{feature}=()" for feature in _DENIED_FEATURES)])


class SecurityHeadersMiddleware:
    """Also: a page made for a logged-in user (names, phones, a register) is sent `no-store, private`
    unless its view chose its own caching, so no shared proxy or browser cache keeps it on disk."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        if _made_for_a_user(request) and not response.has_header("Cache-Control"):
            patch_cache_control(response, no_store=True, private=True)
        return response


def _made_for_a_user(request) -> bool:
    # Only when the request already loaded its user: asking here would cost a query on pages that never
    # look at who is asking (the cached public product page, static files).
    user = getattr(request, "user", None)
    return user is not None and getattr(user, "_wrapped", empty) is not empty and user.is_authenticated
