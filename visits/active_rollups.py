"""Each person's first and last current visit (VolunteerActivity), recounted for everyone who belongs
to a unit by a task every minute (visits.tasks.refresh_volunteer_activity; the architecture allows
a rollup "within a minute by a task"). Counted from the visits, never added to: two probes of the
visit_volunteer_time index per person (5,000 volunteers: tens of milliseconds a minute), and a row
is written only when its moments changed. Kept out of the sync's transaction on purpose: the sync
would otherwise lock and recount every author of the visits its edits replace.
"""

from django.contrib.auth import get_user_model
from django.db import connection

from .models import Visit, VolunteerActivity

# "Current": no edit replaced the visit (the NOT EXISTS probe the visit rollups use too).
_REFRESH_SQL = """
INSERT INTO {activity} (volunteer_id, first_at, last_at)
SELECT u.id,
    (SELECT v.visited_at FROM {visit} v
     WHERE v.volunteer_id = u.id AND NOT EXISTS (SELECT 1 FROM {visit} r WHERE r.replaces_id = v.id)
     ORDER BY v.visited_at LIMIT 1),
    (SELECT v.visited_at FROM {visit} v
     WHERE v.volunteer_id = u.id AND NOT EXISTS (SELECT 1 FROM {visit} r WHERE r.replaces_id = v.id)
     ORDER BY v.visited_at DESC LIMIT 1)
FROM {user} u
-- People who made a visit or have a row already (whose visits may all be gone now): not every learner
-- or officer who never visits anyone.
WHERE u.unit_id IS NOT NULL
    AND (EXISTS (SELECT 1 FROM {visit} v WHERE v.volunteer_id = u.id)
         OR EXISTS (SELECT 1 FROM {activity} a WHERE a.volunteer_id = u.id))
ON CONFLICT (volunteer_id) DO UPDATE SET first_at = EXCLUDED.first_at, last_at = EXCLUDED.last_at
WHERE ({activity}.first_at, {activity}.last_at) IS DISTINCT FROM (EXCLUDED.first_at, EXCLUDED.last_at)
"""


def refresh_all() -> int:
    """Recount everyone's first and last current visit; returns the number of rows written."""
    sql = _REFRESH_SQL.format(
        activity=VolunteerActivity._meta.db_table,
        visit=Visit._meta.db_table,
        user=get_user_model()._meta.db_table,
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.rowcount
