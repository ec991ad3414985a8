import pytest

from products import services
from tests.products.factories import LotFactory, ProductFactory

pytestmark = pytest.mark.django_db

GTIN13 = "8938500123450"  # a GS1 Vietnam (893) number with its check digit


@pytest.fixture
def product():
    return services.save_product(ProductFactory.build(producer=ProductFactory().producer, gtin=GTIN13))


def test_gtin_is_stored_as_14_digits(product):
    product.refresh_from_db()
    assert product.gtin == "0" + GTIN13


@pytest.mark.parametrize("gtin", [GTIN13, "0" + GTIN13])
def test_known_gtin_redirects_307_to_the_product_page(client, product, gtin):
    response = client.get(f"/01/{gtin}/")
    assert response.status_code == 307
    assert response["Location"] == f"/p/{product.code}/"


def test_gtin_with_a_lot_redirects_to_the_product_page(client, product):
    LotFactory(product=product, code="L2025-11")
    response = client.get(f"/01/{product.gtin}/10/L2025-11/")
    assert response.status_code == 307
    assert response["Location"] == f"/p/{product.code}/"


def test_gtin_8_and_12_match_their_padded_form(client, db):
    for gtin in ("96385074", "036000291452"):
        product = services.save_product(ProductFactory.build(producer=ProductFactory().producer, gtin=gtin))
        assert product.gtin == gtin.zfill(14)
        assert client.get(f"/01/{gtin}/")["Location"] == f"/p/{product.code}/"


def test_a_gtin_stored_unpadded_outside_the_services_still_matches(client, db):
    product = ProductFactory(gtin=GTIN13)
    assert client.get(f"/01/0{GTIN13}/")["Location"] == f"/p/{product.code}/"


@pytest.mark.parametrize(
    "gtin",
    ["8938500123458", "893850012345", "12345", "123456789012345", "89385OO123450", "-938500123450", "%20"],
)
def test_malformed_gtin_is_400(client, db, gtin):
    response = client.get(f"/01/{gtin}/")
    assert response.status_code == 400
    assert 'data-testid="error-400"' in response.content.decode()  # the portal's page, not a bare line


def test_malformed_lot_is_400(client, product):
    assert client.get(f"/01/{product.gtin}/10/{'L' * 21}/").status_code == 400


def test_unknown_valid_gtin_is_404(client, db):
    assert client.get("/01/96385074/").status_code == 404


def test_a_deactivated_product_is_not_linked(client, product):
    services.set_product_active(product, False)
    assert client.get(f"/01/{product.gtin}/").status_code == 404


def test_a_gtin_8_suffix_does_not_match_an_unrelated_gtin_14(client, db):
    ProductFactory(gtin="96385074")  # stored unpadded, outside the services
    assert client.get("/01/10000796385074/").status_code == 404
