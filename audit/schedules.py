from core.schedules import Schedule

SCHEDULES = [
    # The log is kept AUDIT_RETENTION_DAYS, then goes: keeping it for ever would itself keep too much.
    Schedule(
        "audit: purge entries past retention", "audit.tasks.purge_audit_log", crontab={"minute": "30", "hour": "2"}
    ),
]
