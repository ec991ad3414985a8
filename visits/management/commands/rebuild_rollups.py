from django.core.management.base import BaseCommand

from visits import rollups, team_rollups


class Command(BaseCommand):
    help = "Recount the rollups of households and visits (per commune, team and their days) from the source rows."

    def handle(self, *args, **options):
        rollups.rebuild_all()
        team_rollups.rebuild_all()
        self.stdout.write(self.style.SUCCESS("Rollups rebuilt."))
