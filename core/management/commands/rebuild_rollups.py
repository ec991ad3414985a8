from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction


class Command(BaseCommand):
    help = "Recount every app's rollups (visits and scans per commune and day, …) from the source rows."

    def handle(self, *args, **options):
        # Each app recounts its own through its AppConfig (core imports no app), all in one transaction.
        with transaction.atomic():
            for config in apps.get_app_configs():
                if hasattr(config, "rebuild_rollups"):
                    config.rebuild_rollups()
        self.stdout.write(self.style.SUCCESS("Rollups rebuilt."))
