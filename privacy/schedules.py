from core.schedules import Schedule

SCHEDULES = [
    # Old visit notes and withdrawn households' records are anonymised once their retention ends.
    Schedule(
        "privacy: apply retention periods",
        "privacy.tasks.apply_retention_periods",
        crontab={"minute": "0", "hour": "3"},
    ),
]
