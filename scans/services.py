"""Counting product-page views in Redis without SQL and without keeping anything about the visitor.

A visitor is known only as HMAC-SHA256(daily salt, IP + user agent). The salt is random, lives only
in Redis and expires when the day ends, so after that day nobody (not even us) can link a hash back
to an IP address. Raw IPs and user agents are never written anywhere: not to Redis, the database or
the log.

Views are counted in two steps. record_scan (per request, no I/O except the day's salt once a
minute) appends (visitor hash, product id, day) to a buffer in the process's memory; the buffer goes
to Redis in one EVALSHA when it holds settings.SCANS_BUFFER_SIZE views, when
settings.SCANS_BUFFER_SECONDS have passed since its first view (a daemon timer, so nothing waits in
memory once traffic stops) and at process exit. The Lua script applies the reload window per view,
so dedupe holds across processes and inside one buffer. A process that crashes (SIGKILL, OOM) loses
at most about a second of view counts: acceptable for analytics, which is not money. The buffer holds
hashes only, never an IP address or user agent.

Keys, all under PREFIX ("scans:"):
  salt:<day>               the day's salt (TTL: until shortly after local midnight)
  seen:<hash>:<product>    a counted view, so reloads inside RELOAD_WINDOW are not counted again
  views:<day>:<product>    views not yet moved to the database (INCR)
  uv:<day>:<product>       HyperLogLog of visitor hashes: unique visitors of the day
  dirty                    set of "<day>:<product>" with views not yet moved
  batch, batch_id          a flush in progress (see flush_scan_counters)
"""

import atexit
import datetime
import hashlib
import hmac
import logging
import re
import secrets
import threading
import time
import uuid
from collections.abc import Callable
from zoneinfo import ZoneInfo

import redis
from django.conf import settings
from django.db import connection, transaction
from django.http import HttpRequest

from core.client_address import client_address
from core.redis import redis_client as shared_redis_client
from products.models import Product

from . import rollups

logger = logging.getLogger(__name__)

PREFIX = "scans:"
SCAN_TIMEZONE = ZoneInfo("Asia/Ho_Chi_Minh")
RELOAD_WINDOW_SECONDS = 30 * 60
# Counters survive a week without a flush; the flush normally runs every 5 minutes.
COUNTER_TTL_SECONDS = 7 * 24 * 3600
SALT_GRACE_SECONDS = 120
SALT_MEMORY_SECONDS = 60

# Link previews (chat apps, social networks), search engines and scripted clients. Matched against
# the lower-cased agent: re.IGNORECASE makes this alternation ten times slower (16 µs a request).
_NON_HUMAN_AGENT = re.compile(
    r"bot\b|crawler|spider|preview|facebookexternalhit|facebot|twitterbot|slackbot|telegrambot|whatsapp"
    r"|googlebot|bingbot|discordbot|linkedinbot|skypeuripreview|embedly|curl/|wget/|python-|aiohttp|httpx"
    r"|go-http-client|libwww|headless"
)
# Zalo's preview fetcher says "Zalo" but its in-app browser (how most people here open a scanned
# link) says so too, with these markers; only the former is left out.
_ZALO_IN_APP_BROWSER = re.compile(r"zalotheme|zalolanguage|zalo\s*(?:android|ios)")

# Counts a buffer of views: ARGV = prefix, reload window, counter TTL, then (visitor, product, day)
# triples. A view counts only if its "seen" key was not there yet, so a reload inside the window
# (in this buffer, an earlier one or another process's) is not counted again.
_COUNT_BUFFER_SCRIPT = """
local prefix, window, ttl = ARGV[1], ARGV[2], ARGV[3]
local counted = 0
for i = 4, #ARGV, 3 do
  local visitor, product, day = ARGV[i], ARGV[i + 1], ARGV[i + 2]
  if redis.call('SET', prefix .. 'seen:' .. visitor .. ':' .. product, '1', 'NX', 'EX', window) then
    local member = day .. ':' .. product
    local views_key, uv_key = prefix .. 'views:' .. member, prefix .. 'uv:' .. member
    redis.call('INCR', views_key)
    redis.call('EXPIRE', views_key, ttl)
    redis.call('PFADD', uv_key, visitor)
    redis.call('EXPIRE', uv_key, ttl)
    redis.call('SADD', prefix .. 'dirty', member)
    counted = counted + 1
  end
end
return counted
"""

