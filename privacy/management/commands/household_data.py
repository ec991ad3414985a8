import json

from django.core.management.base import BaseCommand, CommandError

from privacy.services import erase_household, household_record
from visits.models import Household


class Command(BaseCommand):
    help = (
        "A household's data rights: `export PK` prints everything stored about it as JSON; "
        "`erase PK --yes` anonymises it (name, phone, address, consent names, visit notes), keeping the counts."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["export", "erase"])
        parser.add_argument("household", type=int)
        parser.add_argument("--yes", action="store_true", help="confirm the erasure")

    def handle(self, *args, action, household, yes, **options):
        found = Household.objects.filter(pk=household).first()
        if found is None:
            raise CommandError(f"No household {household}.")
        if action == "export":
            self.stdout.write(json.dumps(household_record(found), ensure_ascii=False, indent=2))
            return
        if not yes:
            raise CommandError("Erasure cannot be undone: add --yes to confirm.")
        erase_household(found.pk)
        self.stdout.write(f"Household {household} anonymised.")
