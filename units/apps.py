from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UnitsConfig(AppConfig):
    name = "units"
    verbose_name = _("Administrative units")

    def seed_demo(self, scale: str, stdout) -> None:
        """The shipped Nam Định units, unless some are imported already (every other demo needs them)."""
        from django.core.management import call_command

        from .models import AdministrativeUnit

        if not AdministrativeUnit.objects.exists():
            call_command("import_units", stdout=stdout)