# Moves every pending counter into one batch hash, atomically: a view counted meanwhile lands in a
# fresh counter for the next flush. A batch left by a failed flush is returned again, not rebuilt.
_BATCH_SCRIPT = """
local pending = redis.call('GET', KEYS[3])
if pending then return pending end
local members = redis.call('SMEMBERS', KEYS[1])
if #members == 0 then return false end
for _, member in ipairs(members) do
  local views_key = ARGV[2] .. 'views:' .. member
  local views = tonumber(redis.call('GET', views_key) or '0')
  redis.call('DEL', views_key)
  local unique = redis.call('PFCOUNT', ARGV[2] .. 'uv:' .. member)
  redis.call('HSET', KEYS[2], member, views .. ':' .. unique)
end
redis.call('DEL', KEYS[1])
redis.call('SET', KEYS[3], ARGV[1])
return ARGV[1]
"""

# unique_visitors is the day's HyperLogLog count (absolute, not a delta), capped by the day's views.
_UPSERT_SQL = """
INSERT INTO scans_scanday (product_id, day, views, unique_visitors, flush_batch)
SELECT t.product_id, t.day, t.views, t.unique_visitors, %s::uuid
FROM unnest(%s::bigint[], %s::date[], %s::integer[], %s::integer[])
     AS t(product_id, day, views, unique_visitors)
ON CONFLICT (product_id, day) DO UPDATE SET
    views = scans_scanday.views + EXCLUDED.views,
    unique_visitors = LEAST(
        GREATEST(scans_scanday.unique_visitors, EXCLUDED.unique_visitors), scans_scanday.views + EXCLUDED.views
    ),
    flush_batch = EXCLUDED.flush_batch
WHERE scans_scanday.flush_batch IS DISTINCT FROM EXCLUDED.flush_batch
"""


def _now() -> datetime.datetime:
    return datetime.datetime.now(tz=SCAN_TIMEZONE)


def scan_day(now: datetime.datetime | None = None) -> datetime.date:
    return (now or datetime.datetime.now(tz=SCAN_TIMEZONE)).astimezone(SCAN_TIMEZONE).date()


def is_countable(request: HttpRequest) -> bool:
    """A person opening the page: GET only; no preview bot, crawler, script or browser prefetch."""
    if request.method != "GET":
        return False
    agent = request.META.get("HTTP_USER_AGENT", "").lower()
    if not agent or _NON_HUMAN_AGENT.search(agent):
        return False
    if "zalo" in agent and not _ZALO_IN_APP_BROWSER.search(agent):
        return False
    purpose = " ".join(request.META.get(h, "") for h in ("HTTP_SEC_PURPOSE", "HTTP_PURPOSE", "HTTP_X_MOZ")).lower()
    return "prefetch" not in purpose and "preview" not in purpose


def _seconds_until_day_ends(now: datetime.datetime) -> int:
    local = now.astimezone(SCAN_TIMEZONE)
    midnight = datetime.datetime.combine(local.date() + datetime.timedelta(days=1), datetime.time(), SCAN_TIMEZONE)
    return int((midnight - local).total_seconds()) + SALT_GRACE_SECONDS


def visitor_hash(salt: bytes, ip: str, user_agent: str) -> str:
    return hmac.new(salt, f"{ip}\n{user_agent}".encode(), hashlib.sha256).hexdigest()[:32]


