from datetime import timedelta

from core.schedules import Schedule

SCHEDULES = [
    # Leaders read the past week's coverage on Monday morning; admins may move it in the beat admin.
    Schedule(
        "coverage: weekly report e-mail",
        "coverage.tasks.send_weekly_reports",
        crontab={"minute": "0", "hour": "7", "day_of_week": "1"},  # in CELERY_TIMEZONE (Asia/Ho_Chi_Minh)
    ),
    # The province's and the districts' pages are counted ahead of their readers, a little more often than
    # their figures are remembered (COVERAGE_FIGURES_MAX_AGE, 60 s), so a leader does not wait for the count.
    Schedule(
        "coverage: remember the dashboard figures", "coverage.tasks.remember_figures", every=timedelta(seconds=50)
    ),
]
