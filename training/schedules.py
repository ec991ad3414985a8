from datetime import timedelta

from core.schedules import Schedule

SCHEDULES = [
    # Moves the verification counts gathered in Redis into Certificate.verification_count.
    Schedule(
        "training: flush verification counts",
        "training.tasks.flush_verification_counts",
        every=timedelta(minutes=5),
    ),
]
