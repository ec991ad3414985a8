"""Public certificate verification without SQL and without a Redis round trip on a repeat visit.

A QR on a certificate is scanned by whoever checks it, often many times. A certificate's printed
fields are kept like the product pages (core.page_cache): in each process's memory in front of Redis,
for FIELDS_SECONDS, under its code. Each visit is counted in the process's memory and the sums go to
a Redis hash in one round trip at least every COUNT_SECONDS (core.counters); Celery beat moves that
hash into Certificate.verification_count every 5 minutes (training.schedules), so the counts are exact
once flushed (a process killed outright loses its last second of counts). Unknown codes are neither
cached nor counted (a flood of made-up codes fills no memory and no Redis hash).

A revocation drops the cached fields before and after its commit, which moves the cache's generation
on: the revoking process forgets at once, every other process at its next generation check (at most
GENERATION_CHECK_SECONDS later), and revoke_certificate answers only after that time, so from its
answer on no process shows the certificate as valid. If Redis cannot be told, the revocation is
refused rather than a revoked certificate shown as valid.

While Redis does not answer, each verification is the old single UPDATE … RETURNING: counted at once.
"""

import logging
import time

from django.conf import settings
from django.db import connection, transaction

from core.counters import BufferedCounts
from core.page_cache import LayeredCache
from core.redis import redis_client

logger = logging.getLogger(__name__)

FIELDS_SECONDS = 600  # revocation drops the entry; the lifetime only bounds memory
COUNT_SECONDS = 1.0  # the longest a visit waits in a process's memory before it reaches Redis
COUNT_BATCH = 100  # ... or this many visits

# KEYS = counts hash; takes the whole hash away atomically, so a count lands in exactly one flush.
_TAKE_COUNTS = """
local counts = redis.call('HGETALL', KEYS[1])
redis.call('DEL', KEYS[1])
return counts
"""

_COLUMNS = ("id", "code", "learner_name", "course_title", "issuer", "issued_on", "revoked_on", "revocation_reason")
_RETURNED = "id, code, learner_name, course_title, issuer, issued_on, revoked_on, revocation_reason"
_SELECT_SQL = "SELECT " + _RETURNED + " FROM training_certificate WHERE code = %s"  # noqa: S608 (constants)
_COUNT_SQL = "UPDATE training_certificate SET verification_count = verification_count + 1 WHERE code = %s"
_COUNT_AND_SELECT_SQL = _COUNT_SQL + " RETURNING " + _RETURNED
_ADD_COUNTS_SQL = (
    "UPDATE training_certificate AS c SET verification_count = c.verification_count + v.n "
    "FROM unnest(%s::text[], %s::bigint[]) AS v(code, n) WHERE c.code = v.code"
)


def _prefix() -> str:
    return settings.CACHES["default"].get("KEY_PREFIX", "")


def counts_key() -> str:
    return f"{_prefix()}:training:verify:counts"


def _fields(row: tuple) -> dict:
    """Exactly what the PDF prints, the status, and the id (for the staff's revoke form; not published)."""
    data = dict(zip(_COLUMNS, row, strict=True))
    return {
        "id": data["id"],
        "code": data["code"],
        "learner_name": data["learner_name"],
        "course": data["course_title"],
        "issuer": data["issuer"],
        "issued_on": data["issued_on"].strftime("%d/%m/%Y"),
        "status": "revoked" if data["revoked_on"] else "valid",
        "revoked_on": data["revoked_on"].strftime("%d/%m/%Y") if data["revoked_on"] else None,
        "revocation_reason": data["revocation_reason"] or None,
    }


def _from_database(code: str, sql: str) -> dict | None:
    with connection.cursor() as cursor:
        cursor.execute(sql, [code])
        row = cursor.fetchone()
    return _fields(row) if row else None


NAMESPACE, VERSION = "training:verify", 2  # v2: (expires_at, fields) under the server's run_id
certificates = LayeredCache(NAMESPACE, VERSION)
visits = BufferedCounts(counts_key, size=COUNT_BATCH, seconds=COUNT_SECONDS)


def use(cache: LayeredCache) -> LayeredCache:
    """Make `cache` this process's certificate cache (tests: another client or clock); returns the previous one."""
    global certificates
    previous, certificates = certificates, cache
    return previous


def _lifetime(fields: dict | None) -> int:
    return FIELDS_SECONDS if fields is not None else 0


def verify_and_count(code: str) -> dict | None:
    """The certificate's fields with this code, its verification counted; None for an unknown code."""
    code = code.upper()
    if not certificates.available():
        logger.warning("Verification cache unavailable: %s counted in the database.", code)
        return _from_database(code, _COUNT_AND_SELECT_SQL)
    fields = certificates.get_or_load((code,), lambda: _from_database(code, _SELECT_SQL), _lifetime)
    if fields is not None:
        visits.add(code)
    return fields


def forget(code: str) -> None:
    """Drop the cached fields (a revocation): raises if Redis cannot be told, so the change is refused
    rather than a revoked certificate shown as valid."""
    certificates.drop([(code,)])


def wait_until_every_process_forgot() -> None:
    """Every other process re-reads the generation at its first request after check_seconds: from the
    end of this wait on, none serves fields it kept from before the last forget()."""
    time.sleep(certificates.check_seconds)


def flush_counts() -> int:
    """Add the counts gathered in Redis to Certificate.verification_count; returns the visits added.
    If the database refuses, the counts go back to Redis for the next flush."""
    visits.flush()  # this process's waiting visits first (the worker's own are none; a test's are)
    client = redis_client()
    flat = client.eval(_TAKE_COUNTS, 1, counts_key())
    counts = {flat[i].decode(): int(flat[i + 1]) for i in range(0, len(flat), 2)}
    if not counts:
        return 0
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(_ADD_COUNTS_SQL, [list(counts), list(counts.values())])
    except Exception:
        pipe = client.pipeline(transaction=False)
        for code, n in counts.items():
            pipe.hincrby(counts_key(), code, n)
        pipe.execute()
        raise
    return sum(counts.values())
