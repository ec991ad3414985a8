"""core.csrf.get_token: Django's token format, masked afresh each time, accepted by the CSRF middleware."""

import pytest
from django.middleware.csrf import CSRF_ALLOWED_CHARS, _unmask_cipher_token
from django.test import RequestFactory

from core.csrf import get_token, mask, new_secret

SECRET = "abcdefghijklmnopqrstuvwxyzABCDEF"


def test_a_masked_token_unmasks_to_the_secret_and_differs_every_time():
    tokens = {mask(SECRET) for _ in range(200)}
    assert len(tokens) == 200
    assert all(len(token) == 64 and _unmask_cipher_token(token) == SECRET for token in tokens)


def test_every_mask_character_is_drawn():
    seen = set("".join(mask(SECRET)[:32] for _ in range(200)))
    assert len(seen) == 62


def test_new_secrets_have_django_s_form_and_differ_every_time():
    secrets = {new_secret() for _ in range(200)}
    assert len(secrets) == 200
    assert all(len(secret) == 32 and set(secret) <= set(CSRF_ALLOWED_CHARS) for secret in secrets)
    assert len(set("".join(secrets))) == 62


def test_a_request_with_a_csrf_cookie_renews_it_and_one_without_gets_a_new_cookie():
    request = RequestFactory().get("/")
    request.META["CSRF_COOKIE"] = SECRET
    assert _unmask_cipher_token(get_token(request)) == SECRET
    assert request.META["CSRF_COOKIE_NEEDS_UPDATE"] is True

    fresh = RequestFactory().get("/")
    token = get_token(fresh)
    assert _unmask_cipher_token(token) == fresh.META["CSRF_COOKIE"]
    assert fresh.META["CSRF_COOKIE_NEEDS_UPDATE"] is True
    assert _unmask_cipher_token(get_token(fresh)) == fresh.META["CSRF_COOKIE"]  # the same secret after


@pytest.mark.django_db
def test_the_middleware_accepts_the_token_in_a_form(client, settings):
    from django.test import Client

    from tests.factories import PASSWORD, UserFactory

    user = UserFactory()
    strict = Client(enforce_csrf_checks=True)
    strict.get("/accounts/login/")  # the CSRF cookie
    request = RequestFactory().get("/")
    request.META["CSRF_COOKIE"] = strict.cookies["csrftoken"].value
    response = strict.post(
        "/accounts/login/", {"username": user.username, "password": PASSWORD, "csrfmiddlewaretoken": get_token(request)}
    )
    assert response.status_code == 302
