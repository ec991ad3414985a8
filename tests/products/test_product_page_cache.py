"""The product page's per-process cache (L1) in front of Redis: coherence, expiry, bounds, Redis outages."""

import time
import types

import pytest
import redis
from django.db import connection
from django.test.utils import CaptureQueriesContext

from products import page_cache, services
from products.models import Product
from products.page_render import render_page_entry
from tests.products.factories import ProducerFactory, ProductFactory
from tests.products.test_product_page import MISS_QUERIES

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clean_cache")]


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


def redis_page_keys() -> list[bytes]:
    return list(page_cache._client().scan_iter(f"*:products:page:v{page_cache.VERSION}:*"))


def next_generation_check(monkeypatch) -> None:
    """As if GENERATION_CHECK_SECONDS had passed since this process last read the generation."""
    monkeypatch.setattr(page_cache, "_checked_at", page_cache._checked_at - page_cache.GENERATION_CHECK_SECONDS)


def test_a_repeated_request_is_answered_from_the_process_memory_without_redis(
    client, product, django_assert_num_queries, monkeypatch
):
    page_of(client, product, django_assert_num_queries, MISS_QUERIES)
    assert (product.code, "vi") in page_cache._local
    reads = []
    monkeypatch.setattr(page_cache, "_read", lambda code, language: reads.append(code))
    assert "Quất cảnh chậu" in page_of(client, product, django_assert_num_queries, 0)
    assert reads == []


def test_an_edit_through_the_staff_service_shows_at_once_in_this_process(client, product, django_assert_num_queries):
    page_of(client, product, django_assert_num_queries, MISS_QUERIES)
    product.name = "Quất Tết sai quả"
    services.save_product(product)
    assert "Quất Tết sai quả" in page_of(client, product, django_assert_num_queries, MISS_QUERIES)


def test_an_edit_in_another_process_reaches_this_one_through_the_generation(
    client, product, django_assert_num_queries, monkeypatch
):
    page_of(client, product, django_assert_num_queries, MISS_QUERIES)
    # Another process edits the product and forgets its pages: Redis keys gone, generation moved on.
    Product.objects.filter(pk=product.pk).update(name="Quất Tết sai quả")  # no signal: our L1 is untouched
    page_cache._client().delete(*redis_page_keys())
    page_cache._client().incr(page_cache.generation_key())

    assert "Quất cảnh chậu" in page_of(client, product, django_assert_num_queries, 0)  # inside the 0.5 s
    next_generation_check(monkeypatch)
    assert "Quất Tết sai quả" in page_of(client, product, django_assert_num_queries, MISS_QUERIES)
    assert "Quất Tết sai quả" in page_of(client, product, django_assert_num_queries, 0)


def test_an_unchanged_generation_keeps_the_local_pages(client, product, django_assert_num_queries, monkeypatch):
    page_of(client, product, django_assert_num_queries, MISS_QUERIES)
    next_generation_check(monkeypatch)
    page_of(client, product, django_assert_num_queries, 0)
    assert (product.code, "vi") in page_cache._local


def test_a_404_is_kept_in_memory_no_longer_than_its_short_lifetime(client, db, monkeypatch):
    with CaptureQueriesContext(connection) as first:
        assert client.get("/p/ZZZZ9999/").status_code == 404
    expires_at, _entry = page_cache._local[("ZZZZ9999", "vi")]
    assert expires_at <= time.time() + 60
    with CaptureQueriesContext(connection) as cached:
        assert client.get("/p/ZZZZ9999/").status_code == 404
    assert len(first) > 0 and len(cached) == 0

    later = types.SimpleNamespace(monotonic=time.monotonic, time=lambda: time.time() + 61)
    monkeypatch.setattr(page_cache, "time", later)
    with CaptureQueriesContext(connection) as expired:
        assert client.get("/p/ZZZZ9999/").status_code == 404
    assert len(expired) == len(first)  # rendered again, although the key may still linger in Redis


def test_the_memory_holds_a_bounded_number_of_pages_dropping_the_oldest(client, db, monkeypatch):
    monkeypatch.setattr(page_cache, "LOCAL_MAX_ENTRIES", 2)
    for code in ("ZZZZ0001", "ZZZZ0002", "ZZZZ0003"):
        client.get(f"/p/{code}/")
    assert list(page_cache._local) == [("ZZZZ0002", "vi"), ("ZZZZ0003", "vi")]


def test_a_page_rendered_across_an_edit_is_not_kept_in_memory(product):
    def render_while_an_edit_lands():
        entry = render_page_entry(product.code, "vi")
        page_cache.forget([product.code])  # the edit commits after the old rows were read
        return entry

    page_cache.get_or_render(product.code, "vi", render_while_an_edit_lands, lambda entry: 3600)
    assert (product.code, "vi") not in page_cache._local


def test_with_redis_down_the_page_comes_from_the_database_not_from_a_stale_memory(
    client, product, django_assert_num_queries, monkeypatch
):
    page_of(client, product, django_assert_num_queries, MISS_QUERIES)
    Product.objects.filter(pk=product.pk).update(name="Quất Tết sai quả")  # an edit we could not hear of
    dead = redis.Redis(host="127.0.0.1", port=1, socket_connect_timeout=0.2, retry=None)
    monkeypatch.setattr(page_cache, "_client", lambda: dead)
    next_generation_check(monkeypatch)

    assert "Quất Tết sai quả" in page_of(client, product, django_assert_num_queries, MISS_QUERIES)
    assert page_cache._local == {}
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
