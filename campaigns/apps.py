from django.apps import AppConfig
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    name = "campaigns"
    verbose_name = _("Communication campaigns")

    def ready(self) -> None:
        from . import rollup_receivers  # noqa: F401 - connects the rollup receivers

    def rebuild_rollups(self) -> None:
        """Called by `manage.py rebuild_rollups`: recount every unit's communication of all time."""
        from .rollups import rebuild_all

        rebuild_all()

    def nav_items(self, user) -> list[tuple[str, str]]:
        from .access import reads_campaigns

        if not reads_campaigns(user):
            return [(_("News"), reverse("campaigns:news_list"))]
        # One menu entry: the campaign pages share their own tabs (templates/campaigns/_tabs.html).
        return [(_("Campaigns"), reverse("campaigns:activity_list"))]

    def indicator_sources(self) -> list:
        """Communication activities for the coverage dashboard (core.indicators)."""
        from .indicators import SOURCE

        return [SOURCE]

    def seed_demo(self, scale: str, stdout) -> None:
        """Called by `manage.py seed_demo` in INSTALLED_APPS order (after accounts and visits); idempotent."""
        from .demo import seed

        seed(scale=scale, stdout=stdout)
