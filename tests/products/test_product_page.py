import datetime
import io

import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.utils.http import http_date
from PIL import Image

from products import services
from products.models import Certification, Lot
from products.signals import product_page_viewed
from tests.products.factories import CertificationFactory, OcopCertificationFactory, ProducerFactory, ProductFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_and_cache")]

MISS_QUERIES = 6  # product+producer+commune, photos, producer photos, certifications, lots, other products


def jpeg(width=800, height=600) -> ContentFile:
    out = io.BytesIO()
    Image.new("RGB", (width, height), "#e5383b").save(out, "JPEG")
    return ContentFile(out.getvalue(), name="photo.jpg")


@pytest.fixture
def product(unit):
    producer = ProducerFactory(commune=unit("13696"), phone="0912 345 678", zalo_url="https://zalo.me/0912345678")
    OcopCertificationFactory(producer=producer, stars=4, expires_on=datetime.date(2030, 6, 30))
    return ProductFactory(producer=producer, name="Quất cảnh chậu", price_min=600_000, price_max=3_500_000)


def url(product) -> str:
    return f"/p/{product.code}/"


def test_page_shows_product_producer_certification_price_contacts_and_other_products(client, product):
    services.add_photo(product, jpeg())
    other = ProductFactory(producer=product.producer, name="Đào phai Nam Phong")
    ProductFactory(producer=product.producer, name="Đào đã ngừng bán", is_active=False)

    response = client.get(url(product))

    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="product"' in html and "Quất cảnh chậu" in html
    assert product.producer.name in html and "Xã Nam Phong" in html
    assert "OCOP ★★★★" in html and "30/06/2030" in html
    assert "600.000" in html and "3.500.000" in html
    assert 'href="tel:0912345678"' in html and 'href="https://zalo.me/0912345678"' in html
    assert f"/p/{other.code}/" in html and "Đào đã ngừng bán" not in html
    assert 'loading="lazy"' in html and 'width="480" height="360"' in html
    assert "<script" not in html and "bootstrap" not in html


def test_expired_certification_is_marked_expired(client, product):
    expired = datetime.date(2020, 1, 1)
    CertificationFactory(producer=product.producer, kind=Certification.Kind.VIETGAP, expires_on=expired)
    html = client.get(url(product)).content.decode()
    assert 'class="badge expired" data-testid="cert-vietgap"' in html


def test_unknown_code_is_a_light_404(client, db):
    response = client.get("/p/ZZZZ9999/")
    assert response.status_code == 404
    assert b'data-testid="not-found"' in response.content and b"bootstrap" not in response.content


@pytest.mark.parametrize("code", ["a-b", "ÁBCDEFGH", "X" * 40])
def test_malformed_code_is_404_without_error(client, db, code):
    assert client.get(f"/p/{code}/").status_code == 404


def test_nul_in_the_code_is_a_bad_request(client, db):
    assert client.get("/p/%00/").status_code == 400


def test_deactivated_product_is_410_gone_with_a_friendly_page(client, product):
    services.set_product_active(product, False)
    response = client.get(url(product))
    assert response.status_code == 410
    assert b'data-testid="gone"' in response.content


def test_lower_case_code_redirects_permanently_to_the_upper_case_url(client, product):
    response = client.get(f"/p/{product.code.lower()}/?lang=en")
    assert response.status_code == 301
    assert response["Location"] == f"/p/{product.code}/?lang=en"


def test_page_carries_cache_control_etag_and_last_modified(client, product):
    response = client.get(url(product))
    assert response["Cache-Control"] == "public, max-age=120"
    assert response["ETag"].startswith('"')
    assert response["Last-Modified"]


