"""People who hit an error see a page in the portal's language and style, not Django's bare text."""

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from tests.factories import VolunteerFactory

pytestmark = pytest.mark.django_db


def test_a_missing_page_is_a_friendly_404(client, units_imported):
    response = client.get("/units/does-not-exist/")
    assert response.status_code == 404
    assert b'data-testid="error-404"' in response.content
    assert "Không tìm thấy trang" in response.content.decode()


def test_a_page_outside_the_role_is_a_friendly_403(client, unit):
    client.force_login(VolunteerFactory(unit=unit("13696")))
    response = client.get("/scans/")
    assert response.status_code == 403
    assert b'data-testid="error-403"' in response.content


def test_the_server_error_page_needs_no_request_or_database(django_assert_num_queries):
    with translation.override("vi"), django_assert_num_queries(0):
        html = render_to_string("500.html")
    assert 'data-testid="error-500"' in html and "Đã có lỗi xảy ra" in html
