"""Settings of the Celery worker and beat that test_real_worker starts: the project's settings, with
e-mail written to files in TEST_MAIL_DIR (and, when TEST_SLEEP_AFTER_SEND is set, a pause after
each send, in which the test kills the worker)."""

import os

from outreach.settings import *  # noqa: F403

# Look for unacknowledged messages past their visibility timeout every second (default: ~100 s).
CELERY_BROKER_TRANSPORT_OPTIONS = {
    **CELERY_BROKER_TRANSPORT_OPTIONS,  # noqa: F405
    "unacked_restore_interval": 1,
    "unacked_restore_throttle": 1,
}
EMAIL_BACKEND = "tests.notifications.worker_settings.FileThenSleepBackend"
EMAIL_FILE_PATH = os.environ["TEST_MAIL_DIR"]


def _backend():
    import time

    from django.core.mail.backends.filebased import EmailBackend

    class FileThenSleep(EmailBackend):
        def send_messages(self, messages):
            count = super().send_messages(messages)
            time.sleep(float(os.environ.get("TEST_SLEEP_AFTER_SEND", "0")))
            return count

    return FileThenSleep


def FileThenSleepBackend(*args, **kwargs):  # noqa: N802 - Django imports it by the dotted name above
    return _backend()(*args, **kwargs)
