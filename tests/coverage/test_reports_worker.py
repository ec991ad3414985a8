"""End to end with a real Celery worker process (`celery -A outreach worker`) and the real Redis
broker: the request page queues the report, the worker builds it, the status endpoint says done,
and the download is the XLSX with the figures."""

import io
import time

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from coverage.models import Report
from tests.coverage.factories import households_in, visit
from tests.coverage.worker import celery_worker
from tests.factories import ProvinceAdminFactory

NGO_DONG = "14149"
WAIT_S = 180  # a cold worker on a busy two-core machine


@pytest.fixture
def worker(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    with celery_worker(settings.MEDIA_ROOT, tmp_path / "worker.log") as process:
        yield process


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_builds_the_report_end_to_end(client, nam_dinh, unit, worker, tmp_path):
    first, _second = households_in(unit(NGO_DONG), 2)
    visit(first, reached=True)
    client.force_login(ProvinceAdminFactory(unit=nam_dinh))

    response = client.post(
        reverse("coverage_reports:list"),
        {"scope": "36", "kind": "xlsx", "period_kind": "week", "day": timezone.localdate().isoformat()},
    )
    report = Report.objects.get()
    status_url = reverse("coverage_reports:status", args=[report.pk])
    deadline, state = time.monotonic() + WAIT_S, {}
    while time.monotonic() < deadline and worker.poll() is None:
        state = client.get(status_url).json()
        if state["status"] in ("done", "failed"):
            break
        time.sleep(0.5)

    assert response.status_code == 302
    assert state.get("status") == "done", (state, (tmp_path / "worker.log").read_text()[-3000:])
    download = client.get(state["download_url"])
    workbook = load_workbook(io.BytesIO(b"".join(download.streaming_content)), read_only=True)
    rows = {row[0]: row for row in workbook["Huyện Giao Thủy"].iter_rows(values_only=True)}
    header = rows["gso_code"]
    assert rows[NGO_DONG][header.index("households_registered")] == 2
    assert rows[NGO_DONG][header.index("households_reached")] == 1
