import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.db import connection

from core.heartbeat import INTERVAL_SECONDS, WorkerHeartbeat, heartbeat
from core.redis import redis_client
from core.tasks import record_worker_heartbeat
from outreach.celery import app as celery_app


@pytest.fixture(autouse=True)
def no_heartbeat():
    """Each test starts with workers that never beat."""
    redis_client().delete(heartbeat.key)
    yield
    redis_client().delete(heartbeat.key)


@pytest.mark.django_db
def test_healthz_reports_database_and_redis_up_and_celery_down_without_a_heartbeat(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"db": "ok", "redis": "ok", "celery": "down"}


@pytest.mark.django_db
def test_healthz_reports_celery_ok_after_a_recent_heartbeat(client):
    heartbeat.record()
    assert client.get("/healthz").json() == {"db": "ok", "redis": "ok", "celery": "ok"}


@pytest.mark.django_db
def test_healthz_reports_celery_down_when_the_heartbeat_is_two_intervals_old(client):
    WorkerHeartbeat(clock=lambda: time.time() - 2 * INTERVAL_SECONDS - 1).record()
    assert client.get("/healthz").json()["celery"] == "down"


@pytest.mark.django_db(transaction=True)
def test_healthz_reports_celery_ok_once_a_real_worker_ran_the_heartbeat_task(client):
    with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        record_worker_heartbeat.delay()
        deadline = time.monotonic() + 10
        while not heartbeat.is_alive() and time.monotonic() < deadline:
            time.sleep(0.05)
        body = client.get("/healthz").json()
    assert body == {"db": "ok", "redis": "ok", "celery": "ok"}


@pytest.mark.django_db
def test_healthz_reports_redis_down(client, settings):
    heartbeat.record()  # in the real Redis; the portal now looks for it in one that does not answer
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    started = time.monotonic()
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"db": "ok", "redis": "down", "celery": "down"}
    assert time.monotonic() - started < 3  # refused connections, no broadcast ping to wait for


@pytest.mark.django_db(transaction=True)
def test_healthz_is_503_when_database_does_not_answer(client):
    saved = dict(connection.settings_dict)
    connection.close()
    # A port where nothing listens: the real driver fails to connect.
    connection.settings_dict.update(HOST="127.0.0.1", PORT="1")
    try:
        response = client.get("/healthz")
    finally:
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(saved)
    assert response.status_code == 503
    assert response.json()["db"] == "down"


@pytest.mark.django_db
def test_a_worker_that_starts_counts_as_alive_before_beats_first_heartbeat(client):
    from celery.signals import worker_ready

    worker_ready.send(sender=None)
    assert client.get("/healthz").json()["celery"] == "ok"
