"""The Celery workers' heartbeat: a beat task writes a timestamp to Redis, /healthz reads it.

A broadcast ping waits up to a second for workers to answer; a load balancer probing a portal whose
workers are down should get its answer at once. The heartbeat key is written by whichever worker
runs the task, so it says "a beat and at least one worker are alive", read in one Redis round trip.
"""

import time
from collections.abc import Callable

import redis
from django.conf import settings

from .redis import redis_client

INTERVAL_SECONDS = 30
# One missed beat is tolerated (a busy worker, a restart); two mean nothing is working the queue.
STALE_AFTER_INTERVALS = 2


class WorkerHeartbeat:
    def __init__(
        self,
        client: Callable[[], redis.Redis] = redis_client,
        clock: Callable[[], float] = time.time,
        interval: int = INTERVAL_SECONDS,
    ) -> None:
        self.client, self.clock, self.interval = client, clock, interval

    @property
    def key(self) -> str:
        return f"{settings.CACHES['default'].get('KEY_PREFIX', '')}:core:worker-heartbeat"

    def record(self) -> None:
        self.client().set(self.key, repr(self.clock()), ex=self.interval * STALE_AFTER_INTERVALS * 2)

    def is_alive(self) -> bool:
        """A heartbeat younger than two intervals; False (never an error) when Redis does not answer."""
        try:
            value = self.client().get(self.key)
        except redis.RedisError:
            return False
        if value is None:
            return False
        try:
            age = self.clock() - float(value)
        except ValueError:
            return False
        return age <= self.interval * STALE_AFTER_INTERVALS


heartbeat = WorkerHeartbeat()
