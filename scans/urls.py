from django.urls import path

from . import views

app_name = "scans"
urlpatterns = [path("", views.dashboard, name="dashboard")]
