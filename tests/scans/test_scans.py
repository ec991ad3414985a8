"""Scan analytics: what counts as a view, flushing to ScanDay, privacy, and the staff dashboard."""

import datetime
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
import redis
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_celery_beat.models import PeriodicTask

from core.schedules import ensure_schedules
from scans import demo, services, tasks
from scans.models import ScanDay
from tests.factories import (
    CommuneOfficerFactory,
    DistrictOfficerFactory,
    ProvinceAdminFactory,
    UserFactory,
    VolunteerFactory,
)
from tests.products.factories import ProducerFactory, ProductFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("scan_counter")]

PHONE = (
    "Mozilla/5.0 (Linux; Android 13; SM-A145F) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120 Mobile Safari/537.36"
)
ZALO_IN_APP = PHONE + " Zalo android/12100489 ZaloTheme/light ZaloLanguage/vn"


class FailingOn:
    """The real Redis client, except that one command fails as if Redis went away at that moment."""

    def __init__(self, real: redis.Redis, command: str):
        self.real, self.command = real, command

    def __getattr__(self, name):
        if name == self.command:
            raise redis.ConnectionError("Redis went away")
        return getattr(self.real, name)


@pytest.fixture
def product(unit):
    return ProductFactory(producer=ProducerFactory(commune=unit("13696")))


def scan(client, product, ip="198.51.100.1", agent=PHONE, method="get"):
    response = getattr(client, method)(f"/p/{product.code}/", REMOTE_ADDR=ip, HTTP_USER_AGENT=agent)
    assert response.status_code == 200
    return response


def counts(product) -> tuple[int, int]:
    services.flush_buffered_scans()  # this process's buffer to Redis, then Redis to the database
    services.flush_scan_counters()
    row = ScanDay.objects.filter(product=product, day=services.scan_day()).first()
    return (row.views, row.unique_visitors) if row else (0, 0)


def test_a_page_view_counts_once_for_today(client, product):
    scan(client, product)
    assert counts(product) == (1, 1)


def test_the_upper_case_url_printed_in_the_qr_counts_too(client, product):
    client.get(f"/P/{product.code}/", REMOTE_ADDR="198.51.100.1", HTTP_USER_AGENT=PHONE)
    assert counts(product) == (1, 1)


def test_reloads_inside_the_window_are_not_counted(client, product):
    for _ in range(5):
        scan(client, product)
    assert counts(product) == (1, 1)


def test_a_reload_in_a_later_buffer_or_another_process_is_not_counted_again(client, product):
    scan(client, product)
    services.flush_buffered_scans()
    scan(client, product)
    assert services.flush_buffered_scans() == 0
    assert counts(product) == (1, 1)


def test_a_visitor_back_after_the_window_is_a_view_but_not_a_new_visitor(client, product):
    scan(client, product)
    services.flush_buffered_scans()
    client_redis = services.redis_client()
    for key in client_redis.scan_iter(f"{services.PREFIX}seen:*"):  # the reload window has passed
        client_redis.delete(key)
    scan(client, product)
    assert counts(product) == (2, 1)


def test_different_visitors_are_each_counted_and_unique(client, product):
    scan(client, product, ip="198.51.100.1")
    scan(client, product, ip="198.51.100.2")
    scan(client, product, ip="198.51.100.2", agent=PHONE.replace("13", "14"))  # same Wi-Fi, another phone
    assert counts(product) == (3, 3)


