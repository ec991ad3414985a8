"""The product page's per-process cache (L1) in front of Redis: coherence, expiry, bounds, Redis outages."""

import time

import pytest
import redis
from django.db import connection
from django.test.utils import CaptureQueriesContext

from products import page_cache, services
from products.models import Product
from products.page_render import render_page_entry
from tests.products.factories import ProducerFactory, ProductFactory
from tests.products.test_product_page import MISS_QUERIES

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clean_cache", "pages")]


@pytest.fixture
def product(unit):
    return ProductFactory(producer=ProducerFactory(commune=unit("13696")), name="Quất cảnh chậu")


def url(product) -> str:
    return f"/p/{product.code}/"


def page_of(client, product, django_assert_num_queries, queries: int) -> str:
    with django_assert_num_queries(queries):
        response = client.get(url(product))
    assert response.status_code == 200
    return response.content.decode()


def redis_page_keys(pages) -> list[bytes]:
    return list(pages.client().scan_iter(f"*:products:page:v{page_cache.VERSION}:*"))


def next_generation_check(clock) -> None:
    """As if GENERATION_CHECK_SECONDS had passed since this process last read the generation."""
    clock.advance(page_cache.GENERATION_CHECK_SECONDS)


UNREACHABLE_REDIS = redis.Redis(host="127.0.0.1", port=1, socket_connect_timeout=0.2, retry=None)


def test_a_repeated_request_is_answered_from_the_process_memory_without_redis(
    client, product, django_assert_num_queries, pages
):
    page_of(client, product, django_assert_num_queries, MISS_QUERIES)
    assert (product.code, "vi") in pages.local
    pages.client = lambda: UNREACHABLE_REDIS  # any Redis read now fails, and the page would be rendered
    assert "Quất cảnh chậu" in page_of(client, product, django_assert_num_queries, 0)


def test_an_edit_through_the_staff_service_shows_at_once_in_this_process(client, product, django_assert_num_queries):
    page_of(client, product, django_assert_num_queries, MISS_QUERIES)
    product.name = "Quất Tết sai quả"
    services.save_product(product)
    assert "Quất Tết sai quả" in page_of(client, product, django_assert_num_queries, MISS_QUERIES)


def test_an_edit_in_another_process_reaches_this_one_through_the_generation(
    client, product, django_assert_num_queries, pages, clock
):
    page_of(client, product, django_assert_num_queries, MISS_QUERIES)
    # Another process edits the product and forgets its pages: Redis keys gone, generation moved on.
    Product.objects.filter(pk=product.pk).update(name="Quất Tết sai quả")  # no signal: our L1 is untouched
    pages.client().delete(*redis_page_keys(pages))
    pages.client().incr(page_cache.generation_key())

    assert "Quất cảnh chậu" in page_of(client, product, django_assert_num_queries, 0)  # inside the 0.5 s
    next_generation_check(clock)
    assert "Quất Tết sai quả" in page_of(client, product, django_assert_num_queries, MISS_QUERIES)
    assert "Quất Tết sai quả" in page_of(client, product, django_assert_num_queries, 0)


def test_an_unchanged_generation_keeps_the_local_pages(client, product, django_assert_num_queries, pages, clock):
    page_of(client, product, django_assert_num_queries, MISS_QUERIES)
    next_generation_check(clock)
    page_of(client, product, django_assert_num_queries, 0)
    assert (product.code, "vi") in pages.local


def test_a_404_is_kept_in_memory_no_longer_than_its_short_lifetime(client, db, pages, clock):
    with CaptureQueriesContext(connection) as first:
        assert client.get("/p/ZZZZ9999/").status_code == 404
    expires_at, _entry = pages.local[("ZZZZ9999", "vi")]
    assert expires_at <= time.time() + 60
    with CaptureQueriesContext(connection) as cached:
        assert client.get("/p/ZZZZ9999/").status_code == 404
    assert len(first) > 0 and len(cached) == 0

    clock.advance(61)
    with CaptureQueriesContext(connection) as expired:
        assert client.get("/p/ZZZZ9999/").status_code == 404
    assert len(expired) == len(first)  # rendered again, although the key may still linger in Redis


def test_the_memory_holds_a_bounded_number_of_pages_dropping_the_oldest(client, db, pages):
    pages.max_entries = 2
    for code in ("ZZZZ0001", "ZZZZ0002", "ZZZZ0003"):
        client.get(f"/p/{code}/")
    assert list(pages.local) == [("ZZZZ0002", "vi"), ("ZZZZ0003", "vi")]


def test_a_page_rendered_across_an_edit_is_not_kept_in_memory(product, pages):
    def render_while_an_edit_lands():
        entry = render_page_entry(product.code, "vi")
        page_cache.forget([product.code])  # the edit commits after the old rows were read
        return entry

    page_cache.get_or_render(product.code, "vi", render_while_an_edit_lands, lambda entry: 3600)
    assert (product.code, "vi") not in pages.local


def test_with_redis_down_the_page_comes_from_the_database_not_from_a_stale_memory(
    client, product, django_assert_num_queries, pages, clock
):
    page_of(client, product, django_assert_num_queries, MISS_QUERIES)
    Product.objects.filter(pk=product.pk).update(name="Quất Tết sai quả")  # an edit we could not hear of
    pages.client = lambda: UNREACHABLE_REDIS
    next_generation_check(clock)

    assert "Quất Tết sai quả" in page_of(client, product, django_assert_num_queries, MISS_QUERIES)
    assert pages.local == {}
    assert "Quất Tết sai quả" in page_of(client, product, django_assert_num_queries, MISS_QUERIES)


def test_headers_built_once_per_entry_match_each_status(client, product):
    deactivated = services.set_product_active(ProductFactory(producer=product.producer), False)
    for _ in range(2):  # built on the first request, reused from memory on the second
        ok, gone, missing = client.get(url(product)), client.get(url(deactivated)), client.get("/p/ZZZZ9999/")
        assert (ok.status_code, gone.status_code, missing.status_code) == (200, 410, 404)
        assert ok["Cache-Control"] == "public, max-age=120" and ok["ETag"] and ok["Last-Modified"]
        for response in (gone, missing):
            assert response["Cache-Control"] == "public, max-age=60" and not response.has_header("ETag")
        for response in (ok, gone, missing):
            assert response["Content-Type"] == "text/html; charset=utf-8" and response["Content-Language"] == "vi"
            assert response["Vary"] == "Cookie, Accept-Language"
