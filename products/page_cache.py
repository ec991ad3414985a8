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


def _prefix() -> str:
    return settings.CACHES["default"].get("KEY_PREFIX", "")


def key(code: str, language: str, run_id: str) -> str:
    return f"{_prefix()}:products:page:v{VERSION}:{run_id}:{code}:{language}"


def generation_key() -> str:
    return f"{_prefix()}:products:page:generation"


class PageCache:
    """One process's L1 with its generation bookkeeping. The process uses `pages` below; tests build
    their own with a client (e.g. an unreachable Redis) or a clock (an object with time() and
    monotonic(), like the time module) and install it with `use(...)`."""

    def __init__(
        self,
        client: Callable[[], redis.Redis] = redis_client,
        clock=time,
        *,
        max_entries: int = LOCAL_MAX_ENTRIES,
        check_seconds: float = GENERATION_CHECK_SECONDS,
    ):
        self.client, self.clock = client, clock
        self.max_entries, self.check_seconds = max_entries, check_seconds
        self.local: dict[tuple[str, str], tuple[float, PageEntry]] = {}
        self._lock = threading.Lock()  # for writes; reads are single dict lookups
        self._epoch = 0  # bumped whenever the L1 is emptied: an entry fetched before that is not put back
        self._generation: bytes | None = None
        self._generation_known = False
        self._server_run_id = ""  # of the Redis server the generation was read from; "" while unknown
        self._checked_at = float("-inf")

    def clear_local(self) -> None:
        """Empty this process's L1 and re-read the generation at the next request."""
        with self._lock:
            self.local.clear()
            self._epoch += 1
            self._checked_at = float("-inf")

    def _check_generation(self, now: float) -> None:
        if now - self._checked_at < self.check_seconds:
            return
        try:
            pipe = self.client().pipeline(transaction=False)
            pipe.get(generation_key())
            pipe.info("server")
            generation, info = pipe.execute()
            current, run_id, known = (generation, info["run_id"]), info["run_id"], True
        except redis.RedisError:
            current, run_id, known = None, "", False
        with self._lock:
            if not known or not self._generation_known or current != self._generation:
                self.local.clear()
                self._epoch += 1
            self._generation, self._generation_known, self._checked_at = current, known, now
            self._server_run_id = run_id

    def _remember(self, code: str, language: str, expires_at: float, entry: PageEntry, epoch: int) -> None:
        with self._lock:
            if epoch != self._epoch or not self._generation_known:
                return  # emptied meanwhile (an edit) or Redis unreachable: do not keep what may be stale
            if len(self.local) >= self.max_entries:
                del self.local[next(iter(self.local))]  # the oldest insertion
            self.local[(code, language)] = (expires_at, entry)

    def _read(self, code: str, language: str) -> tuple[float, PageEntry] | None:
        if not self._server_run_id:
            return None  # Redis was unreachable at the last check
        try:
            data = self.client().get(key(code, language, self._server_run_id))
        except redis.RedisError:
            logger.warning("Product page cache unavailable: rendering %s from the database.", code)
            return None
        # Only this module writes these keys, in our own Redis: the same trust Django's cache gives pickle.
        return pickle.loads(data) if data is not None else None  # noqa: S301

    def _write(self, code: str, language: str, expires_at: float, entry: PageEntry, seconds: int) -> None:
        if not self._server_run_id:
            return
        try:
            value = pickle.dumps((expires_at, entry), pickle.HIGHEST_PROTOCOL)
            self.client().set(key(code, language, self._server_run_id), value, ex=seconds)
        except redis.RedisError:
            logger.warning("Product page cache unavailable: %s not cached.", code)

    def get_or_render(
        self, code: str, language: str, render: Callable[[], PageEntry], lifetime: Callable[[PageEntry], int]
    ) -> PageEntry:
        """The page from L1, else Redis, else render() (stored in both for lifetime(entry) seconds)."""
        self._check_generation(self.clock.monotonic())
        epoch = self._epoch
        now = self.clock.time()
        local = self.local.get((code, language))
        if local is not None and local[0] > now:
            return local[1]
        stored = self._read(code, language)
        if stored is not None and stored[0] > now:
            self._remember(code, language, stored[0], stored[1], epoch)
            return stored[1]
        entry = render()
        seconds = lifetime(entry)
        expires_at = now + seconds
        self._write(code, language, expires_at, entry, seconds)
        self._remember(code, language, expires_at, entry, epoch)
        return entry

    def forget(self, codes: list[str]) -> None:
        """Drop these pages in Redis and move the generation on, so every process drops its L1."""
        if not codes:
            return
        try:
            run_id = self.client().info("server")["run_id"]
            pipe = self.client().pipeline(transaction=False)
            pipe.delete(*[key(code, language, run_id) for code in codes for language in LANGUAGES])
            pipe.incr(generation_key())
            pipe.execute()
        except redis.RedisError:
            # The edit itself stands; the outbox drops the pages once the broker (this Redis) is back.
            logger.error("Product page cache unavailable: pages of %s invalidated later.", ", ".join(codes))
            from .tasks import forget_product_pages

            enqueue_on_commit(forget_product_pages, codes)
        finally:
            self.clear_local()


pages = PageCache()


def use(page_cache: PageCache) -> PageCache:
    """Make `page_cache` this process's cache (tests: an injected client or clock); returns the previous one."""
    global pages
    previous, pages = pages, page_cache
    return previous


def clear_local() -> None:
    pages.clear_local()


def get_or_render(
    code: str, language: str, render: Callable[[], PageEntry], lifetime: Callable[[PageEntry], int]
) -> PageEntry:
    return pages.get_or_render(code, language, render, lifetime)


def forget(codes: list[str]) -> None:
    pages.forget(codes)
