"""The notification centre, the bell's count and unread.json."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from notifications.models import Notification
from tests.factories import PASSWORD, VolunteerFactory
from tests.notifications.factories import NotificationFactory


@pytest.fixture
def volunteer(db):
    return VolunteerFactory(username="bell_volunteer")


@pytest.fixture
def logged_in(client, volunteer):
    client.login(username=volunteer.username, password=PASSWORD)
    return client


def test_the_bell_on_every_page_counts_unread_notifications(logged_in, volunteer):
    NotificationFactory.create_batch(2, recipient=volunteer)
    NotificationFactory(recipient=volunteer, read_at="2026-12-01T08:00:00+07:00")
    NotificationFactory()  # someone else's

    page = logged_in.get("/units/").content.decode()

    assert 'data-testid="bell-count"' in page
    assert '<span class="badge rounded-pill text-bg-danger" data-testid="bell-count"' in page
    assert ">2</span>" in page


def test_no_bell_for_visitors(client, db):
    assert 'data-testid="bell"' not in client.get("/units/").content.decode()


def test_unread_json_gives_the_count(logged_in, volunteer):
    NotificationFactory.create_batch(3, recipient=volunteer)

    response = logged_in.get("/notifications/unread.json")

    assert response.status_code == 200 and response.json() == {"unread": 3}
    assert "no-cache" in response["Cache-Control"]


def test_unread_json_needs_a_login(client, db):
    assert client.get("/notifications/unread.json").status_code == 401


def test_the_centre_lists_only_my_notifications(logged_in, volunteer):
    mine = NotificationFactory(recipient=volunteer, title="Mine")
    NotificationFactory(title="Someone else's")

    page = logged_in.get("/notifications/").content.decode()

    assert mine.title in page and "Someone else's" not in page


def test_the_centre_needs_a_login(client, db):
    assert client.get("/notifications/").status_code == 302


def test_the_centre_makes_the_same_queries_for_1_or_25_notifications(logged_in, volunteer):
    NotificationFactory(recipient=volunteer)
    with CaptureQueriesContext(connection) as one:
        assert logged_in.get("/notifications/").status_code == 200
    NotificationFactory.create_batch(24, recipient=volunteer)
    with CaptureQueriesContext(connection) as many:
        assert logged_in.get("/notifications/").content.decode().count('data-testid="notification"') == 25
    # session, user, the menu's unit, bell count, page count, page rows
    assert len(one) == len(many) == 6


def test_marking_one_read_lowers_the_count_and_opening_follows_its_link(logged_in, volunteer):
    first, second = NotificationFactory.create_batch(2, recipient=volunteer, url="/field/")

    response = logged_in.post(f"/notifications/{first.pk}/read/", {"open": "1"})

    assert response.status_code == 302 and response["Location"] == "/field/"
    first.refresh_from_db()
    assert first.read_at is not None
    assert logged_in.get("/notifications/unread.json").json() == {"unread": 1}


def test_mark_all_read(logged_in, volunteer):
    NotificationFactory.create_batch(3, recipient=volunteer)
    other = NotificationFactory()

    assert logged_in.post("/notifications/read-all/").status_code == 302

    assert not Notification.objects.filter(recipient=volunteer, read_at=None).exists()
    other.refresh_from_db()
    assert other.read_at is None


def test_someone_elses_notification_is_not_found(logged_in):
    other = NotificationFactory()

    assert logged_in.post(f"/notifications/{other.pk}/read/").status_code == 404
    other.refresh_from_db()
    assert other.read_at is None
    assert logged_in.post("/notifications/999999999/read/").status_code == 404


def test_reading_takes_a_post(logged_in, volunteer):
    note = NotificationFactory(recipient=volunteer)
    assert logged_in.get(f"/notifications/{note.pk}/read/").status_code == 405


def test_an_outside_link_is_never_followed(logged_in, volunteer):
    note = NotificationFactory(recipient=volunteer, url="https://evil.example/")

    response = logged_in.post(f"/notifications/{note.pk}/read/", {"open": "1"})

    assert response["Location"] == "/notifications/"
