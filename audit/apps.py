from django.apps import AppConfig
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = _("Audit log")
    nav_order = 90

    def ready(self) -> None:
        from .receivers import connect

        connect()

    def nav_items(self, user) -> list[tuple[str, str]]:
        from .access import sees_audit_log

        return [(_("Audit log"), reverse("audit:log"))] if sees_audit_log(user) else []
