"""Every page gets a Content-Security-Policy without inline scripts and a Permissions-Policy; no
template carries an inline script or event handler that the policy would block."""

import re
from pathlib import Path

import pytest

from tests.factories import CommuneOfficerFactory
from tests.products.factories import ProductFactory

pytestmark = pytest.mark.django_db

BASE_DIR = Path(__file__).resolve().parents[2]


def script_sources(response) -> list[str]:
    policy = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    return directives["script-src"].split()


@pytest.mark.parametrize("path", ["/", "/accounts/login/", "/products/", "/no-such-page/", "/healthz", "/admin/login/"])
def test_public_pages_carry_both_policies(client, path):
    response = client.get(path)
    assert script_sources(response) == ["'self'"]
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert "camera=()" in response["Permissions-Policy"] and "microphone=()" in response["Permissions-Policy"]


def test_the_product_page_and_qr_images_carry_them_too(client):
    product = ProductFactory()
    for path in (f"/p/{product.code}/", f"/p/{product.code}/qr.svg"):
        assert script_sources(client.get(path)) == ["'self'"]


def test_staff_and_field_pages_carry_them(client, unit):
    client.force_login(CommuneOfficerFactory(unit=unit("13696")))
    for path in ("/outreach/households/", "/producers/"):
        response = client.get(path)
        assert response.status_code == 200 and script_sources(response) == ["'self'"]


def test_no_template_has_an_inline_script_or_event_handler():
    offenders = []
    for template in BASE_DIR.glob("**/templates/**/*.html"):
        if ".venv" in template.parts:
            continue
        text = template.read_text()
        inline_scripts = [tag for tag in re.findall(r"<script\b[^>]*>", text) if "src=" not in tag]
        handlers = re.findall(r"\son[a-z]+\s*=", text)
        if inline_scripts or handlers or "javascript:" in text:
            offenders.append(str(template.relative_to(BASE_DIR)))
    assert offenders == []
