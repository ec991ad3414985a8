"""`make run`'s supervisor (scripts/services.py) restarts an embedded Redis that died."""

import os
import signal

import pytest
import redis

from scripts import services


@pytest.fixture
def embedded_redis(tmp_path, monkeypatch):
    monkeypatch.setattr(services, "VAR", tmp_path)
    url = services.embedded_redis_url("redis-supervised")
    yield url
    server = services.embedded_redis_url.server
    del services.embedded_redis_url.server
    server.shutdown()


def test_a_killed_embedded_redis_is_restarted_on_the_same_socket_with_its_data(embedded_redis):
    client = redis.Redis.from_url(embedded_redis)
    client.set("kept", "1")
    client.save()
    os.kill(services.embedded_redis_url.server.pid, signal.SIGKILL)
    with pytest.raises(redis.ConnectionError):
        redis.Redis.from_url(embedded_redis).ping()
    assert not services.embedded_redis_is_running()

    assert services.supervise_embedded_redis()
    assert redis.Redis.from_url(embedded_redis).get("kept") == b"1"
    assert services.embedded_redis_is_running()


def test_a_running_embedded_redis_is_left_alone(embedded_redis):
    pid = services.embedded_redis_url.server.pid
    assert services.supervise_embedded_redis()
    assert services.embedded_redis_url.server.pid == pid


def test_when_redis_cannot_be_restarted_the_supervisor_says_stop(embedded_redis, monkeypatch, capsys):
    server = services.embedded_redis_url.server
    os.kill(server.pid, signal.SIGKILL)

    def fails():
        raise RuntimeError("no redis-server binary")

    monkeypatch.setattr(server, "_start_redis", fails)
    assert not services.supervise_embedded_redis()
    assert "embedded Redis did not restart" in capsys.readouterr().err
