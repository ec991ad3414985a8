"""A real Celery beat and worker on the real Redis broker: a beat-triggered sweep's reminder reaches the
volunteer exactly once, even when the worker is killed (SIGKILL) after sending and the task is redelivered."""

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone
from django_celery_beat.models import IntervalSchedule, PeriodicTask
from kombu import Connection

from notifications.models import Delivery, Notification
from scale.database import url_of
from tests.factories import VolunteerFactory
from tests.visits.factories import HouseholdFactory

REPO = Path(__file__).resolve().parents[2]
CELERY = str(Path(sys.executable).with_name("celery"))
VISIBILITY_TIMEOUT = 3


def _env(mail_dir: Path, **extra: str) -> dict[str, str]:
    db = settings.DATABASES["default"]
    return {
        **os.environ,
        "DATABASE_URL": url_of(db),
        "DJANGO_SETTINGS_MODULE": "tests.notifications.worker_settings",
        "PYTHONPATH": str(REPO),
        "TEST_MAIL_DIR": str(mail_dir),
        # Short, so the killed worker's unacknowledged task comes back within seconds.
        "CELERY_VISIBILITY_TIMEOUT": str(VISIBILITY_TIMEOUT),
        # No quiet hours: whatever the time of the run, the reminder goes at once.
        "NOTIFICATIONS_QUIET_START": "00:00",
        "NOTIFICATIONS_QUIET_END": "00:00",
        **extra,
    }


def _start(args: list[str], env: dict, log: Path, cwd: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [CELERY, "-A", "outreach", *args],
        env=env,
        cwd=cwd,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def _worker(name: str) -> list[str]:
    return ["worker", "-P", "solo", "-n", f"{name}@%h", "-l", "INFO", "--without-mingle", "--without-gossip"]


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def _wait_for(condition, what: str, logs: list[Path], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    tails = "\n".join(f"--- {log.name}\n{log.read_text()[-3000:]}" for log in logs if log.exists())
    raise AssertionError(f"timed out waiting for {what}\n{tails}")


def _sent_subjects(mail_dir: Path) -> list[str]:
    return [
        line for path in mail_dir.iterdir() for line in path.read_text().splitlines() if line.startswith("Subject:")
    ]


def _empty_broker() -> None:
    with Connection(settings.CELERY_BROKER_URL) as connection:
        connection.default_channel.client.delete("celery", "unacked", "unacked_index")


@pytest.mark.django_db(transaction=True)
def test_a_beat_triggered_reminder_is_delivered_once_even_when_the_worker_is_killed_after_sending(tmp_path):
    volunteer = VolunteerFactory(username="worker_test_volunteer")
    HouseholdFactory(
        commune=volunteer.unit,
        hamlet__commune=volunteer.unit,
        assigned_volunteer=volunteer,
        next_visit_on=timezone.localdate(),
    )
    PeriodicTask.objects.update(enabled=False)
    # Beat runs the revisit sweep every 2 s here (daily at 07:00 in production): every later sweep
    # finds the reminder already claimed.
    every_two_seconds, _ = IntervalSchedule.objects.get_or_create(every=2, period=IntervalSchedule.SECONDS)
    PeriodicTask.objects.update_or_create(
        name="notifications: revisit_due",
        defaults={
            "task": "notifications.sweep.revisit_due",
            "interval": every_two_seconds,
            "crontab": None,
            "enabled": True,
        },
    )
    _empty_broker()
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    logs = [tmp_path / "beat.log", tmp_path / "worker1.log", tmp_path / "worker2.log"]
    env = _env(mail_dir)
    beat = _start(["beat", "-l", "INFO", "--max-interval", "1"], env, logs[0], tmp_path)
    first = _start(_worker("first"), _env(mail_dir, TEST_SLEEP_AFTER_SEND="120"), logs[1], tmp_path)
    second = None
    try:
        _wait_for(lambda: _sent_subjects(mail_dir), "the first worker to send the e-mail", logs, timeout=90)
        os.killpg(first.pid, signal.SIGKILL)  # after sending, before the task is acknowledged
        first.wait()
        sender = Delivery.objects.get().task_id

        second = _start(_worker("second"), env, logs[2], tmp_path)
        finished = re.compile(rf"notifications\.deliver\[{re.escape(sender)}\] succeeded in [\d.]+s: 'already sent'")
        _wait_for(lambda: finished.search(logs[2].read_text()), "the redelivered task to finish", logs, timeout=90)
        time.sleep(2 * 2)  # two more beat-triggered sweeps
    finally:
        for process in (beat, first, second):
            if process is not None:
                _stop(process)
        _empty_broker()

    assert len(_sent_subjects(mail_dir)) == 1
    assert Notification.objects.filter(recipient=volunteer, kind="revisit_due").count() == 1
    assert Delivery.objects.count() == 1
