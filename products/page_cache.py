"""The rendered public product pages in Redis, read and written through one long-lived client.

Django's RedisCache builds a new redis.Redis object on every call (about 0.2 ms with redis-py 8), a
quarter of a whole cache hit; a scan burst is all cache hits, so this hot path keeps one pooled,
thread-safe client per process instead. Keys sit under the Django cache's KEY_PREFIX in the same
Redis database, so cache.clear() clears them too. If Redis is down the page is rendered from the
database instead of failing.
"""

import logging
import pickle
from functools import cache

import redis
from django.conf import settings

logger = logging.getLogger(__name__)

VERSION = 1
LANGUAGES = tuple(code for code, _name in settings.LANGUAGES)  # one cached page per language


@cache
def _client() -> redis.Redis:
    return redis.Redis.from_url(settings.REDIS_URL, socket_timeout=2, socket_connect_timeout=2)


def key(code: str, language: str) -> str:
    prefix = settings.CACHES["default"].get("KEY_PREFIX", "")
    return f"{prefix}:products:page:v{VERSION}:{code}:{language}"


def get(code: str, language: str):
    try:
        data = _client().get(key(code, language))
    except redis.RedisError:
        logger.warning("Product page cache unavailable: rendering %s from the database.", code)
        return None
    # Only this module writes these keys, in our own Redis: the same trust Django's cache gives pickle.
    return pickle.loads(data) if data is not None else None  # noqa: S301


def put(code: str, language: str, entry, seconds: int) -> None:
    try:
        _client().set(key(code, language), pickle.dumps(entry, pickle.HIGHEST_PROTOCOL), ex=seconds)
    except redis.RedisError:
        logger.warning("Product page cache unavailable: %s not cached.", code)


def forget(codes: list[str]) -> None:
    if not codes:
        return
    try:
        _client().delete(*[key(code, language) for code in codes for language in LANGUAGES])
    except redis.RedisError:
        # The edit itself stands; a stale page can then outlive it by at most the entry's lifetime.
        logger.error("Product page cache unavailable: pages of %s not invalidated.", ", ".join(codes))
