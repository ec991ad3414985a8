from django.urls import path

from . import views, views_today

app_name = "visits_staff"
urlpatterns = [
    path("today/", views_today.today, name="today"),
    path("hamlets/", views.hamlet_list, name="hamlet_list"),
    path("households/", views.household_list, name="household_list"),
    path("households/add/", views.household_add, name="household_add"),
    path("households/assign/", views.assign, name="assign"),
    path("households/import/", views.household_import, name="household_import"),
    path("households/import/confirm/", views.household_import_confirm, name="household_import_confirm"),
    path("households/import/template.csv", views.import_template, name="import_template"),
    path("households/<int:pk>/", views.household_detail, name="household_detail"),
    path("households/<int:pk>/edit/", views.household_edit, name="household_edit"),
    path("households/<int:pk>/consents/", views.consent_add, name="consent_add"),
    path("households/<int:pk>/consents/<int:consent_pk>/withdraw/", views.consent_withdraw, name="consent_withdraw"),
    path("teams/", views.team_list, name="team_list"),
    path("teams/add/", views.team_add, name="team_add"),
    path("teams/<int:pk>/", views.team_edit, name="team_edit"),
    path("progress/", views.progress, name="progress"),
    path("vessels/", views.vessel_list, name="vessel_list"),
    path("vessels/add/", views.vessel_add, name="vessel_add"),
    path("vessels/returning/", views.vessels_returning, name="vessels_returning"),
    path("vessels/<int:pk>/", views.vessel_edit, name="vessel_edit"),
]
