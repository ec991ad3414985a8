"""What many anonymous requests read alike, kept in each process's memory (L1) in front of Redis (L2).

A QR burst asks for the same few pages (a product, a certificate) thousands of times, so most requests
are answered from the process's own memory, without a Redis round trip. Coherence across processes
and hosts comes from a generation counter in Redis that every drop() increments: each process re-reads
it at most every `check_seconds` and empties its L1 when it changed, so a change reaches every process
within that time (and the changing process at once). If that read fails, the L1 is emptied and left
unused until Redis answers again: values then come from the database, as they would without an L1,
rather than stale ones being served for as long as Redis is away.

Redis keeps its data across a restart (RDB snapshots), but a change made while it was down could not
drop the cached value: so keys carry the Redis server's run_id, which changes at every start, and a
restarted Redis never serves a value cached before the restart. The run_id is read with the
generation, in the same round trip; while it is unknown (Redis unreachable) values come from the
database.

A value loaded from the database is written to Redis only if the generation is still the one this
process read before loading it (one Lua script): a load that read the rows before a change committed
and reaches Redis after the change's drop() would otherwise put the old value back for its whole
lifetime. Such a value is not kept in L1 either, and the process reads the new generation at its
next request. (Callers still drop before and after the commit: the first drop makes a load that
starts in between see a new generation.)

Each entry carries its wall-clock expiry (stored with it in Redis as well), so a value kept a minute
is not kept longer in L1 than in Redis. Keys sit under the Django cache's KEY_PREFIX in the same Redis
database, so cache.clear() clears them too; a process's L1 then follows at its next generation check
(tests call clear_local()).

Redis is reached through the process's one pooled client (core.redis), not Django's RedisCache,
which builds a new redis.Redis object on every call. Users: products.page_cache (rendered product
pages), training.verification (a certificate's printed fields).
"""

import logging
import pickle
import threading
import time
from collections.abc import Callable, Hashable
from typing import Any

import redis
from django.conf import settings
from redis.commands.core import Script

from core.redis import redis_client

logger = logging.getLogger(__name__)

LOCAL_MAX_ENTRIES = 5000
GENERATION_CHECK_SECONDS = 0.5

# KEYS = value key, generation key; ARGV = value, generation read before loading ('' = none), seconds.
_STORE_IF_UNCHANGED = Script(
    None,
    b"""
local generation = redis.call('GET', KEYS[2]) or ''
if generation ~= ARGV[2] then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[3])
return 1
""",
)


def _prefix() -> str:
    return settings.CACHES["default"].get("KEY_PREFIX", "")