def test_behind_a_trusted_proxy_visitors_are_told_apart_by_the_address_it_saw(client, product, settings):
    settings.SCANS_TRUSTED_PROXIES = 1
    for forwarded in ("198.51.100.1", "10.9.9.9, 198.51.100.1", "198.51.100.2"):  # the 2nd spoofs a 1st hop
        client.get(f"/p/{product.code}/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded, HTTP_USER_AGENT=PHONE)
    assert counts(product) == (2, 2)


def test_the_same_visitor_on_two_products_counts_on_each(client, product):
    other = ProductFactory(producer=product.producer)
    scan(client, product)
    scan(client, other)
    assert counts(product) == (1, 1)
    assert counts(other) == (1, 1)


def test_head_requests_are_not_counted(client, product):
    scan(client, product, method="head")
    assert counts(product) == (0, 0)


@pytest.mark.parametrize(
    "agent",
    [
        "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
        "Zalo",
        "Mozilla/5.0 (compatible; Zalo-Bot/1.0)",
        "Twitterbot/1.0",
        "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)",
        "TelegramBot (like TwitterBot)",
        "WhatsApp/2.23.20.0 A",
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
        "SomeCrawler/3.1",
        "AcmeSpider",
        "LinkPreviewer 1.0",
        "curl/8.5.0",
        "python-requests/2.32",
        "",
    ],
)
def test_link_previews_bots_and_scripts_are_not_counted(client, product, agent):
    scan(client, product, agent=agent)
    assert counts(product) == (0, 0)


def test_zalo_in_app_browser_is_a_person_and_counts(client, product):
    scan(client, product, agent=ZALO_IN_APP)
    assert counts(product) == (1, 1)


def test_browser_prefetch_is_not_counted(client, product):
    client.get(f"/p/{product.code}/", HTTP_USER_AGENT=PHONE, HTTP_SEC_PURPOSE="prefetch")
    assert counts(product) == (0, 0)


def test_counting_a_view_costs_no_sql(client, product, django_assert_num_queries):
    scan(client, product, ip="198.51.100.1")  # warms the page cache
    with django_assert_num_queries(0):
        scan(client, product, ip="198.51.100.9")
    assert counts(product) == (2, 2)


def dead_redis() -> redis.Redis:
    return redis.Redis(host="127.0.0.1", port=1, socket_connect_timeout=0.2, retry=None)


def test_page_still_answers_when_redis_is_down(client, product, scan_counter):
    scan(client, product)  # the page itself is cached now
    scan_counter.client = dead_redis
    scan(client, product, ip="198.51.100.50")


# --- the buffer of views in each process -------------------------------------------------------------


def pending_views() -> int:
    client_redis = services.redis_client()
    return sum(int(client_redis.get(key)) for key in client_redis.scan_iter(f"{services.PREFIX}views:*"))


def test_views_below_the_buffer_size_wait_in_memory_until_the_timer_sends_them(client, product, settings, scan_counter):
    settings.SCANS_BUFFER_SECONDS = 0.3
    scan(client, product, ip="198.51.100.1")
    scan(client, product, ip="198.51.100.2")
    timer = scan_counter.buffer_timer
    assert pending_views() == 0 and len(scan_counter.buffer) == 2
    timer.join(timeout=3)
    assert not timer.is_alive()
    assert pending_views() == 2 and scan_counter.buffer == []
    assert counts(product) == (2, 2)


def test_a_full_buffer_goes_to_redis_at_once(client, product, settings, scan_counter):
    settings.SCANS_BUFFER_SIZE = 3
    for n in range(3):
        scan(client, product, ip=f"198.51.100.{n}")
    assert pending_views() == 3
    assert scan_counter.buffer == [] and scan_counter.buffer_timer is None


def test_the_same_visitor_twice_in_one_buffer_counts_once(client, product, scan_counter):
    scan(client, product)
    scan(client, product)
    assert len(scan_counter.buffer) == 2
    assert services.flush_buffered_scans() == 1
    assert counts(product) == (1, 1)


def test_views_still_buffered_when_a_process_exits_are_sent_on_its_way_out():
    child = (
        "import django; django.setup()\n"
        "from scans import services\n"
        "services.counter.buffer_view(('0' * 32, 424242, services.scan_day().strftime('%Y%m%d')))\n"
        "assert services.counter.buffer\n"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "outreach.settings"}
    subprocess.run(
        [sys.executable, "-c", child], cwd=Path(__file__).resolve().parents[2], env=env, check=True, timeout=60
    )
    member = f"{services.scan_day():%Y%m%d}:424242"
    assert services.redis_client().get(f"{services.PREFIX}views:{member}") == b"1"


def test_redis_down_during_a_flush_loses_the_buffer_with_a_warning_and_no_error(client, product, scan_counter, caplog):
    ip = "203.0.113.77"
    scan(client, product, ip=ip)  # the day's salt is in memory now
    scan_counter.client = dead_redis
    scan(client, product, ip="203.0.113.78")
    assert services.flush_buffered_scans() == 0
    assert "2 product page views were not counted" in caplog.text
    assert ip not in caplog.text and "SM-A145F" not in caplog.text
    assert scan_counter.buffer == []


def test_redis_down_when_a_full_buffer_is_sent_does_not_break_the_page(client, product, scan_counter, settings):
    settings.SCANS_BUFFER_SIZE = 1
    scan(client, product)
    scan_counter.client = dead_redis
    scan(client, product, ip="198.51.100.60")  # sent (and lost) inside the request: still a 200


def test_flush_is_idempotent(client, product):
    scan(client, product)
    scan(client, product, ip="198.51.100.2")
    services.flush_buffered_scans()
    assert tasks.flush_scan_counters() == 1
    assert tasks.flush_scan_counters() == 0
    row = ScanDay.objects.get(product=product)
    assert (row.views, row.unique_visitors) == (2, 2)


def test_views_after_a_flush_add_up(client, product):
    scan(client, product, ip="198.51.100.1")
    services.flush_buffered_scans()
    services.flush_scan_counters()
    scan(client, product, ip="198.51.100.2")
    scan(client, product, ip="198.51.100.1")  # still inside the window: not counted
    assert counts(product) == (2, 2)
    assert ScanDay.objects.count() == 1


def test_a_flush_that_failed_before_its_commit_loses_nothing(client, product, scan_counter):
    scan(client, product, ip="198.51.100.1")
    services.flush_buffered_scans()
    real_client = scan_counter.client
    failing = FailingOn(real_client(), "hgetall")
    scan_counter.client = lambda: failing  # the batch is made, then reading it fails
    with pytest.raises(redis.ConnectionError):
        services.flush_scan_counters()
    scan_counter.client = real_client
    scan(client, product, ip="198.51.100.2")  # counted while the failed batch waits
    assert counts(product) == (1, 1)  # the retried batch
    assert counts(product) == (2, 2)  # then the view counted meanwhile


def test_a_flush_that_failed_after_its_commit_does_not_double_count(client, product, scan_counter):
    scan(client, product)
    services.flush_buffered_scans()
    real_client = scan_counter.client
    failing = FailingOn(real_client(), "delete")
    scan_counter.client = lambda: failing  # rows committed, then deleting the batch fails
    with pytest.raises(redis.ConnectionError):
        services.flush_scan_counters()
    scan_counter.client = real_client
    assert counts(product) == (1, 1)
    assert counts(product) == (1, 1)


def test_scans_of_a_deleted_product_are_dropped_at_flush(client, product):
    other = ProductFactory(producer=product.producer)
    scan(client, product)
    scan(client, other)
    services.flush_buffered_scans()
    other.delete()
    assert services.flush_scan_counters() == 1
    assert list(ScanDay.objects.values_list("product_id", flat=True)) == [product.pk]


def test_no_ip_address_or_user_agent_is_stored_anywhere(client, product, caplog, scan_counter):
    ip, agent = "203.0.113.7", PHONE + " QuetMaTest/7.7.7-f00d"
    scan(client, product, ip=ip, agent=agent)
    scan(client, product, ip=ip, agent=agent)
    services.flush_buffered_scans()
    services.flush_scan_counters()
    scan(client, product, ip=ip, agent=agent + " again")
    needles = [ip.encode(), b"QuetMaTest", b"f00d", b"SM-A145F", agent.encode()]

    assert scan_counter.buffer  # the view waiting in this process's memory
    assert not [n for n in needles if n in repr(scan_counter.buffer).encode()]
    services.flush_buffered_scans()  # leave pending counters in Redis as well

    for row in ScanDay.objects.values():
        text = repr(row).encode()
        assert not [n for n in needles if n in text]

    client_redis = services.redis_client()
    keys = list(client_redis.scan_iter("*"))
    assert keys  # the counters and the salt are there
    for key in keys:
        kind = client_redis.type(key)
        if kind == b"string":
            values = [client_redis.get(key)]
        elif kind == b"set":
            values = list(client_redis.smembers(key))
        elif kind == b"hash":
            values = [b"%s=%s" % pair for pair in client_redis.hgetall(key).items()]
        else:
            values = []
        for blob in [key, *values]:
            assert not [n for n in needles if n in blob], key
    assert ip not in caplog.text and "QuetMaTest" not in caplog.text


def test_the_daily_salt_expires_when_the_day_ends(client, product):
    scan(client, product)
    client_redis = services.redis_client()
    [salt_key] = client_redis.keys(f"{services.PREFIX}salt:*")
    assert salt_key.decode().endswith(services.scan_day().strftime("%Y%m%d"))
    assert 0 < client_redis.ttl(salt_key) <= 24 * 3600 + services.SALT_GRACE_SECONDS


def test_beat_flushes_every_five_minutes_and_the_schedule_is_ensured_once():
    ensure_schedules()  # what post_migrate runs; a test flush may have emptied the table since
    ensure_schedules()
    [task] = PeriodicTask.objects.filter(task="scans.tasks.flush_scan_counters")
    assert task.enabled
    assert (task.interval.every, task.interval.period) == (5, "minutes")


# --- dashboard ---------------------------------------------------------------------------------------


def add_scan_days(product, days: int, views: int = 10) -> None:
    today = services.scan_day()
    ScanDay.objects.bulk_create(
        ScanDay(product=product, day=today - datetime.timedelta(days=d), views=views, unique_visitors=views // 2)
        for d in range(days)
    )


def test_dashboard_shows_the_officers_commune_only(client, unit):
    mine = ProductFactory(producer=ProducerFactory(commune=unit("13696")))
    theirs = ProductFactory(producer=ProducerFactory(commune=unit("14155")))
    add_scan_days(mine, 3, views=10)
    add_scan_days(theirs, 3, views=7)
    client.force_login(CommuneOfficerFactory(unit=unit("13696")))
    response = client.get("/scans/")
    assert response.status_code == 200
    assert response.context["total_views"] == 30
    assert [row["code"] for row in response.context["by_product"]] == [mine.code]
    assert [row["code"] for row in response.context["by_commune"]] == ["13696"]
    assert b'data-testid="scan-chart"' in response.content
    assert len(response.context["chart"].views) == 30


def test_dashboard_narrows_to_a_commune_or_product_in_scope_and_404s_outside(client, unit):
    in_district = ProductFactory(producer=ProducerFactory(commune=unit("14155")))
    other_in_district = ProductFactory(producer=ProducerFactory(commune=unit("14161")))
    outside = ProductFactory(producer=ProducerFactory(commune=unit("13696")))
    for p in (in_district, other_in_district, outside):
        add_scan_days(p, 2)
    client.force_login(DistrictOfficerFactory(unit=unit("365")))
    assert client.get("/scans/").context["total_views"] == 40
    assert client.get("/scans/", {"commune": "14155"}).context["total_views"] == 20
    assert client.get("/scans/", {"product": other_in_district.code.lower(), "days": "7"}).context["total_views"] == 20
    assert client.get("/scans/", {"commune": "13696"}).status_code == 404
    assert client.get("/scans/", {"product": outside.code}).status_code == 404
    assert client.get("/scans/", {"product": "ZZZZ2345"}).status_code == 404


@pytest.mark.parametrize("query", [{"days": "abc"}, {"days": "-1"}, {"days": "100000"}, {"commune": "x" * 500}])
def test_dashboard_ignores_or_rejects_bad_parameters_without_error(client, unit, query):
    client.force_login(CommuneOfficerFactory(unit=unit("13696")))
    assert client.get("/scans/", query).status_code in (200, 404)


def test_dashboard_period_limits_the_days(client, unit):
    product = ProductFactory(producer=ProducerFactory(commune=unit("13696")))
    add_scan_days(product, 40)
    client.force_login(CommuneOfficerFactory(unit=unit("13696")))
    assert client.get("/scans/", {"days": "7"}).context["total_views"] == 70
    assert client.get("/scans/").context["total_views"] == 300
    assert client.get("/scans/", {"days": "90"}).context["total_views"] == 400


def test_dashboard_is_for_staff_only(client, unit):
    assert client.get("/scans/").status_code == 302
    client.force_login(VolunteerFactory(unit=unit("13696")))
    assert client.get("/scans/").status_code == 403
    client.force_login(UserFactory())
    assert client.get("/scans/").status_code == 403


def test_dashboard_query_count_does_not_grow_with_products_or_days(client, unit):
    client.force_login(DistrictOfficerFactory(unit=unit("365")))
    add_scan_days(ProductFactory(producer=ProducerFactory(commune=unit("14155"))), 2)
    client.get("/scans/")  # warm up session and content types
    with CaptureQueriesContext(connection) as few:
        client.get("/scans/", {"commune": "14155"})
    for code in ("14155", "14161"):
        producer = ProducerFactory(commune=unit(code))
        for _ in range(5):
            add_scan_days(ProductFactory(producer=producer), 30)
    with CaptureQueriesContext(connection) as many:
        client.get("/scans/", {"commune": "14155"})
    assert len(many) == len(few) <= 9  # (one is the bell's unread count)


def test_demo_history_is_seeded_once(product):
    demo.seed(scale="demo", stdout=io.StringIO())
    demo.seed(scale="demo", stdout=io.StringIO())
    assert ScanDay.objects.filter(product=product).count() == 30


@pytest.mark.parametrize("params", [{}, {"days": "90"}, {"product": "FIRST"}])
def test_province_dashboard_query_count_does_not_grow_with_communes_products_or_days(client, unit, params):
    client.force_login(ProvinceAdminFactory(unit=unit("36")))
    first = ProductFactory(producer=ProducerFactory(commune=unit("13696")))
    add_scan_days(first, 2)
    params = {key: first.code if value == "FIRST" else value for key, value in params.items()}
    client.get("/scans/")  # warm up session and content types
    with CaptureQueriesContext(connection) as few:
        assert client.get("/scans/", params).status_code == 200
    for code in ("14155", "14161", "13696", "14158"):
        producer = ProducerFactory(commune=unit(code))
        for _ in range(4):
            add_scan_days(ProductFactory(producer=producer), 60)
    with CaptureQueriesContext(connection) as many:
        response = client.get("/scans/", params)
    assert len(many) == len(few) <= 9  # (one is the bell's unread count)
    assert len(response.context["by_product"]) == (1 if "product" in params else 17)
