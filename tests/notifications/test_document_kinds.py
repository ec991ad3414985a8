"""Guidance documents: awaiting acknowledgement, or a report past its due date → the unit's officers,
at most once a week each, never after the acknowledgement or the report."""

import datetime

import pytest
from django.utils import timezone

from campaigns.models import GuidanceDocument
from notifications import services
from notifications.kinds import get_kind
from notifications.models import Notification
from tests.campaigns.factories import DocumentRecipientFactory, GuidanceDocumentFactory
from tests.factories import CommuneOfficerFactory, VolunteerFactory
from tests.notifications.conftest import at

pytestmark = pytest.mark.django_db


def _send(kind_code: str, due, now) -> str:
    return services.deliver(kind_code, due.recipient_id, due.object_id, due.occurrence, now=now)


def _sent_days_ago(document: GuidanceDocument, days: int) -> None:
    GuidanceDocument.objects.filter(pk=document.pk).update(created_at=timezone.now() - datetime.timedelta(days=days))


@pytest.fixture
def unacknowledged(giao_huong):
    """A document sent to Giao Hương two days ago, not acknowledged; the commune has an officer."""
    officer = CommuneOfficerFactory(username="doc_officer", unit=giao_huong)
    VolunteerFactory(unit=giao_huong)  # not an officer: not told
    row = DocumentRecipientFactory(unit=giao_huong)
    _sent_days_ago(row.document, 2)
    return officer, row


def test_the_units_officer_is_reminded_of_an_unacknowledged_document_once_a_week(unacknowledged, sweep, mailoutbox):
    officer, row = unacknowledged
    monday = timezone.localdate() - datetime.timedelta(days=timezone.localdate().weekday())

    for day in range(7):  # the daily sweep through one week
        sweep("document_unacknowledged", at(8, day=monday + datetime.timedelta(days=day)))

    note = Notification.objects.get(recipient=officer, kind="document_unacknowledged")
    assert row.document.number in note.body and note.url == f"/documents/{row.document_id}/"
    assert [mail.to for mail in mailoutbox] == [[officer.email]]


def test_a_document_sent_today_is_not_yet_reminded(giao_huong):
    CommuneOfficerFactory(unit=giao_huong)
    DocumentRecipientFactory(unit=giao_huong)

    assert list(get_kind("document_unacknowledged").due(timezone.now())) == []


def test_no_reminder_once_the_officer_acknowledged_it_on_the_portal(unacknowledged, client, mailoutbox):
    officer, row = unacknowledged
    (due,) = get_kind("document_unacknowledged").due(at(8))
    client.force_login(officer)

    assert client.post(f"/documents/{row.document_id}/acknowledge/").status_code == 302

    assert _send("document_unacknowledged", due, at(8)) == "no longer due"
    assert not Notification.objects.exists() and mailoutbox == []


def test_no_document_reminder_to_an_officer_moved_to_another_unit(unacknowledged, nam_phong, mailoutbox):
    officer, _row = unacknowledged
    (due,) = get_kind("document_unacknowledged").due(at(8))
    officer.unit = nam_phong
    officer.save()

    assert _send("document_unacknowledged", due, at(8)) == "no longer due"
    assert mailoutbox == []


@pytest.fixture
def report_overdue(giao_huong):
    officer = CommuneOfficerFactory(username="report_officer", unit=giao_huong)
    document = GuidanceDocumentFactory(report_due_on=timezone.localdate() - datetime.timedelta(days=1))
    row = DocumentRecipientFactory(document=document, unit=giao_huong, acknowledged_at=timezone.now())
    return officer, row


def test_an_overdue_report_reminds_the_units_officer_until_it_is_sent(report_overdue, client, sweep, mailoutbox):
    officer, row = report_overdue

    assert sweep("document_report_overdue", at(8)) == 1
    assert sweep("document_report_overdue", at(9)) == 0
    note = Notification.objects.get(recipient=officer, kind="document_report_overdue")
    assert (timezone.localdate() - datetime.timedelta(days=1)).strftime("%d/%m/%Y") in note.body

    client.force_login(officer)
    client.post(f"/documents/{row.document_id}/report/", {"report": "Đã triển khai tới các thôn."})
    next_week = at(8, day=timezone.localdate() + datetime.timedelta(days=7))
    assert sweep("document_report_overdue", next_week) == 0
    assert len(mailoutbox) == 1


def test_a_report_due_today_or_not_asked_is_not_overdue(giao_huong):
    CommuneOfficerFactory(unit=giao_huong)
    DocumentRecipientFactory(unit=giao_huong, document=GuidanceDocumentFactory(report_due_on=timezone.localdate()))
    DocumentRecipientFactory(unit=giao_huong, document=GuidanceDocumentFactory(report_due_on=None))

    assert list(get_kind("document_report_overdue").due(at(8))) == []


def test_an_overdue_report_reminder_held_into_the_next_week_is_dropped(report_overdue, mailoutbox):
    (due,) = get_kind("document_report_overdue").due(at(8))
    next_week = at(8, day=timezone.localdate() + datetime.timedelta(days=7))

    assert _send("document_report_overdue", due, next_week) == "no longer due"
    assert mailoutbox == []
