"""The weekly coverage report by e-mail to subscribed leaders (coverage.schedules: Monday morning).

Each mail is claimed in a ledger (core.ledger.claim: one row per leader and week) inside the
transaction that sends it: a second worker or a re-run beat finds the row and sends nothing, and a
failed send rolls the claim back so the next run tries again.
"""

from datetime import date, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from accounts.access import is_staff_role
from accounts.models import User
from core.indicators import Period
from core.ledger import claim
from core.qr import public_base_url
from core.tasks import enqueue_on_commit

from . import reports
from .models import WeeklyReportMail, WeeklyReportSubscription

BEHIND_SHOWN = 10  # communes with the lowest % reached listed in the mail


def last_week(today: date) -> Period:
    monday = today - timedelta(days=today.weekday() + 7)
    return Period(monday, monday + timedelta(days=6))


def behind(rows: list) -> list:
    """Lowest % reached first; communes with no register yet after them (no figure to compare)."""
    return sorted(rows, key=lambda r: (r.reached_of_register is None, r.reached_of_register or 0, r.unit.name_folded))


def enqueue_weekly_mails(today: date | None = None) -> int:
    """One send task per subscribed, active leader with an address; returns how many."""
    from .tasks import send_weekly_report  # the task module imports this one

    week = last_week(today or timezone.localdate())
    leaders = list(
        User.objects.filter(pk__in=WeeklyReportSubscription.objects.values("user_id"), is_active=True)
        .exclude(email="")
        .values_list("pk", flat=True)
    )
    for user_id in leaders:
        enqueue_on_commit(send_weekly_report, user_id, week.start.isoformat())
    return len(leaders)


def send_weekly_mail(user_id: int, week_start: str) -> bool:
    """Mail one leader the report of their unit for the week starting week_start; True if sent now."""
    start = date.fromisoformat(week_start)
    user = User.objects.select_related("unit").filter(pk=user_id, is_active=True).first()
    subscribed = WeeklyReportSubscription.objects.filter(user_id=user_id).exists()
    if user is None or not subscribed or not user.email or user.unit is None or not is_staff_role(user):
        return False
    with transaction.atomic():
        if not claim(WeeklyReportMail, user_id=user_id, week_start=start):
            return False
        with translation.override(settings.LANGUAGE_CODE):
            data = reports.gather(user.unit, Period(start, start + timedelta(days=6)))
            communes = [row for section in data.sections for row in section.rows]
            context = {
                "user": user,
                "data": data,
                "title": reports.title(data),
                "period": reports.period_text(data.period),
                "behind": behind(communes)[:BEHIND_SHOWN],
                "link": public_base_url(None) + reverse("coverage:unit", args=[user.unit.code]),
                "reports_link": public_base_url(None) + reverse("coverage_reports:list"),
            }
            send_mail(
                render_to_string("coverage/reports/weekly_email_subject.txt", context).strip(),
                render_to_string("coverage/reports/weekly_email.txt", context),
                None,
                [user.email],
            )
    return True
