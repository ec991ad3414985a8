"""The SMS/Zalo interface (logging backend only) and the check that held tasks are not redelivered."""

import logging

from notifications import channels
from notifications.checks import visibility_timeout_outlasts_holds
from notifications.kinds import Message
from tests.factories import UserFactory


def test_the_logging_text_backend_logs_a_masked_phone_and_the_message(caplog, db, settings):
    settings.PUBLIC_BASE_URL = "https://cds.namdinh.example"
    user = UserFactory.build(phone="0912345678")

    with caplog.at_level(logging.INFO, logger="notifications.channels"):
        channels.send_text(user, Message(title="Đến hẹn quay lại: Số 3", url="/field/"))

    (record,) = caplog.records
    assert "*******678" in record.getMessage() and "0912345678" not in record.getMessage()
    assert "Đến hẹn quay lại: Số 3 https://cds.namdinh.example/field/" in record.getMessage()


def test_a_visibility_timeout_shorter_than_quiet_hours_is_a_system_check_error(settings):
    settings.CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
    (error,) = visibility_timeout_outlasts_holds(None)
    assert error.id == "notifications.E001"

    settings.CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 12 * 3600}
    assert visibility_timeout_outlasts_holds(None) == []
