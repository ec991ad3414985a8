import io

import pytest
from django.core.management import call_command

from units.models import AdministrativeUnit


def _import_default_units() -> None:
    if not AdministrativeUnit.objects.filter(code="36").exists():
        call_command("import_units", stdout=io.StringIO())


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The real 226 communes of Nam Định are loaded once for the whole session."""
    with django_db_blocker.unblock():
        _import_default_units()


@pytest.fixture
def units_imported(db) -> None:
    """Re-imports after a transactional test (live server) has flushed the tables."""
    _import_default_units()


@pytest.fixture
def nam_dinh(units_imported) -> AdministrativeUnit:
    return AdministrativeUnit.objects.get(code="36")


@pytest.fixture
def unit(units_imported):
    """Look up one of the imported units by GSO code: unit("13696") is Xã Nam Phong."""

    def get(code: str) -> AdministrativeUnit:
        return AdministrativeUnit.objects.get(code=code)

    return get


@pytest.fixture
def media_and_cache(settings, tmp_path):
    """Uploads go to a temporary MEDIA_ROOT, and cached pages of earlier tests are gone."""
    from django.core.cache import cache

    settings.MEDIA_ROOT = tmp_path
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def fresh_process_memory():
    """What a process keeps in memory between requests does not leak from one test into the next:
    the product pages' L1 cache is emptied and scans buffered by an earlier test are sent on now."""
    from products import page_cache
    from scans import services

    services.flush_buffered_scans()
    page_cache.clear_local()


def _forget_redis_connections() -> None:
    from core import outbox
    from outreach.celery import app as celery_app
    from scans import services as scans_services

    scans_services._client = None  # core.redis keeps one client per URL; scans keeps its own reference
    if celery_app._pool is not None:
        celery_app._pool.force_close_all()
    celery_app._pool = None
    celery_app.amqp._producer_pool = None
    outbox._broker_down_until = 0.0


@pytest.fixture
def real_redis(settings, tmp_path):
    """The cache, the Celery broker and every direct Redis client of this process point at a
    redis-server of this test's own, which the test may stop and start again (an outage)."""
    from outreach.celery import app as celery_app
    from products import page_cache
    from tests.redis_server import RedisServer

    server = RedisServer(tmp_path)
    server.start()
    settings.REDIS_URL = server.url
    settings.CACHES = {"default": {**settings.CACHES["default"], "LOCATION": server.url}}
    broker_before = celery_app.conf.broker_url
    celery_app.conf.update(broker_url=server.url)
    _forget_redis_connections()
    yield server
    server.stop()
    celery_app.conf.update(broker_url=broker_before)
    _forget_redis_connections()
    page_cache.clear_local()
