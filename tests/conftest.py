import io
import shutil
import tempfile
from pathlib import Path

import kombu.pools
import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client

from units.models import AdministrativeUnit

NAM_PHONG, GIAO_HUONG, GIAO_THUY, NAM_DINH = "13696", "14155", "365", "36"


def pytest_configure(config):
    """A deliberately weak, fast password hasher: the real PBKDF2 costs ~0.3 s per login and per user
    a factory saves with a password. Set before test modules are imported (factories hash at import),
    which is why this module imports the factories inside its fixtures."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Private uploads (core.storage) of tests that do not ask for media_and_cache: never into var/.
    settings.PRIVATE_MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="outreach-private-"))


def _import_default_units() -> None:
    if not AdministrativeUnit.objects.filter(code=NAM_DINH).exists():
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
    return AdministrativeUnit.objects.get(code=NAM_DINH)


@pytest.fixture
def unit(units_imported):
    """Look up one of the imported units by GSO code: unit("13696") is Xã Nam Phong."""

    def get(code: str) -> AdministrativeUnit:
        return AdministrativeUnit.objects.get(code=code)

    return get


@pytest.fixture
def clean_cache():
    """This test run's Redis database (cache, page cache, login counters, scan counters) starts and ends empty."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def media_and_cache(settings, tmp_path, clean_cache):
    """Uploads go to a temporary MEDIA_ROOT (public) and PRIVATE_MEDIA_ROOT, side by side as in
    production, and cached pages of earlier tests are gone."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


@pytest.fixture
def scan_counter(clean_cache):
    """A fresh scan counter for this test (empty buffer, no remembered salt) over an emptied Redis database."""
    from scans import services

    injected = services.ScanCounter()
    previous = services.use(injected)
    yield injected
    injected.flush_buffered()  # stops its timer
    services.use(previous)


# ---------------------------------------------------------------- demo communes and one client per role


@pytest.fixture
def nam_phong(unit) -> AdministrativeUnit:
    """Xã Nam Phong, Thành phố Nam Định: the demo commune."""
    return unit(NAM_PHONG)


@pytest.fixture
def giao_huong(unit) -> AdministrativeUnit:
    """Xã Giao Hương, Huyện Giao Thủy: another district's commune."""
    return unit(GIAO_HUONG)


@pytest.fixture
def giao_thuy(unit) -> AdministrativeUnit:
    """Huyện Giao Thủy, the district of Giao Hương (not of Nam Phong)."""
    return unit(GIAO_THUY)


@pytest.fixture
def officer(nam_phong):
    from tests.factories import CommuneOfficerFactory

    return CommuneOfficerFactory(unit=nam_phong)


@pytest.fixture
def volunteer(nam_phong):
    from tests.factories import VolunteerFactory

    return VolunteerFactory(unit=nam_phong)


@pytest.fixture
def district_officer(giao_thuy):
    from tests.factories import DistrictOfficerFactory

    return DistrictOfficerFactory(unit=giao_thuy)


@pytest.fixture
def province_admin(nam_dinh):
    from tests.factories import ProvinceAdminFactory

    return ProvinceAdminFactory(unit=nam_dinh)


def _logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def officer_client(officer) -> Client:
    """Nam Phong's commune officer, logged in (its own Client: a test may hold several roles at once)."""
    return _logged_in(officer)


@pytest.fixture
def volunteer_client(volunteer) -> Client:
    return _logged_in(volunteer)


@pytest.fixture
def district_client(district_officer) -> Client:
    """Giao Thủy's district officer: Giao Hương is theirs, Nam Phong is not."""
    return _logged_in(district_officer)


@pytest.fixture
def province_client(province_admin) -> Client:
    return _logged_in(province_admin)


@pytest.fixture(autouse=True)
def fresh_process_memory():
    """What a process keeps in memory between requests does not leak from one test into the next:
    the product pages' and certificates' L1 caches are emptied, and scans and verifications buffered
    by an earlier test are sent on now (into the Redis database clean_cache empties)."""
    from products import page_cache
    from scans import services
    from training import verification

    services.flush_buffered_scans()
    page_cache.clear_local()
    verification.visits.flush()
    verification.certificates.clear_local()


@pytest.fixture(autouse=True)
def fresh_coverage_figures():
    """Dashboard figures remembered by an earlier test (coverage.figures_cache, keyed by units and period,
    which tests share) are counted again."""
    from coverage import figures_cache

    figures_cache.forget()


def _forget_redis_connections() -> None:
    from core import outbox
    from outreach.celery import app as celery_app

    # kombu keeps its connection and producer pools in a global registry keyed by broker URL: closing
    # one pool without clearing that registry would hand a closed pool to the next test on that URL.
    kombu.pools.reset()
    celery_app._pool = None
    celery_app.amqp._producer_pool = None
    outbox._broker_down_until = 0.0


@pytest.fixture
def real_redis(settings, tmp_path):
    """The cache, the Celery broker and every direct Redis client of this process point at a
    redis-server of this test's own, which the test may stop and start again (an outage)."""
    from outreach.celery import app as celery_app
    from products import page_cache
    from scans import services as scans_services
    from tests.redis_server import RedisServer
    from training import verification

    server = RedisServer(tmp_path)
    server.start()
    settings.REDIS_URL = server.url
    settings.CACHES = {"default": {**settings.CACHES["default"], "LOCATION": server.url}}
    broker_before = celery_app.conf.broker_url
    celery_app.conf.update(broker_url=server.url)
    _forget_redis_connections()
    # A scan counter of its own: its salt memo and count script belong to this server.
    previous_counter = scans_services.use(scans_services.ScanCounter())
    yield server
    server.stop()
    scans_services.use(previous_counter)
    celery_app.conf.update(broker_url=broker_before)
    _forget_redis_connections()
    page_cache.clear_local()
    verification.certificates.clear_local()


@pytest.fixture
def eager_celery():
    """Tasks run in the caller's thread (countdowns ignored), as a worker would run them."""
    from outreach.celery import app

    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = False


def pytest_unconfigure(config):
    shutil.rmtree(settings.PRIVATE_MEDIA_ROOT, ignore_errors=True)
