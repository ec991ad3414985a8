"""core.counters.BufferedCounts: visits gathered in memory reach the Redis hash in one round trip,
and wait in memory while Redis does not answer."""

import pytest
import redis

from core.counters import BufferedCounts
from core.redis import redis_client

pytestmark = pytest.mark.usefixtures("clean_cache")

UNREACHABLE_REDIS = redis.Redis(host="127.0.0.1", port=1, socket_connect_timeout=0.2, retry=None)
HASH = "tests:buffered:counts"


def _counted() -> dict[str, int]:
    return {key.decode(): int(n) for key, n in redis_client().hgetall(HASH).items()}


@pytest.fixture
def counts():
    buffered = BufferedCounts(lambda: HASH, size=3, seconds=60)
    yield buffered
    buffered.client = redis_client
    buffered.flush()  # stops its timer


def test_visits_wait_in_memory_until_the_batch_is_full(counts):
    counts.add("A")
    counts.add("B")
    assert _counted() == {}
    counts.add("A")  # the third: one round trip
    assert _counted() == {"A": 2, "B": 1}
    assert counts.pending == {}


def test_a_flush_sends_what_waits(counts):
    counts.add("A")
    assert counts.flush() == 1
    assert _counted() == {"A": 1}
    assert counts.flush() == 0


def test_while_redis_does_not_answer_the_visits_wait_for_the_next_flush(counts):
    counts.client = lambda: UNREACHABLE_REDIS
    for _ in range(4):
        counts.add("A")
    assert counts.pending == {"A": 4}  # two failed sends kept them

    counts.client = redis_client
    assert counts.flush() == 4
    assert _counted() == {"A": 4}


def test_beyond_max_keys_new_keys_are_dropped_not_grown(counts):
    counts.client = lambda: UNREACHABLE_REDIS
    counts.max_keys = 2
    for key in ("A", "B", "C", "A"):
        counts.add(key)
    assert set(counts.pending) == {"A", "B"}
