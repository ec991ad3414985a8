"""Liveness checks of the portal's three moving parts."""

import redis
from django.conf import settings
from django.db import connection

from outreach.celery import app as celery_app


def database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        connection.close()
        return False


def redis_ok() -> bool:
    try:
        client = redis.Redis.from_url(settings.REDIS_URL, socket_timeout=1, socket_connect_timeout=1)
        return bool(client.ping())
    except redis.RedisError:
        return False


def celery_ok() -> bool:
    """At least one worker answers a broadcast ping within a second."""
    if not redis_ok():
        return False
    try:
        return bool(celery_app.control.ping(timeout=1.0))
    except Exception:
        return False
