from django.core.management.base import BaseCommand

from visits import rollups


class Command(BaseCommand):
    help = "Recount the per-commune and per-commune-day rollups of households and visits from the source rows."

    def handle(self, *args, **options):
        rollups.rebuild_all()
        self.stdout.write(self.style.SUCCESS("Rollups rebuilt."))
