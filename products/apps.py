import contextlib

from django.apps import AppConfig
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _


class ProductsConfig(AppConfig):
    name = "products"
    verbose_name = _("QR product pages")

    def ready(self) -> None:
        from . import signals  # noqa: F401 - connects the cache-invalidation backstop

    def nav_items(self, user) -> list[tuple[str, str]]:
        from accounts.access import is_staff_role

        if not is_staff_role(user):
            return []
        items = [(_("Producers & products"), reverse("products_staff:producer_list"))]
        with contextlib.suppress(NoReverseMatch):  # the scans app may not be mounted (yet)
            items.append((_("Scans"), reverse("scans:dashboard")))
        return items
