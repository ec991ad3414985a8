"""Requesting, building and subscribing to reports (the writes; views and tasks call these)."""

import logging
from datetime import date, timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from accounts.models import User
from core.indicators import Period
from core.tasks import enqueue_on_commit
from units.models import AdministrativeUnit

from . import reports
from .models import Report, WeeklyReportSubscription

logger = logging.getLogger(__name__)
# A build not finished by then lost its worker: the next request for that report starts afresh.
STALE_AFTER = timedelta(minutes=15)


def period_of(period_kind: str, day: date) -> Period:
    """The week (Monday to Sunday) or the calendar month holding day."""
    if period_kind == Report.PeriodKind.WEEK:
        monday = day - timedelta(days=day.weekday())
        return Period(monday, monday + timedelta(days=6))
    first = day.replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    return Period(first, following - timedelta(days=1))


def request_report(
    user: User | None, scope: AdministrativeUnit, kind: str, period_kind: str, day: date
) -> tuple[Report, bool]:
    """A new report queued for building, or the one already queued/building for the same scope,
    format and period (joined: True). The partial unique constraint decides when two race."""
    start, end = period_of(period_kind, day)
    key = {"scope": scope, "kind": kind, "period_kind": period_kind, "period_start": start}
    active = Report.objects.filter(**key, status__in=Report.ACTIVE)
    active.filter(requested_at__lt=timezone.now() - STALE_AFTER).update(
        status=Report.Status.FAILED, error="The build did not finish in time (the worker stopped?).", progress=0
    )
    for _attempt in range(3):
        try:
            with transaction.atomic():
                report = Report.objects.create(**key, period_end=end, requested_by=user)
                from .tasks import build_report  # the task module imports this one

                enqueue_on_commit(build_report, report.pk)
            return report, False
        except IntegrityError:
            existing = active.first()
            if existing is not None:
                return existing, True
    raise RuntimeError("could not queue or join the report")  # the joined build ended three times in a row


def retry(user: User, report: Report) -> tuple[Report, bool]:
    """A failed report built again: a new request with the same scope, format and period."""
    return request_report(user, report.scope, report.kind, report.period_kind, report.period_start)


def _set(report_id: int, **fields) -> None:
    # Outside the build's work: each progress step is its own commit, so the page sees it at once.
    Report.objects.filter(pk=report_id).update(**fields)


def build(report_id: int) -> None:
    """Build a queued report (the Celery task's work). Claims it first (queued → building), so a task
    delivered twice builds once; a failure is recorded on the report, not raised."""
    claimed = Report.objects.filter(pk=report_id, status=Report.Status.QUEUED).update(
        status=Report.Status.BUILDING, started_at=timezone.now(), progress=0
    )
    if not claimed:
        return
    report = Report.objects.select_related("scope").get(pk=report_id)
    try:
        with translation.override(settings.LANGUAGE_CODE):
            data = reports.gather(report.scope, Period(report.period_start, report.period_end))
            _set(report_id, progress=10)
            content = reports.RENDERERS[report.kind](data, lambda p: _set(report_id, progress=10 + p * 85 // 100))
        report.file.save(reports.file_name(report.scope, report.kind, report.period_start), ContentFile(content), False)
        _set(report_id, status=Report.Status.DONE, progress=100, file=report.file.name, finished_at=timezone.now())
    except Exception as error:  # noqa: BLE001 - any failure is the report's, shown on the page with a retry
        logger.exception("report %s failed", report_id)
        _set(
            report_id,
            status=Report.Status.FAILED,
            error=f"{type(error).__name__}: {error}"[:500],
            finished_at=timezone.now(),
        )


def set_weekly_subscription(user: User, subscribed: bool) -> None:
    if subscribed:
        WeeklyReportSubscription.objects.get_or_create(user=user)
    else:
        WeeklyReportSubscription.objects.filter(user=user).delete()