class ScanCounter:
    """One process's view counting: its buffer of views, its copy of the day's salt, its Redis client.

    The process uses `counter` below; tests build their own with a client (an unreachable or failing
    Redis) or a clock (a function returning an aware datetime) and install it with `use(...)`.
    """

    def __init__(
        self, client: Callable[[], redis.Redis] = shared_redis_client, clock: Callable[[], datetime.datetime] = _now
    ):
        self.client, self.clock = client, clock
        # Views not yet in Redis: (visitor hash, product id, day as YYYYMMDD). Only hashes, never an IP.
        self.buffer: list[tuple[str, int, str]] = []
        self.buffer_timer: threading.Timer | None = None
        self._buffer_lock = threading.Lock()
        self._salt_memo: tuple[datetime.date, float, bytes] | None = None
        self._count_script = None

    def daily_salt(self, day: datetime.date, now: datetime.datetime) -> bytes:
        """The day's salt from Redis (created there by the first view of the day).

        A worker re-reads it at most every SALT_MEMORY_SECONDS, so a view mostly costs no round trip;
        the copy in memory is for the same day only and is never written anywhere.
        """
        memo = self._salt_memo
        if memo and memo[0] == day and time.monotonic() - memo[1] < SALT_MEMORY_SECONDS:
            return memo[2]
        key = f"{PREFIX}salt:{day:%Y%m%d}"
        pipe = self.client().pipeline(transaction=False)
        pipe.set(key, secrets.token_hex(32), nx=True, ex=_seconds_until_day_ends(now))
        pipe.get(key)
        salt = pipe.execute()[1]
        self._salt_memo = (day, time.monotonic(), salt)
        return salt

    def record(self, request: HttpRequest, product_id: int) -> None:
        """Count one view: buffered in memory, no SQL, no Redis (but once a minute), never an error."""
        if not is_countable(request):
            return
        now = self.clock()
        day = scan_day(now)
        try:
            salt = self.daily_salt(day, now)
        except redis.RedisError:
            logger.warning("A view of product %s was not counted: Redis unavailable.", product_id)
            return
        visitor = visitor_hash(salt, client_address(request), request.META.get("HTTP_USER_AGENT", ""))
        self.buffer_view((visitor, product_id, f"{day:%Y%m%d}"))

    def buffer_view(self, view: tuple[str, int, str]) -> None:
        with self._buffer_lock:
            self.buffer.append(view)
            full = len(self.buffer) >= settings.SCANS_BUFFER_SIZE
            if not full and self.buffer_timer is None:
                self.buffer_timer = threading.Timer(settings.SCANS_BUFFER_SECONDS, self.flush_buffered)
                self.buffer_timer.daemon = True
                self.buffer_timer.start()
        if full:
            self.flush_buffered()

    def flush_buffered(self) -> int:
        """Send the buffered views to Redis in one round trip; returns how many counted.

        Never raises: with Redis down the buffered views are lost (logged with their number only).
        """
        with self._buffer_lock:
            views, self.buffer = self.buffer, []
            timer, self.buffer_timer = self.buffer_timer, None
        if timer is not None and timer is not threading.current_thread():
            timer.cancel()
        if not views:
            return 0
        args: list[str | int] = [PREFIX, RELOAD_WINDOW_SECONDS, COUNTER_TTL_SECONDS]
        for visitor, product_id, day in views:
            args += (visitor, product_id, day)
        try:
            client = self.client()
            if self._count_script is None:  # called by EVALSHA: the script text travels to Redis once
                self._count_script = client.register_script(_COUNT_BUFFER_SCRIPT)
            return int(self._count_script(keys=[], args=args, client=client))
        except redis.RedisError:
            logger.warning("%d product page views were not counted: Redis unavailable.", len(views))
            return 0

    def flush_counters(self) -> int:
        """Move pending Redis counters into ScanDay; returns the number of rows written.

        Exactly once, even if it fails half-way or two run at once: the counters are first moved into
        a batch with an id (atomically, in Redis); the batch is added to the table in one transaction
        that skips rows already carrying that batch id; only then is the batch deleted from Redis.
        """
        client = self.client()
        batch_key, batch_id_key = f"{PREFIX}batch", f"{PREFIX}batch_id"
        batch_id = client.eval(_BATCH_SCRIPT, 3, f"{PREFIX}dirty", batch_key, batch_id_key, str(uuid.uuid4()), PREFIX)
        if not batch_id:
            return 0
        rows = _parse_batch(client.hgetall(batch_key))
        existing = set(Product.objects.filter(pk__in={r[0] for r in rows}).values_list("pk", flat=True))
        rows = [r for r in rows if r[0] in existing and r[2] > 0]  # a deleted product's scans go with it
        if rows:
            product_ids, days, views, uniques = (list(column) for column in zip(*rows, strict=True))
            with transaction.atomic():
                with connection.cursor() as cursor:
                    cursor.execute(_UPSERT_SQL, [batch_id.decode(), product_ids, days, views, uniques])
                # The dashboard's per-commune rollups, recounted in the same transaction.
                rollups.refresh_product_days(zip(product_ids, days, strict=True))
        client.delete(batch_key, batch_id_key)
        return len(rows)


counter = ScanCounter()


def use(scan_counter: ScanCounter) -> ScanCounter:
    """Make `scan_counter` this process's counter (tests: an injected client or clock); returns the previous one."""
    global counter
    previous, counter = counter, scan_counter
    return previous


def redis_client() -> redis.Redis:
    return counter.client()


def record_scan(request: HttpRequest, product_id: int) -> None:
    counter.record(request, product_id)


def count_product_page_view(sender, request: HttpRequest, product_id: int, **kwargs) -> None:
    """Receiver of products.signals.product_page_viewed."""
    record_scan(request, product_id)


def flush_buffered_scans() -> int:
    return counter.flush_buffered()


atexit.register(flush_buffered_scans)  # views still buffered when the process exits are sent on its way out


def flush_scan_counters() -> int:
    return counter.flush_counters()


def _parse_batch(entries: dict[bytes, bytes]) -> list[tuple[int, datetime.date, int, int]]:
    rows = []
    for member, counts in entries.items():
        day, product_id = member.decode().split(":")
        views, unique = counts.decode().split(":")
        rows.append((int(product_id), datetime.datetime.strptime(day, "%Y%m%d").date(), int(views), int(unique)))
    return rows
