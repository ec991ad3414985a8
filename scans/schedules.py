from datetime import timedelta

from core.schedules import Schedule

SCHEDULES = [
    # Moves the day's counters from Redis into ScanDay, where the dashboard reads them.
    Schedule("scans: flush scan counters to ScanDay", "scans.tasks.flush_scan_counters", every=timedelta(minutes=5)),
]
