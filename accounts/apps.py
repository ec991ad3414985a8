from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from . import signals  # noqa: F401  (connects the receivers)

    def seed_demo(self, scale: str, stdout) -> None:
        """Called by `manage.py seed_demo` in INSTALLED_APPS order; idempotent."""
        from .demo import seed

        seed(scale=scale, stdout=stdout)

    def nav_items(self, user) -> list[tuple[str, str]]:
        from django.urls import reverse

        from .access import has_role
        from .models import Role

        return [(_("Locked logins"), reverse("accounts_lockouts"))] if has_role(user, [Role.PROVINCE_ADMIN]) else []

    def demo_logins(self) -> list[str]:
        from .demo import DEMO_USERS

        return [username for username, *_rest in DEMO_USERS]
