"""The phone number is a login: many volunteers have no e-mail address and forget usernames."""

import pytest

from accounts import throttle
from tests.factories import PASSWORD, UserFactory, VolunteerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_lockouts():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.mark.parametrize("typed", ["0912345678", "0912 345 678", "+84 912 345 678"])
def test_a_volunteer_logs_in_with_their_phone_number_however_it_is_written(client, unit, typed):
    volunteer = VolunteerFactory(username="tnv_mai", unit=unit("13696"), phone="0912.345.678")
    response = client.post("/accounts/login/", {"username": typed, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/field/"
    assert client.session["_auth_user_id"] == str(volunteer.pk)


def test_a_wrong_password_with_a_phone_is_refused_and_counted(client, unit):
    VolunteerFactory(unit=unit("13696"), phone="0912345678")
    response = client.post("/accounts/login/", {"username": "0912345678", "password": "wrong"})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    for _attempt in range(throttle.LOGIN_FAILURES_ALLOWED):
        client.post("/accounts/login/", {"username": "0912345678", "password": "wrong"})
    response = client.post("/accounts/login/", {"username": "0912345678", "password": PASSWORD})
    assert "_auth_user_id" not in client.session  # locked, even with the right password
    assert response.context["form"].errors


def test_a_deactivated_account_cannot_log_in_by_phone(client, unit):
    VolunteerFactory(unit=unit("13696"), phone="0912345678", is_active=False)
    client.post("/accounts/login/", {"username": "0912345678", "password": PASSWORD})
    assert "_auth_user_id" not in client.session


def test_a_username_that_looks_like_a_phone_is_the_username_first(client, unit):
    owner = UserFactory(username="0912345678")
    VolunteerFactory(unit=unit("13696"), phone="0912345678")
    client.post("/accounts/login/", {"username": "0912345678", "password": PASSWORD})
    assert client.session["_auth_user_id"] == str(owner.pk)
