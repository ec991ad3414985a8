from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from accounts.access import units_visible_to
from units.selectors import province_overview

from . import health


def home(request):
    overview = province_overview()
    return render(
        request,
        "core/home.html",
        {"overview": overview, "my_units_count": units_visible_to(request.user).count()},
    )


@never_cache
def healthz(request):
    db = health.database_ok()
    body = {
        "db": "ok" if db else "down",
        "redis": "ok" if health.redis_ok() else "down",
        "celery": "ok" if health.celery_ok() else "down",
    }
    return JsonResponse(body, status=200 if db else 503)
