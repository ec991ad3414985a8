"""COPY generated rows into tables whose indexes and constraints wait until everything is in.

Checking a foreign key per row and updating five indexes per row is what makes inserting millions
of rows slow; PostgreSQL builds an index, and validates a foreign key, far faster in one pass over
the finished table. `deferred_constraints` takes them off the given tables and puts back exactly
what was there (pg_get_constraintdef / pg_indexes), primary keys excepted.
"""

import datetime
import io
import queue
import threading
import time
from contextlib import contextmanager

from django.db import connection
from django.db.models import Model
from django.utils import timezone

CHUNK_LINES = 100_000
QUEUED_CHUNKS = 4  # generated chunks waiting for COPY at most (bounds memory)


class CopyWriter:
    """COPYs chunks in a thread while the caller generates the next ones: psycopg2 releases the GIL
    while PostgreSQL works, so generating (Python) and storing (PostgreSQL) overlap. The thread uses
    the same database connection (and transaction); the caller does not query while it runs."""

    def __init__(self):
        self.raw = connection.connection  # psycopg2's connection, shareable between threads
        self.chunks: queue.Queue = queue.Queue(maxsize=QUEUED_CHUNKS)
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, name="scale-copy", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while (item := self.chunks.get()) is not None:
            if self.error is None:
                try:
                    with self.raw.cursor() as cursor:
                        cursor.copy_expert(*item)
                except BaseException as error:  # noqa: BLE001 - raised again in the caller's thread
                    self.error = error

    def put(self, sql: str, text: str) -> None:
        if self.error is not None:
            raise self.error
        self.chunks.put((sql, io.StringIO(text)))

    def close(self) -> None:
        self.chunks.put(None)
        self.thread.join()
        if self.error is not None:
            raise self.error


def text(value) -> str:
    """A value in COPY's text format (generated values hold no tab, newline or backslash)."""
    if value is None:
        return r"\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, list | tuple):
        return "{" + ",".join(str(v) for v in value) + "}"
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    return str(value)


def _constant(field, now: datetime.datetime):
    """The value every generated row takes for a column the generator does not give."""
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return now
    if field.has_default() or (field.empty_strings_allowed and field.blank and not field.null):
        return field.get_default()  # "" for a blank text field without a default, as Django stores it
    if field.null:
        return None
    raise ValueError(f"scale seeding gives no value for {field.model.__name__}.{field.name}")


class Table:
    """A model's table: the columns a generator's lines give, then every other column at its default,
    so a field another app adds later (with a default) does not break the seeding."""

    def __init__(self, model: type[Model], given: list[str], writer: CopyWriter):
        self.writer = writer
        self.name = model._meta.db_table
        now = timezone.now()
        rest = [f for f in model._meta.concrete_fields if f.column not in given]
        self.columns = given + [f.column for f in rest]
        self.suffix = "".join("\t" + text(_constant(f, now)) for f in rest)
        self.pending: list[str] = []
        self.count = 0

    def add(self, line: str) -> None:
        """One row, tab-separated, without the newline; sent with the next full chunk."""
        self.pending.append(line)
        if len(self.pending) >= CHUNK_LINES:
            self.flush()

    def flush(self) -> None:
        if not self.pending:
            return
        sql = f'COPY "{self.name}" ({", ".join(self.columns)}) FROM STDIN'
        self.writer.put(sql, "".join(f"{line}{self.suffix}\n" for line in self.pending))
        self.count += len(self.pending)
        self.pending = []


@contextmanager
def deferred_constraints(models: list[type[Model]], timings: dict[str, float]):
    """Drop, then after the block restore, the tables' indexes and constraints; timings gets the
    seconds of the block ("copy_s") and of the restore ("indexes_and_constraints_s")."""
    tables = [m._meta.db_table for m in models]
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint
               WHERE conrelid = ANY(%s::regclass[]) AND contype IN ('f', 'u', 'c')
               ORDER BY contype DESC""",  # unique (u) back before the foreign keys (f) that may rely on one
            [tables],
        )
        constraints = cursor.fetchall()
        cursor.execute(
            """SELECT tablename, indexname, indexdef FROM pg_indexes WHERE tablename = ANY(%s)
               AND indexname NOT IN (SELECT conname FROM pg_constraint WHERE contype = 'p')""",
            [tables],
        )
        indexes = [row for row in cursor.fetchall() if row[1] not in {c[1] for c in constraints}]
        for table, name, _definition in reversed(constraints):  # a foreign key before the unique key it uses
            cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
        for _table, name, _definition in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
    started = time.perf_counter()
    yield
    timings["copy_s"] = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")  # index builds sort in memory
        for _table, _name, definition in indexes:
            cursor.execute(definition)
        for table, name, definition in constraints:
            cursor.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
    timings["indexes_and_constraints_s"] = time.perf_counter() - started - timings["copy_s"]


def reset_sequences(models: list[type[Model]]) -> None:
    """Rows were given explicit ids: move each id sequence past them."""
    with connection.cursor() as cursor:
        for model in models:
            table = model._meta.db_table
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), COALESCE(max(id), 0) + 1, false) "  # noqa: S608
                f'FROM "{table}"'
            )
