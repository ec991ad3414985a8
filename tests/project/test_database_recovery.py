"""A PostgreSQL connection terminated under the server (a restart, a failover, an idle-kill) is replaced
at the next request instead of failing it: CONN_HEALTH_CHECKS with persistent connections."""

import psycopg2
import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection
from django.test import RequestFactory

pytestmark = pytest.mark.django_db(transaction=True)


def terminate(pid: int) -> None:
    params = {k: v for k, v in connection.get_connection_params().items() if k != "cursor_factory"}
    admin = psycopg2.connect(**params)
    try:
        with admin.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
            assert cursor.fetchone() == (True,)
    finally:
        admin.close()


def serve(path: str) -> str:
    """Through the real WSGI handler: the test client leaves out the connection checks between requests."""
    statuses = []
    environ = RequestFactory()._base_environ(PATH_INFO=path, REQUEST_METHOD="GET", SERVER_NAME="localhost")
    body = b"".join(WSGIHandler()(environ, lambda status, headers: statuses.append(status)))
    assert body
    return statuses[0]


def test_requests_recover_after_postgresql_terminates_the_connection(nam_dinh):
    assert serve("/units/36/") == "200 OK"
    pid = connection.connection.get_backend_pid()
    terminate(pid)
    assert serve("/units/36/") == "200 OK"
    assert connection.connection.get_backend_pid() != pid