def test_if_none_match_answers_304(client, product):
    etag = client.get(url(product))["ETag"]
    response = client.get(url(product), HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag


def test_if_modified_since_answers_304_and_an_older_date_200(client, product):
    last_modified = client.get(url(product))["Last-Modified"]
    assert client.get(url(product), HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304
    older = http_date(product.updated_at.timestamp() - 3600)
    assert client.get(url(product), HTTP_IF_MODIFIED_SINCE=older).status_code == 200


PHONE = "Mozilla/5.0 (Linux; Android 12) AppleWebKit/537.36 Chrome/120 Mobile Safari/537.36"


def test_cache_hit_makes_no_sql_query_even_counting_the_scan(client, product, django_assert_num_queries):
    client.get(url(product), HTTP_USER_AGENT=PHONE)
    with django_assert_num_queries(0):
        response = client.get(url(product), HTTP_USER_AGENT=PHONE, REMOTE_ADDR="203.0.113.7")
    assert response.status_code == 200
    with django_assert_num_queries(0):
        assert client.get(url(product), HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304


def test_cache_miss_makes_a_constant_number_of_queries(client, product, django_assert_num_queries):
    with django_assert_num_queries(MISS_QUERIES):
        client.get(url(product))
    for n in range(3):
        services.add_photo(product, jpeg())
        CertificationFactory(producer=product.producer)
        ProductFactory(producer=product.producer, name=f"Khác {n}")
        services.add_lot(product, Lot(code=f"L{n}"))
    cache.clear()
    with django_assert_num_queries(MISS_QUERIES):
        assert client.get(url(product)).status_code == 200


def test_gone_and_unknown_pages_are_cached_too(client, product, django_assert_num_queries):
    services.set_product_active(product, False)
    client.get(url(product))
    client.get("/p/ZZZZ9999/")
    with django_assert_num_queries(0):
        assert client.get(url(product)).status_code == 410
        assert client.get("/p/ZZZZ9999/").status_code == 404


def test_product_edit_through_the_service_shows_up_immediately(client, product):
    client.get(url(product))
    product.name = "Quất Tết sai quả"
    services.save_product(product)
    assert "Quất Tết sai quả" in client.get(url(product)).content.decode()


def test_producer_and_certification_edits_show_up_immediately(client, product):
    client.get(url(product))
    producer = product.producer
    producer.phone = "0987 000 111"
    services.save_producer(producer)
    assert "tel:0987000111" in client.get(url(product)).content.decode()
    cert = producer.certifications.get()
    cert.stars = 5
    services.save_certification(cert)
    assert "OCOP ★★★★★" in client.get(url(product)).content.decode()


def test_photo_and_lot_changes_show_up_immediately(client, product):
    client.get(url(product))
    photo = services.add_photo(product, jpeg())
    assert photo.thumbnail.url in client.get(url(product)).content.decode()
    services.delete_photo(photo)
    assert photo.thumbnail.url not in client.get(url(product)).content.decode()
    services.add_lot(product, Lot(code="L2026-01", produced_on=datetime.date(2026, 1, 5)))
    assert "L2026-01" in client.get(url(product)).content.decode()


def test_sibling_change_updates_the_other_products_list(client, product):
    sibling = ProductFactory(producer=product.producer, name="Cúc vàng")
    client.get(url(product))
    services.set_product_active(sibling, False)
    assert "Cúc vàng" not in client.get(url(product)).content.decode()


def test_edit_outside_the_services_is_caught_by_the_signal_backstop(client, product):
    client.get(url(product))
    product.name = "Sửa trong trang quản trị"
    product.save()
    assert "Sửa trong trang quản trị" in client.get(url(product)).content.decode()
    producer = product.producer
    producer.address = "Thôn Vị Khê mới"
    producer.save()
    assert "Thôn Vị Khê mới" in client.get(url(product)).content.decode()


def test_an_edit_changes_the_etag(client, product):
    etag = client.get(url(product))["ETag"]
    product.season = "Quanh năm"
    services.save_product(product)
    response = client.get(url(product), HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200 and response["ETag"] != etag


def test_html_is_under_30_kb_with_a_full_page(client, product):
    product.description = "Quất cảnh chậu sai quả, dáng tròn, chăm sóc theo VietGAP. " * 20
    services.save_product(product)
    for _ in range(5):
        services.add_photo(product, jpeg())
    for kind in (Certification.Kind.VIETGAP, Certification.Kind.ORGANIC):
        CertificationFactory(producer=product.producer, kind=kind)
    for n in range(12):
        services.add_photo(ProductFactory(producer=product.producer, name=f"Cây thế sanh dáng trực {n}"), jpeg())
    response = client.get(url(product))
    assert response.status_code == 200
    assert len(response.content) < 30 * 1024


def test_anonymous_visitor_gets_no_cookie_and_causes_no_session(client, product):
    client.get(url(product))
    response = client.get(url(product) + "?lang=en")
    assert not response.cookies
    assert "Set-Cookie" not in response.headers
    assert not client.cookies


def test_english_switch_by_query_parameter(client, product):
    response = client.get(url(product) + "?lang=en")
    assert response["Content-Language"] == "en"
    assert b'<html lang="en">' in response.content
    assert b'href="?lang=vi"' in response.content
    vietnamese = client.get(url(product))
    assert vietnamese["Content-Language"] == "vi" and b'href="?lang=en"' in vietnamese.content


def test_language_cookie_chooses_the_cached_variant(client, product, django_assert_num_queries):
    client.get(url(product) + "?lang=en")
    client.cookies["django_language"] = "en"
    with django_assert_num_queries(0):
        response = client.get(url(product))
    assert response["Content-Language"] == "en"
    assert "Cookie" in response["Vary"]


def test_a_view_is_announced_on_get_hit_and_miss_but_not_head(client, product):
    recorded = []

    def listener(sender, request, product_id, **kwargs):
        recorded.append(product_id)

    product_page_viewed.connect(listener)
    try:
        client.get(url(product))
        client.get(url(product))
        client.head(url(product))
    finally:
        product_page_viewed.disconnect(listener)
    assert recorded == [product.pk, product.pk]


def test_scan_is_recorded_on_get_hit_and_miss_but_not_head(client, product, scan_counter):
    phone = "Mozilla/5.0 (Linux; Android 13; SM-A145F) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120 Mobile"
    client.get(url(product), HTTP_USER_AGENT=phone)  # a miss: rendered
    client.get(url(product), HTTP_USER_AGENT=phone)  # a hit: from the cache
    client.head(url(product), HTTP_USER_AGENT=phone)
    assert [product_id for _visitor, product_id, _day in scan_counter.buffer] == [product.pk, product.pk]


def test_post_is_not_allowed(client, product):
    assert client.post(url(product)).status_code == 405
