from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from . import checks  # noqa: F401 - registers the system checks
        from .kinds import load_kinds

        load_kinds()

    def seed_demo(self, scale: str, stdout) -> None:
        """Called by `manage.py seed_demo` after the apps whose data the kinds read; idempotent."""
        from .demo import seed

        seed(stdout=stdout)
