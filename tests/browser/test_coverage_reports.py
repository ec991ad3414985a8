"""A district officer opens coverage, asks for the district's report, watches the progress bar while
a real Celery worker builds it, and downloads the PDF — on a desktop and a phone."""

from django.conf import settings

from tests.browser.conftest import log_in
from tests.coverage.factories import households_in, visit
from tests.coverage.worker import celery_worker
from tests.factories import PASSWORD, DistrictOfficerFactory
from units.models import AdministrativeUnit

SHOTS = settings.BASE_DIR / "var" / "screenshots" / "coverage"
BUILD_TIMEOUT_MS = 180_000  # a cold worker on a busy two-core machine


def _request_watch_and_download(page, tmp_path, name: str, django_settings) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    district = AdministrativeUnit.objects.get(code="365")
    for household in households_in(district.children.order_by("code").first(), 3):
        visit(household, reached=True)
    DistrictOfficerFactory(username="district_officer", unit=district)
    django_settings.MEDIA_ROOT = tmp_path / "media"

    log_in(page, "district_officer", PASSWORD)
    page.goto("/coverage/")
    page.get_by_test_id("reports-link").click()
    page.wait_for_url("**/coverage/reports/")
    page.select_option("#id_kind", "pdf")
    page.get_by_test_id("request-report").click()
    row = page.get_by_test_id("report-row").first
    bar = row.locator("[role=progressbar]")
    assert bar.is_visible()  # queued: no worker yet
    assert row.get_by_test_id("report-download").is_hidden()
    page.screenshot(path=SHOTS / f"{name}-report-queued.png", full_page=True)

    with celery_worker(django_settings.MEDIA_ROOT, tmp_path / "worker.log"):
        row.get_by_test_id("report-download").wait_for(state="visible", timeout=BUILD_TIMEOUT_MS)
    assert bar.is_hidden()
    page.screenshot(path=SHOTS / f"{name}-report-done.png", full_page=True)
    with page.expect_download() as download_info:
        row.get_by_test_id("report-download").click()
    download = download_info.value
    assert download.suggested_filename.startswith("coverage-365-") and download.suggested_filename.endswith(".pdf")
    assert download.path().read_bytes()[:4] == b"%PDF"


def test_district_officer_requests_a_report_watches_it_build_and_downloads_it(page, units_imported, tmp_path, settings):
    page.set_viewport_size({"width": 1280, "height": 900})
    _request_watch_and_download(page, tmp_path, "desktop", settings)


def test_the_same_on_a_phone(phone_page, units_imported, tmp_path, settings):
    _request_watch_and_download(phone_page, tmp_path, "phone", settings)
