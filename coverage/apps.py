from django.apps import AppConfig
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class CoverageConfig(AppConfig):
    name = "coverage"
    verbose_name = _("Coverage")

    def nav_items(self, user) -> list[tuple[str, str]]:
        from accounts.access import is_staff_role

        return [(_("Coverage"), reverse("coverage:home"))] if is_staff_role(user) else []
