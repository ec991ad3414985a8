from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Portal core"

    def ready(self) -> None:
        from . import checks  # noqa: F401 - registers the system checks
        from .schedules import ensure_schedules

        # Once per migrate (core is one of the senders), after every app's tables exist.
        post_migrate.connect(ensure_schedules, sender=self, dispatch_uid="core_ensure_schedules")
