"""The heartbeat's age decides whether the workers count as alive (injected clock, real Redis)."""

import pytest
import redis

from core.heartbeat import STALE_AFTER_INTERVALS, WorkerHeartbeat
from core.redis import redis_client


class Clock:
    def __init__(self, now: float = 1_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def beat(clock):
    heartbeat = WorkerHeartbeat(clock=clock, interval=10)
    redis_client().delete(heartbeat.key)
    yield heartbeat
    redis_client().delete(heartbeat.key)


def test_no_heartbeat_yet_means_not_alive(beat):
    assert not beat.is_alive()


def test_a_heartbeat_counts_for_two_intervals_and_no_longer(beat, clock):
    beat.record()
    clock.now += 10 * STALE_AFTER_INTERVALS
    assert beat.is_alive()
    clock.now += 1
    assert not beat.is_alive()


def test_a_newer_heartbeat_replaces_an_old_one(beat, clock):
    beat.record()
    clock.now += 100
    assert not beat.is_alive()
    beat.record()
    assert beat.is_alive()


def test_the_key_expires_by_itself_so_nothing_lingers(beat):
    beat.record()
    assert 0 < redis_client().ttl(beat.key) <= 10 * STALE_AFTER_INTERVALS * 2


def test_redis_away_means_not_alive_rather_than_an_error(clock):
    dead = redis.Redis.from_url("redis://127.0.0.1:1/0", socket_connect_timeout=0.5)
    assert not WorkerHeartbeat(client=lambda: dead, clock=clock).is_alive()


def test_a_garbled_value_means_not_alive(beat):
    redis_client().set(beat.key, b"not a time")
    assert not beat.is_alive()
