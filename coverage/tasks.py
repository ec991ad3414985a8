"""Celery tasks of coverage: they take ids and call services."""

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from . import report_services, selectors, weekly


@shared_task(ignore_result=True)
def build_report(report_id: int) -> None:
    report_services.build(report_id)


@shared_task(ignore_result=True)
def send_weekly_reports() -> int:
    """Scheduled by coverage.schedules (Monday morning): one mail task per subscribed leader."""
    return weekly.enqueue_weekly_mails()


@shared_task(ignore_result=True)
def send_weekly_report(user_id: int, week_start: str) -> None:
    weekly.send_weekly_mail(user_id, week_start)


@shared_task(ignore_result=True, expires=45)
def remember_figures() -> int:
    """Scheduled by coverage.schedules: the most opened dashboard pages counted ahead of their readers."""
    if settings.COVERAGE_FIGURES_MAX_AGE <= 0:
        return 0
    return selectors.recount_opened_pages(timezone.localdate())
