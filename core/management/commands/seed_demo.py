from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from core.demo import DEMO_PASSWORD


class Command(BaseCommand):
    help = "Create demo accounts and data (idempotent). Imports the default units first if none exist."

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=["demo", "large"], default="demo", help="large: benchmark volumes")

    def handle(self, *args, scale: str, **options):
        # Each app seeds its own demo through its AppConfig, in INSTALLED_APPS order (units, then
        # accounts, then the apps whose data belongs to those users), so core imports no app.
        configs = apps.get_app_configs()
        for config in configs:
            if hasattr(config, "seed_demo"):
                with transaction.atomic():
                    config.seed_demo(scale=scale, stdout=self.stdout)
        logins = [username for config in configs if hasattr(config, "demo_logins") for username in config.demo_logins()]
        self.stdout.write(f"Demo logins (password '{DEMO_PASSWORD}'): {', '.join(logins)}")
