"""The one Redis client of a process, with the one timeout policy for every direct Redis use.

Django's RedisCache builds a new redis.Redis object on every call (about 0.2 ms with redis-py 8), so
code that talks to Redis directly (page cache, scan counters, the worker heartbeat) shares this
pooled, thread-safe client instead. redis-py re-creates the pool's connections after a fork.
"""

from functools import cache

import redis
from django.conf import settings
from redis.backoff import NoBackoff
from redis.retry import Retry

# Redis answers in well under a millisecond; a second without an answer means it is away, and every
# caller has a fallback (the database, a lost count, "down"), so waiting longer only holds requests.
TIMEOUT_SECONDS = 1


def redis_client() -> redis.Redis:
    """The pooled client for settings.REDIS_URL (a changed URL, as in tests, gets its own)."""
    return _client_for(settings.REDIS_URL)


@cache
def _client_for(url: str) -> redis.Redis:
    # One immediate retry (a pooled connection Redis closed), not redis-py's default of three with
    # backoff: that holds every request ~4 s while Redis is down instead of falling back at once.
    return redis.Redis.from_url(
        url,
        socket_timeout=TIMEOUT_SECONDS,
        socket_connect_timeout=TIMEOUT_SECONDS,
        retry=Retry(NoBackoff(), 1),
    )
