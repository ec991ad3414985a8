from django.urls import path

from accounts.api_auth import obtain_token

from . import api

app_name = "visits_api"
urlpatterns = [
    path("token", obtain_token, name="token"),
    path("visits/sync", api.sync, name="sync"),
    path("households/", api.households, name="households"),
    path("openapi.json", api.openapi, name="openapi"),
]
