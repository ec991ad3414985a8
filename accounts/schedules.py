from datetime import timedelta

from core.schedules import Schedule

SCHEDULES = [
    # Expired sessions are otherwise kept in the database for ever.
    Schedule("accounts: delete expired sessions", "accounts.tasks.clear_expired_sessions", every=timedelta(hours=6)),
]
