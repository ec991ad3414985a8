"""Each user mutes kinds and picks the language of messages on /profile/notifications/."""

import pytest
from django.utils import timezone

from notifications.models import Delivery, Notification, NotificationSettings
from tests.factories import PASSWORD, CommuneOfficerFactory
from tests.notifications.conftest import at
from tests.visits.factories import HouseholdFactory


@pytest.fixture
def logged_in_volunteer(client, revisit_due):
    volunteer, _household = revisit_due
    client.login(username=volunteer.username, password=PASSWORD)
    return client


def test_the_page_offers_the_kinds_that_concern_the_user(client, db):
    officer = CommuneOfficerFactory(username="settings_officer")
    client.login(username=officer.username, password=PASSWORD)

    page = client.get("/profile/notifications/").content.decode()

    assert 'value="vessels_returning"' in page and 'value="revisit_due"' not in page


def test_a_muted_kind_is_not_sent(logged_in_volunteer, revisit_due, sweep, mailoutbox):
    volunteer, _household = revisit_due

    response = logged_in_volunteer.post("/profile/notifications/", {"language": "vi"})  # no box ticked

    assert response.status_code == 302
    assert NotificationSettings.objects.get(user=volunteer).muted_kinds == ["revisit_due"]
    sweep("revisit_due", at(9))
    assert not Notification.objects.exists() and not Delivery.objects.exists() and mailoutbox == []


def test_ticking_the_kind_again_sends_it(logged_in_volunteer, revisit_due, sweep, mailoutbox):
    volunteer, _household = revisit_due
    NotificationSettings.objects.create(user=volunteer, muted_kinds=["revisit_due", "some_kind_of_other_role"])

    logged_in_volunteer.post("/profile/notifications/", {"language": "vi", "kinds": ["revisit_due"]})

    # A mute this page does not offer (another role's kind) is kept.
    assert NotificationSettings.objects.get(user=volunteer).muted_kinds == ["some_kind_of_other_role"]
    sweep("revisit_due", at(9))
    assert Notification.objects.filter(recipient=volunteer).count() == 1


def test_bad_input_is_refused_and_nothing_saved(logged_in_volunteer, revisit_due):
    response = logged_in_volunteer.post("/profile/notifications/", {"language": "xx", "kinds": ["no_such_kind"]})

    assert response.status_code == 200
    assert not NotificationSettings.objects.exists()


def test_messages_are_written_in_the_users_language(revisit_due, sweep, mailoutbox):
    volunteer, household = revisit_due
    english = CommuneOfficerFactory(username="english_reader")
    NotificationSettings.objects.create(user=english, language="en")
    household.assigned_volunteer = english  # (any role: the kind reads the assignment)
    household.save()
    second = HouseholdFactory(
        commune=household.commune,
        hamlet=household.hamlet,
        address="Số 9",
        assigned_volunteer=volunteer,
        next_visit_on=timezone.localdate(),
    )

    sweep("revisit_due", at(9))

    by_user = {mail.to[0]: mail for mail in mailoutbox}
    assert by_user[english.email].subject == f"Revisit due: {household.address}"
    assert by_user[volunteer.email].subject == f"Đến hẹn quay lại: {second.address}"
    assert "Chọn những lời nhắc bạn nhận" in by_user[volunteer.email].body
    assert Notification.objects.get(recipient=volunteer).title.startswith("Đến hẹn quay lại")
