from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.static import serve

from accounts import views_lockouts as accounts_lockouts
from accounts.start import StartPageLoginView
from outreach import views as outreach_views

urlpatterns = [
    path("", outreach_views.home, name="home"),
    path("healthz", outreach_views.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/login/", StartPageLoginView.as_view(), name="login"),
    path("accounts/lockouts/", accounts_lockouts.lockouts, name="accounts_lockouts"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("users/", include("accounts.urls")),
    path("units/", include("units.urls")),
    path("", include("visits.urls")),
    path("", include("products.urls")),
    path("scans/", include("scans.urls")),
    path("", include("training.urls")),
    path("", include("campaigns.urls")),
    path("coverage/reports/", include("coverage.urls_reports")),
    path("coverage/", include("coverage.urls")),
    path("", include("notifications.urls")),
    path("audit/", include("audit.urls")),
    path("privacy/", include("privacy.urls")),
    path("admin/", admin.site.urls),
]

if settings.OUTREACH_BENCH_VIEWS:
    from bench import views as bench_views

    urlpatterns.append(path("bench/minimal/", bench_views.minimal, name="bench_minimal"))

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
elif settings.OUTREACH_LOCAL_HTTP:  # `make run`: no front web server for the uploaded photos
    urlpatterns.append(
        re_path(rf"^{settings.MEDIA_URL.lstrip('/')}(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT})
    )
