"""Views mounted only when settings.OUTREACH_BENCH_VIEWS is true (the benchmark server), never in production."""

from django.http import HttpResponse


def minimal(request):
    """A constant response through the full middleware stack: the ceiling a real page is compared to."""
    return HttpResponse(b"ok\n", content_type="text/plain")
