from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from . import signals  # noqa: F401  (connects the receivers)
        from .schedule import ensure_session_cleanup_schedule

        post_migrate.connect(ensure_session_cleanup_schedule, sender=self, dispatch_uid="accounts_session_cleanup")
