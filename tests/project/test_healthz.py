import pytest
from celery.contrib.testing.worker import start_worker
from django.db import connection

from outreach.celery import app as celery_app


@pytest.mark.django_db
def test_healthz_reports_database_and_redis_up(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["db"] == "ok"
    assert body["redis"] == "ok"
    assert body["celery"] in {"ok", "down"}


@pytest.mark.django_db(transaction=True)
def test_healthz_reports_celery_ok_when_a_real_worker_answers(client):
    with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        body = client.get("/healthz").json()
    assert body == {"db": "ok", "redis": "ok", "celery": "ok"}


@pytest.mark.django_db
def test_healthz_reports_celery_down_without_a_worker(client):
    assert client.get("/healthz").json()["celery"] == "down"


@pytest.mark.django_db
def test_healthz_reports_redis_down(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"db": "ok", "redis": "down", "celery": "down"}


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
