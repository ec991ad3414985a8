from core.schedules import Schedule

from .kinds import all_kinds

# One beat entry per swept kind at the time its module gives (with the reason beside it there).
SCHEDULES = [
    Schedule(f"notifications: {kind.code}", f"notifications.sweep.{kind.code}", crontab=kind.sweep_crontab)
    for kind in all_kinds()
    if kind.sweep_crontab is not None
]