class LayeredCache:
    """One process's L1 for `namespace` with its generation bookkeeping. A key is a tuple of strings
    (e.g. (code, language)). Tests build their own with a client (e.g. an unreachable Redis) or a clock
    (an object with time() and monotonic(), like the time module)."""

    def __init__(
        self,
        namespace: str,
        version: int,
        client: Callable[[], redis.Redis] = redis_client,
        clock=time,
        *,
        max_entries: int = LOCAL_MAX_ENTRIES,
        check_seconds: float = GENERATION_CHECK_SECONDS,
    ):
        self.namespace, self.version = namespace, version
        self.client, self.clock = client, clock
        self.max_entries, self.check_seconds = max_entries, check_seconds
        self.local: dict[Hashable, tuple[float, Any]] = {}
        self._lock = threading.Lock()  # for writes; reads are single dict lookups
        self._epoch = 0  # bumped whenever the L1 is emptied: an entry fetched before that is not put back
        self._generation: bytes | None = None
        self._generation_known = False
        self._server_run_id = ""  # of the Redis server the generation was read from; "" while unknown
        self._checked_at = float("-inf")

    def key(self, parts: tuple[str, ...], run_id: str) -> str:
        return f"{_prefix()}:{self.namespace}:v{self.version}:{run_id}:{':'.join(parts)}"

    def generation_key(self) -> str:
        return f"{_prefix()}:{self.namespace}:generation"

    def clear_local(self) -> None:
        """Empty this process's L1 and re-read the generation at the next request."""
        with self._lock:
            self.local.clear()
            self._epoch += 1
            self._checked_at = float("-inf")

    def available(self) -> bool:
        """Whether Redis answered the last generation check (read again if due): while it does not,
        nothing is served from or kept in either layer."""
        self._check_generation(self.clock.monotonic())
        return self._generation_known

    def _check_generation(self, now: float) -> None:
        if now - self._checked_at < self.check_seconds:
            return
        try:
            pipe = self.client().pipeline(transaction=False)
            pipe.get(self.generation_key())
            pipe.info("server")
            generation, info = pipe.execute()
            run_id, known = info["run_id"], True
        except redis.RedisError:
            generation, run_id, known = None, "", False
        changed = (generation, run_id) != (self._generation, self._server_run_id)
        with self._lock:
            if not known or not self._generation_known or changed:
                self.local.clear()
                self._epoch += 1
            self._generation, self._generation_known, self._checked_at = generation, known, now
            self._server_run_id = run_id

    def _remember(self, parts: tuple, expires_at: float, value: Any, epoch: int) -> None:
        with self._lock:
            if epoch != self._epoch or not self._generation_known:
                return  # emptied meanwhile (a change) or Redis unreachable: do not keep what may be stale
            if len(self.local) >= self.max_entries:
                del self.local[next(iter(self.local))]  # the oldest insertion
            self.local[parts] = (expires_at, value)

    def _read(self, parts: tuple) -> tuple[float, Any] | None:
        if not self._server_run_id:
            return None  # Redis was unreachable at the last check
        try:
            data = self.client().get(self.key(parts, self._server_run_id))
        except redis.RedisError:
            logger.warning("Cache %s unavailable: %s read from the database.", self.namespace, ":".join(parts))
            return None
        # Only this module writes these keys, in our own Redis: the same trust Django's cache gives pickle.
        return pickle.loads(data) if data is not None else None  # noqa: S301

    def _write(self, parts: tuple, expires_at: float, value: Any, seconds: int, generation: bytes | None) -> bool:
        """Store in Redis unless the generation moved on since `generation` was read; False if it had
        (the value may predate a change: keep it nowhere). Redis unreachable: True (L1 rules apply)."""
        if not self._server_run_id:
            return True
        try:
            data = pickle.dumps((expires_at, value), pickle.HIGHEST_PROTOCOL)
            keys = [self.key(parts, self._server_run_id), self.generation_key()]
            stored = _STORE_IF_UNCHANGED(keys=keys, args=[data, generation or b"", seconds], client=self.client())
        except redis.RedisError:
            logger.warning("Cache %s unavailable: %s not cached.", self.namespace, ":".join(parts))
            return True
        if not stored:
            with self._lock:
                self._checked_at = float("-inf")  # read the new generation at the next request
        return bool(stored)

    def get_or_load(self, parts: tuple[str, ...], load: Callable[[], Any], lifetime: Callable[[Any], int]) -> Any:
        """The value from L1, else Redis, else load() (kept in both for lifetime(value) seconds; 0: not kept)."""
        self._check_generation(self.clock.monotonic())
        epoch, generation = self._epoch, self._generation
        now = self.clock.time()
        local = self.local.get(parts)
        if local is not None and local[0] > now:
            return local[1]
        stored = self._read(parts)
        if stored is not None and stored[0] > now:
            self._remember(parts, stored[0], stored[1], epoch)
            return stored[1]
        value = load()
        seconds = lifetime(value)
        if seconds > 0:
            expires_at = now + seconds
            if self._write(parts, expires_at, value, seconds, generation):
                self._remember(parts, expires_at, value, epoch)
        return value

    def drop(self, keys: list[tuple[str, ...]]) -> None:
        """Drop these keys in Redis and move the generation on, so every process empties its L1 within
        check_seconds (this one at once). Raises redis.RedisError if Redis cannot be told: the caller
        decides whether its change waits (an outbox task) or is refused."""
        try:
            if keys:
                run_id = self.client().info("server")["run_id"]
                pipe = self.client().pipeline(transaction=False)
                pipe.delete(*[self.key(parts, run_id) for parts in keys])
                pipe.incr(self.generation_key())
                pipe.execute()
        finally:
            self.clear_local()
