"""Counting product-page views in Redis without SQL and without keeping anything about the visitor.

A visitor is known only as HMAC-SHA256(daily salt, IP + user agent). The salt is random, lives only
in Redis and expires when the day ends, so after that day nobody (not even us) can link a hash back
to an IP address. Raw IPs and user agents are never written anywhere: not to Redis, the database or
the log.

Keys, all under PREFIX ("scans:"):
  salt:<day>               the day's salt (TTL: until shortly after local midnight)
  seen:<hash>:<product>    a counted view, so reloads inside RELOAD_WINDOW are not counted again
  views:<day>:<product>    views not yet moved to the database (INCR)
  uv:<day>:<product>       HyperLogLog of visitor hashes: unique visitors of the day
  dirty                    set of "<day>:<product>" with views not yet moved
  batch, batch_id          a flush in progress (see flush_scan_counters)
"""

import datetime
import hashlib
import hmac
import logging
import re
import secrets
import time
import uuid
from zoneinfo import ZoneInfo

import redis
from django.conf import settings
from django.db import connection, transaction
from django.http import HttpRequest

from products.models import Product

logger = logging.getLogger(__name__)

PREFIX = "scans:"
SCAN_TIMEZONE = ZoneInfo("Asia/Ho_Chi_Minh")
RELOAD_WINDOW_SECONDS = 30 * 60
# Counters survive a week without a flush; the flush normally runs every 5 minutes.
COUNTER_TTL_SECONDS = 7 * 24 * 3600
SALT_GRACE_SECONDS = 120
SALT_MEMORY_SECONDS = 60

# Link previews (chat apps, social networks), search engines and scripted clients.
_NON_HUMAN_AGENT = re.compile(
    r"bot\b|crawler|spider|preview|facebookexternalhit|facebot|twitterbot|slackbot|telegrambot|whatsapp"
    r"|googlebot|bingbot|discordbot|linkedinbot|skypeuripreview|embedly|curl/|wget/|python-|aiohttp|httpx"
    r"|go-http-client|libwww|headless",
    re.IGNORECASE,
)
# Zalo's preview fetcher says "Zalo" but its in-app browser (how most people here open a scanned
# link) says so too, with these markers; only the former is left out.
_ZALO = re.compile(r"zalo", re.IGNORECASE)
_ZALO_IN_APP_BROWSER = re.compile(r"zalotheme|zalolanguage|zalo\s*(?:android|ios)", re.IGNORECASE)

