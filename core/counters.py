"""Counts per key gathered in a process's memory and added to a Redis hash in one round trip.

A public page read in bursts (a certificate's verification page) counts every visit; one Redis
command per request was a round trip on every request. A BufferedCounts adds in memory and sends the
sums with one pipeline of HINCRBY when `size` visits are waiting, `seconds` after the first waiting
visit (a daemon timer, so nothing waits in memory once traffic stops) and at process exit. A process
killed outright (SIGKILL, OOM) loses at most the last `seconds` of counts; if Redis does not answer,
the sums stay in memory for the next try (at most `max_keys` keys: beyond that new keys are dropped,
with a warning). Nothing but the key is kept: no address, no agent.

(scans.services buffers product-page views the same way, with a Lua script of its own that also
drops reloads.)
"""

import atexit
import logging
import threading
from collections import Counter
from collections.abc import Callable

import redis

from core.redis import redis_client

logger = logging.getLogger(__name__)


class BufferedCounts:
    def __init__(
        self,
        hash_key: Callable[[], str],
        client: Callable[[], redis.Redis] = redis_client,
        *,
        size: int = 100,
        seconds: float = 1.0,
        max_keys: int = 10_000,
    ):
        self.hash_key, self.client = hash_key, client
        self.size, self.seconds, self.max_keys = size, seconds, max_keys
        self.pending: Counter[str] = Counter()
        self._waiting = 0  # visits added since the last flush
        self._lock = threading.Lock()
        self._timer: threading.Timer | None = None
        atexit.register(self.flush)

    def add(self, key: str) -> None:
        """Count one visit of `key`: in memory, no I/O (but one pipeline every `size` visits)."""
        with self._lock:
            if key not in self.pending and len(self.pending) >= self.max_keys:
                logger.warning("A visit of %s was not counted: %d keys already wait for Redis.", key, self.max_keys)
                return
            self.pending[key] += 1
            self._waiting += 1
            full = self._waiting >= self.size
            if not full:
                self._start_timer()
        if full:
            self.flush()

    def _start_timer(self) -> None:  # with the lock held
        if self._timer is None:
            self._timer = threading.Timer(self.seconds, self.flush)
            self._timer.daemon = True
            self._timer.start()

    def flush(self) -> int:
        """Add the waiting counts to the Redis hash; returns how many visits went. Never raises."""
        with self._lock:
            counts, self.pending, self._waiting = self.pending, Counter(), 0
            timer, self._timer = self._timer, None
        if timer is not None and timer is not threading.current_thread():
            timer.cancel()
        if not counts:
            return 0
        try:
            pipe = self.client().pipeline(transaction=True)  # MULTI/EXEC: all of them or none
            for key, n in counts.items():
                pipe.hincrby(self.hash_key(), key, n)
            pipe.execute()
        except redis.RedisError:
            logger.warning("%d visits wait in memory: Redis unavailable.", sum(counts.values()))
            with self._lock:  # back, before anything counted meanwhile, for the next try
                self.pending.update(counts)
                self._waiting = 0  # retried by the timer, not by every following request
                self._start_timer()
            return 0
        return sum(counts.values())
