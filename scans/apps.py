from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ScansConfig(AppConfig):
    name = "scans"
    verbose_name = _("QR scan analytics")

    def ready(self) -> None:
        # QR images answer 404/410 from a cached product status; its invalidation receivers live there.
        from products import qr  # noqa: F401

        from .schedule import ensure_flush_schedule

        post_migrate.connect(ensure_flush_schedule, sender=self, dispatch_uid="scans_flush_schedule")
