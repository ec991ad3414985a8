"""Failed logins are counted per username on every way in: the login page, the admin, the API token."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from accounts.throttle import LOGIN_FAILURES_ALLOWED
from tests.factories import PASSWORD, CommuneOfficerFactory, UserFactory, VolunteerFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clean_cache")]

LOGIN_URL = reverse("login")
TOKEN_URL = reverse("visits_api:token")


def fail_on_login_page(client, username: str, times: int = LOGIN_FAILURES_ALLOWED) -> None:
    for _attempt in range(times):
        response = client.post(LOGIN_URL, {"username": username, "password": "guess"})
        assert response.status_code == 200


def test_the_login_page_locks_a_username_after_repeated_failures(client, unit):
    officer = CommuneOfficerFactory(unit=unit("13696"))
    fail_on_login_page(client, officer.username)
    response = client.post(LOGIN_URL, {"username": officer.username, "password": PASSWORD})
    assert response.status_code == 200
    assert response.context["form"].has_error("__all__", "too_many_attempts")
    assert "_auth_user_id" not in client.session


def test_the_lock_ignores_the_case_of_the_username(client, unit):
    officer = CommuneOfficerFactory(username="canbo_khoa", unit=unit("13696"))
    fail_on_login_page(client, "CANBO_KHOA")
    client.post(LOGIN_URL, {"username": officer.username, "password": PASSWORD})
    assert "_auth_user_id" not in client.session


def test_failures_on_the_login_page_lock_the_api_token_too(client):
    volunteer = VolunteerFactory()
    fail_on_login_page(client, volunteer.username)
    response = client.post(TOKEN_URL, {"username": volunteer.username, "password": PASSWORD})
    assert response.status_code == 429


def test_failures_on_the_api_token_lock_the_login_page_too(client):
    volunteer = VolunteerFactory()
    for _attempt in range(LOGIN_FAILURES_ALLOWED):
        assert client.post(TOKEN_URL, {"username": volunteer.username, "password": "guess"}).status_code == 401
    client.post(LOGIN_URL, {"username": volunteer.username, "password": PASSWORD})
    assert "_auth_user_id" not in client.session


def test_the_admin_login_is_locked_too(client):
    admin = UserFactory(is_staff=True, is_superuser=True)
    for _attempt in range(LOGIN_FAILURES_ALLOWED):
        client.post("/admin/login/", {"username": admin.username, "password": "guess"})
    client.post("/admin/login/", {"username": admin.username, "password": PASSWORD})
    assert "_auth_user_id" not in client.session


def test_a_successful_login_starts_the_count_again(client, unit):
    officer = CommuneOfficerFactory(unit=unit("13696"))
    fail_on_login_page(client, officer.username, LOGIN_FAILURES_ALLOWED - 1)
    assert client.post(LOGIN_URL, {"username": officer.username, "password": PASSWORD}).status_code == 302
    client.logout()
    fail_on_login_page(client, officer.username, LOGIN_FAILURES_ALLOWED - 1)
    assert client.post(LOGIN_URL, {"username": officer.username, "password": PASSWORD}).status_code == 302


def test_another_username_is_not_locked(client, unit):
    locked, other = CommuneOfficerFactory(unit=unit("13696")), CommuneOfficerFactory(unit=unit("13696"))
    fail_on_login_page(client, locked.username)
    assert client.post(LOGIN_URL, {"username": other.username, "password": PASSWORD}).status_code == 302


def test_a_count_recreated_as_its_window_ends_still_expires(monkeypatch):
    """Django's incr checks the key exists, then INCRBY: if the key expires in between, INCRBY makes a
    new one without a TTL, which would lock the username for good once it reached the limit."""
    from accounts import throttle

    raw = cache._cache.get_client(write=True)
    redis_key = cache.make_and_validate_key(throttle._key("canbo"))
    throttle.record_failure("canbo")

    def incr_as_the_key_expires(key, delta=1):
        raw.delete(redis_key)
        return raw.incr(redis_key, delta)

    monkeypatch.setattr(throttle.cache, "incr", incr_as_the_key_expires)
    throttle.record_failure("canbo")
    assert 0 < raw.ttl(redis_key) <= throttle.LOGIN_FAILURE_WINDOW
