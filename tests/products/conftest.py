"""Fixtures of the products tests: this process's page cache on a clock the test moves."""

import time

import pytest

from products import page_cache


class FakeClock:
    """Real time plus an offset the test moves on: what PageCache reads instead of the time module."""

    def __init__(self):
        self.offset = 0.0

    def time(self) -> float:
        return time.time() + self.offset

    def monotonic(self) -> float:
        return time.monotonic() + self.offset

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
