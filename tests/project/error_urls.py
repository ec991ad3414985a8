"""The portal's URLs plus one view that fails while holding personal data (for test_no_personal_data_in_logs)."""

from django.urls import path

from outreach.urls import urlpatterns as portal_urlpatterns


def failing_view(request):
    head_name = request.POST.get("head_name", "")
    phone = request.POST.get("phone", "")
    household = {"head_name": head_name, "phone": phone}
    raise ValueError(f"cannot call {phone} for {len(household)} fields")


urlpatterns = [*portal_urlpatterns, path("test-failure/", failing_view)]
