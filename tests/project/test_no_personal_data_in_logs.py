"""No personal data in logs or error reports: flows that handle a test name and phone (a sync with
a bad item, an import with errors, a 500 in a view holding them, failed logins) are run with every
logger at DEBUG; what the portal's log handlers write and the error e-mails hold neither."""

import io
import json
import logging
import uuid

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from accounts.api_auth import issue_token
from core.log_privacy import PersonalDataReporterFilter, ScrubPhoneNumbers, scrub
from tests.factories import CommuneOfficerFactory, VolunteerFactory
from tests.visits.factories import HamletFactory, HouseholdFactory

pytestmark = pytest.mark.django_db

NAME, PHONE = "Đỗ Thị Nhật Ký", "0966555444"
SPELLINGS = [PHONE, "0966 555 444", "+84 966.555.444"]


@pytest.fixture
def portal_log(settings):
    """Everything the configured log handlers write, with the root logger at DEBUG."""
    settings.ADMINS = [("", "it@example.org")]
    root = logging.getLogger()
    handlers = [h for h in root.handlers if any(isinstance(f, ScrubPhoneNumbers) for f in h.filters)]
    assert handlers, "the portal's console handler scrubs phones"
    written = io.StringIO()
    previous = [(handler, handler.setStream(written)) for handler in handlers]
    level = root.level
    root.setLevel(logging.DEBUG)
    yield written
    root.setLevel(level)
    for handler, stream in previous:
        handler.setStream(stream)


def assert_nothing_personal(text: str) -> None:
    for needle in [NAME, *SPELLINGS]:
        assert needle not in text


def test_flows_that_handle_a_name_and_phone_leave_neither_in_logs_or_error_reports(portal_log, unit, settings):
    commune = unit("13696")
    hamlet = HamletFactory(commune=commune, name="Thôn 1")
    volunteer = VolunteerFactory(unit=commune, phone=PHONE)
    household = HouseholdFactory(hamlet=hamlet, head_name=NAME, phone=PHONE, assigned_volunteer=volunteer)
    api = Client(HTTP_AUTHORIZATION=f"Token {issue_token(volunteer)}")
    # A sync batch with one good and one bad item, both carrying the name and phone.
    good = {"uuid": str(uuid.uuid4()), "household": household.pk, "visited_at": "2026-01-05T09:00:00+07:00"}
    good |= {"outcome": "met", "skills": [], "services": [], "people_helped": 1, "notes": f"{NAME} {PHONE}"}
    bad = good | {"uuid": str(uuid.uuid4()), "outcome": [NAME, PHONE], "latitude": PHONE}
    response = api.post("/api/v1/visits/sync", json.dumps({"visits": [good, bad]}), content_type="application/json")
    assert response.status_code == 200
    # An import whose rows carry them, with errors.
    officer = Client()
    officer.force_login(CommuneOfficerFactory(unit=commune))
    rows = f"Thôn/Xóm,Địa chỉ,Chủ hộ,Số điện thoại,Số thành viên\nThôn 9,Số 1,{NAME},{PHONE},abc\n"
    upload = SimpleUploadedFile("ho.csv", rows.encode(), content_type="text/csv")
    assert officer.post("/outreach/households/import/", {"file": upload}).status_code == 200
    # Failed logins with the phone and the name as the username.
    for username in [PHONE, NAME, SPELLINGS[1]]:
        Client().post("/accounts/login/", {"username": username, "password": "wrong"})
        Client().post("/api/v1/token", {"username": username, "password": "wrong"})
    # A server error in a view holding them in POST, locals and the exception's message.
    settings.ROOT_URLCONF = "tests.project.error_urls"
    failing = Client(raise_request_exception=False)
    failing.force_login(volunteer)
    response = failing.post(f"/test-failure/?q={PHONE}", {"head_name": NAME, "phone": SPELLINGS[2]})
    assert response.status_code == 500

    log = portal_log.getvalue()
    assert "Internal Server Error: /test-failure/" in log and "ValueError: cannot call [phone]" in log
    assert_nothing_personal(log)
    [report] = [message for message in mail.outbox if "Internal Server Error" in message.subject]
    assert "ValueError" in report.body and "head_name" in report.body  # which POST field, not its value
    assert_nothing_personal("".join(message.subject + message.body for message in mail.outbox))


def test_the_scrubber_replaces_phones_in_every_spelling_and_leaves_other_numbers():
    assert scrub("gọi 0912345678, 0912 345 678 hoặc +84 912.345.678") == "gọi [phone], [phone] hoặc [phone]"
    assert scrub("household 12345 at 2026-01-05, code 13696") == "household 12345 at 2026-01-05, code 13696"


def test_error_reports_hide_every_views_locals_even_in_debug(settings):
    settings.DEBUG = True
    head_name = NAME
    frame = __import__("sys")._getframe()
    hidden = dict(PersonalDataReporterFilter().get_traceback_frame_variables(None, frame))
    assert hidden["head_name"] == PersonalDataReporterFilter.cleansed_substitute
    assert head_name not in hidden.values()
