from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from accounts.start import start_url
from units.models import AdministrativeUnit
from visits.headline import outreach_headline

from . import health


def home(request):
    """What the portal is, what a citizen can do here, and how far the outreach has come."""
    context = {
        "province": AdministrativeUnit.objects.filter(level=AdministrativeUnit.Level.PROVINCE).first(),
        "headline": outreach_headline(),
        "start_url": start_url(request.user) if request.user.is_authenticated else None,
    }
    return render(request, "core/home.html", context)


@never_cache
def healthz(request):
    db = health.database_ok()
    body = {
        "db": "ok" if db else "down",
        "redis": "ok" if health.redis_ok() else "down",
        "celery": "ok" if health.celery_ok() else "down",
    }
    return JsonResponse(body, status=200 if db else 503)
