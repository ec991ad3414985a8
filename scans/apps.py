from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class ScansConfig(AppConfig):
    name = "scans"
    verbose_name = _("QR scan analytics")

    def ready(self) -> None:
        from .schedule import ensure_flush_schedule

        post_migrate.connect(ensure_flush_schedule, sender=self, dispatch_uid="scans_flush_schedule")

    def nav_items(self, user) -> list[tuple[str, str]]:
        from accounts.access import is_staff_role

        return [(_("Scans"), reverse("scans:dashboard"))] if is_staff_role(user) else []
