"""POST /api/v1/token, `Authorization: Token <key>`, and CSRF for session-authenticated API calls."""

import json

import pytest
from django.test import Client
from django.urls import reverse

from accounts.api_auth import issue_token
from accounts.models import ApiToken
from tests.factories import PASSWORD, UserFactory, VolunteerFactory

TOKEN_URL = reverse("visits_api:token")
HOUSEHOLDS_URL = reverse("visits_api:households")
SYNC_URL = reverse("visits_api:sync")

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clean_cache")]


def test_form_credentials_give_a_token_that_authenticates(client):
    volunteer = VolunteerFactory()
    response = client.post(TOKEN_URL, {"username": volunteer.username, "password": PASSWORD})
    assert response.status_code == 200
    token = response.json()["token"]
    assert len(token) == 40
    listing = Client().get(HOUSEHOLDS_URL, HTTP_AUTHORIZATION=f"Token {token}")
    assert listing.status_code == 200


def test_json_credentials_give_a_token(client):
    volunteer = VolunteerFactory()
    body = json.dumps({"username": volunteer.username, "password": PASSWORD})
    response = client.post(TOKEN_URL, body, content_type="application/json")
    assert response.status_code == 200
    assert response.json()["token"]


def test_only_a_hash_of_the_key_is_stored_and_use_is_recorded():
    volunteer = VolunteerFactory()
    key = issue_token(volunteer)
    token = ApiToken.objects.get(user=volunteer)
    assert key not in (token.key_hash, token.prefix) and token.prefix == key[:8]
    assert token.last_used_at is None
    Client().get(HOUSEHOLDS_URL, HTTP_AUTHORIZATION=f"Token {key}")
    token.refresh_from_db()
    assert token.last_used_at is not None


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        ("username=&password=", "application/x-www-form-urlencoded"),
        ("{broken", "application/json"),
        ('["a", "b"]', "application/json"),
        ('{"username": 3, "password": ["x"]}', "application/json"),
    ],
)
def test_missing_or_malformed_credentials_are_400(client, body, content_type):
    response = client.post(TOKEN_URL, body, content_type=content_type)
    assert response.status_code == 400
    assert response.json()["error"] == "missing_credentials"
    assert not ApiToken.objects.exists()


def test_wrong_password_is_401(client):
    volunteer = VolunteerFactory()
    response = client.post(TOKEN_URL, {"username": volunteer.username, "password": "wrong"})
    assert response.status_code == 401
    assert response.json()["error"] == "invalid_credentials"
    assert not ApiToken.objects.exists()


def test_inactive_users_get_no_token_and_their_tokens_stop_working(client):
    volunteer = VolunteerFactory()
    key = issue_token(volunteer)
    volunteer.is_active = False
    volunteer.save()
    assert client.post(TOKEN_URL, {"username": volunteer.username, "password": PASSWORD}).status_code == 401
    assert Client().get(HOUSEHOLDS_URL, HTTP_AUTHORIZATION=f"Token {key}").status_code == 401


def test_repeated_failures_lock_the_username_for_a_while(client):
    volunteer = VolunteerFactory()
    for _attempt in range(10):
        client.post(TOKEN_URL, {"username": volunteer.username, "password": "guess"})
    response = client.post(TOKEN_URL, {"username": volunteer.username, "password": PASSWORD})
    assert response.status_code == 429
    assert not ApiToken.objects.exists()


def test_get_on_the_token_endpoint_is_not_allowed(client):
    assert client.get(TOKEN_URL).status_code == 405


@pytest.mark.parametrize("header", ["Token nope", "Token ", "Bearer abc", "Basic dXNlcjpwYXNz"])
def test_a_bad_authorization_header_is_401_json(header):
    response = Client().get(HOUSEHOLDS_URL, HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert response.json()["error"] == "invalid_token"
    assert response["WWW-Authenticate"].startswith("Token")


def test_no_credentials_is_401_json():
    response = Client().get(HOUSEHOLDS_URL)
    assert response.status_code == 401
    assert response.json()["error"] == "not_authenticated"


def test_a_learner_token_is_403():
    key = issue_token(UserFactory())
    assert Client().get(HOUSEHOLDS_URL, HTTP_AUTHORIZATION=f"Token {key}").status_code == 403


def test_session_posts_need_the_csrf_header_and_token_posts_do_not():
    volunteer = VolunteerFactory()
    body = json.dumps({"visits": []})
    session = Client(enforce_csrf_checks=True)
    session.force_login(volunteer)
    session.get(HOUSEHOLDS_URL)  # any page; the PWA already holds a csrftoken cookie

    rejected = session.post(SYNC_URL, body, content_type="application/json")
    assert rejected.status_code == 403
    assert rejected.json()["error"] == "csrf_failed"

    session.cookies["csrftoken"] = csrf = "a" * 32
    accepted = session.post(SYNC_URL, body, content_type="application/json", HTTP_X_CSRFTOKEN=csrf)
    assert accepted.status_code == 200

    by_token = Client(enforce_csrf_checks=True, HTTP_AUTHORIZATION=f"Token {issue_token(volunteer)}")
    assert by_token.post(SYNC_URL, body, content_type="application/json").status_code == 200


@pytest.mark.parametrize("username", ["ad\x00min", "\ud800"])
def test_credentials_the_database_cannot_take_are_400(client, username):
    body = json.dumps({"username": username, "password": "x"})
    assert client.post(TOKEN_URL, body, content_type="application/json").status_code == 400


def test_a_session_post_of_a_form_instead_of_json_is_400_not_500():
    session = Client(enforce_csrf_checks=True)
    session.force_login(VolunteerFactory())
    session.cookies["csrftoken"] = csrf = "b" * 32
    response = session.post(SYNC_URL, {"visits": "x"}, HTTP_X_CSRFTOKEN=csrf)  # multipart/form-data
    assert response.status_code == 400


def test_a_new_password_revokes_the_tokens_issued_before_it():
    volunteer = VolunteerFactory()
    old_key = issue_token(volunteer)
    volunteer.set_password("a-brand-new-passphrase")
    volunteer.save()
    assert Client().get(HOUSEHOLDS_URL, HTTP_AUTHORIZATION=f"Token {old_key}").status_code == 401
    assert not ApiToken.objects.filter(user=volunteer).exists()
    new_key = issue_token(volunteer)
    volunteer.last_name = "Renamed"
    volunteer.save()  # other changes keep the token
    volunteer.set_password("a-brand-new-passphrase")  # the same password hashed again (a hasher upgrade)
    volunteer.save(update_fields=["password"])
    assert Client().get(HOUSEHOLDS_URL, HTTP_AUTHORIZATION=f"Token {new_key}").status_code == 200


def test_changing_the_password_on_the_password_change_page_revokes_tokens(client):
    volunteer = VolunteerFactory()
    key = issue_token(volunteer)
    client.force_login(volunteer)
    new = "another-long-passphrase-42"
    response = client.post(
        reverse("password_change"), {"old_password": PASSWORD, "new_password1": new, "new_password2": new}
    )
    assert response.status_code == 302
    assert Client().get(HOUSEHOLDS_URL, HTTP_AUTHORIZATION=f"Token {key}").status_code == 401
