from django.apps import AppConfig
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class ScansConfig(AppConfig):
    name = "scans"
    verbose_name = _("QR scan analytics")

    def nav_items(self, user) -> list[tuple[str, str]]:
        from accounts.access import is_staff_role

        return [(_("Scans"), reverse("scans:dashboard"))] if is_staff_role(user) else []
