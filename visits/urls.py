from django.urls import include, path

# One module per surface: the sync/JSON API, the staff pages, the volunteers' offline PWA.
urlpatterns = [
    path("api/v1/", include("visits.urls_api")),
    path("outreach/", include("visits.urls_staff")),
    path("field/", include("visits.urls_pwa")),
]
