"""Staff pages (names, phones, registers) are sent `Cache-Control: no-store, private`; public pages keep
their own caching and cost no extra query."""

import pytest

from tests.factories import CommuneOfficerFactory, ProvinceAdminFactory
from tests.products.factories import ProducerFactory, ProductFactory

pytestmark = pytest.mark.django_db


def not_stored(response) -> bool:
    directives = {part.strip() for part in response.get("Cache-Control", "").split(",")}
    return {"no-store", "private"} <= directives


@pytest.mark.parametrize(
    "path", ["/outreach/households/", "/outreach/teams/", "/outreach/progress/", "/producers/", "/"]
)
def test_pages_for_a_commune_officer_are_not_stored(client, unit, path):
    officer = CommuneOfficerFactory(unit=unit("13696"))
    ProducerFactory(commune=officer.unit)
    client.force_login(officer)
    response = client.get(path)
    assert response.status_code == 200
    assert not_stored(response)


def test_the_admin_is_not_stored(client, nam_dinh):
    client.force_login(ProvinceAdminFactory(unit=nam_dinh, is_staff=True, is_superuser=True))
    assert not_stored(client.get("/admin/"))


def test_the_public_product_page_keeps_its_browser_caching(client):
    product = ProductFactory()
    response = client.get(f"/p/{product.code}/")
    assert "public" in response["Cache-Control"] or "max-age" in response["Cache-Control"]
    assert not not_stored(response)


def test_anonymous_pages_are_not_marked(client):
    assert "no-store" not in client.get("/products/").get("Cache-Control", "")
