from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.module_loading import import_string

from core.demo import DEMO_PASSWORD


class Command(BaseCommand):
    help = "Create demo accounts and data (idempotent). Imports the default units first if none exist."

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            choices=["demo", "large"],
            default="demo",
            help="large: the province at full size, into its own database (BENCH_SCALE=small: 1/50)",
        )

    def handle(self, *args, scale: str, **options):
        if scale == "large":
            # Benchmark volumes go into a separate database (settings.LARGE_SCALE_SEEDER names the
            # builder, so core imports no app); the demo data here stays as it is.
            import_string(settings.LARGE_SCALE_SEEDER)(stdout=self.stdout)
            return
        # Each app seeds its own demo through its AppConfig, in INSTALLED_APPS order (units, then
        # accounts, then the apps whose data belongs to those users), so core imports no app.
        configs = apps.get_app_configs()
        for config in configs:
            if hasattr(config, "seed_demo"):
                with transaction.atomic():
                    config.seed_demo(scale=scale, stdout=self.stdout)
        logins = [username for config in configs if hasattr(config, "demo_logins") for username in config.demo_logins()]
        self.stdout.write(f"Demo logins (password '{DEMO_PASSWORD}'): {', '.join(logins)}")
