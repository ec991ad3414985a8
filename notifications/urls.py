from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("notifications/", views.centre, name="centre"),
    path("notifications/unread.json", views.unread_json, name="unread_json"),
    path("notifications/<int:pk>/read/", views.read, name="read"),
    path("notifications/read-all/", views.read_all, name="read_all"),
    path("profile/notifications/", views.notification_settings, name="settings"),
]
