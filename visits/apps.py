from django.apps import AppConfig
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class VisitsConfig(AppConfig):
    name = "visits"
    verbose_name = _("Door-to-door outreach")
    nav_order = 10  # the outreach work leads the menu

    def ready(self) -> None:
        from . import signals  # noqa: F401 - connects the rollup receivers

    def indicator_sources(self) -> list:
        """The coverage dashboard's indicators from the register and the visits (core.indicators)."""
        from .indicators import ACTIVE_SOURCE, SOURCE

        return [SOURCE, ACTIVE_SOURCE]

    def rebuild_rollups(self) -> None:
        """Called by `manage.py rebuild_rollups`: recount the register's and the visits' rollups (per
        commune, team and their days, and who was active when)."""
        from . import active_rollups, rollups, team_rollups

        rollups.rebuild_all()
        team_rollups.rebuild_all()
        active_rollups.refresh_all()

    def seed_demo(self, scale: str, stdout) -> None:
        """Called by `manage.py seed_demo` in INSTALLED_APPS order; idempotent."""
        from .demo import seed

        seed(scale=scale, stdout=stdout)

    def nav_items(self, user) -> list[tuple[str, str]]:
        from accounts.access import is_staff_role
        from accounts.models import Role

        if not user.is_authenticated:
            return []
        if is_staff_role(user):
            from .selectors import has_fishing_work

            register = [
                (_("Households"), reverse("visits_staff:household_list")),
                (_("Teams"), reverse("visits_staff:team_list")),
            ]
            if has_fishing_work(user):
                register.append((_("Vessels"), reverse("visits_staff:vessel_list")))
            progress = (_("Progress"), reverse("visits_staff:progress"))
            # Each role's start page (accounts/start.py) comes first.
            if user.role == Role.COMMUNE_OFFICER:
                return [(_("Today"), reverse("visits_staff:today")), *register, progress]
            return [progress, *register]
        if user.role == Role.VOLUNTEER:
            return [(_("My households"), reverse("visits_pwa:walk_list"))]
        return []
