"""API tokens end: after API_TOKEN_IDLE_DAYS without use, API_TOKEN_MAX_AGE_DAYS after issue, and at logout."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.api_auth import issue_token
from accounts.models import ApiToken
from tests.factories import VolunteerFactory

HOUSEHOLDS_URL = reverse("visits_api:households")
LOGOUT_URL = reverse("visits_api:logout")

pytestmark = pytest.mark.django_db


def listing(key: str):
    return Client().get(HOUSEHOLDS_URL, HTTP_AUTHORIZATION=f"Token {key}")


def age(key_owner, *, created_days: float, used_days: float | None) -> None:
    now = timezone.now()
    ApiToken.objects.filter(user=key_owner).update(
        created_at=now - datetime.timedelta(days=created_days),
        last_used_at=None if used_days is None else now - datetime.timedelta(days=used_days),
    )


@pytest.fixture
def lifetimes(settings):
    settings.API_TOKEN_IDLE_TIMEOUT = datetime.timedelta(days=7)
    settings.API_TOKEN_MAX_AGE = datetime.timedelta(days=30)


@pytest.mark.parametrize(
    ("created_days", "used_days", "works"),
    [
        (6, None, True),  # never used, younger than the idle limit
        (8, None, False),  # never used for longer than the idle limit
        (20, 1, True),  # in steady use
        (20, 8, False),  # idle too long
        (31, 0.01, False),  # in use, but older than the absolute limit
    ],
)
def test_tokens_expire_when_idle_or_too_old(lifetimes, created_days, used_days, works):
    volunteer = VolunteerFactory()
    key = issue_token(volunteer)
    age(volunteer, created_days=created_days, used_days=used_days)
    response = listing(key)
    if works:
        assert response.status_code == 200
        assert ApiToken.objects.filter(user=volunteer).exists()
    else:
        assert response.status_code == 401
        assert response.json()["error"] == "invalid_token"
        assert not ApiToken.objects.filter(user=volunteer).exists()  # an expired token is deleted on sight


def test_use_keeps_a_token_alive_past_the_idle_limit(lifetimes):
    volunteer = VolunteerFactory()
    key = issue_token(volunteer)
    age(volunteer, created_days=6, used_days=None)
    assert listing(key).status_code == 200  # records the use
    ApiToken.objects.filter(user=volunteer).update(created_at=timezone.now() - datetime.timedelta(days=12))
    assert listing(key).status_code == 200


def test_logout_revokes_the_token_it_was_sent_with_and_no_other():
    volunteer = VolunteerFactory()
    phone, laptop = issue_token(volunteer), issue_token(volunteer)
    response = Client().post(LOGOUT_URL, HTTP_AUTHORIZATION=f"Token {phone}")
    assert response.status_code == 204
    assert listing(phone).status_code == 401
    assert listing(laptop).status_code == 200
    assert ApiToken.objects.filter(user=volunteer).count() == 1


def test_logout_with_the_session_ends_the_session(client):
    client.force_login(VolunteerFactory())
    client.get(HOUSEHOLDS_URL)  # the csrftoken cookie, as the phone app has it
    response = client.post(LOGOUT_URL)
    assert response.status_code == 204
    assert client.get(HOUSEHOLDS_URL).status_code == 401


def test_logout_without_credentials_is_401():
    assert Client().post(LOGOUT_URL).status_code == 401
