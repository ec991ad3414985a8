"""Django's Redis cache where an unreachable Redis is a cache miss, not a server error.

Everything the portal caches can be rebuilt from PostgreSQL (QR images, product statuses), so while
Redis is down a read misses and a write is dropped, with one warning per call in the log. Connection
attempts are not retried with backoff (redis-py's default holds each request for seconds): one
immediate retry covers a pooled connection that Redis closed.
"""

import functools
import logging

import redis
from django.core.cache.backends.redis import RedisCache
from redis.backoff import NoBackoff
from redis.retry import Retry

logger = logging.getLogger(__name__)


def _miss_when_down(fallback):
    def decorator(method):
        @functools.wraps(method)
        def wrapper(self, *args, **kwargs):
            try:
                return method(self, *args, **kwargs)
            except redis.RedisError as exc:
                logger.warning("Cache unavailable (%s): %s treated as a miss.", type(exc).__name__, method.__name__)
                return fallback(*args, **kwargs)

        return wrapper

    return decorator


def _default(key, default=None, *args, **kwargs):
    return default


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        options = {"retry": Retry(NoBackoff(), 1), **params.get("OPTIONS", {})}
        super().__init__(server, {**params, "OPTIONS": options})

    get = _miss_when_down(_default)(RedisCache.get)
    get_many = _miss_when_down(lambda keys, *a, **k: {})(RedisCache.get_many)
    has_key = _miss_when_down(lambda *a, **k: False)(RedisCache.has_key)
    add = _miss_when_down(lambda *a, **k: False)(RedisCache.add)
    set = _miss_when_down(lambda *a, **k: None)(RedisCache.set)
    set_many = _miss_when_down(lambda data, *a, **k: list(data))(RedisCache.set_many)
    touch = _miss_when_down(lambda *a, **k: False)(RedisCache.touch)
    delete = _miss_when_down(lambda *a, **k: False)(RedisCache.delete)
    delete_many = _miss_when_down(lambda *a, **k: None)(RedisCache.delete_many)
