"""Django's database sessions, read with one plain SELECT instead of a model query.

Every logged-in request reads its session first. The stored rows, their expiry, writes, deletes and
`clearsessions` are Django's own (`django.contrib.sessions.backends.db`); only the read differs: the
session's data comes from one parameterised statement without building a queryset and a model
instance, which was most of the cost of reading a session. The session stays in PostgreSQL, so a
logout or an expired session is seen by every process at once, and nothing depends on Redis.
The text is also kept as read (`stored_data`): a fast path (training.lesson_page) may later check in
its own statement that the row still holds exactly that.
"""

from django.contrib.sessions.backends import db
from django.db import connections, router
from django.utils import timezone


class SessionStore(db.SessionStore):
    stored_data: str | None = None  # the row's session_data as read, before decoding

    def load(self):
        model = self.model
        table = model._meta.db_table  # a constant: Django's own table name
        sql = f"SELECT session_data FROM {table} WHERE session_key = %s AND expire_date > %s"  # noqa: S608
        with connections[router.db_for_read(model)].cursor() as cursor:
            cursor.execute(sql, [self.session_key, timezone.now()])
            row = cursor.fetchone()
        if row is None:  # unknown or expired: a new key if the session is saved, as Django does
            self._session_key = None
            return {}
        self.stored_data = row[0]  # as stored: a fast path may later ask PostgreSQL "still exactly this?"
        return self.decode(row[0])
