from django.urls import path

from . import people_views as views

app_name = "people"
urlpatterns = [
    path("", views.people_list, name="list"),
    path("new/", views.account_create, name="create"),
    path("import/", views.volunteer_import, name="import"),
    path("import/confirm/", views.volunteer_import_confirm, name="import_confirm"),
    path("import/template.csv", views.volunteer_import_template, name="import_template"),
    path("<int:pk>/", views.account_detail, name="detail"),
    path("<int:pk>/edit/", views.account_edit, name="edit"),
    path("<int:pk>/deactivate/", views.account_set_active, {"active": False}, name="deactivate"),
    path("<int:pk>/reactivate/", views.account_set_active, {"active": True}, name="reactivate"),
    path("<int:pk>/link/", views.account_issue_link, name="issue_link"),
    path("set-password/<uidb64>/<token>/", views.set_password_from_link, name="set_password"),
]
