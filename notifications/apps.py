from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from .kinds import load_kinds

        # Kinds first: tasks.py (imported by the checks) makes one sweep task per registered kind.
        load_kinds()
        from . import checks  # noqa: F401 - registers the system checks

    def seed_demo(self, scale: str, stdout) -> None:
        """Called by `manage.py seed_demo` after the apps whose data the kinds read; idempotent."""
        from .demo import seed

        seed(stdout=stdout)

    def demo_logins(self) -> list[str]:
        from .demo import COASTAL_OFFICER

        return [COASTAL_OFFICER]
