from django.urls import include, path

from .api import api

# One module per surface: the sync/JSON API (django-ninja, namespace "visits_api"), the staff pages,
# the volunteers' offline PWA.
urlpatterns = [
    path("api/v1/", api.urls),
    path("outreach/", include("visits.urls_staff")),
    path("field/", include("visits.urls_pwa")),
]
