"""core.prepared: a hot statement is planned once per database connection, and a failure or a new
connection never leaves it unusable."""

import pytest
from django.db import DataError, connection, transaction
from django.test.utils import CaptureQueriesContext

from core.prepared import PreparedStatement

pytestmark = pytest.mark.django_db

HALF = PreparedStatement("test_half", "SELECT %(n)s / %(d)s, '100%%'", {"n": "int", "d": "int"})


def _run(statement, **params):
    with connection.cursor() as cursor:
        statement.execute(cursor, params)
        return cursor.fetchone()


def test_the_first_run_on_a_connection_prepares_in_the_same_round_trip_the_next_only_execute():
    with CaptureQueriesContext(connection) as first:
        assert _run(HALF, n=10, d=2) == (5, "100%")
    with CaptureQueriesContext(connection) as second:
        assert _run(HALF, n=9, d=3) == (3, "100%")

    assert len(first) == len(second) == 1
    assert first[0]["sql"].startswith("PREPARE test_half_") and "EXECUTE" in first[0]["sql"]
    assert second[0]["sql"].startswith("EXECUTE test_half_")


def test_a_failed_first_run_leaves_the_statement_usable():
    statement = PreparedStatement("test_failing", "SELECT %(n)s / %(d)s", {"n": "int", "d": "int"})
    with pytest.raises(DataError), transaction.atomic():
        _run(statement, n=1, d=0)  # PREPARE stood (a rollback keeps it), EXECUTE failed
    assert _run(statement, n=8, d=2) == (4,)


@pytest.mark.django_db(transaction=True)
def test_a_new_connection_is_prepared_again():
    statement = PreparedStatement("test_reconnect", "SELECT %(n)s + 1", {"n": "int"})
    assert _run(statement, n=1) == (2,)
    connection.close()  # as after CONN_MAX_AGE or an error
    assert _run(statement, n=2) == (3,)


def test_a_placeholder_without_a_type_is_refused_at_import():
    with pytest.raises(ValueError, match="no type for d"):
        PreparedStatement("test_untyped", "SELECT %(n)s / %(d)s", {"n": "int"})
