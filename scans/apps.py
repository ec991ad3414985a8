from django.apps import AppConfig
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class ScansConfig(AppConfig):
    name = "scans"
    verbose_name = _("QR scan analytics")

    def ready(self) -> None:
        from products.signals import product_page_viewed

        from .services import count_product_page_view

        product_page_viewed.connect(count_product_page_view, dispatch_uid="scans_count_product_page_view")
        from . import signals  # noqa: F401  (the scan rollups follow products and producers)

    def indicator_sources(self) -> list:
        """Indicators for the coverage dashboard (core.indicators)."""
        from .indicators import SOURCE

        return [SOURCE]

    def rebuild_rollups(self) -> None:
        """Called by `manage.py rebuild_rollups`: recount every scan rollup."""
        from .rollups import rebuild_all

        rebuild_all()

    def seed_demo(self, scale: str, stdout) -> None:
        """Called by `manage.py seed_demo` in INSTALLED_APPS order; idempotent."""
        from .demo import seed

        seed(scale=scale, stdout=stdout)

    def nav_items(self, user) -> list[tuple[str, str]]:
        from accounts.access import is_staff_role

        return [(_("Scans"), reverse("scans:dashboard"))] if is_staff_role(user) else []
