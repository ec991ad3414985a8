"""A real redis-server of a test's own, on a free port, that the test can stop and start again."""

import socket
import subprocess
import time
from pathlib import Path

import redis


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class RedisServer:
    """`redis-server` without snapshots unless stopped with save=True (a restart then keeps the data)."""

    def __init__(self, data_dir: Path):
        self.port = free_port()
        self.data_dir = data_dir
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        command = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        command += ["--dir", str(self.data_dir), "--daemonize", "no"]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        client = redis.Redis.from_url(self.url)
        for _attempt in range(100):
            try:
                if client.ping():
                    return
            except redis.ConnectionError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self, *, save: bool = False) -> None:
        """Kill it (SIGKILL: an outage), or with save=True shut it down writing its data to disk."""
        if self.process is None:
            return
        if save:
            redis.Redis.from_url(self.url).shutdown(save=True)
        else:
            self.process.kill()
        self.process.wait(timeout=10)
        self.process = None
