"""Fixtures of the products tests: this process's page cache on a clock the test moves."""

import time

import pytest

from products import page_cache


class FakeClock:
    """What PageCache reads instead of the time module: wall time plus an offset the test moves on, and a
    monotonic clock that stands still but for that offset (a loaded machine must not pass the 0.5 s
    generation check between two requests of a test)."""

    def __init__(self):
        self.offset = 0.0
        self._monotonic_start = time.monotonic()

    def time(self) -> float:
        return time.time() + self.offset

    def monotonic(self) -> float:
        return self._monotonic_start + self.offset

    def advance(self, seconds: float) -> None:
        self.offset += seconds


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def pages(clock):
    """This process's page cache, on the test's clock (installed for the test, then the previous one back)."""
    injected = page_cache.PageCache(clock=clock)
    previous = page_cache.use(injected)
    yield injected
    page_cache.use(previous)
