from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScansConfig(AppConfig):
    name = "scans"
    verbose_name = _("QR scan analytics")

    def ready(self) -> None:
        # QR images answer 404/410 from a cached product status; its invalidation receivers live there.
        from products import qr  # noqa: F401
