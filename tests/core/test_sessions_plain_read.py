"""core.sessions: Django's database sessions read with one plain SELECT; logout and expiry as before."""

import datetime

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from core.sessions import SessionStore
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_session_is_read_back_with_one_query_and_keeps_its_stored_text(django_assert_num_queries):
    store = SessionStore()
    store["colour"] = "xanh"
    store.create()
    again = SessionStore(store.session_key)
    with django_assert_num_queries(1):
        assert again["colour"] == "xanh"
    assert again.stored_data == Session.objects.get(session_key=store.session_key).session_data


def test_an_expired_or_unknown_session_is_empty_and_gets_a_new_key():
    store = SessionStore()
    store["colour"] = "xanh"
    store.create()
    Session.objects.filter(session_key=store.session_key).update(expire_date=timezone.now() - datetime.timedelta(1))
    expired = SessionStore(store.session_key)
    assert dict(expired.items()) == {} and expired.session_key is None
    assert dict(SessionStore("nosuchsessionkey1234").items()) == {}


def test_login_and_logout_through_the_portal(client):
    user = UserFactory()
    client.force_login(user)
    assert client.get(reverse("training:learning")).status_code == 200
    client.post(reverse("logout"))
    assert client.get(reverse("training:learning")).status_code == 302
