"""Beat runs scans.tasks.flush_scan_counters every 5 minutes (DatabaseScheduler); safe to re-run."""

from django.db import migrations
from django.utils import timezone

TASK_NAME = "scans: flush scan counters to ScanDay"


def schedule_flush(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTasks = apps.get_model("django_celery_beat", "PeriodicTasks")
    every_5_minutes = IntervalSchedule.objects.filter(every=5, period="minutes").first()
    if every_5_minutes is None:
        every_5_minutes = IntervalSchedule.objects.create(every=5, period="minutes")
    PeriodicTask.objects.update_or_create(
        name=TASK_NAME,
        defaults={"task": "scans.tasks.flush_scan_counters", "interval": every_5_minutes, "enabled": True},
    )
    # Historical models skip django-celery-beat's save hook: tell a running beat to reload.
    PeriodicTasks.objects.update_or_create(ident=1, defaults={"last_update": timezone.now()})


def unschedule_flush(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=TASK_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("scans", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(schedule_flush, unschedule_flush)]
