"""End to end with a real Celery worker process (`celery -A outreach worker`) and the real Redis
broker: the request page queues the report, the worker builds it, the status endpoint says done,
and the download is the XLSX with the figures."""

import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from coverage.models import Report
from scale.database import url_of
from tests.coverage.factories import households_in, visit
from tests.factories import ProvinceAdminFactory

BASE_DIR = Path(__file__).resolve().parents[2]
NGO_DONG = "14149"
WAIT_S = 180  # a cold worker on a busy two-core machine


@pytest.fixture
def worker(tmp_path, settings):
    """A worker on the test database, writing files where this process reads them."""
    settings.MEDIA_ROOT = tmp_path / "media"
    env = dict(
        os.environ,
        DATABASE_URL=url_of(connection.settings_dict),
        DJANGO_MEDIA_ROOT=str(settings.MEDIA_ROOT),
        CELERY_TASK_ALWAYS_EAGER="0",
    )
    log = (tmp_path / "worker.log").open("w")
    command = [sys.executable, "-m", "celery", "-A", "outreach", "worker", "--pool", "solo", "--loglevel", "info"]
    command += [
        "--without-heartbeat",
        "--without-gossip",
        "--without-mingle",
        "--hostname",
        f"reports-test-{os.getpid()}@%h",
    ]
    process = subprocess.Popen(
        command, cwd=BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )  # noqa: S603
    yield process
    os.killpg(process.pid, signal.SIGTERM)  # our own session: the worker alone
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    log.close()


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