_COUNT_SCRIPT = """
if not redis.call('SET', KEYS[1], '1', 'NX', 'EX', ARGV[1]) then return 0 end
redis.call('INCR', KEYS[2])
redis.call('EXPIRE', KEYS[2], ARGV[3])
redis.call('PFADD', KEYS[3], ARGV[2])
redis.call('EXPIRE', KEYS[3], ARGV[3])
redis.call('SADD', KEYS[4], ARGV[4])
return 1
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

_client: redis.Redis | None = None
_count_script = None
_salt_memo: tuple[str, float, bytes] | None = None


def redis_client() -> redis.Redis:
    global _client
    if _client is None:
        _client = redis.Redis.from_url(settings.REDIS_URL, socket_timeout=1, socket_connect_timeout=1)
    return _client


def _counter_script(client: redis.Redis):
    """Called by EVALSHA: the script text travels to Redis once, not with every view."""
    global _count_script
    if _count_script is None:
        _count_script = client.register_script(_COUNT_SCRIPT)
    return _count_script


def scan_day(now: datetime.datetime | None = None) -> datetime.date:
    return (now or datetime.datetime.now(tz=SCAN_TIMEZONE)).astimezone(SCAN_TIMEZONE).date()


def is_countable(request: HttpRequest) -> bool:
    """A person opening the page: GET only; no preview bot, crawler, script or browser prefetch."""
    if request.method != "GET":
        return False
    agent = request.META.get("HTTP_USER_AGENT", "")
    if not agent or _NON_HUMAN_AGENT.search(agent):
        return False
    if _ZALO.search(agent) and not _ZALO_IN_APP_BROWSER.search(agent):
        return False
    purpose = " ".join(request.META.get(h, "") for h in ("HTTP_SEC_PURPOSE", "HTTP_PURPOSE", "HTTP_X_MOZ")).lower()
    return "prefetch" not in purpose and "preview" not in purpose


def client_ip(request: HttpRequest) -> str:
    """REMOTE_ADDR, or the address the outermost trusted proxy saw (settings.SCANS_TRUSTED_PROXIES)."""
    proxies = settings.SCANS_TRUSTED_PROXIES
    if proxies:
        forwarded = [p.strip() for p in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if p.strip()]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def _seconds_until_day_ends(now: datetime.datetime) -> int:
    local = now.astimezone(SCAN_TIMEZONE)
    midnight = datetime.datetime.combine(local.date() + datetime.timedelta(days=1), datetime.time(), SCAN_TIMEZONE)
    return int((midnight - local).total_seconds()) + SALT_GRACE_SECONDS


def _daily_salt(client: redis.Redis, day: datetime.date, now: datetime.datetime) -> bytes:
    """The day's salt from Redis (created there by the first view of the day).

    A worker re-reads it at most every SALT_MEMORY_SECONDS, so a count costs one Redis round trip;
    the copy in memory is for the same day only and is never written anywhere.
    """
    global _salt_memo
    key = f"{PREFIX}salt:{day:%Y%m%d}"
    memo = _salt_memo
    if memo and memo[0] == key and time.monotonic() - memo[1] < SALT_MEMORY_SECONDS:
        return memo[2]
    pipe = client.pipeline(transaction=False)
    pipe.set(key, secrets.token_hex(32), nx=True, ex=_seconds_until_day_ends(now))
    pipe.get(key)
    salt = pipe.execute()[1]
    _salt_memo = (key, time.monotonic(), salt)
    return salt


def visitor_hash(salt: bytes, ip: str, user_agent: str) -> str:
    return hmac.new(salt, f"{ip}\n{user_agent}".encode(), hashlib.sha256).hexdigest()[:32]


def record_scan(request: HttpRequest, product_id: int) -> None:
    """Count one view of a product page: one Redis round trip (two once a minute), no SQL, never an error."""
    if not is_countable(request):
        return
    now = datetime.datetime.now(tz=SCAN_TIMEZONE)
    day = scan_day(now)
    try:
        client = redis_client()
        visitor = visitor_hash(
            _daily_salt(client, day, now), client_ip(request), request.META.get("HTTP_USER_AGENT", "")
        )
        member = f"{day:%Y%m%d}:{product_id}"
        _counter_script(client)(
            keys=[
                f"{PREFIX}seen:{visitor}:{product_id}",
                f"{PREFIX}views:{member}",
                f"{PREFIX}uv:{member}",
                f"{PREFIX}dirty",
            ],
            args=[RELOAD_WINDOW_SECONDS, visitor, COUNTER_TTL_SECONDS, member],
            client=client,
        )
    except redis.RedisError:
        logger.warning("A view of product %s was not counted: Redis unavailable.", product_id)


def flush_scan_counters() -> int:
    """Move pending Redis counters into ScanDay; returns the number of rows written.

    Exactly once, even if it fails half-way or two run at once: the counters are first moved into
    a batch with an id (atomically, in Redis); the batch is added to the table in one transaction
    that skips rows already carrying that batch id; only then is the batch deleted from Redis.
    """
    client = redis_client()
    batch_key, batch_id_key = f"{PREFIX}batch", f"{PREFIX}batch_id"
    batch_id = client.eval(_BATCH_SCRIPT, 3, f"{PREFIX}dirty", batch_key, batch_id_key, str(uuid.uuid4()), PREFIX)
    if not batch_id:
        return 0
    rows = _parse_batch(client.hgetall(batch_key))
    existing = set(Product.objects.filter(pk__in={r[0] for r in rows}).values_list("pk", flat=True))
    rows = [r for r in rows if r[0] in existing and r[2] > 0]  # a deleted product's scans go with it
    if rows:
        product_ids, days, views, uniques = (list(column) for column in zip(*rows, strict=True))
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(_UPSERT_SQL, [batch_id.decode(), product_ids, days, views, uniques])
    _forget_batch(client)
    return len(rows)


def _forget_batch(client: redis.Redis) -> None:
    client.delete(f"{PREFIX}batch", f"{PREFIX}batch_id")


def _parse_batch(entries: dict[bytes, bytes]) -> list[tuple[int, datetime.date, int, int]]:
    rows = []
    for member, counts in entries.items():
        day, product_id = member.decode().split(":")
        views, unique = counts.decode().split(":")
        rows.append((int(product_id), datetime.datetime.strptime(day, "%Y%m%d").date(), int(views), int(unique)))
    return rows
