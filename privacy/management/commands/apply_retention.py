from django.core.management.base import BaseCommand

from privacy.retention import apply_retention


class Command(BaseCommand):
    help = "Blank visit notes and anonymise withdrawn households past their retention periods (settings)."

    def handle(self, *args, **options):
        result = apply_retention()
        self.stdout.write(
            f"{result.visit_notes_blanked} visit notes blanked, {result.households_anonymised} households anonymised."
        )
