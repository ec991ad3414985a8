from core.schedules import Schedule

SCHEDULES = [
    # Leaders read the past week's coverage on Monday morning; admins may move it in the beat admin.
    Schedule(
        "coverage: weekly report e-mail",
        "coverage.tasks.send_weekly_reports",
        crontab={"minute": "0", "hour": "7", "day_of_week": "1"},  # in CELERY_TIMEZONE (Asia/Ho_Chi_Minh)
    ),
]
