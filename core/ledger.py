"""Exactly-once work: claim a ledger row before doing something that must not happen twice.

A sender (a reminder, a report mail) first claims a row whose unique key names the thing to send,
then sends only when the claim is new. The claim is one INSERT … ON CONFLICT DO NOTHING RETURNING,
as the visit sync's backstop is: two workers racing for one key get one row and one True, without
an exception or a rolled-back transaction. A claim that is never followed by the send (the worker
dies) is a lost message, not a duplicate; the sender decides whether that is acceptable.
"""

from django.db import connections, router
from django.db.models import AutoField, BigAutoField, Model, SmallAutoField


def claim(model: type[Model], **key) -> bool:
    """Insert model(**key); True if this call inserted it, False if a row with that unique key exists.

    The model needs a unique constraint (or primary key) over the fields in `key`; its other fields
    take their defaults (auto_now_add included).
    """
    instance = model(**key)
    connection = connections[router.db_for_write(model)]
    quote = connection.ops.quote_name
    fields = [
        field
        for field in model._meta.concrete_fields
        if not (field.primary_key and isinstance(field, AutoField | BigAutoField | SmallAutoField))
    ]
    values = [field.get_db_prep_save(field.pre_save(instance, True), connection) for field in fields]
    sql = (
        f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(quote(field.column) for field in fields)}) "  # noqa: S608 - model names
        f"VALUES ({', '.join(['%s'] * len(fields))}) ON CONFLICT DO NOTHING RETURNING 1"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
        return cursor.fetchone() is not None
