from django.core.management.base import BaseCommand

from audit.services import purge_expired


class Command(BaseCommand):
    help = "Delete audit-log entries older than AUDIT_RETENTION_DAYS (the only deletion the log allows)."

    def handle(self, *args, **options):
        purged = purge_expired()
        self.stdout.write(f"{purged} audit entries older than the retention period deleted.")
