from django.apps import AppConfig
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    name = "campaigns"
    verbose_name = _("Communication campaigns")

    def nav_items(self, user) -> list[tuple[str, str]]:
        from .access import reads_campaigns

        if not reads_campaigns(user):
            return [(_("News"), reverse("campaigns:news_list"))]
        return [
            (_("Campaigns"), reverse("campaigns:campaign_list")),
            (_("Activities"), reverse("campaigns:activity_list")),
            (_("Documents"), reverse("campaigns:document_list")),
            (_("Bulletins"), reverse("campaigns:bulletin_index")),
        ]

    def seed_demo(self, stdout) -> None:
        from .demo import seed

        seed(scale="demo", stdout=stdout)
