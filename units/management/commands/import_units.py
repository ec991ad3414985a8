from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from units.services import UnitImportRejected, import_units

DEFAULT_FILE = Path(__file__).resolve().parents[2] / "data" / "nam-dinh-admin-units-2023.csv"


class Command(BaseCommand):
    help = "Import administrative units from a GSO export CSV (all-or-nothing; re-running changes nothing)."

    def add_arguments(self, parser):
        parser.add_argument(
            "path", nargs="?", default=str(DEFAULT_FILE), help="GSO export CSV (default: Nam Định 2023)"
        )

    def handle(self, *args, path: str, **options):
        try:
            with open(path, encoding="utf-8-sig", newline="") as stream:
                result = import_units(stream)
        except OSError as exc:
            raise CommandError(f"cannot read {path}: {exc}") from exc
        except UnicodeDecodeError as exc:
            raise CommandError(f"{path} is not UTF-8 text: {exc}") from exc
        except UnitImportRejected as exc:
            raise CommandError(
                f"{path} was rejected, nothing imported:\n" + "\n".join(str(e) for e in exc.errors)
            ) from exc
        c = result.created
        self.stdout.write(
            f"{path}: created {c[1]} province(s), {c[2]} district(s), {c[3]} commune(s); {result.unchanged} unchanged."
        )
