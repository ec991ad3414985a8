from django.apps import AppConfig
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class ProductsConfig(AppConfig):
    name = "products"
    verbose_name = _("QR product pages")

    def ready(self) -> None:
        # Every receiver of the app (cached pages and QR statuses) is in one module.
        from . import signals  # noqa: F401

    def indicator_sources(self) -> list:
        """Indicators for the coverage dashboard (core.indicators)."""
        from .indicators import SOURCE

        return [SOURCE]

    def seed_demo(self, scale: str, stdout) -> None:
        """Called by `manage.py seed_demo` in INSTALLED_APPS order; idempotent."""
        from .demo import seed

        seed(scale=scale, stdout=stdout)

    def nav_items(self, user) -> list[tuple[str, str]]:
        from accounts.access import is_staff_role

        if not is_staff_role(user):
            return []
        return [(_("Producers & products"), reverse("products_staff:producer_list"))]
