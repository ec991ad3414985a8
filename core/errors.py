"""The portal's own error page for a request it cannot understand, with the reason in plain words."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def bad_request_page(request: HttpRequest, reason: str) -> HttpResponse:
    """400 with templates/400.html (friendly, translated) instead of a bare text/plain line."""
    return render(request, "400.html", {"reason": reason}, status=400)
