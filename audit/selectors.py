from datetime import date

from django.db.models import QuerySet

from .models import AuditEntry


def entries(
    *,
    action: str = "",
    record_type: str = "",
    record: str = "",
    who: str = "",
    since: date | None = None,
    until: date | None = None,
) -> QuerySet[AuditEntry]:
    """The log, newest first, with who, their unit and the record type in the same query."""
    found = AuditEntry.objects.select_related("actor", "actor_unit", "target_type")
    if action:
        found = found.filter(action=action)
    if record_type:
        found = found.filter(target_type_id=int(record_type))
    if record:
        found = found.filter(target_id=record)
    if who:
        found = found.filter(actor__username=who)
    if since:
        found = found.filter(at__date__gte=since)
    if until:
        found = found.filter(at__date__lte=until)
    return found
