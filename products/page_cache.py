"""The rendered public product pages: a small dict in each process (L1) in front of Redis (L2).

A QR burst asks for the same few pages thousands of times, so most requests are answered from the
process's own memory, without a Redis round trip. Coherence across processes and hosts comes from a
generation counter in Redis that every forget() increments: each process re-reads it at most every
GENERATION_CHECK_SECONDS and empties its L1 when it changed, so an edit reaches every process within
that time (and the editing process at once). If that read fails, the L1 is emptied and left unused
until Redis answers again: pages then come from the database, as they would without an L1, rather
than stale ones being served for as long as Redis is away.

Redis keeps its data across a restart (RDB snapshots), but an edit made while it was down could not
drop the cached page: so page keys carry the Redis server's run_id, which changes at every start, and
a restarted Redis never serves a page cached before the restart. The run_id is read with the
generation, in the same round trip; while it is unknown (Redis unreachable) pages come from the
database. An outage without a restart (a network cut) is covered by the outbox: forget() queues
products.tasks.forget_product_pages, sent when the broker is back.

Each entry carries its wall-clock expiry (stored with it in Redis as well), so a 404 cached for a
minute is not kept longer in L1 than in Redis. Keys sit under the Django cache's KEY_PREFIX in the
same Redis database, so cache.clear() clears them too; a process's L1 then follows at its next
generation check (tests call clear_local()).

Redis is reached through the process's one pooled client (core.redis), not Django's RedisCache,
which builds a new redis.Redis object on every call.
"""

import logging
import pickle
import threading
import time
from collections.abc import Callable

import redis
from django.conf import settings

from core.redis import redis_client
from core.tasks import enqueue_on_commit

from .page_render import PageEntry

logger = logging.getLogger(__name__)

VERSION = 3  # v3: keys carry the server's run_id; the Redis value is (expires_at, entry)
LANGUAGES = tuple(code for code, _name in settings.LANGUAGES)  # one cached page per language
LOCAL_MAX_ENTRIES = 5000  # pages of ~20 KB: at most ~100 MB per process, far less in practice
GENERATION_CHECK_SECONDS = 0.5

_local: dict[tuple[str, str], tuple[float, PageEntry]] = {}
_local_lock = threading.Lock()  # for writes; reads are single dict lookups
_epoch = 0  # bumped whenever the L1 is emptied: an entry fetched before that is not put back
_generation: bytes | None = None
_generation_known = False
_server_run_id = ""  # of the Redis server the generation was read from; "" while unknown
_checked_at = float("-inf")


_client = redis_client


def _prefix() -> str:
    return settings.CACHES["default"].get("KEY_PREFIX", "")


def key(code: str, language: str, run_id: str) -> str:
    return f"{_prefix()}:products:page:v{VERSION}:{run_id}:{code}:{language}"


def generation_key() -> str:
    return f"{_prefix()}:products:page:generation"


def clear_local() -> None:
    """Empty this process's L1 and re-read the generation at the next request."""
    global _epoch, _checked_at
    with _local_lock:
        _local.clear()
        _epoch += 1
        _checked_at = float("-inf")


def _check_generation(now: float) -> None:
    global _generation, _generation_known, _checked_at, _epoch, _server_run_id
    if now - _checked_at < GENERATION_CHECK_SECONDS:
        return
    try:
        pipe = _client().pipeline(transaction=False)
        pipe.get(generation_key())
        pipe.info("server")
        current, info = pipe.execute()
        current, run_id, known = (current, info["run_id"]), info["run_id"], True
    except redis.RedisError:
        current, run_id, known = None, "", False
    with _local_lock:
        if not known or not _generation_known or current != _generation:
            _local.clear()
            _epoch += 1
        _generation, _generation_known, _checked_at, _server_run_id = current, known, now, run_id


def _remember(code: str, language: str, expires_at: float, entry: PageEntry, epoch: int) -> None:
    with _local_lock:
        if epoch != _epoch or not _generation_known:
            return  # emptied meanwhile (an edit) or Redis unreachable: do not keep what may be stale
        if len(_local) >= LOCAL_MAX_ENTRIES:
            del _local[next(iter(_local))]  # the oldest insertion
        _local[(code, language)] = (expires_at, entry)


def _read(code: str, language: str) -> tuple[float, PageEntry] | None:
    if not _server_run_id:
        return None  # Redis was unreachable at the last check
    try:
        data = _client().get(key(code, language, _server_run_id))
    except redis.RedisError:
        logger.warning("Product page cache unavailable: rendering %s from the database.", code)
        return None
    # Only this module writes these keys, in our own Redis: the same trust Django's cache gives pickle.
    return pickle.loads(data) if data is not None else None  # noqa: S301


def _write(code: str, language: str, expires_at: float, entry: PageEntry, seconds: int) -> None:
    if not _server_run_id:
        return
    try:
        _client().set(
            key(code, language, _server_run_id), pickle.dumps((expires_at, entry), pickle.HIGHEST_PROTOCOL), ex=seconds
        )
    except redis.RedisError:
        logger.warning("Product page cache unavailable: %s not cached.", code)


def get_or_render(
    code: str, language: str, render: Callable[[], PageEntry], lifetime: Callable[[PageEntry], int]
) -> PageEntry:
    """The page from L1, else Redis, else render() (stored in both for lifetime(entry) seconds)."""
    _check_generation(time.monotonic())
    epoch = _epoch
    now = time.time()
    local = _local.get((code, language))
    if local is not None and local[0] > now:
        return local[1]
    stored = _read(code, language)
    if stored is not None and stored[0] > now:
        _remember(code, language, stored[0], stored[1], epoch)
        return stored[1]
    entry = render()
    seconds = lifetime(entry)
    expires_at = now + seconds
    _write(code, language, expires_at, entry, seconds)
    _remember(code, language, expires_at, entry, epoch)
    return entry


def forget(codes: list[str]) -> None:
    """Drop these pages in Redis and move the generation on, so every process drops its L1."""
    if not codes:
        return
    try:
        run_id = _client().info("server")["run_id"]
        pipe = _client().pipeline(transaction=False)
        pipe.delete(*[key(code, language, run_id) for code in codes for language in LANGUAGES])
        pipe.incr(generation_key())
        pipe.execute()
    except redis.RedisError:
        # The edit itself stands; the outbox drops the pages once the broker (this Redis) is back.
        logger.error("Product page cache unavailable: pages of %s invalidated later.", ", ".join(codes))
        from .tasks import forget_product_pages

        enqueue_on_commit(forget_product_pages, codes)
    finally:
        clear_local()
