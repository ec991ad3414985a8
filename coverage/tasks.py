"""Celery tasks of coverage: they take ids and call services."""

from celery import shared_task

from . import report_services, weekly


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
