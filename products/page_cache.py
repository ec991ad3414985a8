"""The rendered public product pages: core.page_cache's memory (L1) in front of Redis (L2).

Keys are (code, language). An edit of a product, its producer or their parts drops the product's pages
in every language (products.signals, products.services.invalidate_producer_pages); the generation
counter reaches every other process within GENERATION_CHECK_SECONDS. If Redis cannot be told (an
outage without a restart: a network cut), the edit itself stands and the outbox queues
products.tasks.forget_product_pages, sent when the broker is back. See core/page_cache.py for the
coherence rules (generation, run_id, expiry, outages).
"""

import logging
import time
from collections.abc import Callable

import redis
from django.conf import settings

from core.page_cache import GENERATION_CHECK_SECONDS as GENERATION_CHECK_SECONDS  # what tests advance by
from core.page_cache import LayeredCache
from core.redis import redis_client
from core.tasks import enqueue_on_commit

from .page_render import PageEntry

logger = logging.getLogger(__name__)

NAMESPACE = "products:page"
VERSION = 3  # v3: keys carry the server's run_id; the Redis value is (expires_at, entry)
LANGUAGES = tuple(code for code, _name in settings.LANGUAGES)  # one cached page per language


def key(code: str, language: str, run_id: str) -> str:
    return pages.key((code, language), run_id)


def generation_key() -> str:
    return pages.generation_key()


class PageCache(LayeredCache):
    """One process's product pages. The process uses `pages` below; tests build their own with a client
    or a clock and install it with `use(...)`."""

    def __init__(self, client: Callable[[], redis.Redis] = redis_client, clock=time, **options):
        super().__init__(NAMESPACE, VERSION, client, clock, **options)

    def get_or_render(
        self, code: str, language: str, render: Callable[[], PageEntry], lifetime: Callable[[PageEntry], int]
    ) -> PageEntry:
        """The page from L1, else Redis, else render() (stored in both for lifetime(entry) seconds)."""
        return self.get_or_load((code, language), render, lifetime)

    def forget(self, codes: list[str]) -> None:
        """Drop these pages in Redis and move the generation on, so every process drops its L1."""
        if not codes:
            return
        try:
            self.drop([(code, language) for code in codes for language in LANGUAGES])
        except redis.RedisError:
            # The edit itself stands; the outbox drops the pages once the broker (this Redis) is back.
            logger.error("Product page cache unavailable: pages of %s invalidated later.", ", ".join(codes))
            from .tasks import forget_product_pages

            enqueue_on_commit(forget_product_pages, codes)


pages = PageCache()


def use(page_cache: PageCache) -> PageCache:
    """Make `page_cache` this process's cache (tests: an injected client or clock); returns the previous one."""
    global pages
    previous, pages = pages, page_cache
    return previous


def clear_local() -> None:
    pages.clear_local()


def get_or_render(
    code: str, language: str, render: Callable[[], PageEntry], lifetime: Callable[[PageEntry], int]
) -> PageEntry:
    return pages.get_or_render(code, language, render, lifetime)


def forget(codes: list[str]) -> None:
    pages.forget(codes)
