import pytest

from products.models import Category
from tests.products.factories import ProducerFactory, ProductFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def nam_phong_producer(unit):
    return ProducerFactory(commune=unit("13696"), name="HTX Hoa cây cảnh Nam Phong")


def listed(response, product) -> bool:
    return f'data-code="{product.code}"'.encode() in response.content


def test_search_ignores_diacritics_and_case(client, nam_phong_producer):
    dao = ProductFactory(producer=nam_phong_producer, name="Đào phai Nam Phong")
    quat = ProductFactory(producer=nam_phong_producer, name="Quất cảnh chậu")
    for query in ("dao phai", "ĐÀO", "Dao"):
        response = client.get("/products/", {"q": query})
        assert response.status_code == 200
        assert listed(response, dao) and not listed(response, quat)


def test_search_matches_the_producer_name_too(client, nam_phong_producer):
    product = ProductFactory(producer=nam_phong_producer, name="Cúc vàng")
    assert listed(client.get("/products/", {"q": "hoa cay canh"}), product)


def test_filters_by_commune_and_category(client, unit, nam_phong_producer):
    flower = ProductFactory(producer=nam_phong_producer, category=Category.FLOWERS)
    plant = ProductFactory(producer=nam_phong_producer, category=Category.ORNAMENTAL_PLANTS)
    elsewhere = ProductFactory(producer=ProducerFactory(commune=unit("14155")), category=Category.FLOWERS)
    by_commune = client.get("/products/", {"commune": "13696"})
    assert listed(by_commune, flower) and listed(by_commune, plant) and not listed(by_commune, elsewhere)
    by_both = client.get("/products/", {"commune": "13696", "category": Category.FLOWERS})
    assert listed(by_both, flower) and not listed(by_both, plant) and not listed(by_both, elsewhere)
    assert b'value="13696" selected' in by_commune.content


def test_inactive_products_are_not_listed(client, nam_phong_producer):
    inactive = ProductFactory(producer=nam_phong_producer, is_active=False)
    assert not listed(client.get("/products/"), inactive)


def test_pagination_splits_into_pages_of_20_and_keeps_the_filters(client, nam_phong_producer):
    products = [ProductFactory(producer=nam_phong_producer, name=f"Lan hồ điệp {n:02d}") for n in range(25)]
    first = client.get("/products/", {"q": "lan"})
    second = client.get("/products/", {"q": "lan", "page": 2})
    assert sum(listed(first, p) for p in products) == 20
    assert sum(listed(second, p) for p in products) == 5
    assert b"q=lan&amp;page=2" in first.content


@pytest.mark.parametrize("params", [{"page": "abc"}, {"page": "999"}, {"category": "nope"}, {"commune": "x" * 50}])
def test_bad_parameters_do_not_fail(client, nam_phong_producer, params):
    ProductFactory(producer=nam_phong_producer)
    assert client.get("/products/", params).status_code == 200


def test_query_count_does_not_grow_with_products(client, unit, nam_phong_producer, django_assert_num_queries):
    ProductFactory(producer=nam_phong_producer)
    with django_assert_num_queries(3):  # count, page of products with thumbnails, communes
        client.get("/products/")
    for n in range(30):
        ProductFactory(producer=ProducerFactory(commune=unit("14155" if n % 2 else "13696")))
    with django_assert_num_queries(3):
        assert client.get("/products/").status_code == 200


def test_catalogue_is_light_and_sets_no_cookie(client, nam_phong_producer):
    ProductFactory(producer=nam_phong_producer)
    response = client.get("/products/", {"lang": "en"})
    assert response["Content-Language"] == "en"
    assert b"bootstrap" not in response.content and b"<script" not in response.content
    assert not response.cookies
