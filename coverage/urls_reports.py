from django.urls import path

from . import report_views

# Mounted at coverage/reports/ before coverage.urls, whose <GSO code>/ would take "reports".
app_name = "coverage_reports"
urlpatterns = [
    path("", report_views.report_list, name="list"),
    path("weekly/", report_views.weekly_subscription, name="weekly"),
    path("<int:pk>/status.json", report_views.report_status, name="status"),
    path("<int:pk>/download/", report_views.report_download, name="download"),
    path("<int:pk>/retry/", report_views.report_retry, name="retry"),
]
