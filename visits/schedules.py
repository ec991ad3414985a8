from datetime import timedelta

from core.schedules import Schedule

SCHEDULES = [
    # Who was active when, for the coverage dashboard's active volunteers and teams (visits.active_rollups).
    Schedule(
        "visits: recount each volunteer's first and last visit",
        "visits.tasks.refresh_volunteer_activity",
        every=timedelta(minutes=1),
    ),
]
