import os

from celery import Celery
from celery.signals import worker_ready

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "outreach.settings")

app = Celery("outreach")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_ready.connect
def record_first_heartbeat(**kwargs) -> None:
    """A worker that just started counts as alive at once, not only after beat's first heartbeat (30 s)."""
    from core.heartbeat import heartbeat

    heartbeat.record()
