from django.urls import path

from . import views

app_name = "privacy"
urlpatterns = [
    path("households/<int:pk>/", views.household_rights, name="household"),
    path("households/<int:pk>/data.json", views.household_export, name="household_export"),
    path("households/<int:pk>/erase/", views.household_erase, name="household_erase"),
]
