from django.urls import path

from . import import_views, views

app_name = "coverage"
urlpatterns = [
    path("", views.home, name="home"),
    path("communes.csv", views.communes_csv, name="communes_csv"),
    path("communes.xlsx", views.communes_xlsx, name="communes_xlsx"),
    path("official/import/", import_views.official_import, name="official_import"),
    path("official/import/confirm/", import_views.official_import_confirm, name="official_import_confirm"),
    path("official/import/template.csv", import_views.official_import_template, name="official_import_template"),
    path("<str:code>/", views.unit_page, name="unit"),
    path("<str:code>/official/", views.official_count, name="official_count"),
    path("<str:code>/targets/", views.target, name="target"),
]
