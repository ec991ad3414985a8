"""Settings come from the environment; a production configuration passes Django's deploy checks."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),  # a key written here would be published: refused
    "DJANGO_ALLOWED_HOSTS": "cds.namdinh.gov.vn",
    "DATABASE_URL": "postgres://outreach@db.internal:5432/outreach",
    "REDIS_URL": "redis://cache.internal:6379/0",
}


def manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL"))}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def serve_wsgi(**env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", "import outreach.wsgi"],
        cwd=BASE_DIR,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_without_a_secret_key_the_portal_refuses_to_serve_but_migrations_still_run():
    no_key = {**PRODUCTION, "DJANGO_SECRET_KEY": ""}
    deploy = manage("check", "--deploy", **no_key)
    assert deploy.returncode != 0 and "DJANGO_SECRET_KEY is not set" in deploy.stderr
    serve = serve_wsgi(**no_key)
    assert serve.returncode != 0 and "DJANGO_SECRET_KEY is not set" in serve.stderr
    assert manage("makemigrations", "--check", "--dry-run", **no_key).returncode == 0


@pytest.mark.parametrize(
    ("key", "message"),
    [
        (
            "insecure-dev-key-only-for-local-use-never-in-production",
            "published in the repository (outreach/settings.py)",
        ),
        ("x" * 40 + secrets.token_hex(4), "too weak"),
        ("django-insecure-" + secrets.token_urlsafe(50), "Django's insecure development key"),
        ("k8#Jx2-production-like-secret-key-with-enough-entropy-9fQ!zP4vR7tW", "published in the repository"),
    ],
)
def test_a_short_or_published_secret_key_fails_the_deploy_check_and_the_server_refuses_it(key, message):
    # The last key is written right here, so it is published: a key copied from a repository.
    deploy = manage("check", "--deploy", **{**PRODUCTION, "DJANGO_SECRET_KEY": key})
    assert deploy.returncode != 0 and message in deploy.stderr
    serve = serve_wsgi(**{**PRODUCTION, "DJANGO_SECRET_KEY": key})
    assert serve.returncode != 0 and message in serve.stderr


def test_a_random_key_lets_the_server_start():
    assert serve_wsgi(**PRODUCTION).returncode == 0


def test_the_local_http_switch_of_make_run_fails_the_deploy_check():
    deploy = manage("check", "--deploy", **{**PRODUCTION, "OUTREACH_LOCAL_HTTP": "1"})
    assert deploy.returncode != 0 and "OUTREACH_LOCAL_HTTP=1" in deploy.stderr


def test_production_settings_pass_deploy_checks():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ({"DJANGO_DEBUG": "maybe"}, "DJANGO_DEBUG='maybe' is not a yes/no value"),
        ({"DATABASE_URL": ""}, "DATABASE_URL is not set"),
        ({"DATABASE_URL": "mysql://root@127.0.0.1/outreach"}, "must point at PostgreSQL"),
        ({"REDIS_URL": "memcached://127.0.0.1"}, "REDIS_URL must start with"),
        ({"DJANGO_SECURE_HSTS_SECONDS": "a year"}, "is not a whole number"),
        ({"API_TOKEN_IDLE_DAYS": "0"}, "API_TOKEN_IDLE_DAYS and API_TOKEN_MAX_AGE_DAYS must be at least 1"),
        ({"API_TOKEN_MAX_AGE_DAYS": "forever"}, "API_TOKEN_MAX_AGE_DAYS='forever' is not a whole number"),
        (  # private files inside the folder served at /media/ would be public
            {"DJANGO_MEDIA_ROOT": "/srv/outreach/media", "DJANGO_PRIVATE_MEDIA_ROOT": "/srv/outreach/media/private"},
            "DJANGO_PRIVATE_MEDIA_ROOT must not be inside DJANGO_MEDIA_ROOT",
        ),
    ],
)
def test_bad_setting_stops_the_start_with_a_clear_message(override, message):
    result = manage("check", **{**PRODUCTION, **override})
    assert result.returncode != 0
    assert message in result.stderr


def test_env_example_documents_every_variable_the_settings_read():
    settings_source = (BASE_DIR / "outreach" / "settings.py").read_text()
    read = set(re.findall(r"\benv(?:\.\w+|_flag|_int|_float)\(\s*\"([A-Z][A-Z0-9_]+)\"", settings_source))
    documented = set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]+)=", (BASE_DIR / ".env.example").read_text(), re.M))
    assert {"DATABASE_URL", "REDIS_URL", "DJANGO_SECRET_KEY", "DJANGO_DEBUG", "EMAIL_URL"} <= read
    assert read - documented == set()


@pytest.mark.django_db
def test_connections_run_without_jit_compilation():
    """The dashboard's UNION statement spent more time in PostgreSQL's JIT compiler than running."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
