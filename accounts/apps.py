from django.apps import AppConfig
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")
    nav_order = 60  # after the outreach work itself (core/context_processors.py)

    def ready(self) -> None:
        from . import signals  # noqa: F401  (connects the receivers)

    def seed_demo(self, scale: str, stdout) -> None:
        """Called by `manage.py seed_demo` in INSTALLED_APPS order; idempotent."""
        from .demo import seed

        seed(scale=scale, stdout=stdout)

    def demo_logins(self) -> list[str]:
        from .demo import DEMO_USERS

        return [username for username, *_rest in DEMO_USERS]

    def nav_items(self, user) -> list[tuple[str, str]]:
        from .access import has_role, is_staff_role
        from .models import Role

        items = [(_("People"), reverse("people:list"))] if is_staff_role(user) else []
        if has_role(user, [Role.PROVINCE_ADMIN]):
            items.append((_("Locked logins"), reverse("accounts_lockouts")))
        return items
