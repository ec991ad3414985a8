"""core.page_cache.LayeredCache beyond what the product page tests show: a value loaded while a change
lands is kept nowhere, a value of lifetime 0 is not kept, and availability follows Redis."""

import pytest
import redis

from core.page_cache import LayeredCache

pytestmark = pytest.mark.usefixtures("clean_cache")

UNREACHABLE_REDIS = redis.Redis(host="127.0.0.1", port=1, socket_connect_timeout=0.2, retry=None)


@pytest.fixture
def cache():
    return LayeredCache("tests:layered", 1)


def _stored_keys(cache) -> list[bytes]:
    return list(cache.client().scan_iter("*:tests:layered:v1:*"))


def test_a_value_loaded_while_a_change_is_dropped_is_put_back_in_neither_layer(cache):
    other_process = LayeredCache("tests:layered", 1)

    def load_while_another_process_changes_it():
        value = "read before the change committed"
        other_process.drop([("k",)])  # the change's drop lands between our read and our write
        return value

    assert cache.get_or_load(("k",), load_while_another_process_changes_it, lambda value: 600)
    assert _stored_keys(cache) == []  # not written over the drop: the generation had moved on
    assert cache.get_or_load(("k",), lambda: "after", lambda value: 600) == "after"  # L1 is not trusted either


def test_a_value_loaded_and_kept_is_shared_with_another_process(cache):
    assert cache.get_or_load(("k",), lambda: "v", lambda value: 600) == "v"
    assert len(_stored_keys(cache)) == 1
    assert LayeredCache("tests:layered", 1).get_or_load(("k",), lambda: "other", lambda value: 600) == "v"


def test_a_lifetime_of_zero_keeps_nothing(cache):
    cache.get_or_load(("unknown",), lambda: None, lambda value: 0)
    assert cache.local == {} and _stored_keys(cache) == []


def test_available_only_while_redis_answers(cache):
    assert cache.available()
    cache.client = lambda: UNREACHABLE_REDIS
    cache.clear_local()  # the next call checks again
    assert not cache.available()


def test_a_drop_redis_is_not_told_of_raises_and_still_empties_this_process(cache):
    cache.get_or_load(("k",), lambda: "v", lambda value: 600)
    cache.client = lambda: UNREACHABLE_REDIS
    with pytest.raises(redis.RedisError):
        cache.drop([("k",)])
    assert cache.local == {}
