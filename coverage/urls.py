from django.urls import path

from . import views

app_name = "coverage"
urlpatterns = [
    path("", views.home, name="home"),
    path("communes.csv", views.communes_csv, name="communes_csv"),
    path("communes.xlsx", views.communes_xlsx, name="communes_xlsx"),
    path("<str:code>/", views.unit_page, name="unit"),
    path("<str:code>/official/", views.official_count, name="official_count"),
    path("<str:code>/targets/", views.target, name="target"),
]
