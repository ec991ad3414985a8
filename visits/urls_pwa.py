from django.urls import path

from . import pwa

app_name = "visits_pwa"
urlpatterns = [
    path("", pwa.walk_list, name="walk_list"),
    path("sw.js", pwa.service_worker, name="service_worker"),
    path("manifest.webmanifest", pwa.manifest, name="manifest"),
]
