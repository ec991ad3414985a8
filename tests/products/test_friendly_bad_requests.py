"""Addresses a citizen (or an officer) can mistype answer with the portal's own 400 page, not a bare line."""

import pytest

from tests.factories import CommuneOfficerFactory
from tests.products.factories import ProducerFactory, ProductFactory

pytestmark = pytest.mark.django_db


def assert_friendly_400(response, reason: str) -> None:
    body = response.content.decode()
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert 'data-testid="error-400"' in body and reason in body
    assert "về trang chủ" in body.lower() or "back to the home page" in body.lower()


def test_a_malformed_gs1_product_number(client):
    assert_friendly_400(client.get("/01/12345/"), "không hợp lệ")


def test_a_malformed_gs1_lot(client):
    product = ProductFactory(gtin="08938500123450")
    assert_friendly_400(client.get(f"/01/{product.gtin}/10/{'L' * 21}/"), "không hợp lệ")


def test_a_qr_size_that_is_not_a_number(client):
    product = ProductFactory()
    assert_friendly_400(client.get(f"/p/{product.code}/qr.png", {"size": "big"}), "pixel")


def test_a_label_sheet_address_without_products(client, unit):
    officer = CommuneOfficerFactory(unit=unit("13696"))
    ProductFactory(producer=ProducerFactory(commune=officer.unit))
    client.force_login(officer)
    assert_friendly_400(client.get("/labels/"), "nhãn")


def test_in_english_the_reason_is_english(client):
    response = client.get("/01/12345/", HTTP_ACCEPT_LANGUAGE="en")
    assert_friendly_400(response, "This product number is not valid")
