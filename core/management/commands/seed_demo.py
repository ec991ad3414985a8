from importlib import import_module

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from units.models import AdministrativeUnit

# Each capability seeds its own demo data; order matters (accounts before their users' work).
DEMO_SEEDERS = ["accounts.demo", "visits.demo", "products.demo", "scans.demo"]


class Command(BaseCommand):
    help = "Create demo accounts and data (idempotent). Imports the default units first if none exist."

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=["demo", "large"], default="demo", help="large: benchmark volumes")

    def handle(self, *args, scale: str, **options):
        if not AdministrativeUnit.objects.exists():
            call_command("import_units", stdout=self.stdout)
        for module_name in DEMO_SEEDERS:
            try:
                module = import_module(module_name)
            except ModuleNotFoundError as exc:
                if exc.name != module_name:
                    raise
                continue
            with transaction.atomic():
                module.seed(scale=scale, stdout=self.stdout)
        from accounts.demo import DEMO_PASSWORD, DEMO_USERS

        logins = ", ".join(username for username, *_rest in DEMO_USERS)
        self.stdout.write(f"Demo logins (password '{DEMO_PASSWORD}'): {logins}")
