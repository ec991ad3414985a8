"""Liveness checks of the portal's three moving parts."""

import redis
from django.db import connection

from core.heartbeat import heartbeat
from core.redis import redis_client


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
        return bool(redis_client().ping())
    except redis.RedisError:
        return False


def celery_ok() -> bool:
    """A worker ran the beat's heartbeat task within two intervals (core.heartbeat): one Redis read."""
    return heartbeat.is_alive()
