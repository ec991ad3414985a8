"""Writing the audit log (from core.audit's announcements) and purging what is past retention."""

from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection, models, transaction
from django.utils import timezone

from .models import AuditEntry


def record(*, action: str, model: type[models.Model], ids: list | None, fields: list[str], actor, **_signal) -> None:
    """The receiver of core.audit.personal_data_touched: one entry per record (one for a whole list)."""
    common = {
        "action": action,
        "target_type": ContentType.objects.get_for_model(model),
        "fields": fields,
        "actor_id": getattr(actor, "pk", None),
        "actor_unit_id": getattr(actor, "unit_id", None),
    }
    now = timezone.now()
    AuditEntry.objects.bulk_create(
        [AuditEntry(at=now, target_id=str(pk), **common) for pk in ([""] if ids is None else ids)]
    )


def purge_expired(now=None) -> int:
    """Delete entries older than AUDIT_RETENTION_DAYS through audit_purge(), the one way the
    append-only trigger lets rows go (and only rows older than the cut-off it is given)."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.AUDIT_RETENTION_DAYS)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT audit_purge(%s)", [cutoff])
        return cursor.fetchone()[0]
