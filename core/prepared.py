"""Statements a hot path runs on every request, parsed and planned once per database connection.

psycopg2 sends every statement as text with its values inlined, so PostgreSQL parses and plans it
each time. For a statement that is cheap to run but joins several tables that is most of its cost:
the lesson page's one statement (five tables, two CTEs) took 0.7 ms of PostgreSQL CPU to plan and
0.3 ms to run. A PreparedStatement is PREPAREd on a connection the first time it runs there and
EXECUTEd afterwards (after five executions PostgreSQL settles on a generic plan when it is no worse).
The PREPARE travels with the first EXECUTE, in the same round trip: a request still makes one query.

Prepared statements belong to the database session, not to a transaction (a rollback keeps them),
and PostgreSQL re-plans one itself when a table it reads changes (a migration). A new connection
(Django closes one after CONN_MAX_AGE or an error) is a new psycopg2 object, so it is prepared again.
Not for a pooler in transaction mode (PgBouncer), which would hand the session's statements to
another client: the portal connects to PostgreSQL directly.
"""

import itertools
import re
import weakref

from django.db import InterfaceError, OperationalError
from django.db import connection as default_connection

_PLACEHOLDER = re.compile(r"%\((\w+)\)s")


class ConnectionLost(Exception):
    """The statement found the request's connection broken (a PostgreSQL restart): it is closed now."""


class PreparedStatement:
    """`sql` with %(name)s placeholders and `types`, each placeholder's PostgreSQL type by name."""

    def __init__(self, name: str, sql: str, types: dict[str, str]):
        self.name = name
        self.order = list(types)
        positions = {param: index for index, param in enumerate(self.order, start=1)}
        unknown = set(_PLACEHOLDER.findall(sql)) - set(positions)
        if unknown:
            raise ValueError(f"{name}: no type for {', '.join(sorted(unknown))}")
        self._types = ", ".join(types.values())
        # Still with %% for a percent sign: the text always goes through psycopg2's interpolation.
        self._body = _PLACEHOLDER.sub(lambda match: f"${positions[match.group(1)]}", sql)
        self._arguments = ", ".join(["%s"] * len(self.order))
        # By psycopg2 connection (a closed one drops out by itself): EXECUTE of the name prepared on it.
        self._prepared: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
        self._attempts = itertools.count(1)

    def execute(self, cursor, params: dict, connection=default_connection) -> None:
        """Run the statement with these values on `cursor`, a cursor of `connection`; fetch from it after."""
        raw = connection.connection
        values = [params[param] for param in self.order]
        execute = self._prepared.get(raw)
        if execute is not None:
            cursor.execute(execute, values)
            return
        # PREPARE and the first EXECUTE in one round trip (one query, as before). A name of its own per
        # attempt: if the EXECUTE fails, the PREPARE may have stood (it is not undone by a rollback),
        # and preparing the same name again would fail.
        name = f"{self.name}_{next(self._attempts)}"
        execute = f"EXECUTE {name} ({self._arguments})"
        cursor.execute(f"PREPARE {name} ({self._types}) AS {self._body}; {execute}", values)
        self._prepared[raw] = execute

    def fetchone_first(self, params: dict, connection=default_connection) -> tuple | None:
        """The statement's one row, run as the request's first statement standing in for Django's
        health check. With CONN_HEALTH_CHECKS Django sends "SELECT 1" before a request's first query,
        a round trip of its own; a hot path whose only statement is this one lets the statement be
        the check: if the connection turns out broken it is closed and ConnectionLost raised, and the
        caller answers another way (Django connects afresh at the next query), as the check would have
        done. Inside a transaction, or once the request was checked, it is a plain execute."""
        stands_in = (
            connection.connection is not None
            and connection.health_check_enabled
            and not connection.health_check_done
            and not connection.in_atomic_block
        )
        if stands_in:
            connection.health_check_done = True
        try:
            with connection.cursor() as cursor:
                self.execute(cursor, params, connection)
                return cursor.fetchone()
        except (InterfaceError, OperationalError) as exc:
            if not stands_in:
                raise
            connection.close()
            raise ConnectionLost from exc
