"""Writing the audit log (from core.audit's announcements) and purging what is past retention."""

from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection, models, transaction
from django.utils import timezone

from .models import AuditEntry


def record(
    *, action: str, model: type[models.Model], ids: list | None, fields: list[str], actor, rows=None, **_signal
) -> None:
    """The receiver of core.audit.personal_data_touched: one entry per record (one for a whole list),
    in one INSERT however many records (a synced batch of 500 visits costs one statement)."""
    target_ids = [""] if ids is None else [str(pk) for pk in ids]
    table = AuditEntry._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (at, actor_id, actor_unit_id, action, target_type_id, target_id, fields, rows) "  # noqa: S608
            "SELECT %s, %s, %s, %s, %s, target_id, %s, %s FROM unnest(%s::varchar[]) AS target_id",
            [
                timezone.now(),
                getattr(actor, "pk", None),
                getattr(actor, "unit_id", None),
                action,
                ContentType.objects.get_for_model(model).pk,
                list(fields),
                rows,
                target_ids,
            ],
        )


def purge_expired(now=None) -> int:
    """Delete entries older than AUDIT_RETENTION_DAYS through audit_purge(), the one way the
    append-only trigger lets rows go (and only rows older than the cut-off it is given)."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.AUDIT_RETENTION_DAYS)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT audit_purge(%s)", [cutoff])
        return cursor.fetchone()[0]
