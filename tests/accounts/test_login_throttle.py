"""Failed logins are counted per username and address on every way in: the login page, the admin, the API token."""

import datetime

import pytest
from django.urls import reverse

from accounts.models import LoginFailure
from accounts.throttle import ADDRESS_FAILURES_ALLOWED, LOGIN_FAILURE_WINDOW, LOGIN_FAILURES_ALLOWED
from tests.factories import PASSWORD, CommuneOfficerFactory, UserFactory, VolunteerFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clean_cache")]

LOGIN_URL = reverse("login")
TOKEN_URL = reverse("visits_api:token")


ELSEWHERE = "203.0.113.7"


def fail_on_login_page(client, username: str, times: int = LOGIN_FAILURES_ALLOWED, address="127.0.0.1") -> None:
    for _attempt in range(times):
        response = client.post(LOGIN_URL, {"username": username, "password": "guess"}, REMOTE_ADDR=address)
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


def test_failures_from_another_address_do_not_lock_the_owner_out(client, unit):
    officer = CommuneOfficerFactory(unit=unit("13696"))
    fail_on_login_page(client, officer.username, address=ELSEWHERE)
    assert client.post(LOGIN_URL, {"username": officer.username, "password": PASSWORD}).status_code == 302


def test_the_locked_address_is_refused_even_with_the_right_password(client, unit):
    officer = CommuneOfficerFactory(unit=unit("13696"))
    fail_on_login_page(client, officer.username, address=ELSEWHERE)
    response = client.post(LOGIN_URL, {"username": officer.username, "password": PASSWORD}, REMOTE_ADDR=ELSEWHERE)
    assert response.status_code == 200
    assert response.context["form"].has_error("__all__", "too_many_attempts")


def test_one_address_trying_many_usernames_is_locked_for_all_of_them(client, unit):
    officer = CommuneOfficerFactory(unit=unit("13696"))
    for number in range(ADDRESS_FAILURES_ALLOWED // (LOGIN_FAILURES_ALLOWED - 1) + 1):
        fail_on_login_page(client, f"guess{number}", LOGIN_FAILURES_ALLOWED - 1, address=ELSEWHERE)
    client.post(LOGIN_URL, {"username": officer.username, "password": PASSWORD}, REMOTE_ADDR=ELSEWHERE)
    assert "_auth_user_id" not in client.session
    assert client.post(LOGIN_URL, {"username": officer.username, "password": PASSWORD}).status_code == 302


def test_a_lock_ends_with_its_window(client, unit):
    officer = CommuneOfficerFactory(unit=unit("13696"))
    fail_on_login_page(client, officer.username)
    LoginFailure.objects.update(window_started_at=datetime.datetime.now(datetime.UTC) - LOGIN_FAILURE_WINDOW)
    assert client.post(LOGIN_URL, {"username": officer.username, "password": PASSWORD}).status_code == 302


def test_a_failure_after_the_window_starts_a_new_count(client, unit):
    officer = CommuneOfficerFactory(unit=unit("13696"))
    fail_on_login_page(client, officer.username)
    LoginFailure.objects.update(window_started_at=datetime.datetime.now(datetime.UTC) - LOGIN_FAILURE_WINDOW)
    fail_on_login_page(client, officer.username, times=1)
    assert LoginFailure.objects.get().failures == 1
