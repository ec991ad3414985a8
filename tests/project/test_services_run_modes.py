"""`make run` is the product (DEBUG off, gunicorn, a local random key); `make dev` is developer mode."""

import stat

import pytest

from core.secret_key import secret_key_problem
from scripts import services


@pytest.fixture
def var_dir(tmp_path, monkeypatch):
    monkeypatch.setattr(services, "VAR", tmp_path)
    return tmp_path


def test_the_local_key_is_random_long_private_and_kept(var_dir):
    first = services.local_secret_key()
    assert services.local_secret_key() == first
    assert stat.S_IMODE((var_dir / "secret_key").stat().st_mode) == 0o600
    assert secret_key_problem(first, services.BASE_DIR) is None  # long enough and nowhere in the repository


def test_the_product_environment_is_plain_http_localhost_with_the_local_key(var_dir):
    env = services.product_environment({})
    assert env["OUTREACH_LOCAL_HTTP"] == "1"
    assert env["DJANGO_ALLOWED_HOSTS"] == "127.0.0.1,localhost"
    assert env["DJANGO_SECRET_KEY"] == (var_dir / "secret_key").read_text()


def test_developer_mode_uses_runserver_and_the_product_gunicorn(var_dir, monkeypatch):
    collected = []
    monkeypatch.setattr(services, "manage", lambda env, *args: collected.append(args))
    assert services.web_server({}, "127.0.0.1:8000", debug=True)[1:3] == ["manage.py", "runserver"]
    assert collected == []
    product = services.web_server({}, "127.0.0.1:8000", debug=False)
    assert product[0].endswith("gunicorn") and "outreach.wsgi" in product
    assert collected == [("collectstatic", "--noinput", "-v0")]
