"""A real Celery worker process (`celery -A outreach worker`) on the test database and the real
Redis broker, for the tests that build reports end to end."""

import os
import signal
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import connection

from scale.database import url_of

BASE_DIR = Path(__file__).resolve().parents[2]


@contextmanager
def celery_worker(media_root: Path, log_path: Path):
    """The worker writes report files where the test process reads them (reports are private files:
    settings.PRIVATE_MEDIA_ROOT, as the test process has it)."""
    env = dict(
        os.environ,
        DATABASE_URL=url_of(connection.settings_dict),
        DJANGO_MEDIA_ROOT=str(media_root),
        DJANGO_PRIVATE_MEDIA_ROOT=str(settings.PRIVATE_MEDIA_ROOT),
        CELERY_TASK_ALWAYS_EAGER="0",
    )
    command = [sys.executable, "-m", "celery", "-A", "outreach", "worker", "--pool", "solo", "--loglevel", "info"]
    command += ["--without-heartbeat", "--without-gossip", "--without-mingle"]
    command += ["--hostname", f"reports-test-{os.getpid()}@%h"]
    with log_path.open("w") as log:
        process = subprocess.Popen(  # noqa: S603 - our own worker command
            command, cwd=BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        try:
            yield process
        finally:
            os.killpg(process.pid, signal.SIGTERM)  # its own session: the worker alone
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
